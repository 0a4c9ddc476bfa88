// A generic helper bound to f32 networks given an f64 network.
use constnet::prelude::*;

fn predict<N: Network<f32, 2, 1>>(net: &N, x: [f32; 2]) -> f32 {
    net.forward(&SMatrix::<f32, 2, 1>::from(x))[0]
}

fn main() {
    let net = (Dense::<2, 4, f64>::zeros(), Tanh, Dense::<4, 1, f64>::zeros());
    let _y = predict(&net, [0.5, -0.5]);
}
