use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig, Sample};

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), Tanh, Dense::<8, 3>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut data = [Sample::new([0.0f32; 4], [1.0f32, 2.0, 3.0]); 8];
    let val = data;
    let _ = fit(&mut net, &mut sgd, &Mse, &mut data, &val, FitConfig::<4>::default(), |_| {});
}
