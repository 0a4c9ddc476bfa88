// A static array of layers (per-channel heads) where one head's weights are [in][out].
use constnet::prelude::*;

static HEADS: [Dense<3, 1>; 2] = [
    Dense::from_rows([[1.0, 2.0, 3.0]], [0.0]),
    Dense::from_rows([[1.0], [2.0], [3.0]], [0.0]),
];

fn main() {
    let _y = HEADS[0].forward(&SMatrix::<f32, 3, 1>::zeros());
}
