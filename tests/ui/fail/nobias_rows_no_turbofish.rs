// A `DenseNoBias<4, 2>` built from rows of 3 values.
use constnet::prelude::*;

static LAYER: DenseNoBias<4, 2> = DenseNoBias::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);

fn main() {
    let _ = LAYER;
}
