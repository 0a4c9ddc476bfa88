// Soft-label rows `[f64; 3]` for an f32 classifier with `CrossEntropyProb`.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut adam = Adam::new(&net, AdamConfig::default());
    let soft: [f32; 3] = [0.1, 0.8, 0.1];
    let mut data = [Sample::new([0.0f32; 4], soft); 8];
    let _ = fit(&mut net, &mut adam, &CrossEntropyProb, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
