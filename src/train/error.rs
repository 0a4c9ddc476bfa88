//! Why training stops with an error.

use core::fmt;

/// Which value became non-finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Divergence {
    /// The loss of a batch.
    Loss,
    /// A gradient (the global gradient norm).
    Gradient,
}

/// Why training stopped with an error.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum TrainError {
    /// The loss or a gradient became NaN or infinite. No optimizer step was taken from the
    /// failing batch (batch normalisation's running statistics were already updated by its
    /// forward pass; earlier steps may have left very large parameters).
    Diverged {
        /// The epoch (0-based).
        epoch: usize,
        /// The batch within the epoch (0-based).
        step: usize,
        /// What became non-finite.
        cause: Divergence,
        /// The offending value.
        value: f64,
    },
    /// The training set is empty (or, with [`LastBatch::Drop`](super::LastBatch::Drop), smaller than one batch).
    NoTrainingData,
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Diverged {
                epoch,
                step,
                cause,
                value,
            } => {
                let what = match cause {
                    Divergence::Loss => "the loss",
                    Divergence::Gradient => "the gradient norm",
                };
                write!(
                    f,
                    "training diverged at epoch {epoch}, step {step}: {what} is {value}; \
                     lower the learning rate, clip gradients or check the data"
                )
            }
            TrainError::NoTrainingData => write!(f, "the training set holds no complete batch"),
        }
    }
}

impl core::error::Error for TrainError {}
