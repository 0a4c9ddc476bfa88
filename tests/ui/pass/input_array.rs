// A plain array given as the input batch.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _y = net.forward(&batch([[0.5f32, 1.0]]));
}
