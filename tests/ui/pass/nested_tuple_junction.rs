// Nested tuples whose inner networks do not meet.
use constnet::prelude::*;

fn main() {
    let encoder = (Dense::<8, 4>::zeros(), ReLU);
    let decoder = (Dense::<4, 8>::zeros(), Sigmoid);
    let net = (encoder, decoder);
    let _y = net.forward(&SMatrix::<f32, 8, 1>::zeros());
}
