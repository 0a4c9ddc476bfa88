// Typed `f64` weight constants given to an `f32` layer.
use constnet::prelude::*;

const W: [[f64; 2]; 1] = [[0.5, -0.5]];
const B: [f64; 1] = [0.1];

fn main() {
    let layer = Dense::<2, 1, f32>::from_rows(W, B);
    let _ = layer;
}
