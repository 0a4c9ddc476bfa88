// The optimizer of one network passed to `fit` with another.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let other = (Dense::<4, 16>::zeros(), ReLU, Dense::<16, 3>::zeros());
    let mut sgd = Sgd::new(&other, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 4], 1usize); 8];
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
