// A bias with 3 values for a layer with 2 outputs.
use constnet::prelude::*;

fn main() {
    let _layer = Dense::<3, 2>::from_rows([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]], [0.0, 0.0, 0.0]);
}
