// Three independent mistakes in one program: transposed static weights, an input of the
// wrong width, and one-hot labels for `CrossEntropy`.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

static FIRST: Dense<3, 2> = Dense::from_rows([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], [0.0, 0.0]);

fn main() {
    let mut net = (FIRST, Tanh, Dense::<2, 2>::zeros());
    let _y = net.forward(&SMatrix::<f32, 3, 1>::zeros());
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 3], 0usize); 4];
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &[], FitConfig::<2>::default(), |_| {});
}
