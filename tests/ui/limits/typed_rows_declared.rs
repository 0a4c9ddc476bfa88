// Typed weight constants of the wrong shape, without a turbofish: with typed arrays rustc infers the
// layer's sizes from them and reports a type mismatch with the declaration (E0308, "expected
// `Dense<3, 2>`, found `Dense<2, 3>`"). With float literals, or with `Dense::<3, 2>::from_rows`,
// the arrays are checked against the declared layer.
use constnet::prelude::*;

const W: [[f32; 2]; 3] = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
const B: [f32; 3] = [0.0; 3];

fn main() {
    let layer: Dense<3, 2> = Dense::from_rows(W, B);
    let _ = layer;
}
