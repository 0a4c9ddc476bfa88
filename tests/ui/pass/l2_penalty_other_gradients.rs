// An L2 penalty on one network written into the gradients of another.
use constnet::optim::l2_penalty;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    let _penalty = l2_penalty(&net, &mut grads, 1e-4);
}
