//! Why training stops with an error.

use core::fmt;

use crate::optim::ConfigError;

/// Which value became non-finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Divergence {
    /// The loss of a batch.
    Loss,
    /// A gradient (the global gradient norm).
    Gradient,
}

/// Which data set an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSet {
    /// The training set given to [`fit`](super::fit) (or the data of
    /// [`cross_validate`](super::cross_validate)).
    Training,
    /// The validation set given to [`fit`](super::fit).
    Validation,
    /// The data given to [`evaluate`](super::evaluate).
    Evaluated,
}

impl fmt::Display for DataSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataSet::Training => "training",
            DataSet::Validation => "validation",
            DataSet::Evaluated => "evaluated",
        })
    }
}

/// Why training (or evaluation) stopped with an error.
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
    /// [`evaluate`](super::evaluate) was given no samples (a mean over none is not a number).
    NoEvaluationData,
    /// The optimizer's or the loop's configuration cannot train as asked (checked before the
    /// first epoch; the learning rate a schedule sets, before each epoch). Nothing was trained.
    Config(ConfigError),
    /// A class label is not below the network's number of outputs (checked on the whole set
    /// before training or evaluating; nothing was trained).
    Label {
        /// The set holding the sample.
        set: DataSet,
        /// The sample's index in the slice as given.
        sample: usize,
        /// The label.
        label: usize,
        /// The number of classes (the network's outputs).
        classes: usize,
    },
}

impl From<ConfigError> for TrainError {
    fn from(e: ConfigError) -> Self {
        TrainError::Config(e)
    }
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
            TrainError::NoEvaluationData => write!(f, "there are no samples to evaluate"),
            TrainError::Config(e) => write!(f, "{e}"),
            TrainError::Label {
                set,
                sample,
                label,
                classes,
            } => write!(
                f,
                "{set} sample {sample} has class label {label}, but the network has {classes} \
                 outputs (labels 0..{classes})"
            ),
        }
    }
}

impl core::error::Error for TrainError {}
