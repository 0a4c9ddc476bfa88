// A declared f32 batch norm built from f64 running statistics (numpy's default dtype).
use constnet::prelude::*;

const MEAN: [f64; 3] = [0.5, 1.0, -0.2];
const VAR: [f64; 3] = [1.2, 0.8, 2.0];

fn main() {
    let bn: BatchNorm<3> = BatchNorm::from_parts([1.0; 3], [0.0; 3], MEAN, VAR, 0.1, 1e-5);
    let _y = bn.forward(&SMatrix::<f32, 3, 1>::zeros());
}
