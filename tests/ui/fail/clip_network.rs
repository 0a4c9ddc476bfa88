// Clipping called on the network instead of its gradients.
use constnet::optim::clip_grad_norm;
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _norm: f32 = clip_grad_norm(&mut net, 1.0);
}
