//! XOR trained from a seeded initialisation with the library's `fit` loop: the same code runs on
//! the device and, in the host tests, on the desktop.

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::optim::{Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig, Metric, Sample};
use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;

/// 2-4-1, tanh then sigmoid.
pub type Net = (Dense<2, 4>, Tanh, Dense<4, 1>, Sigmoid);

/// Epochs of full-batch training.
pub const EPOCHS: usize = 1500;

/// The four cases, one batch.
pub const DATA: [Sample<f32, 2, [f32; 1]>; 4] = [
    Sample::new([0.0, 0.0], [0.0]),
    Sample::new([0.0, 1.0], [1.0]),
    Sample::new([1.0, 0.0], [1.0]),
    Sample::new([1.0, 1.0], [0.0]),
];

/// The network initialised from seed 42 and its optimizer (SGD, learning rate 0.5, momentum 0.9).
pub fn start() -> (Net, Sgd<Net>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let net = Net::default().initialized(Init::XAVIER_UNIFORM, &mut rng);
    let sgd = Sgd::new(
        &net,
        SgdConfig {
            lr: 0.5,
            momentum: 0.9,
            ..SgdConfig::default()
        },
    );
    (net, sgd)
}

/// Trains XOR for [`EPOCHS`] from [`start`] and returns the final training loss and the four
/// predictions for (0,0), (0,1), (1,0), (1,1).
pub fn train() -> (f32, [f32; 4]) {
    train_for(EPOCHS)
}

/// As [`train`], for `epochs` epochs.
pub fn train_for(epochs: usize) -> (f32, [f32; 4]) {
    let (mut net, mut sgd) = start();
    let mut data = DATA;
    let none: [Sample<f32, 2, [f32; 1]>; 0] = [];
    let config = FitConfig::<4> {
        epochs,
        shuffle: false,
        metric: Metric::Accuracy,
        ..FitConfig::default()
    };
    let report = match fit(
        &mut net,
        &mut sgd,
        &BinaryCrossEntropy,
        &mut data,
        &none[..],
        config,
        |_| {},
    ) {
        Ok(r) => r,
        Err(_) => return (f32::NAN, [f32::NAN; 4]),
    };
    let y = net.forward(&inputs());
    (report.last.train_loss as f32, [y[0], y[1], y[2], y[3]])
}

/// The four inputs as one batch (columns).
pub fn inputs() -> SMatrix<f32, 2, 4> {
    SMatrix::from_fn(|r, c| DATA[c].x[r])
}
