// Two layers of one static network with wrong arrays: weights [in][out] in the first,
// a bias too short in the second.
use constnet::prelude::*;

static NET: (Dense<2, 3>, ReLU, Dense<3, 2>) = (
    Dense::from_rows([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0; 3]),
    ReLU,
    Dense::from_rows([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]], [0.0, 0.0]),
);

fn main() {
    let _y = NET.forward(&SMatrix::<f32, 2, 1>::zeros());
}
