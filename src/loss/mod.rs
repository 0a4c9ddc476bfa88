//! Losses: a value and its gradient with respect to the network's output.
//!
//! Every loss reduces to a scalar the way its PyTorch namesake does with the default
//! `reduction="mean"`, except [`HalfSquaredError`], the classic backpropagation convention. The
//! gradient is ∂L/∂y for that reduced value, ready for [`Model::backward`](crate::Model::backward).
//!
//! | loss | value | PyTorch |
//! |---|---|---|
//! | [`Mse`] | `mean over all O·B elements of (y − t)²` | `MSELoss()` |
//! | [`HalfSquaredError`] | `(1/B) Σ_b ½ Σ_o (y − t)²` | `0.5 * ((y - t)**2).sum(0).mean()` |
//! | [`Mae`] | `mean |y − t|` | `L1Loss()` |
//! | [`Huber`] | `mean of ½d² if |d| < δ else δ(|d| − ½δ)` | `HuberLoss(delta)` |
//! | [`BinaryCrossEntropy`] | `mean −(t ln y + (1 − t) ln(1 − y))`, logs clamped at −100 | `BCELoss()` |
//! | [`BceWithLogits`] | `mean (1 − t)x − ln σ(x)`, stable | `BCEWithLogitsLoss()` |
//! | [`CrossEntropy`] | `mean over samples of logsumexp(x) − x_class` | `CrossEntropyLoss()` with class indices |
//! | [`CrossEntropyProb`] | `mean over samples of −Σ tᵢ log softmax(x)ᵢ` | `CrossEntropyLoss()` with probabilities |
//!
//! In `f32`, the exponentials of the cross-entropies (and of [`Softmax`](crate::Softmax)) are
//! [`fast::exp`](crate::fast::exp), within 1 ulp of libm's `expf` and vectorised over a column; in
//! `f64` they are libm's.
//!
//! Targets are checked against the output's shape by the compiler: a target with the wrong number
//! of values per sample, or of samples, is an error that names both sizes.

use nalgebra::{SMatrix, SVectorView};

use crate::layers::sigmoid;
use crate::scalar::c;
use crate::shape::TargetFor;
use crate::Scalar;

mod weighted;

pub use weighted::{WeightedBceWithLogits, WeightedCrossEntropy};

/// A loss on a network with `O` outputs.
///
/// Implementors write [`loss`](Loss::loss) and [`loss_gradient`](Loss::loss_gradient) for the
/// exact target type; users call [`value`](Loss::value) and [`gradient`](Loss::gradient), which
/// accept any target and check its shape at compile time. To train with [`fit`](crate::train::fit),
/// a custom loss also says which labels it takes: [`ValueLoss`](crate::train::ValueLoss) (target
/// rows) or [`ClassLoss`](crate::train::ClassLoss) (class indices), one method each.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let y = SMatrix::<f64, 2, 2>::new(1.0, 2.0, 3.0, 4.0);
/// let t = SMatrix::<f64, 2, 2>::new(1.0, 2.0, 3.0, 2.0);
/// assert_eq!(Mse.value(&y, &t), 1.0); // (0 + 0 + 0 + 4) / 4
/// assert_eq!(Mse.gradient(&y, &t)[(1, 1)], 1.0); // 2·2 / 4
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a loss for a network of {O} `{T}` outputs",
    label = "a loss of another width or scalar",
    note = "a loss with a weight per class or output (`WeightedCrossEntropy<C>`, `WeightedBceWithLogits<O>`) fits a network of exactly that many outputs, in its scalar"
)]
pub trait Loss<T: Scalar, const O: usize> {
    /// The target for a batch of `B` samples: `SMatrix<T, O, B>`, or `[usize; B]` class indices.
    type Target<const B: usize>;

    /// Whether the network's outputs are logits, the loss applying the sigmoid or softmax itself
    /// ([`BceWithLogits`], [`CrossEntropy`], [`CrossEntropyProb`]): a single output then predicts
    /// class 1 above 0, not above ½, which is how [`Metric::Accuracy`](crate::train::Metric)
    /// and the predictions read it. `false` by default.
    const LOGITS: bool = false;

