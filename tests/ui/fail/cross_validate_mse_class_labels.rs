// k-fold cross-validation with `Mse` on class-index labels.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{cross_validate, FitConfig};

fn main() {
    let data = [Sample::new([0.0f32; 2], 1usize); 12];
    let mut scratch = data;
    let _ = cross_validate::<_, _, _, _, _, 3, 4>(&data, &mut scratch, &Mse, FitConfig::default(), |_| {
        let net = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 2>::zeros());
        let adam = Adam::new(&net, AdamConfig::default());
        (net, adam)
    });
}
