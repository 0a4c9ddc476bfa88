//! One epoch over [`Sample`]s: batches, the training step and its checks, and evaluation.

use nalgebra::{Const, SMatrix, SVector};
use rand::Rng;

use super::{
    shuffle, Clip, Divergence, Evaluation, LabelFor, LastBatch, Metric, Sample, TrainError,
    Trainable,
};
use crate::layer::{Blank, Gradients, InputFor, Layer, Model, Params, Signature};
use crate::loss::Loss;
use crate::optim::{clip_grad_norm, clip_grad_value, l1_penalty, Optimizer};
use crate::Scalar;

/// How one epoch trains: the per-epoch part of [`FitConfig`](super::FitConfig).
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

    /// See [`Trainable::first_bad_label`].
    fn first_bad_label(data: &[Sample<T, I, Y>]) -> Option<(usize, usize, usize)>;

    /// See [`Trainable::CLASS_LABELS`].
    const CLASS_LABELS: bool;
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

    #[inline]
    fn first_bad_label(samples: &[Self]) -> Option<(usize, usize, usize)> {
        <<N as Signature>::OutputFor<Const<I>> as EpochRunner<N, L, T, Y, I, B>>::first_bad_label(
            samples,
        )
    }

    const CLASS_LABELS: bool =
        <<N as Signature>::OutputFor<Const<I>> as EpochRunner<N, L, T, Y, I, B>>::CLASS_LABELS;
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

    const CLASS_LABELS: bool = <Y as LabelFor<L, T, O>>::CLASS;

    fn first_bad_label(data: &[Sample<T, I, Y>]) -> Option<(usize, usize, usize)> {
        data.iter().enumerate().find_map(|(i, s)| {
            <Y as LabelFor<L, T, O>>::class(&s.y)
                .filter(|&c| c >= O)
                .map(|c| (i, c, O))
        })
    }

    fn evaluate(data: &[Sample<T, I, Y>], net: &N, loss: &L, metric: Metric) -> Evaluation {
        // The loss is summed in the network's scalar and correct predictions are counted, so that
        // an f32 evaluation computes no f64 arithmetic (but for the errors `LabelFor` gives in f64).
        let (mut loss_sum, mut correct, mut errors) = (T::zero(), 0usize, 0.0);
        let threshold = T::cast_f64(if L::LOGITS { 0.0 } else { 0.5 });
        let mut tally = |y_col: &SVector<T, O>, label: &Y| match metric {
            Metric::None => {}
            Metric::Accuracy => correct += usize::from(label.is_correct(y_col, threshold)),
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
pub(crate) fn finish_step<N, Opt, T>(
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
