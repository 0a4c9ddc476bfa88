// Exporting a network whose type alias does not chain (built with Default).
use constnet::io::to_rust_source;
use constnet::prelude::*;

type Net = (Dense<1, 16>, Tanh, Dense<8, 1>);

fn main() {
    let net = Net::default();
    let _src = to_rust_source(&net, "MODEL", "Net");
}
