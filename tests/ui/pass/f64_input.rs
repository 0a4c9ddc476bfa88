// An `f64` input batch for an `f32` network.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<3, 4>::zeros(), ReLU, Dense::<4, 1>::zeros());
    let _y = net.forward(&SMatrix::<f32, 3, 1>::zeros());
}
