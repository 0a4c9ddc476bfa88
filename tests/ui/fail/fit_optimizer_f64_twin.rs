// The optimizer was created for the f64 twin of the network being trained.
use constnet::optim::{RmsProp, RmsPropConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let twin = (Dense::<2, 4, f64>::zeros(), Tanh, Dense::<4, 1, f64>::zeros());
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut opt = RmsProp::new(&twin, RmsPropConfig::default());
    let mut data = [Sample::new([0.0f32, 1.0], [1.0f32]); 4];
    let _ = fit(&mut net, &mut opt, &Mse, &mut data, &[], FitConfig::<2>::default(), |_| {});
}
