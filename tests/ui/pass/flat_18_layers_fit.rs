// An 18-layer MLP written as one flat tuple literal, then trained with `fit`.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (
        (Dense::<2, 8>::zeros(), ReLU, Dense::<8, 8>::zeros(), ReLU, Dense::<8, 8>::zeros(), ReLU,
        Dense::<8, 8>::zeros(), ReLU, Dense::<8, 8>::zeros(), ReLU, Dense::<8, 8>::zeros(), ReLU),
        (Dense::<8, 8>::zeros(), ReLU, Dense::<8, 8>::zeros(), ReLU, Dense::<8, 1>::zeros(), Sigmoid),
    );
    let mut adam = Adam::new(&net, AdamConfig::default());
    let mut data = [Sample::new([0.0f32, 1.0], [1.0f32]); 8];
    let _ = fit(&mut net, &mut adam, &BinaryCrossEntropy, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
