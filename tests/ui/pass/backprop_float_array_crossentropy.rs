// A one-hot float row given to CrossEntropy in backprop (PyTorch habit).
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 4, 1>::zeros();
    let _loss = net.backprop(&CrossEntropy, &x, &[1usize], &mut grads);
}
