// An f64 BatchNorm inside an otherwise f32 network.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), BatchNorm::<8>::new(), ReLU, Dense::<8, 2>::zeros());
    let (_y, _tape) = net.forward_train(&SMatrix::<f32, 4, 16>::zeros());
}
