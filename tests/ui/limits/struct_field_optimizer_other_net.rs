// A trainer struct whose optimizer field is created from another (wider) network.
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;

type Net = (Dense<2, 8>, Tanh, Dense<8, 1>);
type Wide = (Dense<2, 16>, Tanh, Dense<16, 1>);

struct Trainer {
    net: Net,
    opt: Adam<Net>,
}

fn main() {
    let net = Net::zeroed();
    let wide = Wide::zeroed();
    let opt = Adam::new(&wide, AdamConfig::default());
    let t = Trainer { net, opt };
    let _ = (t.net, t.opt.learning_rate());
}
