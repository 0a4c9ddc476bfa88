// A static network with a batch norm in the middle whose gamma has one value too many.
use constnet::prelude::*;

type Net = (Dense<2, 3>, BatchNorm<3>, ReLU, Dense<3, 1>);

static NET: Net = (
    Dense::from_rows([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0; 3]),
    BatchNorm::from_parts([1.0, 1.0, 1.0], [0.0; 3], [0.0; 3], [1.0; 3], 0.1, 1e-5),
    ReLU,
    Dense::from_rows([[1.0, 1.0, 1.0]], [0.0]),
);

fn main() {
    let _y = NET.forward(&SMatrix::<f32, 2, 1>::zeros());
}
