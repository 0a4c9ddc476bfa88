// A 14-layer network (within the 16-layer limit) built with `Net::default()`, as the README's
// safetensors step does for small networks.
use constnet::prelude::*;

type Net = (
    Dense<1, 16>, Tanh, Dense<16, 16>, Tanh, Dense<16, 16>, Tanh, Dense<16, 16>, Tanh,
    Dense<16, 16>, Tanh, Dense<16, 16>, Tanh, Dense<16, 1>, Identity,
);

fn main() {
    let net = Net::default();
    let _y = net.forward(&SMatrix::<f32, 1, 1>::zeros());
}
