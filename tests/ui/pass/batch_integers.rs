// XOR inputs written as integer literals.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _y = net.forward(&constnet::batch([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]));
}
