//! Fisher's iris: a 4-16-3 network, softmax cross-entropy, Adam, on a fixed seeded 80/20 split.
//!
//! The features are standardised with the training set's means and deviations. The network is
//! trained on the 120 training samples and tested once on the 30 held-out ones; 30 test samples
//! make each error worth 3.3 points, so the example also runs a stratified 5-fold
//! cross-validation over all 150 samples (each fold standardised on its own training part) and
//! prints its mean and spread, then sweeps Adam's learning rate, scoring each rate by the same
//! cross-validation, on every core. Writes the training curves to `target/iris-training.svg`. Requires a test accuracy of at least 95 %.
//!
//! Run: `cargo run --release --example iris`

use std::time::Instant;

use constnet::data::{parse_csv, CsvOptions, Header, Standardizer};
use constnet::init::Init;
use constnet::io::bytes::classes_len;
use constnet::io::{bytes_classes, load_bytes, to_bytes_with_classes, Bytes};
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{
    confusion_matrix, cross_validate, cross_validate_parallel, evaluate, fit, mean_and_std,
    predict, predict_proba, print_progress, split, stratify_folds, sweep_parallel, ConfusionMatrix,
    FitConfig, Fold, Metric,
};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<4, 16>, Tanh, Dense<16, 3>);
/// The network behind the standardiser, as deployed: it takes raw measurements.
type Deployed = (Standardize<4>, Net);

/// The default learning rate; the sweep below tries others.
const LR: f64 = 0.01;

fn new_net(seed: u64, lr: f64) -> (Net, Adam<Net>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let net = Net::default().initialized(Init::XAVIER_UNIFORM, &mut rng);
    let adam = Adam::new(
        &net,
        AdamConfig {
            lr,
            ..Default::default()
        },
    );
    (net, adam)
}

