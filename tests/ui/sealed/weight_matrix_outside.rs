// The matrix traits the `const` constructors rely on cannot be implemented outside constnet: were
// they, safe code could pass any value of the right size as a weight matrix.
use constnet::prelude::*;
use constnet::shape::{VectorOf, WeightMatrix};

#[derive(Clone, Copy)]
struct NotAMatrix([f32; 6]);

impl WeightMatrix<f32, 3, 2> for NotAMatrix {}

#[derive(Clone, Copy)]
struct NotAVector([f32; 2]);

impl VectorOf<f32, 2> for NotAVector {}

fn main() {
    let _ = Dense::<3, 2>::from_matrices(NotAMatrix([0.0; 6]), NotAVector([0.0; 2]));
}
