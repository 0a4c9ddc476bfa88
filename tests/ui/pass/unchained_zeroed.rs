// A network type whose layers do not chain, built with `zeroed`.
use constnet::prelude::*;

type Net = (Dense<2, 3>, Tanh, Dense<3, 1>);

fn main() {
    let _net = Net::zeroed();
}
