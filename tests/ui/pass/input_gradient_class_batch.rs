// Saliency for a batch of 3 samples with one class label.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let x = SMatrix::<f32, 4, 3>::zeros();
    let _saliency = net.input_gradient(&CrossEntropy, &x, &[2usize, 2, 2]);
}
