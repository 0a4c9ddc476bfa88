//! Handwritten digits (UCI, 1797 8×8 images, 10 classes): a 64-32-10 ReLU network with Adam.
//!
//! The flagship example: a fixed seeded 80/20 split, pixels scaled to [0, 1], mini-batches of 32,
//! a tenth of the training set held out for validation and early stopping, then one evaluation on
//! the test set. Prints each epoch's loss and accuracy, the test accuracy and the training time
//! per sample-epoch. Requires a test accuracy of at least 97 %.
//!
//! Run: `cargo run --release --example digits`

use std::time::Instant;

use constnet::data::parse_csv;
use constnet::init::Init;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{evaluate, fit, split, EarlyStopping, FitConfig, Metric, Sample};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<64, 32>, ReLU, Dense<32, 10>);

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/digits.csv"
    ))
    .expect("examples/data/digits.csv is readable");
    let mut all = vec![Sample::new([0.0f32; 64], 0usize); 1797];
    let n = parse_csv(&text, 0, 10, &mut all).unwrap_or_else(|e| panic!("digits.csv: {e}"));
    assert_eq!(n, 1797);
    for s in &mut all {
        for v in &mut s.x {
            *v /= 16.0;
        }
    }

    let (train_all, test) = split(&mut all, 0.2, 2024);
    let (train, val) = split(train_all, 0.1, 7);
    println!(
        "{} training, {} validation, {} test samples",
        train.len(),
        val.len(),
        test.len()
    );

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut net = Net::default().initialized(Init::HeUniform, &mut rng);
    let mut adam = Adam::new(
        &net,
        AdamConfig {
            lr: 2e-3,
            ..Default::default()
        },
    );
    let epochs = 100;
    let config = FitConfig::<32> {
        epochs,
        seed: 3,
        metric: Metric::Accuracy,
        early_stopping: Some(EarlyStopping {
            patience: 15,
            ..Default::default()
        }),
        ..FitConfig::default()
    };

    let start = Instant::now();
    let mut trained = 0usize;
    let report = fit(
        &mut net,
        &mut adam,
        &CrossEntropy,
        train,
        &*val,
        config,
        |r| {
            trained += r.samples;
            if r.epoch % 5 == 0 {
                println!(
                    "epoch {:>3}  train loss {:.4}  val loss {:.4}  val accuracy {:.2} %",
                    r.epoch,
                    r.train_loss,
                    r.val_loss,
                    100.0 * r.val_metric
                );
            }
        },
    )
    .expect("training diverged");
    let elapsed = start.elapsed();
    println!(
        "trained {} epochs (best {}) in {:.3} s: {:.2} µs per sample-epoch (including validation)",
        report.epochs,
        report.best_epoch,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / trained as f64
    );

    let result = evaluate::<_, _, _, 32>(&net, &CrossEntropy, &*test, Metric::Accuracy);
    println!(
        "test: {} samples, loss {:.4}, accuracy {:.2} %",
        result.samples,
        result.loss,
        100.0 * result.metric
    );
    assert!(
        result.metric >= 0.97,
        "test accuracy {} below 97 %",
        result.metric
    );
}
