//! The guitar-effect model trained on the host (`cargo run --release --example amp -- --export
//! examples/cortex-m/src/amp_model.rs`): a GRU of 8 units and a dense output added to the input,
//! as a `static` in flash, streamed one sample at a time with its state in RAM.

use constnet::{Dense, Gru, Residual};

/// `x + dense(gru(x))`.
pub type Amp = Residual<(Gru<1, 8>, Dense<8, 1>)>;

include!("amp_model.rs");

/// The samples the streaming firmware processes (and the host compares): a decaying, rough
/// plucked-string-like waveform (arithmetic only, so that host and device compute the same bits).
pub fn input(t: usize) -> f32 {
    let saw = ((t * 37) % 64) as f32 / 32.0 - 1.0;
    let decay = 1.0 - t as f32 / SAMPLES as f32;
    0.5 * saw * decay
}

/// Samples streamed.
pub const SAMPLES: usize = 64;
