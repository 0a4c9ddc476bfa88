// A helper that takes the optimizer as a generic `O` without saying it optimizes `N`.
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<N, O, S>(net: &mut N, opt: &mut O, data: &mut [S])
where
    N: Network<f32, 2, 1>,
    O: Optimizer<N>,
    S: Trainable<N, Mse, 4>,
{
    let _ = fit(net, opt, &Mse, data, &[], FitConfig::<4>::default(), |_| {});
}

fn main() {
    use constnet::optim::{Sgd, SgdConfig};
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 2], [0.5f32]); 8];
    train(&mut net, &mut sgd, &mut data);
}
