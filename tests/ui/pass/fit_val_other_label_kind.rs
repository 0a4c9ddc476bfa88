// Training samples labelled with class indices, validation samples with one-hot rows.
use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut train = [Sample::new([0.0f32; 4], 2usize); 8];
    let val = [Sample::new([0.0f32; 4], 2usize); 4];
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut train, &val, FitConfig::<4>::default(), |_| {});
}
