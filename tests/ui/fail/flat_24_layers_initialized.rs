// 24 layers in one tuple, built with `zeroed` and initialised with Kaiming.
use constnet::init::Init;
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Deep = (
    Dense<8, 8>, ReLU, Dense<8, 8>, ReLU, Dense<8, 8>, ReLU, Dense<8, 8>, ReLU,
    Dense<8, 8>, ReLU, Dense<8, 8>, ReLU, Dense<8, 8>, ReLU, Dense<8, 8>, ReLU,
    Dense<8, 8>, ReLU, Dense<8, 8>, ReLU, Dense<8, 8>, ReLU, Dense<8, 8>, ReLU,
);

fn main() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let net = Deep::zeroed().initialized(Init::HeUniform, &mut rng);
    let _y = net.forward(&SMatrix::<f32, 8, 1>::zeros());
}
