// README step 2 with a typo in the alias: the last layer takes 8 inputs, not 16.
use constnet::io::safetensors::load_safetensors;
use constnet::prelude::*;

type Net = (Dense<1, 16>, Tanh, Dense<16, 16>, Tanh, Dense<8, 1>);

fn main() {
    let mut net = Net::default();
    let bytes = std::fs::read("model.safetensors").unwrap_or_default();
    let _ = load_safetensors(&mut net, &bytes);
}
