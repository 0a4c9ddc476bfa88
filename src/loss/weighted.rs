//! Losses with class weights, as PyTorch weights them: [`WeightedCrossEntropy`]
//! (`CrossEntropyLoss(weight=…)`) and [`WeightedBceWithLogits`]
//! (`BCEWithLogitsLoss(pos_weight=…)`), for classes of unequal frequency.

use nalgebra::SMatrix;

use super::{count, exp_shifted, scale_column, Loss};
use crate::layers::sigmoid;
use crate::optim::{ConfigError, Range};
use crate::scalar::Scalar;
use crate::shape::{ShapeCheck, WeightCount};

/// Every weight finite and at least 0, and one above 0.
fn check_weights<T: Scalar>(field: &'static str, w: &[T]) -> Result<(), ConfigError> {
    for &v in w {
        crate::optim::check(field, v.as_f64(), Range::NonNegative)?;
    }
    if w.iter().all(|&v| v == T::zero()) {
        return Err(ConfigError::OutOfRange {
            field,
            value: 0.0,
            expected: Range::Positive,
        });
    }
    Ok(())
}

/// Softmax cross-entropy from logits with class-index targets and a weight per class, PyTorch's
/// `CrossEntropyLoss(weight=w)` (mean reduction):
///
/// ```text
/// L = Σ_b w[k_b] (logsumexp(x_b) − x_b[k_b]) / Σ_b w[k_b]
/// ∂L/∂x_b = w[k_b] (softmax(x_b) − onehot(k_b)) / Σ_b w[k_b]
/// ```
///
/// The weights are `C`, one per output: another count is a compile error. A batch whose
/// classes all weigh 0 has the loss 0/0 = NaN, as in PyTorch ([`fit`](crate::train::fit) then
/// stops with a typed error).
///
/// ```
/// use constnet::prelude::*;
/// use constnet::nalgebra::SMatrix;
///
/// let x = SMatrix::<f64, 3, 2>::new(2.0, 0.0, 0.5, 1.0, 0.0, -1.0);
/// let plain = CrossEntropy.value(&x, &[0, 2]);
/// let same = WeightedCrossEntropy::new([1.0, 1.0, 1.0]).unwrap().value(&x, &[0, 2]);
/// assert!((plain - same).abs() < 1e-15);
/// ```
///
/// # Panics
/// If a class index is `≥ C` (training through [`fit`](crate::train::fit) checks the labels
/// first and returns an error).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightedCrossEntropy<const C: usize, T = f32> {
    weight: [T; C],
}

impl<T: Scalar, const C: usize> WeightedCrossEntropy<C, T> {
    /// The loss with `weight[c]` for class `c`.
    ///
    /// # Errors
    /// A [`ConfigError`] if a weight is negative or not finite, or all are 0.
    pub fn new(weight: [T; C]) -> Result<Self, ConfigError> {
        check_weights("WeightedCrossEntropy::weight", &weight)?;
        Ok(Self { weight })
    }

    /// scikit-learn's `class_weight="balanced"`: `w_c = n / (C · n_c)` from the class counts of
    /// `labels` (a class that does not occur weighs 0).
    ///
    /// # Errors
    /// A [`ConfigError`] if no label is below `C` (no class occurs).
    pub fn balanced(labels: impl IntoIterator<Item = usize>) -> Result<Self, ConfigError> {
        let mut counts = [0usize; C];
        let mut n = 0usize;
        for l in labels {
            if l < C {
                counts[l] += 1;
                n += 1;
            }
        }
        let weight = counts.map(|k| {
            if k == 0 {
                T::zero()
            } else {
                T::cast_f64(n as f64 / (C as f64 * k as f64))
            }
        });
        Self::new(weight)
    }

    /// The class weights.
    pub fn weight(&self) -> &[T; C] {
        &self.weight
    }
}

