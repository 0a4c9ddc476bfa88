// A generic helper bounded by `Model` only, running forward.
use constnet::prelude::*;

fn score<N: Model>(net: &N, x: &SMatrix<f32, 4, 1>) -> f32 {
    net.forward(x).sum()
}

fn main() {
    let net = (Dense::<4, 2>::zeros(), Softmax);
    let _ = score(&net, &SMatrix::zeros());
}
