//! MLPerf Tiny's anomaly-detection autoencoder (AD01) in int8: the inputs the firmware evaluates
//! (shared with the host test, which runs the same `.tflite` through `constnet::io::tflite`).
//!
//! The model is `tests/fixtures/quant/ad01.tflite` (TensorFlow's converter, full-integer, per-
//! channel weights; TFLite Micro's outputs for it are the fixture beside it), written as a
//! `static` by the firmware's build script ([`model`], firmware only).

include!("ad01_net.rs");

/// How many inputs the firmware evaluates.
pub const INPUTS: usize = 2;

/// Input `k`: 640 int8 values (5 frames of 128 log-mel bins), a smooth seeded pattern.
pub fn input(k: usize) -> [i8; 640] {
    let mut s = 0x2545_f491u32 ^ (k as u32).wrapping_mul(0x9e37_79b9);
    core::array::from_fn(|j| {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        let bin = (j % 128) as i32;
        // A spectral tilt, a few harmonic bumps and noise, in int8.
        let tilt = 60 - bin;
        // (A period of 12 to 27, which the compiler sees is never 0: no division can panic.)
        let bump = if bin % (12 + (k % 16) as i32) < 3 {
            40
        } else {
            0
        };
        (tilt + bump + (s % 21) as i32 - 10).clamp(-128, 127) as i8
    })
}

/// Input `k` for the float model: [`input`]`(k)` over 32.
pub fn float_input(k: usize) -> [f32; 640] {
    input(k).map(|v| v as f32 / 32.0)
}

/// The model in flash, written by `build.rs` from the `.tflite` file.
#[cfg(target_os = "none")]
#[allow(clippy::type_complexity)] // the generated static spells the whole type out
pub mod model {
    include!(concat!(env!("OUT_DIR"), "/ad01_model.rs"));
}

/// The float model ([`FloatNet`]) in flash, written by `build.rs` (1.06 MB of weights).
#[cfg(target_os = "none")]
#[allow(clippy::type_complexity)]
pub mod float_model {
    use super::FloatNet;
    include!(concat!(env!("OUT_DIR"), "/ad01_float_model.rs"));
}
