// A regression target written as a bare f32 rather than a one-value row `[f32; 1]`.
use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<1, 16>::zeros(), Tanh, Dense::<16, 1>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut data = [Sample::new([0.5f32], 0.479f32); 8];
    let _ = fit(&mut net, &mut sgd, &Mse, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
