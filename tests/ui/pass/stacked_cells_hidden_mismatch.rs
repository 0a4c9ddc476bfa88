// A GRU of 8 units feeds an LSTM that takes 8 inputs.
use constnet::prelude::*;

fn main() {
    let net = (Gru::<1, 8>::zeros(), Lstm::<8, 2>::zeros(), Dense::<2, 1>::zeros());
    let _y = net.forward(&SMatrix::<f32, 1, 50>::zeros());
}