    /// The loss of output batch `y` against `target`.
    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, target: &Self::Target<B>) -> T;

    /// ∂L/∂y of [`loss`](Loss::loss).
    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        target: &Self::Target<B>,
    ) -> SMatrix<T, O, B>;

    /// The loss and its gradient together (what training needs). The default calls both;
    /// losses that share work between them (the log-sum-exp of cross-entropy) compute it once.
    fn loss_and_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        target: &Self::Target<B>,
    ) -> (T, SMatrix<T, O, B>) {
        (self.loss(y, target), self.loss_gradient(y, target))
    }

    /// The loss, with the target's shape checked at compile time.
    fn value<Tg, const B: usize>(&self, y: &SMatrix<T, O, B>, target: &Tg) -> T
    where
        Tg: TargetFor<Self::Target<B>>,
    {
        self.loss(y, target.as_target())
    }

    /// ∂L/∂y, with the target's shape checked at compile time.
    fn gradient<Tg, const B: usize>(&self, y: &SMatrix<T, O, B>, target: &Tg) -> SMatrix<T, O, B>
    where
        Tg: TargetFor<Self::Target<B>>,
    {
        self.loss_gradient(y, target.as_target())
    }
}

pub(crate) fn count<T: Scalar>(n: usize) -> T {
    T::cast_f64(n as f64)
}

/// Mean squared error over all elements, PyTorch's `MSELoss()`: `L = Σ (y − t)² / (O·B)`,
/// `∂L/∂y = 2(y − t) / (O·B)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mse;

impl<T: Scalar, const O: usize> Loss<T, O> for Mse {
    type Target<const B: usize> = SMatrix<T, O, B>;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        (y - t).norm_squared() / count::<T>(O * B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        (y - t) * (c::<T>(2.0) / count::<T>(O * B))
    }
}

/// Half the squared error summed over outputs, averaged over the batch — the classic
/// backpropagation convention: `L = (1/B) Σ_b ½ Σ_o (y − t)²`, `∂L/∂y = (y − t) / B`.
///
/// For a single sample and output this is `½(y − t)²` with gradient `y − t`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HalfSquaredError;

impl<T: Scalar, const O: usize> Loss<T, O> for HalfSquaredError {
    type Target<const B: usize> = SMatrix<T, O, B>;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        (y - t).norm_squared() * c::<T>(0.5) / count::<T>(B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        (y - t) / count::<T>(B)
    }
}

/// Mean absolute error, PyTorch's `L1Loss()`: `L = Σ |y − t| / (O·B)`,
/// `∂L/∂y = sign(y − t) / (O·B)` with `sign(0) = 0`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mae;

fn sign<T: Scalar>(v: T) -> T {
    if v > T::zero() {
        T::one()
    } else if v < T::zero() {
        -T::one()
    } else {
        T::zero()
    }
}

impl<T: Scalar, const O: usize> Loss<T, O> for Mae {
    type Target<const B: usize> = SMatrix<T, O, B>;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        (y - t).abs().sum() / count::<T>(O * B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        let n = count::<T>(O * B);
        (y - t).map(|d| sign(d) / n)
    }
}

/// Huber loss, PyTorch's `HuberLoss(delta)`: with `d = y − t`, each element contributes `½d²`
/// where `|d| < δ` and `δ(|d| − ½δ)` elsewhere, averaged over all elements. The gradient is `d`
/// clamped to `[−δ, δ]`, over `O·B`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Huber {
    /// `δ`, where the loss turns from quadratic to linear.
    pub delta: f64,
}

impl Huber {
    /// A Huber loss with the given `δ`.
    pub const fn new(delta: f64) -> Self {
        Self { delta }
    }
}

impl Default for Huber {
    /// `δ = 1`, as PyTorch.
    fn default() -> Self {
        Self::new(1.0)
    }
}

impl<T: Scalar, const O: usize> Loss<T, O> for Huber {
    type Target<const B: usize> = SMatrix<T, O, B>;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        let delta = c::<T>(self.delta);
        let half = c::<T>(0.5);
        let s = (y - t).fold(T::zero(), |acc, d| {
            let a = d.abs();
            acc + if a < delta {
                half * d * d
            } else {
                delta * (a - half * delta)
            }
        });
        s / count::<T>(O * B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        let delta = c::<T>(self.delta);
        let n = count::<T>(O * B);
        (y - t).map(|d| {
            if d < -delta {
                -delta / n
            } else if d > delta {
                delta / n
            } else {
                d / n
            }
        })
    }
}

/// Binary cross-entropy on probabilities `y ∈ [0, 1]`, PyTorch's `BCELoss()`:
/// `L = mean −(t·max(ln y, −100) + (1 − t)·max(ln(1 − y), −100))`,
/// `∂L/∂y = (y − t) / max(y(1 − y), 10⁻¹²) / (O·B)`.
///
/// The clamps make `y = 0` or `y = 1` give a finite loss (100 per element) and gradient, as in
/// PyTorch. Prefer [`BceWithLogits`] on a linear output, which is exact at any logit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BinaryCrossEntropy;

