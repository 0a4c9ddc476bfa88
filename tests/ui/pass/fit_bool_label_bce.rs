// Binary labels written as bool for BceWithLogits.
use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut data = [Sample::new([0.0f32, 1.0], [1.0f32]); 8];
    let _ = fit(&mut net, &mut sgd, &BceWithLogits, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
