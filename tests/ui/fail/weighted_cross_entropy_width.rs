// Three class weights for a network of four outputs.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 8>::zeros(), ReLU, Dense::<8, 4>::zeros());
    let mut adam = Adam::new(&net, AdamConfig::default());
    let loss = WeightedCrossEntropy::new([1.0f32, 2.0, 0.5]).unwrap();
    let mut data = [Sample::new([0.0f32, 1.0], 2usize); 8];
    let _ = fit(&mut net, &mut adam, &loss, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
