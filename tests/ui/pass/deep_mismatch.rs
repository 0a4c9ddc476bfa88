use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

type Net = (
    Dense<4, 16>,
    ReLU,
    Dense<16, 16>,
    ReLU,
    Dense<16, 16>,
    ReLU,
    Dense<16, 8>,
    ReLU,
    Dense<8, 2>,
    Sigmoid,
);

fn main() {
    let net = Net::default();
    let y = net.forward(&SMatrix::<f32, 4, 8>::zeros());
    assert_eq!(y.shape(), (2, 8));
}
