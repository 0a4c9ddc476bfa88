// The class of a single sample given as a bare `usize` rather than `[usize; 1]`.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 4, 1>::zeros();
    let label: usize = 1;
    let _loss = net.backprop(&CrossEntropy, &x, &[label], &mut grads);
}
