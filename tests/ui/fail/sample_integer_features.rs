// XOR samples with integer features.
use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 2>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut data = [Sample::new([0, 0], 0usize), Sample::new([0, 1], 1), Sample::new([1, 0], 1), Sample::new([1, 1], 0)];
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
