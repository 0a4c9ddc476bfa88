// An `f64` layer with 2 inputs declared, built from a row of 3 weights.
use constnet::prelude::*;

fn main() {
    let layer: Dense<3, 1, f64> = Dense::from_rows([[1.0, 2.0, 3.0]], [0.0]);
    let _ = layer;
}
