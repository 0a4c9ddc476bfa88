// The closure's optimizer is made from a template network of another width than the one returned.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{cross_validate, FitConfig};

fn main() {
    let data = [Sample::new([0.0f32; 4], 1usize); 10];
    let mut scratch = data;
    let template = (Dense::<4, 16>::zeros(), ReLU, Dense::<16, 3>::zeros());
    let _ = cross_validate::<_, _, _, _, _, 5, 2>(&data, &mut scratch, &CrossEntropy, FitConfig::default(), |_| {
        let net = template;
        (net, Sgd::new(&template, SgdConfig::default()))
    });
}
