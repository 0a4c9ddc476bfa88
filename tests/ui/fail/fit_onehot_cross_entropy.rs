// One-hot rows trained with `CrossEntropy` (which takes class indices).
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 4], [0.0f32, 0.0, 1.0]); 8];
    let val = data;
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &val, FitConfig::<4>::default(), |_| {});
}
