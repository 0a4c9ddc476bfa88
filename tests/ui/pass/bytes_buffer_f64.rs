// The byte buffer of an f32 network sized with `Bytes<f64>`.
use constnet::io::{to_bytes, Bytes};
use constnet::prelude::*;

type Net = (Dense<2, 3>, Tanh, Dense<3, 1>);

fn main() {
    let net = Net::zeroed();
    let mut buf = [0u8; <Net as Bytes<f32>>::BYTES];
    let _ = to_bytes(&net, &mut buf);
}
