// A `static` batch norm over 4 features given a running mean of 3 values.
use constnet::prelude::*;

static BN: BatchNorm<4> = BatchNorm::from_parts([1.0; 4], [0.0; 4], [0.0, 0.1, 0.2, 0.3], [1.0; 4], 0.1, 1e-5);

fn main() {
    let _ = &BN;
}
