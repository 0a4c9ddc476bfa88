// The Trainable bound written with the loss and the network swapped.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<N, L, S>(net: &mut N, loss: &L, data: &mut [S])
where
    N: Network<f32, 2, 1>,
    S: Trainable<L, N, 4>,
{
    let mut sgd = Sgd::new(net, SgdConfig::default());
    let _ = fit(net, &mut sgd, loss, data, &[], FitConfig::<4>::default(), |_| {});
}

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut data = [Sample::new([0.0f32; 2], [0.5f32]); 8];
    train(&mut net, &Mse, &mut data);
}
