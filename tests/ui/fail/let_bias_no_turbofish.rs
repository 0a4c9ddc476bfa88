// A declared layer of 2 outputs built from a bias of 3 values, without a turbofish.
use constnet::prelude::*;

fn main() {
    let layer: Dense<3, 2> = Dense::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [0.0, 0.0, 0.0]);
    let _ = layer;
}
