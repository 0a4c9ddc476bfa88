use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3, f64>::zeros(), Tanh, Dense::<3, 1, f64>::zeros());
    let _y = net.forward(&SMatrix::<f64, 2, 1>::zeros());
}
