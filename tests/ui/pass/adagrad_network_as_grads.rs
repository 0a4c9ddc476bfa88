// Gradients copied out with `as_network()` (to edit them) and passed to the optimizer as such.
use constnet::optim::{Adagrad, AdagradConfig};
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut opt = Adagrad::new(&net, AdagradConfig::default());
    let mut grads = net.zero_gradients();
    net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    grads.as_network_mut().0.bias_mut().fill(0.0);
    opt.step(&mut net, &grads);
}
