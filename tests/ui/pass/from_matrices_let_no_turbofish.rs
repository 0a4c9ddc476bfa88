// `from_matrices` into a declared layer, without a turbofish, bias of the wrong length.
use constnet::prelude::*;

fn main() {
    let layer: Dense<3, 2> = Dense::from_matrices(SMatrix::<f32, 2, 3>::zeros(), SVector::<f32, 2>::zeros());
    let _ = layer;
}
