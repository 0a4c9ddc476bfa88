use constnet::prelude::*;

static LAYER: Dense<3, 2> = Dense::<3, 2>::from_rows([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]], [0.0, 0.0]);

fn main() {
    assert_eq!(LAYER.weight_rows(), [[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]);
}
