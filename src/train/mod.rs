//! Training loop: mini-batches, epochs, validation, early stopping and cross-validation.
//!
//! A dataset is a slice of [`Sample`]s held by the caller (an array, a `static`, a `Vec`): nothing
//! here allocates, so [`fit`] runs on a microcontroller as well as on a desktop. The loop shuffles
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

use core::fmt;

use nalgebra::{Const, SMatrix, SVector};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

use crate::layer::{Blank, Gradients, InputFor, Layer, Model, Params, Signature};
use crate::loss::Loss;
use crate::optim::schedule::{Constant, LrSchedule};
use crate::optim::{clip_grad_norm, clip_grad_value, l1_penalty, Optimizer};
use crate::Scalar;

mod label;
mod sequence;

pub use label::{ClassLoss, LabelFor, ValueLoss};
pub use sequence::{Sequence, SequenceRunner, SequenceTarget};

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

/// What to do with the samples left over when the training set is not a multiple of the batch
/// size (see the [module docs](self)).
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
    /// Clamp every gradient to `[−c, c]` ([`clip_grad_value`]).
    Value(f64),
    /// Scale the gradients to a global norm of at most `c` ([`clip_grad_norm`]).
    Norm(f64),
}

/// The metric reported per epoch besides the loss.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    /// None (reported as NaN).
    #[default]
    None,
    /// Fraction of samples predicted correctly (classification; see [`LabelFor::is_correct`]): the
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

/// Configuration of [`fit`]; `B` is the batch size.
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
    /// The training set is empty (or, with [`LastBatch::Drop`], smaller than one batch).
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

/// Loss and metric of a network on a dataset (inference mode).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// The mean loss over the samples.
    pub loss: f64,
    /// The metric (NaN for [`Metric::None`] or an empty set).
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

/// The outcome of [`fit`].
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// How one epoch trains: the per-epoch part of [`FitConfig`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochOptions {
    /// Shuffle the set before the epoch.
    pub shuffle: bool,
    /// What to do with a last partial batch.
    pub last_batch: LastBatch,
    /// Gradient clipping before each step.
    pub clip: Clip,
    /// L1 penalty on the weight matrices (0 disables it).
    pub l1: f64,
}

/// What one epoch of training measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochStats {
    /// Mean training loss over the epoch's samples.
    pub loss: f64,
    /// Global gradient norm of the last step (before clipping).
    pub grad_norm: f64,
    /// Optimizer steps taken.
    pub steps: usize,
    /// Samples trained on.
    pub samples: usize,
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

    /// Loss and metric of `net` on `samples`, in inference mode.
    fn evaluate(samples: &[Self], net: &N, loss: &L, metric: Metric) -> Evaluation;
}

/// Shuffles `data` in place (Fisher–Yates) with `rng`.
pub fn shuffle<S, R: Rng + ?Sized>(data: &mut [S], rng: &mut R) {
    for i in (1..data.len()).rev() {
        let j = rng.random_range(0..=i);
        data.swap(i, j);
    }
}

/// Shuffles `data` with a generator seeded by `seed` and splits it into a training part and a
/// validation part of `round(len · val_fraction)` samples (a fixed, reproducible split).
///
/// # Panics
/// If `val_fraction` is not in `[0, 1]`.
pub fn split<S>(data: &mut [S], val_fraction: f64, seed: u64) -> (&mut [S], &mut [S]) {
    assert!(
        (0.0..=1.0).contains(&val_fraction),
        "validation fraction {val_fraction} is not in [0, 1]"
    );
    shuffle(data, &mut Xoshiro256PlusPlus::seed_from_u64(seed));
    let val = libm::round(data.len() as f64 * val_fraction) as usize;
    let train = data.len() - val;
    data.split_at_mut(train)
}

