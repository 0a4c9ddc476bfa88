use constnet::prelude::*;

fn main() {
    let layer = Dense::<3, 2>::from_rows([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]], [0.5, 0.25]);
    assert_eq!(layer.bias_array(), [0.5, 0.25]);
}
