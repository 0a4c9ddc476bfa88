// `step(grads, net)` instead of `step(net, grads)`.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut adam = Adam::new(&net, AdamConfig::default());
    let mut grads = net.zero_gradients();
    net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    adam.step(&mut grads, &net);
}
