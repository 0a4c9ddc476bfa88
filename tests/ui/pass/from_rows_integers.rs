// Weights written as integer literals.
use constnet::prelude::*;

fn main() {
    let layer = Dense::<2, 1>::from_rows([[1.0, -1.0]], [0.0]);
    let _y = layer.forward(&SMatrix::<f32, 2, 1>::zeros());
}
