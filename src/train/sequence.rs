//! Training on sequences with [`fit`](super::fit): [`Sequence`] samples.
//!
//! A [`Sequence`] is one whole input sequence (`C` channels × `S` steps, one column per step)
//! and its target for the loss on the whole output sequence: `[class]` for a sequence-to-one
//! classifier under [`LastStep`](crate::LastStep), or the `O × S` target sequence for a
//! sequence-to-sequence model (`Mse` on every step). A batch of `B` sequences is `B`
//! backward passes through time into the same gradients, averaged: then clipping (see
//! [`Clip`](super::Clip), which recurrent training usually wants), the L1 penalty and the
//! optimizer step, exactly as for feed-forward samples. Every sequence starts from the initial
//! state; for one long signal trained in chunks with the state carried over, see
//! [`Model::backprop_from`].

use nalgebra::{Const, SMatrix};
use rand::Rng;

use super::{
    finish_step, shuffle, EpochOptions, EpochStats, Evaluation, LastBatch, Metric, TrainError,
    Trainable,
};
use crate::layer::{Blank, InputFor, Layer, Model, Signature};
use crate::loss::Loss;
use crate::optim::Optimizer;
use crate::Scalar;

/// A training sample that is a whole sequence: the input `x` (an `SMatrix<T, C, S>`, one
/// column per step) and the loss's `target` for the output sequence.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::train::Sequence;
///
/// // Class 2 for a 6-channel, 100-step recording (sequence-to-one, `LastStep(CrossEntropy)`).
/// let s = Sequence::new(SMatrix::<f32, 6, 100>::zeros(), [2]);
/// assert_eq!(s.target, [2]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sequence<X, Tg> {
    /// The input sequence.
    pub x: X,
    /// The target of the loss for the whole output sequence.
    pub target: Tg,
}

impl<X, Tg> Sequence<X, Tg> {
    /// A sample from its sequence and target.
    pub const fn new(x: X, target: Tg) -> Self {
        Self { x, target }
    }
}

/// A sequence target's part in the metrics of [`evaluate`](super::evaluate): whether the
/// prediction is right (class targets) and its errors (value targets).
pub trait SequenceTarget<T: Scalar, const O: usize, const S: usize> {
    /// Whether the output's last step predicts this class (arg-max, or `> threshold` for one
    /// output).
    fn is_correct(&self, y: &SMatrix<T, O, S>, threshold: T) -> bool;
    /// `(Σ (y − t)², Σ |y − t|, count)` over the compared elements.
    fn errors(&self, y: &SMatrix<T, O, S>) -> (f64, f64, usize);

    /// The class index, for a class target (`None` for a target sequence): what
    /// [`fit`](super::fit) checks against the number of outputs before training.
    fn class(&self) -> Option<usize>;

    /// Whether the targets are class indices.
    const CLASS: bool;
}

/// A class index for the last step.
impl<T: Scalar, const O: usize, const S: usize> SequenceTarget<T, O, S> for [usize; 1] {
    fn is_correct(&self, y: &SMatrix<T, O, S>, threshold: T) -> bool {
        let last = y.column(S - 1);
        if O == 1 {
            usize::from(last[0] > threshold) == self[0]
        } else {
            last.argmax().0 == self[0]
        }
    }

    fn errors(&self, _y: &SMatrix<T, O, S>) -> (f64, f64, usize) {
        (f64::NAN, f64::NAN, 1)
    }

    fn class(&self) -> Option<usize> {
        Some(self[0])
    }

    const CLASS: bool = true;
}

/// Values for every step (`K = S`) or for the last one (`K = 1`).
impl<T: Scalar, const O: usize, const S: usize, const K: usize> SequenceTarget<T, O, S>
    for SMatrix<T, O, K>
{
    fn is_correct(&self, y: &SMatrix<T, O, S>, threshold: T) -> bool {
        let (last, t) = (y.column(S - 1), self.column(K - 1));
        if O == 1 {
            (last[0] > threshold) == (t[0] > T::cast_f64(0.5))
        } else {
            last.argmax().0 == t.argmax().0
        }
    }

    fn errors(&self, y: &SMatrix<T, O, S>) -> (f64, f64, usize) {
        let first = S - K.min(S);
        let (mut sq, mut ab) = (0.0, 0.0);
        for k in 0..K.min(S) {
            for r in 0..O {
                let d = (y[(r, first + k)] - self[(r, k)]).as_f64();
                sq += d * d;
                ab += d.abs();
            }
        }
        (sq, ab, O * K.min(S))
    }

    fn class(&self) -> Option<usize> {
        None
    }

    const CLASS: bool = false;
}

