// A network whose layers do not chain, trained on labels of the wrong kind:
// each mistake should be reported once.
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

type Net = (Dense<4, 16>, ReLU, Dense<16, 3>);

fn main() {
    let mut net = Net::zeroed();
    let mut sgd = Sgd::new(&net, SgdConfig::default());
    let mut data = [Sample::new([0.0f32; 4], 2usize); 8];
    let _ = fit(&mut net, &mut sgd, &CrossEntropy, &mut data, &[], FitConfig::<4>::default(), |_| {});
}
