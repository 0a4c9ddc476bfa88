// A scalar-generic training helper called with an f64 network and f32 samples.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<T, N, S>(net: &mut N, data: &mut [S])
where
    T: Scalar,
    N: Network<T, 2, 1>,
    S: Trainable<N, Mse, 4>,
{
    let mut sgd = Sgd::new(net, SgdConfig::default());
    let _ = fit(net, &mut sgd, &Mse, data, &[], FitConfig::<4>::default(), |_| {});
}

fn main() {
    let mut net = (Dense::<2, 4, f64>::zeros(), Tanh, Dense::<4, 1, f64>::zeros());
    let mut data = [Sample::new([0.0f32; 2], [0.5f32]); 8];
    train(&mut net, &mut data);
}
