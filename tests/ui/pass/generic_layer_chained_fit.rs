// A helper bounded by `Layer<f32, 4> + Chained` (no output width), calling `fit` on concrete samples.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<N: Network<f32, 4, 3>>(net: &mut N, data: &mut [Sample<f32, 4, usize>]) {
    let mut adam = Adam::new(net, AdamConfig::default());
    let _ = fit(net, &mut adam, &CrossEntropy, data, &[], FitConfig::<8>::default(), |_| {});
}

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut data = [Sample::new([0.0f32; 4], 1usize); 16];
    train(&mut net, &mut data);
}
