//! XOR with a 2-4-1 tanh/sigmoid network, trained by full-batch gradient descent with momentum.
//!
//! Shows the training step by step: forward keeping a tape, the loss and its gradient, backward,
//! an optimizer step. Prints the loss every 500 epochs and the final predictions.
//!
//! Run: `cargo run --example xor`

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::optim::{Optimizer, Sgd, SgdConfig};
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<2, 4>, Tanh, Dense<4, 1>, Sigmoid);

fn main() {
    // The four XOR cases, one per column.
    let x = SMatrix::<f32, 2, 4>::from_columns(&[
        [0.0, 0.0].into(),
        [0.0, 1.0].into(),
        [1.0, 0.0].into(),
        [1.0, 1.0].into(),
    ]);
    let t = SMatrix::<f32, 1, 4>::new(0.0, 1.0, 1.0, 0.0);

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let mut net = Net::default().initialized(Init::XAVIER_UNIFORM, &mut rng);
    let mut sgd = Sgd::new(
        &net,
        SgdConfig {
            lr: 0.5,
            momentum: 0.9,
            ..Default::default()
        },
    );
    let mut grads = net.zero_gradients();

    for epoch in 0..=3000 {
        grads.zero();
        let (y, tape) = net.forward_train(&x);
        let loss = BinaryCrossEntropy.value(&y, &t);
        let dy = BinaryCrossEntropy.gradient(&y, &t);
        net.backward(&tape, &dy, &mut grads);
        sgd.step(&mut net, &grads);
        if epoch % 500 == 0 {
            println!("epoch {epoch:>4}  loss {loss:.6}");
        }
    }

    let y = net.forward(&x);
    let mut correct = 0;
    for k in 0..4 {
        let predicted = y[k] > 0.5;
        correct += usize::from(predicted == (t[k] > 0.5));
        println!("{} xor {} -> {:.4}", x[(0, k)], x[(1, k)], y[k]);
    }
    println!("accuracy {}/4", correct);
    assert_eq!(correct, 4, "XOR not learned");
}
