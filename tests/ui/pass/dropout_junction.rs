// A Dropout between layers, with the next layer sized for the hidden width of another model.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dropout::new(0.2, 7), Dense::<8, 2>::zeros());
    let _y = net.forward(&SMatrix::<f32, 4, 1>::zeros());
}
