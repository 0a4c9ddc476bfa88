// A weight matrix of 2 × 3 for a `DenseNoBias<2, 3>` (which is 3 × 2).
use constnet::prelude::*;

fn main() {
    let _layer = DenseNoBias::<2, 3>::from_matrix(SMatrix::<f32, 2, 3>::zeros());
}
