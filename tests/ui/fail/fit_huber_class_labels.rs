// Regression loss `Huber` with integer class labels (a classifier trained "like a regressor").
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<3, 8>::zeros(), ReLU, Dense::<8, 4>::zeros());
    let mut adam = Adam::new(&net, AdamConfig::default());
    let mut data = [Sample::new([0.1f32, 0.2, 0.3], 3usize); 12];
    let _ = fit(&mut net, &mut adam, &Huber::default(), &mut data, &[], FitConfig::<4>::default(), |_| {});
}
