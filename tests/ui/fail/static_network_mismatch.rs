// A network in a `static` whose layers do not chain, caught where it is first run.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

type Net = (Dense<1, 4>, Tanh, Dense<5, 1>);

static NET: Net = (
    Dense::from_rows([[1.0], [2.0], [3.0], [4.0]], [0.0; 4]),
    Tanh,
    Dense::from_rows([[1.0, 1.0, 1.0, 1.0, 1.0]], [0.0]),
);

fn main() {
    let _y = NET.forward(&SMatrix::<f32, 1, 1>::new(0.5));
}
