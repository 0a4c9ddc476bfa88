// A dense layer with 3 outputs followed by one that takes 4 inputs.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Sigmoid, Dense::<4, 1>::zeros());
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
