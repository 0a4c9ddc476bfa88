// Exporting to safetensors a network whose layers do not chain.
use constnet::io::safetensors::to_safetensors;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
    let _bytes = to_safetensors(&net);
}
