// Seventeen layers in one flat tuple, built with `zeroed`.
use constnet::prelude::*;

type Net = (
    Dense<2, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh,
    Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh,
    Dense<8, 1>,
);

fn main() {
    let _net = Net::zeroed();
}
