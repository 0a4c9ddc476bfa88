// Nested correctly at the top, but the first block itself holds 17 layers.
use constnet::prelude::*;

type Block = (
    Dense<2, 4>, Tanh, Dense<4, 4>, Tanh, Dense<4, 4>, Tanh, Dense<4, 4>, Tanh,
    Dense<4, 4>, Tanh, Dense<4, 4>, Tanh, Dense<4, 4>, Tanh, Dense<4, 4>,
);
type Net = (Block, Tanh, Dense<4, 4>, Tanh, Dense<4, 1>);

fn main() {
    let net = Net::zeroed();
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
