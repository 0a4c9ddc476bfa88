// Adagrad for an alias whose batch norm has the wrong width, the network built with zeroed() inline.
use constnet::optim::{Adagrad, AdagradConfig};
use constnet::prelude::*;

type Net = (Dense<3, 8>, BatchNorm<6>, ReLU, Dense<8, 1>);

fn main() {
    let _opt = Adagrad::new(&<Net as Zeroed>::zeroed(), AdagradConfig::default());
}
