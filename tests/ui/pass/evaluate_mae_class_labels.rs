// `evaluate` with `Mae` on samples labelled with class indices.
use constnet::prelude::*;
use constnet::train::{evaluate, Metric};

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 2>::zeros());
    let test = [Sample::new([0.5f32, -0.5], [0.0f32, 1.0]), Sample::new([1.0, 1.0], [1.0, 0.0])];
    let _e = evaluate(&net, &Mae, &test, Metric::Mae);
}
