// Weight decay on the first layer only, with the whole network's gradients.
use constnet::optim::l2_penalty;
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    let _p: f32 = l2_penalty(&net, &mut grads, 1e-4);
}
