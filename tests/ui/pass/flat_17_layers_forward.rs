// Seventeen layers in one flat tuple, run forward.
use constnet::prelude::*;

type Net = (
    (Dense<2, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh),
    (Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh),
    Dense<8, 1>,
);

fn main() {
    let net: Net = (
        (Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh),
        (Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh),
        Dense::zeros(),
    );
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
