//! A 2-3-1 sigmoid network learns three labelled points: (1, 2) → 1, (2, 3) → 0, (3, 4) → 1.
//!
//! The points lie on one line and the middle one has the other label, so a single neuron cannot
//! separate them; three hidden sigmoids can. Trained with Adam on the batch of 3.
//!
//! Run: `cargo run --example tiny_classifier`

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::optim::{Adam, AdamConfig, Optimizer};
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<2, 3>, Sigmoid, Dense<3, 1>, Sigmoid);

fn main() {
    let x = SMatrix::<f32, 2, 3>::new(1.0, 2.0, 3.0, 2.0, 3.0, 4.0);
    let t = SMatrix::<f32, 1, 3>::new(1.0, 0.0, 1.0);

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut net = Net::default().initialized(Init::XAVIER_UNIFORM, &mut rng);
    let mut adam = Adam::new(
        &net,
        AdamConfig {
            lr: 0.1,
            ..Default::default()
        },
    );
    let mut grads = net.zero_gradients();

    for epoch in 0..=2000 {
        grads.zero();
        let loss = net.backprop(&HalfSquaredError, &x, &t, &mut grads);
        adam.step(&mut net, &grads);
        if epoch % 400 == 0 {
            println!("epoch {epoch:>4}  loss {loss:.6}");
        }
    }

    let y = net.forward(&x);
    let correct = (0..3).filter(|&k| (y[k] > 0.5) == (t[k] > 0.5)).count();
    for k in 0..3 {
        println!(
            "({}, {}) label {} -> {:.4}",
            x[(0, k)],
            x[(1, k)],
            t[k],
            y[k]
        );
    }
    println!(
        "accuracy {:.1} % ({correct}/3)",
        100.0 * correct as f32 / 3.0
    );
    assert_eq!(correct, 3, "the three points are not all classified");
}
