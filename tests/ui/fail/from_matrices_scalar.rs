// `f64` matrices for a declared `f32` layer.
use constnet::prelude::*;

fn main() {
    let w = SMatrix::<f64, 2, 3>::zeros();
    let b = SVector::<f64, 2>::zeros();
    let layer: Dense<3, 2> = Dense::<3, 2>::from_matrices(w, b);
    let _ = layer;
}
