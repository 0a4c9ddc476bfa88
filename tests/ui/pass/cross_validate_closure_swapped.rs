// The cross-validation closure returns (optimizer, network) instead of (network, optimizer).
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{cross_validate, FitConfig};

fn main() {
    let data = [Sample::new([0.0f32; 4], 1usize); 10];
    let mut scratch = data;
    let _ = cross_validate::<_, _, _, _, _, 5, 2>(&data, &mut scratch, &CrossEntropy, FitConfig::default(), |_| {
        let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
        let sgd = Sgd::new(&net, SgdConfig::default());
        (net, sgd)
    });
}
