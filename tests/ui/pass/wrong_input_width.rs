use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
