// ∂L/∂y given as a plain array, as one would pass a list to `y.backward(gradient=...)` in PyTorch.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 2>::zeros());
    let (_y, tape) = net.forward_train(&SMatrix::<f32, 2, 1>::zeros());
    let mut grads = net.zero_gradients();
    let _dx = net.backward(&tape, &SMatrix::<f32, 2, 1>::new(1.0, -1.0), &mut grads);
}
