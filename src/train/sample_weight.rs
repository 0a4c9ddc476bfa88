//! Per-sample weights (Keras's `sample_weight`): [`SampleWeighted`] around any loss, trained on
//! [`Weighted`] labels.

use nalgebra::{SMatrix, SVector};

use super::LabelFor;
use crate::loss::Loss;
use crate::Scalar;

/// A label with a weight: the sample counts `weight` times in the loss of its batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weighted<Y, T = f32> {
    /// The label the inner loss takes (a class index or a target row).
    pub label: Y,
    /// The sample's weight (1 leaves the loss as it is).
    pub weight: T,
}

impl<Y, T> Weighted<Y, T> {
    /// `label` with `weight`.
    pub const fn new(label: Y, weight: T) -> Self {
        Self { label, weight }
    }
}

/// Loss `L` with a weight per sample, Keras's `sample_weight` (and PyTorch's
/// `(loss(reduction="none") * w).mean()`):
///
/// ```text
/// L_w = (1/B) Σ_b w_b ℓ_b,     ∂L_w/∂y_b = (w_b / B) ∂ℓ_b/∂y_b
/// ```
///
/// where `ℓ_b` is `L` on sample `b` alone (a mean over its outputs for the element-wise losses).
/// With every weight 1 it is `L`. The samples are [`Weighted`] labels of `L`'s labels:
/// `Sample<f32, I, Weighted<usize>>` for `SampleWeighted(CrossEntropy)`.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::train::{evaluate, Metric, SampleWeighted, Weighted};
///
/// let net = (Dense::<1, 2>::from_rows([[1.0], [-1.0]], [0.0, 0.0]),);
/// let plain = [Sample::new([0.5], 0usize), Sample::new([2.0], 1)];
/// let ones = plain.map(|s| Sample::new(s.x, Weighted::new(s.y, 1.0)));
/// let a = evaluate(&net, &CrossEntropy, &plain, Metric::None).unwrap().loss;
/// let b = evaluate(&net, &SampleWeighted(CrossEntropy), &ones, Metric::None).unwrap().loss;
/// assert!((a - b).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SampleWeighted<L>(pub L);

impl<T: Scalar, const O: usize, L: Loss<T, O>> Loss<T, O> for SampleWeighted<L>
where
    L::Target<1>: Copy,
{
    /// Each sample's target for `L`, and its weight.
    type Target<const B: usize> = ([L::Target<1>; B], [T; B]);
    const LOGITS: bool = L::LOGITS;

    fn loss<const B: usize>(&self, y: &SMatrix<T, O, B>, target: &Self::Target<B>) -> T {
        let mut s = T::zero();
        for b in 0..B {
            let col = SMatrix::<T, O, 1>::from_fn(|r, _| y[(r, b)]);
            s += target.1[b] * self.0.loss(&col, &target.0[b]);
        }
        s / T::cast_f64(B as f64)
    }

    fn loss_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        target: &Self::Target<B>,
    ) -> SMatrix<T, O, B> {
        self.loss_and_gradient(y, target).1
    }

    fn loss_and_gradient<const B: usize>(
        &self,
        y: &SMatrix<T, O, B>,
        target: &Self::Target<B>,
    ) -> (T, SMatrix<T, O, B>) {
        let n = T::cast_f64(B as f64);
        let mut s = T::zero();
        let mut g = SMatrix::<T, O, B>::zeros();
        for b in 0..B {
            let col = SMatrix::<T, O, 1>::from_fn(|r, _| y[(r, b)]);
            let (l, d) = self.0.loss_and_gradient(&col, &target.0[b]);
            let w = target.1[b];
            s += w * l;
            for r in 0..O {
                g[(r, b)] = w * d[(r, 0)] / n;
            }
        }
        (s / n, g)
    }
}

impl<L, T, Y, const O: usize> LabelFor<SampleWeighted<L>, T, O> for Weighted<Y, T>
where
    T: Scalar,
    L: Loss<T, O>,
    L::Target<1>: Copy,
    Y: LabelFor<L, T, O>,
{
    fn batch<const B: usize>(
        mut label: impl FnMut(usize) -> Self,
    ) -> <SampleWeighted<L> as Loss<T, O>>::Target<B> {
        let labels: [Self; B] = core::array::from_fn(&mut label);
        (
            labels.map(|w| Y::batch::<1>(|_| w.label)),
            labels.map(|w| w.weight),
        )
    }

    fn is_correct(&self, y: &SVector<T, O>, threshold: T) -> bool {
        self.label.is_correct(y, threshold)
    }

    fn errors(&self, y: &SVector<T, O>) -> (f64, f64) {
        self.label.errors(y)
    }

    fn class(&self) -> Option<usize> {
        self.label.class()
    }

    const CLASS: bool = Y::CLASS;
}
