// `BatchNorm::<4, f64>::from_parts` given f32 arrays.
use constnet::prelude::*;

fn main() {
    let gamma = [1.0f64; 4];
    let beta = [0.0f64; 4];
    let bn = BatchNorm::<4, f64>::from_parts(gamma, beta, [0.0; 4], [1.0; 4], 0.1, 1e-5);
    let _ = bn;
}
