// The optimizer created from the first layer (`net.0`) and then stepped on the whole network.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut sgd = Sgd::new(&net.0, SgdConfig { lr: 0.1, momentum: 0.9, ..Default::default() });
    let mut grads = net.zero_gradients();
    net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    sgd.step(&mut net, &grads);
}
