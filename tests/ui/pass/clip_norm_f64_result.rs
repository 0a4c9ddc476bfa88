// The returned gradient norm of an f32 network annotated as f64.
use constnet::optim::clip_grad_norm;
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    let norm: f32 = clip_grad_norm(&mut grads, 1.0);
    let _ = norm;
}
