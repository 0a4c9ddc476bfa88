// A generic training helper that takes `&mut [S]` (as the README says) but forgets `S: Trainable`.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<N: Network<f32, 4, 3>, S>(net: &mut N, data: &mut [S]) {
    let mut sgd = Sgd::new(net, SgdConfig::default());
    let _ = fit(net, &mut sgd, &CrossEntropy, data, &[], FitConfig::<8>::default(), |_| {});
}

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut data = [Sample::new([0.0f32; 4], 1usize); 16];
    train(&mut net, &mut data);
}
