//! BasicMotions (UEA archive): a smart watch's 3-D accelerometer and 3-D gyroscope, 10 Hz for
//! 10 s, while four students stood, walked, ran and played badminton. 40 training and 40 test
//! recordings of 6 channels × 100 steps, 4 classes.
//!
//! A GRU of 16 units reads each recording step by step, its hidden vectors are max-pooled over
//! time (`MaxOverTime`, whose last step is the maximum over the whole recording) and a dense
//! layer classifies the pooled vector (`LastStep(CrossEntropy)`). Channels are standardised with
//! the training set's statistics. Trained with `fit` on whole sequences (backpropagation through
//! time over 100 steps), Adam, gradient clipping by norm, 8 sequences per batch. Prints the test
//! accuracy and requires at least 95 %; then streams one test recording frame by frame, as a
//! watch would, and checks the streamed prediction against the whole-sequence one.
//!
//! Run: `cargo run --release --example motion` (`-- --seed N` for another initialisation).

use constnet::prelude::*;

#[path = "common/classify.rs"]
mod classify;

type Net = (Gru<6, 16>, MaxOverTime, Dense<16, 4>);

fn main() {
    let accuracy = classify::run::<Net, 6, 100, 4>(&classify::Problem {
        files: ["BasicMotions_TRAIN.ts", "BasicMotions_TEST.ts"],
        classes: &["Standing", "Running", "Walking", "Badminton"],
        case: "recording",
    });
    assert!(accuracy >= 0.95, "test accuracy {accuracy} below 95 %");
}
