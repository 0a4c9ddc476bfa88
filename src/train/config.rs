//! What [`fit`](super::fit) is configured with: batching of the remainder, clipping, the metric,
//! early stopping and the schedule.

use crate::optim::schedule::Constant;
use crate::optim::{check, ConfigError, Range};

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
    /// arg-max of several outputs, or a single output above the threshold the loss implies: 0
    /// for a loss on logits ([`BceWithLogits`](crate::BceWithLogits), see
    /// [`Loss::LOGITS`](crate::loss::Loss::LOGITS)), ½ otherwise (a probability).
    Accuracy,
    /// As `Accuracy`, with a single output read as a logit (above 0) whatever the loss says (for
    /// a custom loss on logits that does not set [`Loss::LOGITS`](crate::loss::Loss::LOGITS)).
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

impl<const B: usize, S> FitConfig<B, S> {
    /// The same configuration with another learning-rate schedule (the other fields kept):
    /// `FitConfig::<32>::default().with_schedule(CosineAnnealing { .. })`.
    pub fn with_schedule<S2>(self, schedule: S2) -> FitConfig<B, S2> {
        FitConfig {
            epochs: self.epochs,
            seed: self.seed,
            shuffle: self.shuffle,
            last_batch: self.last_batch,
            clip: self.clip,
            l1: self.l1,
            metric: self.metric,
            early_stopping: self.early_stopping,
            schedule,
        }
    }

    /// Checks the fields that can make training silently wrong: a clipping threshold finite and
    /// above 0, `l1` finite and at least 0, early stopping's `patience` at least 1 and
    /// `min_delta` finite and at least 0, and a metric computed when early stopping watches it.
    /// [`fit`](super::fit) calls it (and refuses a watched metric without a validation set).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first field at fault.
    pub fn check(&self) -> Result<(), ConfigError> {
        const {
            assert!(B > 0, "the batch size of a `FitConfig` must be at least 1");
        }
        match self.clip {
            Clip::None => {}
            Clip::Value(c) => check("Clip::Value", c, Range::Positive)?,
            Clip::Norm(c) => check("Clip::Norm", c, Range::Positive)?,
        }
        check("FitConfig::l1", self.l1, Range::NonNegative)?;
        if let Some(es) = self.early_stopping {
            check(
                "EarlyStopping::patience",
                es.patience as f64,
                Range::AtLeastOne,
            )?;
            check("EarlyStopping::min_delta", es.min_delta, Range::NonNegative)?;
            if es.monitor == Monitor::ValMetric && self.metric == Metric::None {
                return Err(ConfigError::MonitorNotComputed);
            }
        }
        Ok(())
    }
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
