// The network takes 2 features per sample; the input has 3.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let _y = net.forward(&SMatrix::<f32, 3, 1>::zeros());
}