/// The epoch loop for sequences, keyed by the network's output width (`Const<O>`) so that `O`
/// comes from the network: an implementation detail of [`Trainable`] for [`Sequence`].
#[diagnostic::on_unimplemented(
    message = "the output width of `{N}` is not known here, so its sequence targets cannot be checked",
    note = "in generic code, bound the network by what it takes and gives: `{N}: Network<{T}, {C}, OUTPUTS>`"
)]
pub trait SequenceRunner<N, L, T, Tg, const C: usize, const S: usize, const B: usize> {
    /// See [`Trainable::train_epoch`].
    ///
    /// # Errors
    /// As [`Trainable::train_epoch`].
    fn train_epoch<Opt: Optimizer<N>, R: Rng>(
        data: &mut [Sequence<SMatrix<T, C, S>, Tg>],
        net: &mut N,
        opt: &mut Opt,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError>;

    /// See [`Trainable::evaluate`].
    fn evaluate(
        data: &[Sequence<SMatrix<T, C, S>, Tg>],
        net: &N,
        loss: &L,
        metric: Metric,
    ) -> Evaluation;

    /// See [`Trainable::first_bad_label`].
    fn first_bad_label(data: &[Sequence<SMatrix<T, C, S>, Tg>]) -> Option<(usize, usize, usize)>;

    /// See [`Trainable::CLASS_LABELS`].
    const CLASS_LABELS: bool;
}

impl<N, L, T, Tg, const C: usize, const S: usize, const B: usize> Trainable<N, L, B>
    for Sequence<SMatrix<T, C, S>, Tg>
where
    T: Scalar,
    N: Layer<T, C>,
    <N as Signature>::OutputFor<Const<C>>: SequenceRunner<N, L, T, Tg, C, S, B>,
{
    fn train_epoch<Opt: Optimizer<N>, R: Rng>(
        samples: &mut [Self],
        net: &mut N,
        opt: &mut Opt,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError> {
        <<N as Signature>::OutputFor<Const<C>> as SequenceRunner<N, L, T, Tg, C, S, B>>::train_epoch(
            samples, net, opt, loss, epoch, rng, options,
        )
    }

    fn evaluate(samples: &[Self], net: &N, loss: &L, metric: Metric) -> Evaluation {
        <<N as Signature>::OutputFor<Const<C>> as SequenceRunner<N, L, T, Tg, C, S, B>>::evaluate(
            samples, net, loss, metric,
        )
    }

    fn first_bad_label(samples: &[Self]) -> Option<(usize, usize, usize)> {
        <<N as Signature>::OutputFor<Const<C>> as SequenceRunner<N, L, T, Tg, C, S, B>>::first_bad_label(
            samples,
        )
    }

    const CLASS_LABELS: bool = <<N as Signature>::OutputFor<Const<C>> as SequenceRunner<
        N,
        L,
        T,
        Tg,
        C,
        S,
        B,
    >>::CLASS_LABELS;
}

impl<N, L, T, Tg, const C: usize, const O: usize, const S: usize, const B: usize>
    SequenceRunner<N, L, T, Tg, C, S, B> for Const<O>
where
    T: Scalar,
    N: Layer<T, C> + Signature<OutputFor<Const<C>> = Const<O>>,
    L: Loss<T, O, Target<S> = Tg>,
    Tg: SequenceTarget<T, O, S>,
{
    fn train_epoch<Opt: Optimizer<N>, R: Rng>(
        data: &mut [Sequence<SMatrix<T, C, S>, Tg>],
        net: &mut N,
        opt: &mut Opt,
        loss: &L,
        epoch: usize,
        rng: &mut R,
        options: &EpochOptions,
    ) -> Result<EpochStats, TrainError> {
        if options.shuffle {
            shuffle(data, rng);
        }
        let full = data.len() / B;
        let rest = if options.last_batch == LastBatch::Accumulate {
            data.len() % B
        } else {
            0
        };
        if full == 0 && rest == 0 {
            return Err(TrainError::NoTrainingData);
        }
        let mut grads = net.zero_gradients();
        let (mut loss_sum, mut norm, mut steps) = (T::zero(), T::cast_f64(f64::NAN), 0);
        let sizes = (0..full).map(|_| B).chain((rest > 0).then_some(rest));
        let mut start = 0;
        for (step, size) in sizes.enumerate() {
            grads.zero();
            let mut value = T::zero();
            for s in &data[start..start + size] {
                value += InputFor::backprop_with(net, &mut Blank::blank(), &s.x, &mut grads, |y| {
                    loss.loss_and_gradient(y, &s.target)
                });
            }
            start += size;
            let k = T::cast_f64(size as f64);
            grads.scale(T::one() / k);
            let (v, n) = finish_step(net, opt, &mut grads, options, epoch, step, value / k)?;
            loss_sum += v * k;
            norm = n;
            steps += 1;
        }
        Ok(EpochStats {
            loss: (loss_sum / T::cast_f64(start as f64)).as_f64(),
            grad_norm: norm.as_f64(),
            steps,
            samples: start,
        })
    }

    const CLASS_LABELS: bool = Tg::CLASS;

    fn first_bad_label(data: &[Sequence<SMatrix<T, C, S>, Tg>]) -> Option<(usize, usize, usize)> {
        data.iter()
            .enumerate()
            .find_map(|(i, s)| s.target.class().filter(|&c| c >= O).map(|c| (i, c, O)))
    }

    fn evaluate(
        data: &[Sequence<SMatrix<T, C, S>, Tg>],
        net: &N,
        loss: &L,
        metric: Metric,
    ) -> Evaluation {
        let (mut loss_sum, mut correct, mut errors, mut count) = (T::zero(), 0usize, 0.0, 0usize);
        let threshold = T::cast_f64(if L::LOGITS { 0.0 } else { 0.5 });
        for s in data {
            let y = net.forward(&s.x);
            loss_sum += loss.loss(&y, &s.target);
            match metric {
                Metric::None => {}
                Metric::Accuracy => {
                    correct += usize::from(s.target.is_correct(&y, threshold));
                }
                Metric::LogitAccuracy => {
                    correct += usize::from(s.target.is_correct(&y, T::zero()));
                }
                Metric::Mse | Metric::Mae => {
                    let (sq, ab, n) = s.target.errors(&y);
                    errors += if metric == Metric::Mse { sq } else { ab };
                    count += n;
                }
            }
        }
        let n = data.len();
        let metric = match metric {
            Metric::None => f64::NAN,
            Metric::Accuracy | Metric::LogitAccuracy => correct as f64 / n as f64,
            Metric::Mse | Metric::Mae => errors / count as f64,
        };
        Evaluation {
            loss: (loss_sum / T::cast_f64(n as f64)).as_f64(),
            metric,
            samples: n,
        }
    }
}
