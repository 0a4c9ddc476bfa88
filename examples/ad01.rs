//! MLPerf Tiny's anomaly-detection autoencoder (AD01), trained in constnet and quantized to int8.
//!
//! The architecture of the MLPerf Tiny reference training script (`keras_model.get_model`):
//! 640 inputs (5 frames of 128 log-mel bins), Dense 128 + BatchNorm + ReLU four times, a
//! bottleneck of 8, four more, and a linear Dense 640. The data are synthetic spectrogram
//! frames (a spectral tilt, a few harmonics of a slowly varying fundamental, noise); the
//! anomalous frames have their harmonics shifted off the usual series. The anomaly score is the
//! reconstruction's mean squared error, as in the benchmark.
//!
//! Trains for a few epochs with Adam, quantizes with post-training quantization (calibrated on
//! 200 training frames; batch normalisation folded, ReLU fused), and prints the float and int8
//! reconstruction errors and ROC AUCs. Requires the int8 AUC within 0.02 of the float one.
//!
//! Run: `cargo run --release --example ad01` (`-- --quick` for fewer samples and epochs).

use constnet::init::Init;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::quant::{quantize, QuantOptions};
use constnet::train::{fit, FitConfig, Metric, Sample};
use rand::{rngs::Xoshiro256PlusPlus, RngExt, SeedableRng};

type Block<const I: usize, const O: usize> = (Dense<I, O>, BatchNorm<O>, ReLU);
type Net = (
    (
        Block<640, 128>,
        Block<128, 128>,
        Block<128, 128>,
        Block<128, 128>,
    ),
    Block<128, 8>,
    (
        Block<8, 128>,
        Block<128, 128>,
        Block<128, 128>,
        Block<128, 128>,
    ),
    Dense<128, 640>,
);

/// A frame of 640 values: five 128-bin log-mel-like frames.
fn frame(rng: &mut Xoshiro256PlusPlus, anomalous: bool) -> [f32; 640] {
    let tilt = rng.random_range(-0.02f32..-0.005);
    let f0 = rng.random_range(4.0f32..20.0);
    let period = rng.random_range(6.0f32..12.0);
    // Anomalies: the harmonics off the series (k·f0 + an offset that grows with k).
    let offset = if anomalous {
        rng.random_range(3.0f32..8.0)
    } else {
        0.0
    };
    let mut out = [0.0f32; 640];
    for t in 0..5 {
        for b in 0..128 {
            let bin = b as f32;
            let env = 1.0 + tilt * bin + 0.3 * (bin / period + t as f32 * 0.2).sin();
            let peaks: f32 = (1..6)
                .map(|k| {
                    let centre = k as f32 * f0 + offset * k as f32;
                    0.8 * (-0.5 * ((bin - centre) / 1.5).powi(2)).exp()
                })
                .sum();
            let noise = (rng.random::<f32>() - 0.5) * 0.35;
            out[t * 128 + b] = env + peaks + noise;
        }
    }
    out
}

fn mse(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| ((x - y) as f64).powi(2))
        .sum::<f64>()
        / a.len() as f64
}

/// ROC AUC of scores where `anomalous` are the positives (ties count one half).
fn auc(normal: &[f64], anomalous: &[f64]) -> f64 {
    let mut wins = 0.0;
    for a in anomalous {
        for n in normal {
            wins += if a > n {
                1.0
            } else if a == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (normal.len() * anomalous.len()) as f64
}

fn run() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n_train, epochs) = if quick { (512, 4) } else { (2048, 20) };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let mut train: Vec<Sample<f32, 640, [f32; 640]>> = (0..n_train)
        .map(|_| {
            let x = frame(&mut rng, false);
            Sample::new(x, x)
        })
        .collect();
    let normal: Vec<[f32; 640]> = (0..100).map(|_| frame(&mut rng, false)).collect();
    let anomalous: Vec<[f32; 640]> = (0..100).map(|_| frame(&mut rng, true)).collect();

    let mut net = Box::new(Net::zeroed().initialized(Init::PyTorch, &mut rng));
    let mut adam = Box::new(Adam::new(
        &*net,
        AdamConfig {
            lr: 1e-3,
            ..AdamConfig::default()
        },
    ));
    let config = FitConfig::<32, _> {
        epochs,
        metric: Metric::Mse,
        ..FitConfig::default()
    };
    let no_validation: [Sample<f32, 640, [f32; 640]>; 0] = [];
    let report = fit(
        &mut *net,
        &mut *adam,
        &Mse,
        &mut train,
        &no_validation[..],
        config,
        |r| println!("epoch {:>2}  train loss {:.4}", r.epoch, r.train_loss),
    )
    .expect("training converges");
    println!("trained {} epochs on {} frames", report.epochs, train.len());

    let score = |x: &[f32; 640]| {
        let y = net.forward(&SVector::<f32, 640>::from(*x));
        mse(y.as_slice(), x)
    };
    let float_normal: Vec<f64> = normal.iter().map(score).collect();
    let float_anomalous: Vec<f64> = anomalous.iter().map(score).collect();

    let calibration: Vec<[f32; 640]> = train.iter().take(200).map(|s| s.x).collect();
    let q = Box::new(quantize(&*net, &calibration, QuantOptions::default()).expect("quantizes"));
    let qscore = |x: &[f32; 640]| mse(&q.forward_f32(x), x);
    let int8_normal: Vec<f64> = normal.iter().map(qscore).collect();
    let int8_anomalous: Vec<f64> = anomalous.iter().map(qscore).collect();

    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (fa, qa) = (
        auc(&float_normal, &float_anomalous),
        auc(&int8_normal, &int8_anomalous),
    );
    println!(
        "float: reconstruction MSE {:.4} normal, {:.4} anomalous; ROC AUC {:.3}",
        mean(&float_normal),
        mean(&float_anomalous),
        fa
    );
    println!(
        "int8:  reconstruction MSE {:.4} normal, {:.4} anomalous; ROC AUC {:.3}",
        mean(&int8_normal),
        mean(&int8_anomalous),
        qa
    );
    assert!(
        (fa - qa).abs() <= 0.02,
        "int8 AUC {qa} is more than 0.02 from float {fa}"
    );
}

fn main() {
    // The float network, its gradients and Adam's moments are some 4 MB: a thread with room.
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}
