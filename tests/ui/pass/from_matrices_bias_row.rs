// `from_matrices` with the bias as a 1 x 2 row matrix (numpy's (1, out) bias) instead of a vector.
use constnet::prelude::*;

fn main() {
    let w = SMatrix::<f32, 2, 3>::zeros();
    let b = SVector::<f32, 2>::zeros();
    let layer = Dense::<3, 2>::from_matrices(w, b);
    let _ = layer;
}
