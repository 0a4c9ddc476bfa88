// An f64 network (type alias) initialised, then given an f32 batch from `batch`.
use constnet::init::Init;
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<2, 8, f64>, Tanh, Dense<8, 1, f64>);

fn main() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let net = Net::zeroed().initialized(Init::XAVIER_UNIFORM, &mut rng);
    let x = constnet::batch([[0.0f32, 1.0], [1.0, 0.0]]);
    let _y = net.forward(&x);
}
