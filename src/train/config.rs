//! What [`fit`](super::fit) is configured with: batching of the remainder, clipping, the metric,
//! early stopping and the schedule.

use crate::optim::schedule::Constant;

/// What to do with the samples left over when the training set is not a multiple of the batch
/// size (see the [module docs](super)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LastBatch {
    /// Run the left-over samples as one smaller batch (by gradient accumulation at batch size 1).
    #[default]
    Accumulate,
    /// Skip them this epoch.
    Drop,
}

/// Gradient clipping applied before every optimizer step.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Clip {
    /// No clipping.
    #[default]
    None,
    /// Clamp every gradient to `[−c, c]` ([`clip_grad_value`](crate::optim::clip_grad_value)).
    Value(f64),
    /// Scale the gradients to a global norm of at most `c` ([`clip_grad_norm`](crate::optim::clip_grad_norm)).
    Norm(f64),
}

/// The metric reported per epoch besides the loss.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    /// None (reported as NaN).
    #[default]
    None,
    /// Fraction of samples predicted correctly (classification; see [`LabelFor::is_correct`](super::LabelFor::is_correct)): the
    /// arg-max of several outputs, or a single output read as a probability (above 0.5).
    Accuracy,
    /// As `Accuracy`, with a single output read as a logit (above 0), for
    /// [`BceWithLogits`](crate::BceWithLogits).
    LogitAccuracy,
    /// Mean squared error over all outputs (regression).
    Mse,
    /// Mean absolute error over all outputs (regression).
    Mae,
}

impl Metric {
    /// Whether a larger value is better.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Metric::Accuracy | Metric::LogitAccuracy)
    }
}

/// Which value early stopping watches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Monitor {
    /// The validation loss (lower is better).
    #[default]
    ValLoss,
    /// The validation metric (higher is better for accuracy, lower for errors).
    ValMetric,
}

/// Early stopping: stop when the monitored value has not improved by more than `min_delta` for
/// `patience` epochs in a row (Keras's `EarlyStopping` rule; the defaults differ from Keras's:
/// patience 10 rather than 0, and the best weights restored). A NaN value never counts as an
/// improvement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStopping {
    /// The value watched.
    pub monitor: Monitor,
    /// Epochs without improvement before stopping.
    pub patience: usize,
    /// The smallest change that counts as an improvement.
    pub min_delta: f64,
    /// Put back the weights of the best epoch when training ends.
    pub restore_best: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        Self {
            monitor: Monitor::ValLoss,
            patience: 10,
            min_delta: 0.0,
            restore_best: true,
        }
    }
}

/// Configuration of [`fit`](super::fit); `B` is the batch size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitConfig<const B: usize, S = Constant> {
    /// The maximum number of epochs.
    pub epochs: usize,
    /// Seed of the generator that shuffles the training set every epoch.
    pub seed: u64,
    /// Whether to shuffle the training set every epoch.
    pub shuffle: bool,
    /// What to do with a last partial batch.
    pub last_batch: LastBatch,
    /// Gradient clipping before each step.
    pub clip: Clip,
    /// L1 penalty `λ Σ|W|` on the weight matrices (0 disables it).
    pub l1: f64,
    /// The metric reported besides the loss.
    pub metric: Metric,
    /// Early stopping, if any.
    pub early_stopping: Option<EarlyStopping>,
    /// The learning-rate schedule, asked once per epoch with the validation loss of the previous
    /// epoch (the training loss when there is no validation set).
    pub schedule: S,
}

impl<const B: usize> Default for FitConfig<B, Constant> {
    fn default() -> Self {
        Self {
            epochs: 10,
            seed: 0,
            shuffle: true,
            last_batch: LastBatch::Accumulate,
            clip: Clip::None,
            l1: 0.0,
            metric: Metric::None,
            early_stopping: None,
            schedule: Constant,
        }
    }
}
