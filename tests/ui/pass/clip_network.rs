// Clipping called on the network instead of its gradients.
use constnet::optim::clip_grad_norm;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    let _norm: f32 = clip_grad_norm(&mut grads, 1.0);
}
