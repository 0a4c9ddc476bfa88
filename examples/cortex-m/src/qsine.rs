//! An int8 sine network, 1-16-16-1 with ReLU (the shape of TensorFlow Lite Micro's `hello_world`
//! model), as TensorFlow's converter quantized it (`tests/fixtures/quant/sine_pt.tflite`, loaded
//! by `constnet::io::tflite` and written as a `static` by the host test
//! `quant::tflite::firmware_int8_sine_model_is_the_tflite_file`): integers only, no floating
//! point.

use constnet::quant::QDense;

/// 1-16-16-1, ReLU fused into the first two layers' clamps.
pub type Net = (QDense<1, 16>, QDense<16, 16>, QDense<16, 1>);

include!("qsine_model.rs");

/// The int8 inputs the firmware evaluates (and the host compares).
pub const INPUTS: [i8; 9] = [-128, -100, -60, -20, 0, 20, 60, 100, 127];
