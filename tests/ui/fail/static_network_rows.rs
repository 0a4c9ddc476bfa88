// A `static` network whose second layer is built from weights for 2 inputs where the type says 3.
use constnet::prelude::*;

static NET: (Dense<2, 3>, Tanh, Dense<3, 1>) = (
    Dense::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0, 0.0, 0.0]),
    Tanh,
    Dense::from_rows([[1.0, -1.0]], [0.0]),
);

fn main() {
    let _ = &NET;
}
