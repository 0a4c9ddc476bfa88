//! Code generic over networks and datasets: one function trains any network on any labelled
//! dataset with any loss and returns its test score, and another classifies with any network.
//!
//! The bounds are the two a user writes: `Network<T, I, O>` ("a network from `I` inputs to `O`
//! outputs of scalar `T`") and `Trainable<N, L, B>` ("these samples train network `N` with loss
//! `L` in batches of `B`"). Everything else — the optimizer, the initialiser, `fit`, `evaluate` —
//! follows from them. The same function then trains three architectures on Fisher's iris and a
//! regression network on a sine; a mistake in a call (labels of the wrong kind for the loss, a
//! network of the wrong input width) is a compile error in the caller's words.
//!
//! Run: `cargo run --release --example generic`

use constnet::data::{parse_csv, CsvOptions, Header, Standardizer};
use constnet::init::Init;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{evaluate, fit, split, FitConfig, Metric};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

/// Trains `net` (Xavier-initialised from `seed`) with Adam on `train`, and returns its metric on
/// `test`: for any network from `I` features to `O` outputs, any samples `S` and any loss `L`
/// that trains such a network on such samples.
///
/// The samples are a type parameter `S` of their own (not `Sample<f32, I, Y>`), so that rustc
/// learns their type from the data and checks it against the network: a network of the wrong
/// input width is then reported as the layer that cannot take the samples' features.
fn train_and_score<N, L, S, const I: usize, const O: usize>(
    net: N,
    loss: &L,
    train: &mut [S],
    test: &[S],
    metric: Metric,
    seed: u64,
) -> f64
where
    N: Network<f32, I, O>,
    S: Trainable<N, L, 16>,
{
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut net = net.initialized(Init::XAVIER_UNIFORM, &mut rng);
    let mut adam = Adam::new(
        &net,
        AdamConfig {
            lr: 0.01,
            ..Default::default()
        },
    );
    let config = FitConfig::<16> {
        epochs: 150,
        seed,
        metric,
        ..FitConfig::default()
    };
    fit(&mut net, &mut adam, loss, train, &[], config, |_| {}).expect("training diverged");
    evaluate(&net, loss, test, &config)
        .expect("the test set is not empty")
        .metric
}

/// The predicted class of one sample, for any classifier of `I` features into `K` classes.
fn classify<N: Network<f32, I, K>, const I: usize, const K: usize>(net: &N, x: [f32; I]) -> usize {
    net.forward(&SMatrix::<f32, I, 1>::from(x)).argmax().0
}

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/iris.csv"
    ))
    .expect("examples/data/iris.csv is readable");
    let mut all = [Sample::new([0.0f32; 4], 0usize); 150];
    let read = parse_csv(
        &text,
        CsvOptions::<3>::new().header(Header::Sklearn),
        &mut all,
    )
    .unwrap_or_else(|e| panic!("iris.csv: {e}"));
    assert_eq!(read.samples.len(), 150);
    let (train, test) = split(&mut all, 0.2, 1);
    let scaler = Standardizer::fit(train).expect("finite features");
    scaler.apply(train);
    scaler.apply(test);

    // One function, three architectures.
    let small = train_and_score(
        (Dense::<4, 8>::zeros(), Tanh, Dense::<8, 3>::zeros()),
        &CrossEntropy,
        &mut train.to_vec(),
        test,
        Metric::Accuracy,
        3,
    );
    let deep = train_and_score(
        (
            Dense::<4, 16>::zeros(),
            ReLU,
            Dense::<16, 16>::zeros(),
            ReLU,
            Dense::<16, 3>::zeros(),
        ),
        &CrossEntropy,
        &mut train.to_vec(),
        test,
        Metric::Accuracy,
        3,
    );
    // The same data as one-hot rows, with the loss that takes probabilities.
    let onehot = |s: &Sample<f32, 4, usize>| {
        let mut y = [0.0f32; 3];
        y[s.y] = 1.0;
        Sample::new(s.x, y)
    };
    let mut train_p: Vec<_> = train.iter().map(onehot).collect();
    let test_p: Vec<_> = test.iter().map(onehot).collect();
    let prob = train_and_score(
        (Dense::<4, 16>::zeros(), Tanh, Dense::<16, 3>::zeros()),
        &CrossEntropyProb,
        &mut train_p,
        &test_p,
        Metric::Accuracy,
        3,
    );
    println!(
        "iris test accuracy: 4-8-3 tanh {:.1} %, 4-16-16-3 ReLU {:.1} %, 4-16-3 one-hot {:.1} %",
        100.0 * small,
        100.0 * deep,
        100.0 * prob
    );
    for acc in [small, deep, prob] {
        assert!(acc >= 0.9, "iris test accuracy {acc} below 90 %");
    }

    // Regression with the same function: y = sin(x) on [-3, 3].
    let mut wave: Vec<_> = (0..200)
        .map(|k| {
            let x = -3.0 + 6.0 * k as f32 / 199.0;
            Sample::new([x], [x.sin()])
        })
        .collect();
    let (wave_train, wave_test) = split(&mut wave, 0.2, 2);
    let mse = train_and_score(
        (
            Dense::<1, 16>::zeros(),
            Tanh,
            Dense::<16, 16>::zeros(),
            Tanh,
            Dense::<16, 1>::zeros(),
        ),
        &Mse,
        wave_train,
        wave_test,
        Metric::Mse,
        4,
    );
    println!("sine test MSE: {mse:.2e}");
    assert!(mse < 1e-2, "sine test MSE {mse} above 1e-2");

    // Generic inference: any 4-feature, 3-class network.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros())
        .initialized(Init::XAVIER_UNIFORM, &mut rng);
    let class = classify(&net, test[0].x);
    assert!(class < 3);
    println!("an untrained 4-8-3 network puts the first test flower in class {class}");
}
