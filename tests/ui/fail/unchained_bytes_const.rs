// Sizing a buffer with `<Net as Bytes<f32>>::BYTES` for an alias whose layers do not chain.
use constnet::io::{to_bytes, Bytes};
use constnet::prelude::*;

type Net = (Dense<2, 5>, Sigmoid, Dense<6, 1>);

fn main() {
    let net = Net::default();
    let mut buf = [0u8; <Net as Bytes<f32>>::BYTES];
    let _ = to_bytes(&net, &mut buf);
}
