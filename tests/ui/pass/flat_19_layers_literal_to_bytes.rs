// 19 layers as one tuple literal (every layer spelled out), saved with `to_bytes`.
use constnet::io::to_bytes;
use constnet::prelude::*;

fn main() {
    let net: ((Dense<2, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh), (Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 1>)) = (
        (Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh,
        Dense::zeros(), Tanh), (Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh,
        Dense::zeros()),
    );
    let mut buf = [0u8; 4096];
    let _ = to_bytes(&net, &mut buf);
}
