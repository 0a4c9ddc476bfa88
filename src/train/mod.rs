//! Training loop: mini-batches, epochs, validation, early stopping and cross-validation.
//!
//! A dataset is a slice of [`Sample`]s held by the caller (an array, a `static`, a `Vec`): without
//! the `std` feature nothing here allocates, so [`fit`] runs on a microcontroller as well as on a
//! desktop (with it, `fit` makes one allocation, for the [`History`] it returns). The loop shuffles
//! the slice in place with a seeded generator each epoch, cuts it into batches of the configured
//! const size `B`, and for each batch runs the training forward, the loss, backward, optional
//! L1 penalty and gradient clipping, and the optimizer step. After each epoch it evaluates the
//! validation set in inference mode, asks the learning-rate schedule for the next rate, applies
//! early stopping, and reports to a callback that can stop training.
//!
//! # The last partial batch
//!
//! When the training set is not a multiple of `B`, [`LastBatch`] decides:
//! * [`LastBatch::Accumulate`] (default): the `r` left-over samples are run one at a time (batch
//!   size 1), their gradients summed and divided by `r`, then one optimizer step is taken: exactly
//!   the step of a batch of `r` samples for networks without batch statistics. A network with
//!   [`BatchNorm`](crate::BatchNorm), whose training statistics need a real batch, should use
//!   `Drop`: at batch size 1 it normalises every value to 0 (its running statistics are left
//!   alone).
//! * [`LastBatch::Drop`]: the left-over samples are skipped this epoch (PyTorch's
//!   `drop_last=True`); since the slice is reshuffled every epoch, every sample is still used.
//!
//! # Shapes
//!
//! The feature count of the samples and the width of their labels are checked against the network
//! at compile time, with errors that name the layer and the sizes.
//!
//! # Examples
//!
//! ```
//! use constnet::prelude::*;
//! use constnet::init::Init;
//! use constnet::optim::{Adam, AdamConfig};
//! use constnet::train::{fit, FitConfig, Metric, Sample};
//! use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
//!
//! // XOR, as a dataset of samples with class labels.
//! let mut data = [
//!     Sample::new([0.0, 0.0], 0usize),
//!     Sample::new([0.0, 1.0], 1),
//!     Sample::new([1.0, 0.0], 1),
//!     Sample::new([1.0, 1.0], 0),
//! ];
//! let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
//! let mut net = (Dense::<2, 8>::default(), Tanh, Dense::<8, 2>::default())
//!     .initialized(Init::XAVIER_UNIFORM, &mut rng);
//! let mut adam = Adam::new(&net, AdamConfig { lr: 0.05, ..Default::default() });
//! let config = FitConfig::<4> { epochs: 300, metric: Metric::Accuracy, ..FitConfig::default() };
//! let val = data;
//! let report = fit(&mut net, &mut adam, &CrossEntropy, &mut data, &val, config, |_| {}).unwrap();
//! assert_eq!(report.last.val_metric, 1.0);
//! ```
use rand::Rng;

use crate::optim::Optimizer;

mod config;
mod cross_validate;
mod epoch;
mod error;
mod fit;
mod label;
mod metrics;
#[cfg(feature = "plot")]
mod plot;
mod predict;
#[cfg(feature = "std")]
mod progress;
mod report;
mod sample_weight;
mod sequence;
mod split;
#[cfg(feature = "parallel")]
mod sweep;

pub use config::{Clip, EarlyStopping, FitConfig, LastBatch, Metric, Monitor};
#[cfg(feature = "parallel")]
pub use cross_validate::cross_validate_parallel;
pub use cross_validate::{cross_validate, mean_and_std, Fold};
pub(super) use epoch::finish_step;
pub use epoch::{EpochOptions, EpochRunner, EpochStats};
pub use error::{DataSet, Divergence, TrainError};
pub use fit::{evaluate, fit, EvaluateWith, EVALUATION_BATCH};
pub use label::{ClassLoss, LabelFor, ValueLoss};
pub use metrics::{confusion_matrix, r2_score, roc_auc, ConfusionMatrix};
#[cfg(feature = "plot")]
pub use plot::PlotError;
pub use predict::{predict, predict_proba, Classifies, Predicts};
#[cfg(feature = "std")]
pub use progress::print_progress;
#[cfg(feature = "progress")]
pub use progress::progress_bar;
#[cfg(feature = "std")]
pub use report::History;
pub use report::{Control, EpochReport, Evaluation, FitReport};
pub use sample_weight::{SampleWeighted, Weighted};
pub use sequence::{Sequence, SequenceRunner, SequenceTarget};
pub use split::{shuffle, split, split_stratified, stratify_folds, Labelled};
#[cfg(feature = "parallel")]
pub use sweep::sweep_parallel;

/// One labelled sample: `I` features and a label `Y` — a class index (`usize`) or a target vector
/// (`[T; O]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample<T, const I: usize, Y> {
    /// The features.
    pub x: [T; I],
    /// The label.
    pub y: Y,
}

impl<T, const I: usize, Y> Sample<T, I, Y> {
    /// A sample from its features and label.
    pub const fn new(x: [T; I], y: Y) -> Self {
        Self { x, y }
    }
}

/// A sample type that trains network `N` with loss `L` in batches of `B`: the bound [`fit`],
/// [`evaluate`] and [`cross_validate`] put on their samples, and the one generic code writes
/// (`Sample<f32, I, Y>: Trainable<N, L, 32>`).
///
/// Implemented for [`Sample<T, I, Y>`] when `N` takes `I` features of `T` and `Y` is a
/// [`LabelFor`] the loss trains on: a dataset of the wrong feature count is a compile error naming
/// the first layer and the sizes, labels of the wrong width, kind or scalar one naming the loss
/// and the labels. (The bound is on the sample type, not on `[S]`, so that rustc learns `S` from
/// the dataset before it checks it against the network.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not known to train network `{N}` with loss `{L}` in batches of {B}",
    label = "samples whose bounds do not say they train this network with this loss",
    note = "in generic code, bound the samples: `{Self}: Trainable<{N}, {L}, BATCH>`, with the batch size of the `FitConfig`"
)]
pub trait Trainable<N, L, const B: usize>: Sized {
    /// Trains `net` for one epoch over `samples` (see [`fit`]).
    ///
    /// # Errors
    /// [`TrainError::Diverged`] if a loss or gradient is not finite (the failing step is not
    /// applied); [`TrainError::NoTrainingData`] if there is no batch to train on.
    fn train_epoch<O, R>(
        samples: &mut [Self],
        net: &mut N,
        opt: &mut O,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError>
    where
        O: Optimizer<N>,
        R: Rng;

    /// Loss and metric of `net` on `samples`, in inference mode (`samples` not empty).
    fn evaluate(samples: &[Self], net: &N, loss: &L, metric: Metric) -> Evaluation;

    /// The first sample whose class label is not below the network's number of outputs, as
    /// `(index, label, classes)` (`None` if every label is in range, or the labels are rows).
    fn first_bad_label(samples: &[Self]) -> Option<(usize, usize, usize)>;

    /// Whether the labels are class indices: [`fit`] then refuses to watch a regression metric
    /// (MSE, MAE), which is not computed for them.
    const CLASS_LABELS: bool;
}
