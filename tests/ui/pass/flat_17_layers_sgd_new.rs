// 17 layers in one tuple literal, given to an optimizer (nothing else).
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;

type Deep = ((Dense<2, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh), (Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 1>));

fn main() {
    let net = Deep::zeroed();
    let _sgd = Sgd::new(&net, SgdConfig::default());
}
