// A generic training helper, as in examples/generic.rs (samples of any type `S: Trainable`), given a
// 3-input network for 4-feature samples.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<N, L, S, const I: usize, const O: usize>(net: &mut N, loss: &L, data: &mut [S])
where
    N: Network<f32, I, O>,
    S: Trainable<N, L, 16>,
{
    let mut sgd = Sgd::new(net, SgdConfig::default());
    let _ = fit(net, &mut sgd, loss, data, &[], FitConfig::<16>::default(), |_| {});
}

fn main() {
    let mut net = (Dense::<3, 8>::zeros(), Tanh, Dense::<8, 3>::zeros());
    let mut data = [Sample::new([0.0f32; 4], 1usize); 32];
    train(&mut net, &CrossEntropy, &mut data);
}
