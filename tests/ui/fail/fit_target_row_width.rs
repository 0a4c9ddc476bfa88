// Target rows of 2 values for a network with 1 output.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 2], [0.5f32, 0.5]); 8];
    let val = data;
    let _ = fit(&mut net, &mut sgd, &Mse, &mut data, &val, FitConfig::<4>::default(), |_| {});
}
