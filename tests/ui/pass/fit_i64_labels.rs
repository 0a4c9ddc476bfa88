// `i64` class labels (PyTorch's `torch.long`) in `fit`.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 2>::zeros());
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32, 1.0], 1usize), Sample::new([1.0, 0.0], 0usize)];
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &[], FitConfig::<2>::default(), |_| {});
}