/// The epoch loop for a network of output width `Self` (`Const<O>`): an implementation detail of
/// [`Trainable`] (user code never names it), keyed by the network's output width so that the compiler learns `O` from the
/// network, never from the labels (a label of the wrong width then reports both widths).
#[diagnostic::on_unimplemented(
    message = "the output width of `{N}` is not known here, so its labels cannot be checked",
    label = "a network whose output width the bounds do not state",
    note = "in generic code, bound the network by what it takes and gives: `{N}: Network<{T}, {I}, OUTPUTS>`"
)]
pub trait EpochRunner<N, L, T, Y, const I: usize, const B: usize> {
    /// See [`Trainable::train_epoch`].
    ///
    /// # Errors
    /// As [`Trainable::train_epoch`].
    fn train_epoch<Opt, R>(
        data: &mut [Sample<T, I, Y>],
        net: &mut N,
        opt: &mut Opt,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError>
    where
        Opt: Optimizer<N>,
        R: Rng;

    /// See [`Trainable::evaluate`].
    fn evaluate(data: &[Sample<T, I, Y>], net: &N, loss: &L, metric: Metric) -> Evaluation;
}

impl<N, L, T, Y, const I: usize, const B: usize> Trainable<N, L, B> for Sample<T, I, Y>
where
    T: Scalar,
    N: Layer<T, I>,
    <N as Signature>::OutputFor<Const<I>>: EpochRunner<N, L, T, Y, I, B>,
{
    #[inline]
    fn train_epoch<Opt, R>(
        samples: &mut [Self],
        net: &mut N,
        opt: &mut Opt,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError>
    where
        Opt: Optimizer<N>,
        R: Rng,
    {
        <<N as Signature>::OutputFor<Const<I>> as EpochRunner<N, L, T, Y, I, B>>::train_epoch(
            samples, net, opt, loss, epoch, rng, options,
        )
    }

    #[inline]
    fn evaluate(samples: &[Self], net: &N, loss: &L, metric: Metric) -> Evaluation {
        <<N as Signature>::OutputFor<Const<I>> as EpochRunner<N, L, T, Y, I, B>>::evaluate(
            samples, net, loss, metric,
        )
    }
}

impl<N, L, T, Y, const I: usize, const O: usize, const B: usize> EpochRunner<N, L, T, Y, I, B>
    for Const<O>
where
    T: Scalar,
    N: Layer<T, I> + Signature<OutputFor<Const<I>> = Const<O>>,
    L: Loss<T, O>,
    Y: LabelFor<L, T, O>,
{
    fn train_epoch<Opt, R>(
        data: &mut [Sample<T, I, Y>],
        net: &mut N,
        opt: &mut Opt,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError>
    where
        Opt: Optimizer<N>,
        R: Rng,
    {
        const {
            assert!(
                <N as Layer<T, I>>::STATE_BYTES == 0,
                "`fit` on `Sample`s needs a network without state: a recurrent layer, convolution or pooling over time would read a batch of independent samples as one sequence; train it on `train::Sequence` samples"
            )
        };
        let EpochOptions {
            shuffle: shuffle_each_epoch,
            last_batch,
            ..
        } = *options;
        if shuffle_each_epoch {
            shuffle(data, rng);
        }
        let full = data.len() / B;
        let rest = if last_batch == LastBatch::Accumulate {
            data.len() % B
        } else {
            0
        };
        if full == 0 && rest == 0 {
            return Err(TrainError::NoTrainingData);
        }
        let mut grads = net.zero_gradients();
        // Losses and norms stay in the network's scalar (an f32 epoch computes no f64 arithmetic);
        // they are widened once, for the report.
        let (mut loss_sum, mut norm, mut steps) = (T::zero(), T::cast_f64(f64::NAN), 0);
        // Clip, check and apply one step; the gradients hold the mean over the batch.
        let mut finish = |net: &mut N, grads: &mut Gradients<N>, step: usize, value: T| {
            finish_step(net, opt, grads, options, epoch, step, value)
        };
        for b in 0..full {
            let chunk = &data[b * B..(b + 1) * B];
            let x = SMatrix::<T, I, B>::from_fn(|r, c| chunk[c].x[r]);
            let t = <Y as LabelFor<L, T, O>>::batch::<B>(|c| chunk[c].y);
            // Written over the previous batch's gradients: no zeroing.
            let value = InputFor::gradients_with(net, &mut Blank::blank(), &x, &mut grads, |y| {
                loss.loss_and_gradient(y, &t)
            });
            let (v, n) = finish(net, &mut grads, b, value)?;
            loss_sum += v * T::cast_f64(B as f64);
            norm = n;
            steps += 1;
        }
        if rest > 0 {
            grads.zero();
            let mut value = T::zero();
            for s in &data[full * B..] {
                let x = SMatrix::<T, I, 1>::from_column_slice(&s.x);
                let t = <Y as LabelFor<L, T, O>>::batch::<1>(|_| s.y);
                value += InputFor::backprop_with(net, &mut Blank::blank(), &x, &mut grads, |y| {
                    loss.loss_and_gradient(y, &t)
                });
            }
            let r = T::cast_f64(rest as f64);
            grads.scale(T::one() / r);
            let (v, n) = finish(net, &mut grads, full, value / r)?;
            loss_sum += v * r;
            norm = n;
            steps += 1;
        }
        let samples = full * B + rest;
        Ok(EpochStats {
            loss: (loss_sum / T::cast_f64(samples as f64)).as_f64(),
            grad_norm: norm.as_f64(),
            steps,
            samples,
        })
    }

    fn evaluate(data: &[Sample<T, I, Y>], net: &N, loss: &L, metric: Metric) -> Evaluation {
        // The loss is summed in the network's scalar and correct predictions are counted, so that
        // an f32 evaluation computes no f64 arithmetic (but for the errors `LabelFor` gives in f64).
        let (mut loss_sum, mut correct, mut errors) = (T::zero(), 0usize, 0.0);
        let mut tally = |y_col: &SVector<T, O>, label: &Y| match metric {
            Metric::None => {}
            Metric::Accuracy => correct += usize::from(label.is_correct(y_col, T::cast_f64(0.5))),
            Metric::LogitAccuracy => correct += usize::from(label.is_correct(y_col, T::zero())),
            Metric::Mse => errors += label.errors(y_col).0,
            Metric::Mae => errors += label.errors(y_col).1,
        };
        let full = data.len() / B;
        for b in 0..full {
            let chunk = &data[b * B..(b + 1) * B];
            let x = SMatrix::<T, I, B>::from_fn(|r, c| chunk[c].x[r]);
            let t = <Y as LabelFor<L, T, O>>::batch::<B>(|c| chunk[c].y);
            let y = net.forward(&x);
            loss_sum += loss.loss(&y, &t) * T::cast_f64(B as f64);
            for (c, s) in chunk.iter().enumerate() {
                tally(&y.column(c).into_owned(), &s.y);
            }
        }
        for s in &data[full * B..] {
            let x = SMatrix::<T, I, 1>::from_column_slice(&s.x);
            let t = <Y as LabelFor<L, T, O>>::batch::<1>(|_| s.y);
            let y = net.forward(&x);
            loss_sum += loss.loss(&y, &t);
            tally(&y.column(0).into_owned(), &s.y);
        }
        let n = data.len();
        let metric = match metric {
            Metric::None => f64::NAN,
            Metric::Accuracy | Metric::LogitAccuracy => correct as f64 / n as f64,
            Metric::Mse | Metric::Mae => errors / (n * O) as f64,
        };
        Evaluation {
            loss: (loss_sum / T::cast_f64(n as f64)).as_f64(),
            metric,
            samples: n,
        }
    }
}

/// The end of a training step: the L1 penalty, the divergence checks, clipping, then the
/// optimizer's step; `grads` hold the batch's mean gradient and `value` its mean loss. Returns the
/// loss (with the penalty) and the gradient norm before clipping.
fn finish_step<N, Opt, T>(
    net: &mut N,
    opt: &mut Opt,
    grads: &mut Gradients<N>,
    options: &EpochOptions,
    epoch: usize,
    step: usize,
    value: T,
) -> Result<(T, T), TrainError>
where
    N: Params<T>,
    Opt: Optimizer<N>,
    T: Scalar,
{
    let diverged = |cause, value: f64| TrainError::Diverged {
        epoch,
        step,
        cause,
        value,
    };
    let mut value = value;
    if options.l1 != 0.0 {
        value += l1_penalty(net, grads, options.l1);
    }
    if !value.is_finite() {
        return Err(diverged(Divergence::Loss, value.as_f64()));
    }
    let n = match options.clip {
        Clip::Norm(c) => clip_grad_norm(grads, c),
        Clip::Value(c) => {
            let n = grads.norm();
            clip_grad_value(grads, c);
            n
        }
        Clip::None => grads.norm(),
    };
    if !n.is_finite() {
        return Err(diverged(Divergence::Gradient, n.as_f64()));
    }
    opt.step(net, grads);
    Ok((value, n))
}

/// Loss and metric of `net` on `data` in inference mode, in batches of `B` (the remainder one
/// sample at a time).
pub fn evaluate<N, L, S, const B: usize>(
    net: &N,
    loss: &L,
    data: &[S],
    metric: Metric,
) -> Evaluation
where
    S: Trainable<N, L, B>,
{
    S::evaluate(data, net, loss, metric)
}

/// Trains `net` on `train` with `opt` and `loss`, validating on `val` (which may be empty), as
/// configured; calls `on_epoch` after every epoch (return [`Control::Stop`] to stop, or `()` to go
/// on).
///
/// Deterministic: the same network, data order, configuration and seed give bit-identical
/// weights. Allocation-free.
///
/// The schedule's base rate is the optimizer's rate when `fit` is called; after a schedule the
/// optimizer holds the last scheduled rate, so set it again before another `fit`. Early stopping's
/// `ValLoss` and the schedule watch the training loss when `val` is empty.
///
/// Both sets are slices of one sample type `S` (arrays and `Vec`s coerce), checked against the
/// network and the loss once, through [`Trainable`]: a dataset of the wrong feature
/// count, or labels of the wrong width, kind or scalar for the loss, are one compile error each.
/// Sequences train as [`Sequence`] samples; a network with state (a recurrent layer, a
/// convolution, pooling over time) given [`Sample`]s is refused when the program is built
/// (`cargo build`, not `cargo check`): "`fit` on `Sample`s needs a network without state", as it
/// would read a batch of independent samples as one sequence.
///
/// # Panics
/// If a class label is not below the network's number of outputs (see
/// [`CrossEntropy`](crate::CrossEntropy)).
///
/// # Errors
/// [`TrainError::Diverged`] as soon as a batch's loss or gradient norm is NaN or infinite (the
/// network keeps the parameters from before that step); [`TrainError::NoTrainingData`] for an
/// empty training set.
pub fn fit<N, Opt, L, S, Sch, C, Ctl, const B: usize>(
    net: &mut N,
    opt: &mut Opt,
    loss: &L,
    train: &mut [S],
    val: &[S],
    config: FitConfig<B, Sch>,
    mut on_epoch: C,
) -> Result<FitReport, TrainError>
where
    N: Clone,
    Opt: Optimizer<N>,
    S: Trainable<N, L, B>,
    Sch: LrSchedule,
    C: FnMut(&EpochReport) -> Ctl,
    Ctl: Into<Control>,
{
    let mut config = config;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(config.seed);
    let base_lr = opt.learning_rate();
    let has_val = !val.is_empty();
    let mut best: Option<(f64, usize, N)> = None;
    let mut best_epoch = 0;
    let mut since_best = 0;
    let mut last_metric = f64::NAN;
    let mut report = None;
    let mut stopped_early = false;
    for epoch in 0..config.epochs {
        let lr = config.schedule.lr(epoch, base_lr, last_metric);
        opt.set_learning_rate(lr);
        let options = EpochOptions {
            shuffle: config.shuffle,
            last_batch: config.last_batch,
            clip: config.clip,
            l1: config.l1,
        };
        let EpochStats {
            loss: train_loss,
            grad_norm,
            steps,
            samples,
        } = S::train_epoch(train, net, opt, loss, epoch, &mut rng, &options)?;
        let (val_loss, val_metric) = if has_val {
            let e = S::evaluate(val, net, loss, config.metric);
            (e.loss, e.metric)
        } else {
            (f64::NAN, f64::NAN)
        };
        last_metric = if has_val { val_loss } else { train_loss };
        let epoch_report = EpochReport {
            epoch,
            lr,
            train_loss,
            grad_norm,
            val_loss,
            val_metric,
            steps,
            samples,
        };
        report = Some(epoch_report);
        best_epoch = epoch;
        if let Some(es) = config.early_stopping {
            let (value, higher) = match es.monitor {
                Monitor::ValLoss => (last_metric, false),
                Monitor::ValMetric => (val_metric, config.metric.higher_is_better()),
            };
            // A NaN never improves (and never becomes the best).
            let improved = !value.is_nan()
                && match &best {
                    None => true,
                    Some((b, _, _)) => {
                        if higher {
                            value > b + es.min_delta
                        } else {
                            value < b - es.min_delta
                        }
                    }
                };
            if improved {
                best = Some((value, epoch, net.clone()));
                since_best = 0;
            } else {
                since_best += 1;
                if since_best >= es.patience && epoch + 1 < config.epochs {
                    stopped_early = true;
                }
            }
            best_epoch = best.as_ref().map_or(epoch, |b| b.1);
        }
        if let Control::Stop = on_epoch(&epoch_report).into() {
            stopped_early = epoch + 1 < config.epochs;
            break;
        }
        if stopped_early {
            break;
        }
    }
    let Some(last) = report else {
        // Zero epochs: nothing was trained.
        return Ok(FitReport {
            epochs: 0,
            last: EpochReport {
                epoch: 0,
                lr: base_lr,
                train_loss: f64::NAN,
                grad_norm: f64::NAN,
                val_loss: f64::NAN,
                val_metric: f64::NAN,
                steps: 0,
                samples: 0,
            },
            best_epoch: 0,
            stopped_early: false,
            restored_best: false,
        });
    };
    let mut restored_best = false;
    if let (Some(es), Some((_, epoch, weights))) = (config.early_stopping, best) {
        if es.restore_best && epoch != last.epoch {
            *net = weights;
            restored_best = true;
        }
    }
    Ok(FitReport {
        epochs: last.epoch + 1,
        last,
        best_epoch,
        stopped_early,
        restored_best,
    })
}

/// k-fold cross-validation: for each of the `K` folds, builds a fresh network and optimizer with
/// `make(fold)`, trains on the other folds with [`fit`] (without a validation set: early stopping
/// and schedules then watch the training loss), and evaluates it on this fold. Returns each fold's evaluation; see [`mean_and_std`] to summarise.
///
/// The folds are contiguous runs of `data` in its order (shuffle it first, e.g. with [`shuffle`]),
/// of sizes differing by at most one. `data` is not modified: each fold's training and
/// validation sets are copied into `scratch` (the caller's buffer of the same length, so that
/// nothing is allocated), where training shuffles them.
///
/// # Errors
/// The first training error of any fold.
///
/// # Panics
/// If `K < 2`, `data` has fewer than `K` samples, or `scratch` is not as long as `data`.
pub fn cross_validate<N, Opt, L, S, Sch, const K: usize, const B: usize>(
    data: &[S],
    scratch: &mut [S],
    loss: &L,
    config: FitConfig<B, Sch>,
    mut make: impl FnMut(usize) -> (N, Opt),
) -> Result<[Evaluation; K], TrainError>
where
    N: Clone,
    Opt: Optimizer<N>,
    S: Copy + Trainable<N, L, B>,
    Sch: LrSchedule + Clone,
{
    assert!(K >= 2, "cross-validation needs at least 2 folds");
    assert!(
        data.len() >= K,
        "{} samples cannot make {K} folds",
        data.len()
    );
    assert_eq!(scratch.len(), data.len(), "scratch must be as long as data");
    let n = data.len();
    let mut out = [Evaluation {
        loss: f64::NAN,
        metric: f64::NAN,
        samples: 0,
    }; K];
    for (k, slot) in out.iter_mut().enumerate() {
        let (start, end) = (n * k / K, n * (k + 1) / K);
        let len = end - start;
        // scratch = [data before the fold | data after the fold | the fold]
        scratch[..start].copy_from_slice(&data[..start]);
        scratch[start..n - len].copy_from_slice(&data[end..]);
        scratch[n - len..].copy_from_slice(&data[start..end]);
        let (train, val) = scratch.split_at_mut(n - len);
        let (mut net, mut opt) = make(k);
        // The fold is not shown to `fit`: early stopping and schedules watch the training loss,
        // so nothing is selected on the fold that scores the model.
        fit(
            &mut net,
            &mut opt,
            loss,
            train,
            &val[..0],
            config.clone(),
            |_| {},
        )?;
        *slot = S::evaluate(val, &net, loss, config.metric);
    }
    Ok(out)
}

/// Mean and (population) standard deviation of the folds' metric, or of their loss when no
/// metric was computed.
pub fn mean_and_std(evals: &[Evaluation]) -> (f64, f64) {
    let value = |e: &Evaluation| if e.metric.is_nan() { e.loss } else { e.metric };
    let n = evals.len() as f64;
    let mean = evals.iter().map(value).sum::<f64>() / n;
    let var = evals
        .iter()
        .map(|e| (value(e) - mean) * (value(e) - mean))
        .sum::<f64>()
        / n;
    (mean, libm::sqrt(var))
}

/// A progress callback for std targets that prints one line per epoch every `every` epochs (and
/// for the last one): learning rate, training loss, validation loss and metric (when there is a
/// validation set) and the gradient norm.
#[cfg(feature = "std")]
pub fn print_progress(every: usize, epochs: usize) -> impl FnMut(&EpochReport) {
    move |r: &EpochReport| {
        if !r.epoch.is_multiple_of(every.max(1)) && r.epoch + 1 != epochs {
            return;
        }
        let mut line = std::format!(
            "epoch {:>4}  lr {:.2e}  loss {:.6}",
            r.epoch,
            r.lr,
            r.train_loss
        );
        if !r.val_loss.is_nan() {
            line += &std::format!("  val loss {:.6}", r.val_loss);
        }
        if !r.val_metric.is_nan() {
            line += &std::format!("  val metric {:.4e}", r.val_metric);
        }
        line += &std::format!("  |grad| {:.2e}", r.grad_norm);
        std::println!("{line}");
    }
}
