// Loading an f32 network with `from_bytes::<f64, _>`.
use constnet::io::{from_bytes, to_bytes, Bytes};
use constnet::prelude::*;

type Net = (Dense<2, 3>, Tanh, Dense<3, 1>);

fn main() {
    let mut buf = [0u8; <Net as Bytes<f32>>::BYTES];
    to_bytes(&Net::zeroed(), &mut buf).unwrap();
    let _net: Net = from_bytes::<f32, Net>(&buf).unwrap();
}
