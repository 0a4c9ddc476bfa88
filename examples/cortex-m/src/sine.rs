//! The sine regression network trained on the host (`cargo run --release --example sine --
//! --export examples/cortex-m/src/sine_model.rs`), as a `static` in flash.

use constnet::{Dense, Tanh};

/// 1-16-16-1, tanh.
pub type Net = (Dense<1, 16>, Tanh, Dense<16, 16>, Tanh, Dense<16, 1>);

include!("sine_model.rs");

/// The inputs the inference firmware evaluates (and the host compares).
pub const INPUTS: [f32; 9] = [-3.1, -2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.0, 3.1];
