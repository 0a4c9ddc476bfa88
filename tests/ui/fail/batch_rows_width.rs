// PyTorch-style rows given to `batch`, with one feature too many per row.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _y = net.forward(&constnet::batch([[0.0, 1.0, 0.5], [1.0, 1.0, 0.5]]));
}
