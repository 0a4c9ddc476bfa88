// `backward_params` given ∂L/∂y of the hidden width instead of the output width.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let x = SMatrix::<f32, 2, 8>::zeros();
    let (_y, tape) = net.forward_train(&x);
    let dy = SMatrix::<f32, 4, 8>::zeros();
    let mut grads = net.zero_gradients();
    net.backward_params(&tape, &dy, &mut grads);
}
