// An f64 network trained on f32 features.
use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut net = (Dense::<2, 8, f64>::zeros(), Tanh, Dense::<8, 1, f64>::zeros());
    let mut sgd = Sgd::with_lr(&net, 0.1);
    let mut data = [Sample::new([0.0f64, 1.0], [1.0f64]); 8];
    let _ = fit(&mut net, &mut sgd, &Mse, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
