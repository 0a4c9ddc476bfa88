// An f64 static network built from weights stored as f32 consts.
use constnet::prelude::*;

const W: [[f32; 2]; 1] = [[0.25, -0.5]];
const B: [f32; 1] = [0.1];

static NET: (Dense<2, 1, f64>, Sigmoid) = (Dense::from_rows(W, B), Sigmoid);

fn main() {
    let _y = NET.forward(&SMatrix::<f64, 2, 1>::zeros());
}
