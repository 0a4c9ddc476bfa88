use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let logits = net.forward(&SMatrix::<f32, 4, 2>::zeros());
    let _loss = CrossEntropy.value(&logits, &[0usize, 2]);
}
