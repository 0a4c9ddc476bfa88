// An array of three 2x2 layers (an ensemble); the middle one is given 3-wide rows.
use constnet::prelude::*;

fn main() {
    let heads: [Dense<2, 2>; 3] = [
        Dense::from_rows([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]),
        Dense::from_rows([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]),
        Dense::from_rows([[0.5, 0.5], [0.5, 0.5]], [0.0, 0.0]),
    ];
    for h in &heads {
        let _y = h.forward(&SMatrix::<f32, 2, 1>::zeros());
    }
}
