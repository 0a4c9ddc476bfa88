// Class-index labels for a single-logit network trained with `BceWithLogits`.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 2], 1usize); 8];
    let val = data;
    let _ = fit(&mut net, &mut sgd, &BceWithLogits, &mut data, &val, FitConfig::<4>::default(), |_| {});
}
