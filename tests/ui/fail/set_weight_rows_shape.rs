// Replacing the weights of a `Dense<3, 2>` with 2 rows of 2.
use constnet::prelude::*;

fn main() {
    let mut layer = Dense::<3, 2>::zeros();
    layer.set_weight_rows([[1.0, 2.0], [3.0, 4.0]]);
}
