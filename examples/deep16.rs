//! A 16-layer, 32-wide network (sixteen `Dense` layers with `Tanh` between them, as two nested
//! tuples), trained for a few Adam steps on a seeded regression, to show that depth composes
//! and to measure compile time (see BENCHMARKS.md).
//!
//! Run: `cargo run --release --example deep16`

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::optim::{Adam, AdamConfig, Optimizer};
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, RngExt, SeedableRng};

type Half<const I: usize> = (
    Dense<I, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
);

type Tail = (
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 32>,
    Tanh,
    Dense<32, 1>,
);

type Net = (Half<4>, Tail);

fn main() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(16);
    let mut net = Net::zeroed();
    net.initialize(Init::XavierUniform { gain: 5.0 / 3.0 }, &mut rng);
    println!(
        "{} dense layers, {} parameters",
        <Net as Params<f32>>::TENSORS / 2,
        <Net as Params<f32>>::PARAMS
    );
    let x = SMatrix::<f32, 4, 32>::from_fn(|_, _| rng.random::<f32>() * 2.0 - 1.0);
    let t = SMatrix::<f32, 1, 32>::from_fn(|_, c| x.column(c).sum() * 0.25);
    let mut adam = Adam::new(
        &net,
        AdamConfig {
            lr: 1e-3,
            ..Default::default()
        },
    );
    let mut grads = net.zero_gradients();
    let first = Mse.value(&net.forward(&x), &t);
    for _ in 0..200 {
        grads.zero();
        net.backprop(&Mse, &x, &t, &mut grads);
        adam.step(&mut net, &grads);
    }
    let last = Mse.value(&net.forward(&x), &t);
    println!("MSE {first:.4} -> {last:.4} after 200 Adam steps");
    assert!(last < first / 2.0, "the deep network did not learn");
}
