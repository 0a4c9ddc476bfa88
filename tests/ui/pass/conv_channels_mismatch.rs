// A convolution of 8 output channels feeds one that takes 8.
use constnet::prelude::*;

fn main() {
    let net = (Conv1d::<6, 8, 3>::zeros(), ReLU, Conv1d::<8, 4, 3, 2>::zeros(), MeanOverTime, Dense::<4, 2>::zeros());
    let _y = net.forward(&SMatrix::<f32, 6, 100>::zeros());
}
