// An f32 layer feeding an f64 layer.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3, f32>::zeros(), Tanh, Dense::<3, 1, f64>::zeros());
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
