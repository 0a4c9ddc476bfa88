// Regression targets of f64 for an f32 network, in cross-validation with `Huber`.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{cross_validate, FitConfig};

fn main() {
    let data: [Sample<f32, 1, [f32; 1]>; 10] = core::array::from_fn(|i| Sample::new([i as f32], [(i as f32).sin()]));
    let mut scratch = data;
    let _ = cross_validate::<_, _, _, _, _, 5, 2>(&data, &mut scratch, &Huber::default(), FitConfig::default(), |_| {
        let net = (Dense::<1, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
        let sgd = Sgd::new(&net, SgdConfig::default());
        (net, sgd)
    });
}
