//! JapaneseVowels (UEA archive): nine male speakers uttering the vowels /ae/, 12 LPC cepstrum
//! coefficients per frame; the archive's equal-length version, padded to 25 frames. 270
//! training and 370 test utterances, 9 classes (the speaker).
//!
//! A GRU of 32 units reads each utterance frame by frame, its hidden vectors are max-pooled over
//! time (`MaxOverTime`) and a dense layer classifies the pooled vector (`LastStep(CrossEntropy)`).
//! Channels are standardised with the training set's statistics. Trained with `fit` on whole
//! sequences, Adam, gradient clipping by norm, 8 sequences per batch. Prints the test accuracy
//! and requires at least 95 %; then streams one test utterance frame by frame, as live speaker
//! identification would, and checks the streamed prediction against the whole-sequence one.
//!
//! Run: `cargo run --release --example vowels` (`-- --seed N` for another initialisation).

use constnet::prelude::*;

#[path = "common/classify.rs"]
mod classify;

type Net = (Gru<12, 32>, MaxOverTime, Dense<32, 9>);

fn main() {
    let accuracy = classify::run::<Net, 12, 25, 9>(&classify::Problem {
        files: ["JapaneseVowels_eq_TRAIN.ts", "JapaneseVowels_eq_TEST.ts"],
        classes: &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
        case: "utterance",
    });
    assert!(accuracy >= 0.95, "test accuracy {accuracy} below 95 %");
}
