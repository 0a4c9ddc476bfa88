//! The sequence-classification examples' shared recipe (`motion.rs`, `vowels.rs`): load a UEA
//! archive problem, standardise its channels with the training set's statistics, train a
//! sequence-to-one classifier with `fit` on whole sequences, report the test accuracy, and
//! stream one test case frame by frame against the whole-sequence forward.

use std::time::Instant;

use constnet::data::parse_ts;
use constnet::init::Init;
use constnet::optim::schedule::Constant;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{evaluate, fit, Clip, FitConfig, LastBatch, Metric, Sequence};
use constnet::Blank;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

/// One labelled sequence of `C` channels × `S` steps.
pub type Case<const C: usize, const S: usize> = Sequence<SMatrix<f32, C, S>, [usize; 1]>;

/// What an example names: its files, classes and the word for one case.
pub struct Problem<'a> {
    /// The training and test files in `examples/data/`.
    pub files: [&'a str; 2],
    /// The class names, in the header's order.
    pub classes: &'a [&'a str],
    /// "recording", "utterance".
    pub case: &'a str,
}

fn load<const C: usize, const S: usize>(name: &str) -> Vec<Case<C, S>> {
    let path = format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut buf = vec![(SMatrix::zeros(), 0); text.lines().count()];
    parse_ts(&text, &mut buf)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .iter()
        .map(|&(x, y)| Sequence::new(x, [y]))
        .collect()
}

/// Per-channel mean and standard deviation over every step of every training case.
fn standardise<const C: usize, const S: usize>(train: &mut [Case<C, S>], test: &mut [Case<C, S>]) {
    for ch in 0..C {
        let (mut n, mut sum, mut sq) = (0.0, 0.0, 0.0);
        for s in train.iter() {
            for &v in s.x.row(ch).iter() {
                let v = f64::from(v);
                (n, sum, sq) = (n + 1.0, sum + v, sq + v * v);
            }
        }
        let mean = sum / n;
        let std = (sq / n - mean * mean).sqrt().max(1e-6);
        for s in train.iter_mut().chain(test.iter_mut()) {
            for v in s.x.row_mut(ch).iter_mut() {
                *v = ((f64::from(*v) - mean) / std) as f32;
            }
        }
    }
}

/// Trains `N` on the problem (Adam lr 1e-2, 8 sequences per batch, clipping by norm 1, 60
/// epochs, `LastStep(CrossEntropy)`), prints the figures and returns the test accuracy.
/// `-- --seed N` changes the initialisation and the batch order.
pub fn run<N, const C: usize, const S: usize, const K: usize>(problem: &Problem) -> f64
where
    N: Network<f32, C, K> + Zeroed,
    Case<C, S>: constnet::train::Trainable<N, LastStep<CrossEntropy>, 8>,
{
    let mut train = load::<C, S>(problem.files[0]);
    let mut test = load::<C, S>(problem.files[1]);
    standardise(&mut train, &mut test);
    let case = problem.case;
    println!(
        "{} training and {} test {case}s of {C} channels × {S} steps",
        train.len(),
        test.len()
    );

    let seed = std::env::args()
        .skip_while(|a| a != "--seed")
        .nth(1)
        .map_or(5, |s| s.parse().expect("--seed takes an integer"));
    let mut net =
        N::zeroed().initialized(Init::PyTorch, &mut Xoshiro256PlusPlus::seed_from_u64(seed));
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

    let on_train =
        evaluate(&net, &loss, &train, Metric::Accuracy).expect("a set that is not empty");
    let on_test = evaluate(&net, &loss, &test, Metric::Accuracy).expect("a set that is not empty");
    println!("train accuracy {:.1} %", 100.0 * on_train.metric);
    println!(
        "test: {} {case}s, loss {:.4}, accuracy {:.1} %",
        on_test.samples,
        on_test.loss,
        100.0 * on_test.metric
    );

    // Streaming, as on the device: one frame per call, the state carried (in generic code the
    // state is named through the network's `Layer`; `blank` is the zero state).
    let first = &test[0];
    let mut state: <N as Layer<f32, C>>::State = Blank::blank();
    let mut logits = SMatrix::<f32, K, 1>::zeros();
    let t0 = Instant::now();
    for t in 0..S {
        logits = net.step(
            &mut state,
            &SMatrix::<f32, C, 1>::from_column_slice(first.x.column(t).as_slice()),
        );
    }
    let per_frame = t0.elapsed().as_secs_f64() * 1e9 / S as f64;
    let whole = net.forward(&first.x);
    // The same recurrent arithmetic; the dense head sums in another order for one column than
    // for a block of columns, so the last bits may differ.
    for (a, b) in logits.iter().zip(whole.column(S - 1).iter()) {
        assert!(
            (a - b).abs() <= 1e-5 * b.abs().max(1.0),
            "streamed {a} vs whole {b}"
        );
    }
    println!(
        "streamed test {case} 0 frame by frame ({per_frame:.0} ns per frame, {} bytes of state): {} (true: {})",
        <N as Layer<f32, C>>::STATE_BYTES,
        problem.classes[logits.argmax().0],
        problem.classes[first.target[0]]
    );
    on_test.metric
}
