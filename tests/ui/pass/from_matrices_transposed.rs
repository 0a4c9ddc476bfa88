// nalgebra weights given as inputs × outputs (3 × 2) to a `Dense<3, 2>`.
use constnet::prelude::*;

fn main() {
    let w = SMatrix::<f32, 2, 3>::zeros();
    let b = SVector::<f32, 2>::zeros();
    let _layer = Dense::<3, 2>::from_matrices(w, b);
}
