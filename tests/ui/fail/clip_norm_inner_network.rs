// Clipping by norm given the gradients' inner network (`as_network_mut()`), not the gradients.
use constnet::optim::clip_grad_norm;
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    let _norm: f32 = clip_grad_norm(grads.as_network_mut(), 1.0);
}
