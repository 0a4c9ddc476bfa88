// `from_bytes` into a type alias whose layers do not chain (16 -> 8).
use constnet::io::from_bytes;
use constnet::prelude::*;

type Net = (Dense<1, 16>, Tanh, Dense<16, 1>);

fn main() {
    let buf = [0u8; 64];
    let _net: Result<Net, _> = from_bytes(&buf);
}
