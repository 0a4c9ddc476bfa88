//! What training and evaluation report: per epoch, per run, per data set.

/// Loss and metric of a network on a dataset (inference mode).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// The mean loss over the samples.
    pub loss: f64,
    /// The metric (NaN for [`Metric::None`](super::Metric::None) or an empty set).
    pub metric: f64,
    /// Number of samples.
    pub samples: usize,
}

/// What one epoch did, passed to the progress callback.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochReport {
    /// The epoch (0-based).
    pub epoch: usize,
    /// The learning rate used in this epoch.
    pub lr: f64,
    /// The mean training loss over the epoch's batches (training mode, before each step;
    /// including any L1 penalty).
    pub train_loss: f64,
    /// The global gradient norm of the epoch's last step (before clipping).
    pub grad_norm: f64,
    /// The validation loss (NaN without a validation set).
    pub val_loss: f64,
    /// The validation metric (NaN without a validation set or metric).
    pub val_metric: f64,
    /// Optimizer steps taken this epoch.
    pub steps: usize,
    /// Samples trained on this epoch.
    pub samples: usize,
}

/// The outcome of [`fit`](super::fit).
#[derive(Clone, Debug, PartialEq)]
pub struct FitReport {
    /// Epochs run.
    pub epochs: usize,
    /// The report of the last epoch run.
    pub last: EpochReport,
    /// The best epoch by the early-stopping monitor (the last epoch without early stopping).
    pub best_epoch: usize,
    /// Whether early stopping (or the callback) ended training before `epochs`.
    pub stopped_early: bool,
    /// Whether the best epoch's weights were put back.
    pub restored_best: bool,
    /// Every epoch's report, in order (on std; without it, the callback sees each as it
    /// happens).
    #[cfg(feature = "std")]
    pub history: History,
}

/// Every epoch's report, in order, as [`fit`](super::fit) returns it on std
/// ([`FitReport::history`]): Keras's `History`. Its one allocation is made when training starts.
#[cfg(feature = "std")]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// The epochs' reports.
    pub epochs: std::vec::Vec<EpochReport>,
}

#[cfg(feature = "std")]
impl History {
    /// The training loss of each epoch.
    pub fn train_loss(&self) -> impl Iterator<Item = f64> + '_ {
        self.epochs.iter().map(|e| e.train_loss)
    }

    /// The validation loss of each epoch (NaN without a validation set).
    pub fn val_loss(&self) -> impl Iterator<Item = f64> + '_ {
        self.epochs.iter().map(|e| e.val_loss)
    }

    /// The validation metric of each epoch (NaN without a validation set or metric).
    pub fn val_metric(&self) -> impl Iterator<Item = f64> + '_ {
        self.epochs.iter().map(|e| e.val_metric)
    }

    /// The learning rate of each epoch.
    pub fn lr(&self) -> impl Iterator<Item = f64> + '_ {
        self.epochs.iter().map(|e| e.lr)
    }

    /// The number of epochs recorded.
    pub fn len(&self) -> usize {
        self.epochs.len()
    }

    /// Whether no epoch was recorded.
    pub fn is_empty(&self) -> bool {
        self.epochs.is_empty()
    }
}

/// The progress callback's answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Control {
    /// Go on training.
    #[default]
    Continue,
    /// Stop after this epoch.
    Stop,
}

impl From<()> for Control {
    fn from((): ()) -> Self {
        Control::Continue
    }
}
