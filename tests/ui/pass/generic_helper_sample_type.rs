// A generic training helper that spells its samples as `Sample<f32, I, Y>`, given a 3-input
// network for 4-feature samples: rustc takes `I` from the network's bound before it sees the data
// and reports the data as mismatched types (E0308, "expected `&mut [Sample<f32, 3, _>]`, found
// `&mut [Sample<f32, 4, usize>; 32]`"). Written as `data: &mut [S]` with `S: Trainable<N, L, B>`
// (`generic_helper_samples_width`), the same mistake names the layer and the sizes.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn train<N, L, Y, const I: usize, const O: usize>(net: &mut N, loss: &L, data: &mut [Sample<f32, I, Y>])
where
    N: Network<f32, I, O>,
    Sample<f32, I, Y>: Trainable<N, L, 16>,
{
    let mut sgd = Sgd::new(net, SgdConfig::default());
    let _ = fit(net, &mut sgd, loss, data, &[], FitConfig::<16>::default(), |_| {});
}

fn main() {
    let mut net = (Dense::<4, 8>::zeros(), Tanh, Dense::<8, 3>::zeros());
    let mut data = [Sample::new([0.0f32; 4], 1usize); 32];
    train(&mut net, &CrossEntropy, &mut data);
}
