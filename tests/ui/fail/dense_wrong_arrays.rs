// Weights given as [in][out] (3 rows of 2) instead of PyTorch's [out][in] (2 rows of 3).
use constnet::prelude::*;

static LAYER: Dense<3, 2> = Dense::<3, 2>::from_rows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0.0, 0.0]);

fn main() {
    let _ = LAYER;
}
