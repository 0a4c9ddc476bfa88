// Loading saved bytes into a network whose layers do not chain.
use constnet::io::load_bytes;
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 5>::zeros(), Sigmoid, Dense::<5, 1>::zeros());
    let buf = [0u8; 128];
    let _ = load_bytes(&mut net, &buf);
}