impl<T: Scalar, const O: usize> Loss<T, O> for BinaryCrossEntropy {
    type Target<const B: usize> = SMatrix<T, O, B>;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        let floor = c::<T>(-100.0);
        let s = y.zip_fold(t, T::zero(), |acc, p, q| {
            if p.is_nan() {
                // `max` would turn ln(NaN) into −100: keep the NaN visible.
                return p;
            }
            let log_p = p.ln().max(floor);
            let log_1mp = (-p).ln_1p().max(floor);
            acc + (q - T::one()) * log_1mp - q * log_p
        });
        s / count::<T>(O * B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        let n = count::<T>(O * B);
        let eps = c::<T>(1e-12);
        y.zip_map(t, |p, q| {
            let d = (T::one() - p) * p;
            (p - q) / (if d > eps || d.is_nan() { d } else { eps }) / n
        })
    }
}

/// Binary cross-entropy on logits, PyTorch's `BCEWithLogitsLoss()`:
/// `L = mean (1 − t)x − ln σ(x)` with `ln σ(x) = min(x, 0) − ln(1 + e^{−|x|})`, exact and finite
/// at any logit; `∂L/∂x = (σ(x) − t) / (O·B)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BceWithLogits;

impl<T: Scalar, const O: usize> Loss<T, O> for BceWithLogits {
    type Target<const B: usize> = SMatrix<T, O, B>;
    const LOGITS: bool = true;

    fn loss<const B: usize>(&self, x: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        let s = x.zip_fold(t, T::zero(), |acc, x, q| {
            let log_sigmoid = x.min(T::zero()) - (-x.abs()).exp().ln_1p();
            acc + (T::one() - q) * x - log_sigmoid
        });
        s / count::<T>(O * B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        x: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        let n = count::<T>(O * B);
        x.zip_map(t, |x, q| (sigmoid(x) - q) / n)
    }
}

/// `(max, ln Σ e^{x − max})` of one sample's logits: `logsumexp = max + ln Σ e^{x − max}`.
fn log_sum_exp<T: Scalar, const O: usize>(x: &SVectorView<'_, T, O>) -> (T, T) {
    let m = x.max();
    let s = x.fold(T::zero(), |acc, v| acc + (v - m).fast_exp());
    (m, s.ln())
}

/// Overwrites one sample's logits `x` with `e^{x − max}` and returns `(max, Σ e^{x − max})`:
/// softmax is the column scaled by `1/Σ`, and `logsumexp(x) = max + ln Σ` (the exponentials
/// vectorise on the contiguous column).
#[inline(always)]
pub(crate) fn exp_shifted<T: Scalar>(col: &mut [T]) -> (T, T) {
    let m = col.iter().fold(col[0], |m, &v| if v > m { v } else { m });
    crate::fast::map(col, |v| (v - m).fast_exp());
    (m, col.iter().fold(T::zero(), |a, &v| a + v))
}

/// `col ← k·col`.
#[inline(always)]
pub(crate) fn scale_column<T: Scalar>(col: &mut [T], k: T) {
    for v in col.iter_mut() {
        *v *= k;
    }
}

/// Softmax cross-entropy from logits with class-index targets, PyTorch's `CrossEntropyLoss()`:
/// `L = (1/B) Σ_b (logsumexp(x_b) − x_b[class_b])`, `∂L/∂x = (softmax(x) − onehot(class)) / B`.
///
/// Stable at any logit (log-sum-exp with the maximum subtracted). The target is `[usize; B]`.
///
/// # Panics
/// If a class index is `≥ O`.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let logits = SMatrix::<f32, 3, 2>::new(1000.0, 0.0, -1000.0, 0.0, 0.0, 0.0);
/// let loss = CrossEntropy.value(&logits, &[0, 1]);
/// assert!(loss.is_finite());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CrossEntropy;

fn check_class<const O: usize>(class: usize) {
    assert!(
        class < O,
        "class index {class} out of range for a network with {O} outputs"
    );
}

impl<T: Scalar, const O: usize> Loss<T, O> for CrossEntropy {
    type Target<const B: usize> = [usize; B];
    const LOGITS: bool = true;

