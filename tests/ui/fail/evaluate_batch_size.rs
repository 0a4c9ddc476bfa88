// A batch size where `evaluate` takes a metric or the training configuration.
use constnet::prelude::*;
use constnet::train::evaluate;

fn main() {
    let net = (Dense::<2, 4>::zeros(), ReLU, Dense::<4, 3>::zeros());
    let test = [Sample::new([0.0f32; 2], 1usize); 10];
    let _e = evaluate(&net, &CrossEntropy, &test, 32);
}