impl<T: Scalar, const O: usize, const C: usize> Loss<T, O> for WeightedCrossEntropy<C, T>
where
    ShapeCheck: WeightCount<O, C>,
{
    type Target<const B: usize> = [usize; B];
    const LOGITS: bool = true;

    fn loss<const B: usize>(&self, x: &SMatrix<T, O, B>, classes: &[usize; B]) -> T {
        self.loss_and_gradient(x, classes).0
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
        let weight = <ShapeCheck as WeightCount<O, C>>::weights(&self.weight);
        let total = classes.iter().fold(T::zero(), |a, &k| a + weight[k]);
        let mut g = *x;
        let mut s = T::zero();
        for (&k, col) in classes.iter().zip(g.as_mut_slice().chunks_exact_mut(O)) {
            let w = weight[k];
            let xk = col[k];
            let (m, sum) = exp_shifted(col);
            s += w * (m + sum.ln() - xk);
            scale_column(col, w / (sum * total));
            col[k] -= w / total;
        }
        (s / total, g)
    }
}

/// Binary cross-entropy on logits with a weight on the positives of each output, PyTorch's
/// `BCEWithLogitsLoss(pos_weight=p)`:
///
/// ```text
/// ℓ = −(p t ln σ(x) + (1 − t) ln(1 − σ(x)))
///   = (1 − t) x + (1 + (p − 1) t)(ln(1 + e^{−|x|}) + max(−x, 0))      (exact at any logit)
/// L = mean ℓ over outputs and samples
/// ∂L/∂x = ((1 − t) − (1 + (p − 1) t) σ(−x)) / (O·B)
/// ```
///
/// `p > 1` raises recall on a rare positive class (PyTorch's advice: negatives ÷ positives).
/// `p` has one weight per output: another count is a compile error.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::nalgebra::SMatrix;
///
/// let x = SMatrix::<f64, 1, 3>::new(0.3, -2.0, 4.0);
/// let t = SMatrix::<f64, 1, 3>::new(1.0, 0.0, 1.0);
/// let same = WeightedBceWithLogits::new([1.0]).unwrap().value(&x, &t);
/// assert!((BceWithLogits.value(&x, &t) - same).abs() < 1e-15);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightedBceWithLogits<const O: usize, T = f32> {
    pos_weight: [T; O],
}

impl<T: Scalar, const O: usize> WeightedBceWithLogits<O, T> {
    /// The loss with `pos_weight[o]` on the positives of output `o`.
    ///
    /// # Errors
    /// A [`ConfigError`] if a weight is negative or not finite, or all are 0.
    pub fn new(pos_weight: [T; O]) -> Result<Self, ConfigError> {
        check_weights("WeightedBceWithLogits::pos_weight", &pos_weight)?;
        Ok(Self { pos_weight })
    }

    /// The positive weights.
    pub fn pos_weight(&self) -> &[T; O] {
        &self.pos_weight
    }
}

impl<T: Scalar, const O: usize, const P: usize> Loss<T, O> for WeightedBceWithLogits<P, T>
where
    ShapeCheck: WeightCount<O, P>,
{
    type Target<const B: usize> = SMatrix<T, O, B>;
    const LOGITS: bool = true;

    fn loss<const B: usize>(&self, x: &SMatrix<T, O, B>, t: &SMatrix<T, O, B>) -> T {
        let pos_weight = <ShapeCheck as WeightCount<O, P>>::weights(&self.pos_weight);
        let mut s = T::zero();
        for (xc, tc) in x.column_iter().zip(t.column_iter()) {
            for o in 0..O {
                let (x, q) = (xc[o], tc[o]);
                let log_weight = T::one() + (pos_weight[o] - T::one()) * q;
                let softplus_neg = (-x.abs()).exp().ln_1p() + (-x).max(T::zero());
                s += (T::one() - q) * x + log_weight * softplus_neg;
            }
        }
        s / count::<T>(O * B)
    }

    fn loss_gradient<const B: usize>(
        &self,
        x: &SMatrix<T, O, B>,
        t: &SMatrix<T, O, B>,
    ) -> SMatrix<T, O, B> {
        let n = count::<T>(O * B);
        let pos_weight = <ShapeCheck as WeightCount<O, P>>::weights(&self.pos_weight);
        SMatrix::from_fn(|o, b| {
            let (x, q) = (x[(o, b)], t[(o, b)]);
            let log_weight = T::one() + (pos_weight[o] - T::one()) * q;
            ((T::one() - q) - log_weight * sigmoid(-x)) / n
        })
    }
}
