// A prediction for 3 features from a network of 4 inputs.
use constnet::prelude::*;
use constnet::train::predict;

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let _class = predict(&net, &CrossEntropy, &[0.5f32, 1.0, 2.0]);
}
