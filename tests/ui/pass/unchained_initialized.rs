// Initialising a network whose layers do not chain.
use constnet::init::Init;
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

fn main() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let _net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros()).initialized(Init::XAVIER_UNIFORM, &mut rng);
}
