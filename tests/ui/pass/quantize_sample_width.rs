// Calibration samples of another width than the network's input.
use constnet::prelude::*;
use constnet::quant::{quantize, QuantOptions};

fn main() {
    let net = (Dense::<2, 4>::zeros(), ReLU, Dense::<4, 1>::zeros());
    let q = quantize(&net, &[[0.0f32, 1.0]], QuantOptions::default()).unwrap();
    let _ = q.forward(&[0i8, 1]);
}
