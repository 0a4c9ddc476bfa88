//! JapaneseVowels (UEA archive): nine male speakers uttering the vowels /ae/, 12 LPC cepstrum
//! coefficients per frame; the archive's equal-length version, padded to 25 frames. 270
//! training and 370 test utterances, 9 classes (the speaker).
//!
//! A GRU of 32 units reads each utterance frame by frame, its hidden vectors are max-pooled over
//! time (`MaxOverTime`, whose last step is the maximum over the whole utterance) and a dense
//! layer classifies the pooled vector (`LastStep(CrossEntropy)`). Channels are standardised with the training set's
//! statistics. Trained with `fit` on whole sequences (backpropagation through time over 100
//! steps), Adam, gradient clipping by norm, 8 sequences per batch. Prints the test accuracy and
//! requires at least 95 %; then streams one test utterance frame by frame, as a live speaker
//! identification would,
//! and checks that the streamed prediction equals the whole-sequence one.
//!
//! Run: `cargo run --release --example vowels` (`-- --seed N` for another initialisation).

use std::time::Instant;

use constnet::data::parse_ts;
use constnet::init::Init;
use constnet::optim::schedule::Constant;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{evaluate, fit, Clip, FitConfig, LastBatch, Metric, Sequence};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

const C: usize = 12;
const S: usize = 25;
const CLASSES: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

type Net = (Gru<C, 32>, MaxOverTime, Dense<32, 9>);
type Recording = Sequence<SMatrix<f32, C, S>, [usize; 1]>;

fn load(name: &str) -> Vec<Recording> {
    let path = format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut buf = vec![(SMatrix::zeros(), 0); 400];
    let n = parse_ts(&text, &mut buf).unwrap_or_else(|e| panic!("{path}: {e}"));
    buf[..n]
        .iter()
        .map(|&(x, y)| Sequence::new(x, [y]))
        .collect()
}

/// Per-channel mean and standard deviation over every step of every training utterance.
fn standardise(train: &mut [Recording], test: &mut [Recording]) {
    for ch in 0..C {
        let values = train
            .iter()
            .flat_map(|s| s.x.row(ch).iter().copied().collect::<Vec<_>>());
        let (n, sum, sq) = values.fold((0.0, 0.0, 0.0), |(n, s, q), v| {
            (n + 1.0, s + v as f64, q + (v as f64) * (v as f64))
        });
        let mean = sum / n;
        let std = (sq / n - mean * mean).sqrt().max(1e-6);
        for s in train.iter_mut().chain(test.iter_mut()) {
            for v in s.x.row_mut(ch).iter_mut() {
                *v = ((*v as f64 - mean) / std) as f32;
            }
        }
    }
}

fn main() {
    let mut train = load("JapaneseVowels_eq_TRAIN.ts");
    let mut test = load("JapaneseVowels_eq_TEST.ts");
    standardise(&mut train, &mut test);
    println!(
        "{} training and {} test utterances of {C} channels × {S} frames",
        train.len(),
        test.len()
    );

    // `-- --seed N` changes the initialisation and the batch order.
    let seed = std::env::args()
        .skip_while(|a| a != "--seed")
        .nth(1)
        .map_or(5, |s| s.parse().expect("--seed takes an integer"));
    let mut net =
        Net::zeroed().initialized(Init::PyTorch, &mut Xoshiro256PlusPlus::seed_from_u64(seed));
    let mut adam = Adam::new(
        &net,
        AdamConfig {
            lr: 1e-2,
            ..AdamConfig::default()
        },
    );
    let loss = LastStep(CrossEntropy);
    let epochs = 60;
    let config = FitConfig::<8, Constant> {
        epochs,
        seed: seed + 6,
        shuffle: true,
        last_batch: LastBatch::Accumulate,
        clip: Clip::Norm(1.0),
        l1: 0.0,
        metric: Metric::Accuracy,
        early_stopping: None,
        schedule: Constant,
    };
    let start = Instant::now();
    fit(
        &mut net,
        &mut adam,
        &loss,
        &mut train,
        &test[..0],
        config,
        |r| {
            if r.epoch % 10 == 0 || r.epoch + 1 == epochs {
                println!("epoch {:>3}  train loss {:.4}", r.epoch, r.train_loss);
            }
        },
    )
    .expect("training diverged");
    println!("trained in {:.2} s", start.elapsed().as_secs_f64());

    let on_train = evaluate::<_, _, _, 8>(&net, &loss, &train, Metric::Accuracy);
    let on_test = evaluate::<_, _, _, 8>(&net, &loss, &test, Metric::Accuracy);
    println!("train accuracy {:.1} %", 100.0 * on_train.metric);
    println!(
        "test: {} utterances, loss {:.4}, accuracy {:.1} %",
        on_test.samples,
        on_test.loss,
        100.0 * on_test.metric
    );

    // Streaming: one 12-coefficient frame per call, the GRU's state carried.
    let rec = &test[0];
    let mut state = net.zero_state();
    let mut logits = SMatrix::<f32, 9, 1>::zeros();
    let t0 = Instant::now();
    for t in 0..S {
        logits = net.step(
            &mut state,
            &SMatrix::<f32, C, 1>::from_column_slice(rec.x.column(t).as_slice()),
        );
    }
    let per_frame = t0.elapsed().as_secs_f64() * 1e9 / S as f64;
    let whole = net.forward(&rec.x);
    // The same GRU arithmetic; the dense head sums in another order for one column than for a
    // block of 25, so the last bits may differ.
    for (a, b) in logits.iter().zip(whole.column(S - 1).iter()) {
        assert!(
            (a - b).abs() <= 1e-5 * b.abs().max(1.0),
            "streamed {a} vs whole {b}"
        );
    }
    println!(
        "streamed test utterance 0 frame by frame ({per_frame:.0} ns per frame, {} bytes of state): speaker {} (true speaker: {})",
        <Net as Layer<f32, C>>::STATE_BYTES,
        CLASSES[logits.argmax().0],
        CLASSES[rec.target[0]]
    );
    assert!(
        on_test.metric >= 0.95,
        "test accuracy {} below 95 %",
        on_test.metric
    );
}
