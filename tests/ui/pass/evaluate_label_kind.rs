// `evaluate` with class labels and `Huber`.
use constnet::prelude::*;
use constnet::train::{evaluate, Metric};

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let test = [Sample::new([0.0f32; 4], 1usize); 10];
    let _e = evaluate(&net, &CrossEntropy, &test, Metric::Accuracy);
}
