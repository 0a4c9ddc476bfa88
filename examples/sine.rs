//! Regression of sin(x) on [−π, π] with a 1-16-16-1 tanh network, Adam and mini-batches.
//!
//! Trains with the `fit` loop on 256 evenly spaced points, validates on 100 points between them,
//! and requires a validation MSE ≤ 1e-3.
//!
//! Run: `cargo run --release --example sine`. With `-- --export PATH`, it also writes the
//! trained network as Rust source (a `static` for firmware; see `examples/cortex-m`).

use constnet::init::Init;
use constnet::optim::schedule::CosineAnnealing;
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, print_progress, Clip, FitConfig, LastBatch, Metric, Sample};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Net = (Dense<1, 16>, Tanh, Dense<16, 16>, Tanh, Dense<16, 1>);

const PI: f32 = core::f32::consts::PI;

fn main() {
    let mut train: [Sample<f32, 1, [f32; 1]>; 256] = core::array::from_fn(|k| {
        let x = -PI + 2.0 * PI * k as f32 / 255.0;
        Sample::new([x], [x.sin()])
    });
    let val: [Sample<f32, 1, [f32; 1]>; 100] = core::array::from_fn(|k| {
        let x = -PI + 2.0 * PI * (k as f32 + 0.5) / 100.0;
        Sample::new([x], [x.sin()])
    });

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let mut net = Net::default().initialized(Init::XAVIER_UNIFORM, &mut rng);
    let mut adam = Adam::new(
        &net,
        AdamConfig {
            lr: 0.01,
            ..Default::default()
        },
    );
    let epochs = 600;
    let config = FitConfig::<16, CosineAnnealing> {
        epochs,
        seed: 1,
        shuffle: true,
        last_batch: LastBatch::Accumulate,
        clip: Clip::None,
        l1: 0.0,
        metric: Metric::Mse,
        early_stopping: None,
        schedule: CosineAnnealing {
            t_max: epochs,
            eta_min: 1e-4,
        },
    };
    let report = fit(
        &mut net,
        &mut adam,
        &Mse,
        &mut train,
        &val,
        config,
        print_progress(100, epochs),
    )
    .expect("training diverged");

    for x in [-3.0f32, -1.5, 0.0, 0.5, 2.0] {
        let y = net.forward(&constnet::nalgebra::SMatrix::<f32, 1, 1>::new(x))[0];
        println!("sin({x:>4}) = {:>8.5}   network {y:>8.5}", x.sin());
    }
    let mse = report.last.val_metric;
    println!("validation MSE {mse:.2e} after {} epochs", report.epochs);
    assert!(mse <= 1e-3, "validation MSE {mse} above 1e-3");

    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--export") {
        let path = args.get(k + 1).expect("--export needs a path");
        let src = constnet::io::to_rust_source(&net, "MODEL", "Net")
            .expect("every layer has a const form");
        std::fs::write(path, src).expect("the export path is writable");
        println!("wrote {path}");
    }
}
