// A static network of two nested blocks; the second block's layer gets a bias of the wrong length.
use constnet::prelude::*;

type Net = ((Dense<2, 3>, Tanh), (Dense<3, 2>, Softmax));

static NET: Net = (
    (Dense::from_rows([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, 0.0, 0.0]), Tanh),
    (Dense::from_rows([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]], [0.0, 0.0, 0.0]), Softmax),
);

fn main() {
    let _y = NET.forward(&SMatrix::<f32, 2, 1>::zeros());
}
