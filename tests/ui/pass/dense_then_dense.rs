use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Sigmoid, Dense::<3, 1>::zeros());
    let y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
    assert_eq!(y.shape(), (1, 1));
}
