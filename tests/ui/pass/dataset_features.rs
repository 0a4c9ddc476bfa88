use constnet::optim::{Sgd, Optimizer};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig, Sample};

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut data = [Sample::new([0.0f32, 1.0, 2.0, 3.0], 0usize); 8];
    let val = data;
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &val, FitConfig::<4>::default(), |_| {});
    let _ = sgd.learning_rate();
}
