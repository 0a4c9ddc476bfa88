// The network itself passed where its gradients belong.
use constnet::optim::l1_penalty;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut copy = net;
    let _penalty = l1_penalty(&net, &mut copy, 1e-4);
}
