// A 10-layer network written as a type, with a mismatch in the middle (16 outputs into 12 inputs).
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

type Net = (
    Dense<4, 16>,
    ReLU,
    Dense<16, 16>,
    ReLU,
    Dense<12, 16>,
    ReLU,
    Dense<16, 8>,
    ReLU,
    Dense<8, 2>,
    Sigmoid,
);

fn main() {
    let net = Net::default();
    let _y = net.forward(&SMatrix::<f32, 4, 8>::zeros());
}
