// Saving a network whose layers do not chain.
use constnet::io::to_bytes;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut buf = [0u8; 256];
    let _ = to_bytes(&net, &mut buf);
}
