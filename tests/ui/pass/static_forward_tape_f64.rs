// An f32 static network given an f64 batch for a tape (sensitivity analysis).
use constnet::prelude::*;

static NET: (Dense<2, 3>, Tanh, Dense<3, 1>) = (
    Dense::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0; 3]),
    Tanh,
    Dense::from_rows([[1.0, -1.0, 0.5]], [0.0]),
);

fn main() {
    let x = constnet::batch([[1.0f32, 2.0]]);
    let (_y, _tape) = NET.forward_tape(&x);
}
