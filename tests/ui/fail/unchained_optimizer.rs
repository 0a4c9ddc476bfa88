// An optimizer for a network whose layers do not chain.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _adam = Adam::new(&net, AdamConfig::default());
}