    fn loss<const B: usize>(&self, x: &SMatrix<T, O, B>, classes: &[usize; B]) -> T {
        let mut s = T::zero();
        for (j, &k) in classes.iter().enumerate() {
            check_class::<O>(k);
            let col = x.column(j);
            let (m, lse) = log_sum_exp(&col);
            s += m + lse - col[k];
        }
        s / count::<T>(B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        x: &SMatrix<T, O, B>,
        classes: &[usize; B],
    ) -> SMatrix<T, O, B> {
        self.loss_and_gradient(x, classes).1
    }

    fn loss_and_gradient<const B: usize>(
        &self,
        x: &SMatrix<T, O, B>,
        classes: &[usize; B],
    ) -> (T, SMatrix<T, O, B>) {
        let n = count::<T>(B);
        let mut g = *x;
        let mut s = T::zero();
        // Column by column on the contiguous storage: e = exp(x − max) once, then
        // softmax = e / Σe (the exponentials vectorise).
        for (&k, col) in classes.iter().zip(g.as_mut_slice().chunks_exact_mut(O)) {
            check_class::<O>(k);
            let xk = col[k];
            let (m, sum) = exp_shifted(col);
            s += m + sum.ln() - xk;
            scale_column(col, T::one() / (sum * n));
            col[k] -= T::one() / n;
        }
        (s / n, g)
    }
}

/// Softmax cross-entropy from logits with probability targets (soft labels), PyTorch's
/// `CrossEntropyLoss()` given class probabilities: `L = (1/B) Σ_b −Σᵢ tᵢ log softmax(x_b)ᵢ`,
/// `∂L/∂x = (softmax(x)·Σᵢtᵢ − t) / B`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CrossEntropyProb;

impl<T: Scalar, const O: usize> Loss<T, O> for CrossEntropyProb {
    type Target<const B: usize> = SMatrix<T, O, B>;
    const LOGITS: bool = true;

    fn loss<const B: usize>(&self, x: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        let mut s = T::zero();
        for j in 0..B {
            let col = x.column(j);
            let (m, lse) = log_sum_exp(&col);
            s -= col.zip_fold(&t.column(j), T::zero(), |acc, v, q| acc + q * (v - m - lse));
        }
        s / count::<T>(B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        x: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        let n = count::<T>(B);
        let mut g = *x;
        for j in 0..B {
            let (m, lse) = log_sum_exp(&x.column(j));
            let tj = t.column(j);
            let mass = tj.sum();
            g.column_mut(j)
                .zip_apply(&tj, |v, q| *v = ((*v - m - lse).fast_exp() * mass - q) / n);
        }
        g
    }
}

/// A sequence-to-one loss: `L` on the last column of the output only, the prediction after the
/// whole sequence (a recurrent network's last step, or the pooling of [`MeanOverTime`] and
/// [`MaxOverTime`] over every step). The target is one sample's (`L::Target<1>`: a class index
/// `[usize; 1]`, or a column of values); the gradient is zero at every other step.
///
/// ```
/// use constnet::prelude::*;
///
/// // A 3-class prediction after each of 4 steps; only the last counts.
/// let y = SMatrix::<f64, 3, 4>::from_fn(|r, c| (r * c) as f64);
/// let last = SMatrix::<f64, 3, 1>::from_column_slice(y.column(3).as_slice());
/// assert_eq!(LastStep(CrossEntropy).value(&y, &[2]), CrossEntropy.value(&last, &[2]));
/// let g = LastStep(CrossEntropy).gradient(&y, &[2]);
/// assert_eq!(g.column(0).sum(), 0.0);
/// ```
///
/// [`MeanOverTime`]: crate::MeanOverTime
/// [`MaxOverTime`]: crate::MaxOverTime
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LastStep<L>(pub L);

impl<L> LastStep<L> {
    fn last<T: Scalar, const O: usize, const B: usize>(y: &SMatrix<T, O, B>) -> SMatrix<T, O, 1> {
        SMatrix::from_fn(|r, _| y[(r, B - 1)])
    }

    fn spread<T: Scalar, const O: usize, const B: usize>(g: &SMatrix<T, O, 1>) -> SMatrix<T, O, B> {
        let mut out = SMatrix::<T, O, B>::zeros();
        out.set_column(B - 1, &g.column(0));
        out
    }
}

impl<T: Scalar, const O: usize, L: Loss<T, O>> Loss<T, O> for LastStep<L> {
    type Target<const B: usize> = L::Target<1>;
    const LOGITS: bool = L::LOGITS;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, target: &L::Target<1>) -> T {
        self.0.loss(&Self::last(y), target)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        target: &L::Target<1>,
    ) -> SMatrix<T, O, B> {
        Self::spread(&self.0.loss_gradient(&Self::last(y), target))
    }

    fn loss_and_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        target: &L::Target<1>,
    ) -> (T, SMatrix<T, O, B>) {
        let (v, g) = self.0.loss_and_gradient(&Self::last(y), target);
        (v, Self::spread(&g))
    }
}
