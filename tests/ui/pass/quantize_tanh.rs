// Post-training quantization of a network with a layer that has no int8 form.
use constnet::prelude::*;
use constnet::quant::{quantize, QuantOptions};

fn main() {
    let net = (Dense::<2, 4>::zeros(), ReLU, Dense::<4, 1>::zeros());
    let _ = quantize(&net, &[[0.0f32, 1.0]], QuantOptions::default());
}
