//! Handwritten digits (UCI, 1797 8×8 images, 10 classes): a 64-64-10 ReLU network trained with
//! AdamW and a cosine learning-rate schedule.
//!
//! The flagship example: a fixed seeded 80/20 split, pixels scaled to [0, 1], mini-batches of 32,
//! 80 epochs. Prints the loss every few epochs, the accuracy on the training and test sets, the
//! training time per sample-epoch, the test confusion matrix, and writes the training curves
//! (loss, and test accuracy per epoch) to `target/digits-training.svg`. Requires a test accuracy
//! of at least 97 %.
//!
//! Then quantizes the trained network to int8 (post-training quantization, calibrated on the
//! training images; TFLite Micro's arithmetic) and prints the int8 network's test accuracy beside
//! the float one's. Requires them within 1 point.
//!
//! Run: `cargo run --release --example digits` (`-- --no-flush` keeps subnormal moment estimates,
//! as PyTorch does, to measure what flushing them saves).

use std::time::Instant;

use constnet::data::{parse_csv, CsvOptions};
use constnet::init::Init;
use constnet::optim::schedule::CosineAnnealing;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::quant::{quantize, QuantOptions};
use constnet::train::{
    confusion_matrix, evaluate, fit, predict, predict_proba, progress_bar, split, Clip,
    ConfusionMatrix, FitConfig, LastBatch, Metric, Sample,
};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<64, 64>, ReLU, Dense<64, 10>);

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/digits.csv"
    ))
    .expect("examples/data/digits.csv is readable");
    let mut all = vec![Sample::new([0.0f32; 64], 0usize); 1797];
    let read = parse_csv(&text, CsvOptions::<10>::new(), &mut all)
        .unwrap_or_else(|e| panic!("digits.csv: {e}"));
    assert_eq!(read.samples.len(), 1797);
    for s in &mut all {
        for v in &mut s.x {
            *v /= 16.0;
        }
    }
    let (train, test) = split(&mut all, 0.2, 2024);
    println!(
        "{} training samples, {} test samples",
        train.len(),
        test.len()
    );

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut net = Net::default().initialized(Init::HeUniform, &mut rng);
    let mut adamw = Adam::new(
        &net,
        AdamConfig {
            lr: 3e-3,
            // Late in training the moments of tiny gradients turn subnormal, which slows every
            // step down; flushing them keeps the speed (and changes nothing measurable).
            flush_subnormal: !std::env::args().any(|a| a == "--no-flush"),
            ..AdamConfig::adamw()
        },
    );
    let epochs = 80;
    let config = FitConfig::<32, CosineAnnealing> {
        epochs,
        seed: 3,
        shuffle: true,
        last_batch: LastBatch::Accumulate,
        clip: Clip::None,
        l1: 0.0,
        metric: Metric::Accuracy,
        early_stopping: None,
        schedule: CosineAnnealing {
            t_max: epochs,
            eta_min: 0.0,
        },
    };
    let no_validation: [Sample<f32, 64, usize>; 0] = [];
    // For the training curve below: the same network and optimizer, trained again with the test
    // set evaluated after every epoch (which changes nothing in training).
    let (initial_net, initial_adamw) = (net, adamw.clone());

    let before_training = train.to_vec();
    let start = Instant::now();
    let mut trained = 0usize;
    let report = fit(
        &mut net,
        &mut adamw,
        &CrossEntropy,
        train,
        &no_validation[..],
        config,
        |r| {
            trained += r.samples;
            if r.epoch % 10 == 0 || r.epoch + 1 == epochs {
                println!(
                    "epoch {:>3}  lr {:.2e}  train loss {:.4}",
                    r.epoch, r.lr, r.train_loss
                );
            }
        },
    )
    .expect("training diverged");
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "trained {} epochs in {:.3} s: {:.3} µs per sample-epoch",
        report.epochs,
        elapsed,
        elapsed * 1e6 / trained as f64
    );

    // The training curve: the run again, evaluating the test set after each epoch, with a progress
    // bar on a terminal; the same weights come out (evaluation does not touch training).
    let (mut monitored, mut adamw2) = (initial_net, initial_adamw);
    let mut shuffled = train.to_vec();
    shuffled.copy_from_slice(&before_training);
    let curve = fit(
        &mut monitored,
        &mut adamw2,
        &CrossEntropy,
        &mut shuffled,
        &*test,
        config,
        progress_bar(epochs),
    )
    .expect("training diverged");
    assert_eq!(monitored, net, "evaluating each epoch changed training");
    let svg = concat!(env!("CARGO_MANIFEST_DIR"), "/target/digits-training.svg");
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/target")).expect("target/");
    curve
        .history
        .plot_svg(svg, "digits: 64-64-10, AdamW, cosine schedule", "accuracy")
        .expect("the training curve is written");
    println!("training curve: {svg}");

    let on_train =
        evaluate(&net, &CrossEntropy, &*train, Metric::Accuracy).expect("a set that is not empty");
    let on_test =
        evaluate(&net, &CrossEntropy, &*test, Metric::Accuracy).expect("a set that is not empty");
    println!("train accuracy {:.2} %", 100.0 * on_train.metric);
    println!(
        "test: {} samples, loss {:.4}, accuracy {:.2} %",
        on_test.samples,
        on_test.loss,
        100.0 * on_test.metric
    );
    assert!(
        on_test.metric >= 0.97,
        "test accuracy {} below 97 %",
        on_test.metric
    );
    let matrix: ConfusionMatrix<10> =
        confusion_matrix(&net, &CrossEntropy, &*test).expect("a set that is not empty");
    println!("test confusion matrix (rows: true digit, columns: predicted):\n{matrix}");
    let sample = &test[0];
    println!(
        "first test image: predicted {} (true {}), probability {:.3}",
        predict(&net, &CrossEntropy, &sample.x),
        sample.y,
        predict_proba(&net, &CrossEntropy, &sample.x)[sample.y]
    );

    // Int8: calibrate on the training images, then classify the test images with integers only.
    let calibration: Vec<[f32; 64]> = train.iter().map(|s| s.x).collect();
    let q = quantize(&net, &calibration, QuantOptions::default()).expect("the network quantizes");
    let correct = test
        .iter()
        .filter(|s| {
            let y = q.forward(&q.quantize_input(&s.x));
            let best = (0..10)
                .max_by_key(|&k| (y[k], core::cmp::Reverse(k)))
                .unwrap();
            best == s.y
        })
        .count();
    let int8 = correct as f64 / test.len() as f64;
    println!(
        "int8 (post-training quantization, per-channel weights): test accuracy {:.2} % (float {:.2} %)",
        100.0 * int8,
        100.0 * on_test.metric
    );
    assert!(
        (int8 - on_test.metric).abs() <= 0.01,
        "int8 accuracy {int8} is more than 1 point from float {}",
        on_test.metric
    );
}
