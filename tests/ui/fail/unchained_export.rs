// Exporting a network whose layers do not chain to safetensors.
use constnet::io::safetensors::to_safetensors;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _ = to_safetensors(&net);
}