/// One cross-validation fold's model: the fold standardised with its own training part's
/// statistics (nothing of the held-out fold leaks into training), then a fresh network.
fn fold_model(
    lr: f64,
) -> impl Fn(Fold<'_, Sample<f32, 4, usize>>) -> (Net, Adam<Net>) + Sync + Copy {
    move |fold| {
        let scaler = Standardizer::fit(fold.train).expect("finite features");
        scaler.apply(fold.train);
        scaler.apply(fold.val);
        new_net(fold.index as u64, lr)
    }
}

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/iris.csv"
    ))
    .expect("examples/data/iris.csv is readable");
    let mut all = [Sample::new([0.0f32; 4], 0usize); 150];
    // scikit-learn's header: 150 samples, 4 features, the three species' names.
    let read = parse_csv(
        &text,
        CsvOptions::<3>::new().header(Header::Sklearn),
        &mut all,
    )
    .unwrap_or_else(|e| panic!("iris.csv: {e}"));
    assert_eq!(read.samples.len(), 150);
    let species = read.names.map(|n| n.unwrap_or("?"));
    let epochs = 100;
    let config = FitConfig::<16> {
        epochs,
        seed: 5,
        metric: Metric::Accuracy,
        ..FitConfig::default()
    };

    // Stratified 5-fold cross-validation over all samples, each fold standardised on its own.
    let mut cv = all;
    let mut scratch = cv;
    stratify_folds::<_, 5>(&mut cv, &mut scratch, 99);
    let make = fold_model(LR);
    let start = Instant::now();
    let folds: [_; 5] =
        cross_validate(&cv, &mut scratch, &CrossEntropy, config, make).expect("training diverged");
    let serial = start.elapsed();
    // The same folds on every core: the same evaluations, bit for bit.
    let start = Instant::now();
    let parallel: [_; 5] =
        cross_validate_parallel(&cv, &CrossEntropy, config, make).expect("training diverged");
    let on_all_cores = start.elapsed();
    assert_eq!(
        parallel, folds,
        "parallel folds differ from the serial ones"
    );
    println!(
        "cross-validation: {:.1} ms serial, {:.1} ms in parallel on {} cores (identical folds)",
        serial.as_secs_f64() * 1e3,
        on_all_cores.as_secs_f64() * 1e3,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let (mean, std) = mean_and_std(&folds);
    println!(
        "5-fold cross-validation accuracy: {:.1} % ± {:.1} %",
        100.0 * mean,
        100.0 * std
    );

    // A learning-rate sweep, each rate scored by the same stratified 5-fold cross-validation,
    // the rates on every core: the same scores as one after another, bit for bit.
    let rates = [0.001f64, 0.003, 0.01, 0.03, 0.1];
    let score = |&lr: &f64| {
        let mut scratch = cv;
        let folds: [_; 5] =
            cross_validate(&cv, &mut scratch, &CrossEntropy, config, fold_model(lr))
                .expect("training diverged");
        mean_and_std(&folds)
    };
    let start = Instant::now();
    let serial_scores = rates.each_ref().map(score);
    let serial = start.elapsed();
    let start = Instant::now();
    let scores = sweep_parallel(&rates, score);
    let on_all_cores = start.elapsed();
    assert_eq!(
        scores, serial_scores,
        "the parallel sweep differs from the serial one"
    );
    println!(
        "learning-rate sweep: {:.1} ms serial, {:.1} ms in parallel (identical scores)",
        serial.as_secs_f64() * 1e3,
        on_all_cores.as_secs_f64() * 1e3
    );
    for (lr, (mean, std)) in rates.iter().zip(scores) {
        println!(
            "  Adam lr {lr}: 5-fold accuracy {:.1} % ± {:.1} %",
            100.0 * mean,
            100.0 * std
        );
    }

    // The fixed split: 120 for training, 30 for the test.
    let (train, test) = split(&mut all, 0.2, 1);
    let scaler = Standardizer::fit(train).expect("finite features");
    scaler.apply(train);
    scaler.apply(test);
    let (mut net, mut adam) = new_net(11, LR);
    // The test set is evaluated after every epoch for the training curve only: no early stopping
    // or schedule watches it, so nothing is chosen on it (and training is the same without it).
    let report = fit(
        &mut net,
        &mut adam,
        &CrossEntropy,
        train,
        &*test,
        config,
        print_progress(20, epochs),
    )
    .expect("training diverged");
    let svg = concat!(env!("CARGO_MANIFEST_DIR"), "/target/iris-training.svg");
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/target")).expect("target/");
    report
        .history
        .plot_svg(svg, "iris: 4-16-3, Adam", "accuracy")
        .expect("the training curve is written");
    println!("training curve: {svg}");
    let result =
        evaluate(&net, &CrossEntropy, &*test, Metric::Accuracy).expect("a set that is not empty");
    println!(
        "test: {} samples, loss {:.4}, accuracy {:.1} %",
        result.samples,
        result.loss,
        100.0 * result.metric
    );
    assert!(
        result.metric >= 0.95,
        "test accuracy {} below 95 %",
        result.metric
    );
    let matrix: ConfusionMatrix<3> =
        confusion_matrix(&net, &CrossEntropy, &*test).expect("a set that is not empty");
    println!("test confusion matrix (rows: true species, columns: predicted):\n{matrix}");
    // Deployed: the standardiser as the first layer, so the network takes raw measurements
    // (and its statistics are saved with the weights).
    let deployed = (Standardize::from(&scaler), net);
    let flower = [5.9, 3.0, 5.1, 1.8];
    let p = predict_proba(&deployed, &CrossEntropy, &flower);
    println!(
        "a flower of 5.9, 3.0, 5.1, 1.8 cm: {} (probabilities {:.3} {:.3} {:.3})",
        species[predict(&deployed, &CrossEntropy, &flower)],
        p[0],
        p[1],
        p[2]
    );
    // Saved as bytes with the species' names after the weights, and loaded back.
    let mut saved = vec![0u8; <Deployed as Bytes<f32>>::BYTES + classes_len(&species)];
    let n = to_bytes_with_classes(&deployed, &species, &mut saved).expect("room for the model");
    let mut loaded = Deployed::default();
    load_bytes(&mut loaded, &saved[..n]).expect("the bytes just written");
    let names: Vec<&str> = bytes_classes(&saved[..n]).expect("names").collect();
    println!(
        "saved as {n} bytes with its class names; loaded back it predicts {}",
        names[predict(&loaded, &CrossEntropy, &flower)]
    );
    assert_eq!(names, species);
}
