//! Labels and the losses that take them: which kind of label (class index or target row) a loss
//! trains on is a trait of the loss, so that a mismatch names the loss, the labels and the fix.

use nalgebra::{SMatrix, SVector};

use crate::loss::{
    BceWithLogits, BinaryCrossEntropy, CrossEntropy, CrossEntropyProb, HalfSquaredError, Huber,
    Loss, Mae, Mse, WeightedBceWithLogits, WeightedCrossEntropy,
};
use crate::shape::{SameScalar, SameWidth, ShapeCheck};
use crate::Scalar;

/// A loss that trains on class indices: a `usize` label per sample ([`CrossEntropy`]).
///
/// A custom loss whose target is `[usize; B]` implements it with one method.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not take class indices, but the labels are class indices (`usize`)",
    label = "this loss takes a target row `[T; OUTPUTS]` per sample",
    note = "for class indices use `CrossEntropy`; for `{Self}`, give each sample a target row `[{T}; {O}]` (one-hot for classes)"
)]
pub trait ClassLoss<T: Scalar, const O: usize>: Loss<T, O> {
    /// The loss's target for a batch of class indices.
    fn class_target<const B: usize>(classes: [usize; B]) -> Self::Target<B>;
}

/// A loss that trains on target values: a row `[T; O]` per sample (every loss but
/// [`CrossEntropy`]; for classes, a one-hot or probability row).
///
/// A custom loss whose target is `SMatrix<T, O, B>` implements it with one method.
#[diagnostic::on_unimplemented(
    message = "`{Self}` takes class indices (`usize`), but the labels are rows of values",
    label = "this loss takes one `usize` class index per sample",
    note = "for probability or one-hot rows use `CrossEntropyProb`; for `{Self}`, give each sample its class as a `usize`"
)]
pub trait ValueLoss<T: Scalar, const O: usize>: Loss<T, O> {
    /// The loss's target for a batch of target values, one column per sample.
    fn value_target<const B: usize>(values: SMatrix<T, O, B>) -> Self::Target<B>;
}

impl<T: Scalar, const O: usize> ClassLoss<T, O> for CrossEntropy {
    #[inline(always)]
    fn class_target<const B: usize>(classes: [usize; B]) -> [usize; B] {
        classes
    }
}

impl<T: Scalar, const O: usize, const C: usize> ClassLoss<T, O> for WeightedCrossEntropy<C, T>
where
    ShapeCheck: crate::shape::WeightCount<O, C>,
{
    #[inline(always)]
    fn class_target<const B: usize>(classes: [usize; B]) -> [usize; B] {
        classes
    }
}

impl<T: Scalar, const O: usize, const P: usize> ValueLoss<T, O> for WeightedBceWithLogits<P, T>
where
    ShapeCheck: crate::shape::WeightCount<O, P>,
{
    #[inline(always)]
    fn value_target<const B: usize>(values: SMatrix<T, O, B>) -> SMatrix<T, O, B> {
        values
    }
}

macro_rules! value_losses {
    ($($l:ty),*) => {$(
        impl<T: Scalar, const O: usize> ValueLoss<T, O> for $l {
            #[inline(always)]
            fn value_target<const B: usize>(values: SMatrix<T, O, B>) -> SMatrix<T, O, B> {
                values
            }
        }
    )*};
}

value_losses!(
    Mse,
    HalfSquaredError,
    Mae,
    Huber,
    BinaryCrossEntropy,
    BceWithLogits,
    CrossEntropyProb
);

/// A per-sample label that loss `L` trains on, for a network with `O` outputs of scalar `T`: a
/// class index (`usize`) for a [`ClassLoss`], a target row `[T; O]` for a [`ValueLoss`].
///
/// The output width `O` comes from the network (never from the label), so a target row of the
/// wrong width is an error that names both widths, a row of another scalar names both scalars,
/// and a label of the wrong kind names the loss and the fix.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a label that `{L}` can train a network of {O} `{T}` outputs on",
    label = "samples labelled with `{Self}`",
    note = "labels are `usize` class indices (for `CrossEntropy`) or target rows `[{T}; {O}]` of the network's scalar (for the other losses)"
)]
pub trait LabelFor<L: Loss<T, O>, T: Scalar, const O: usize>: Copy {
    /// The loss's target for the labels `label(0)`, …, `label(B − 1)`.
    fn batch<const B: usize>(label: impl FnMut(usize) -> Self) -> L::Target<B>;

    /// Whether the network output `y` (one sample) predicts this label: the arg-max for class
    /// indices and one-hot targets, `threshold` for a single output (0.5 for a probability, 0 for
    /// a logit).
    fn is_correct(&self, y: &SVector<T, O>, threshold: T) -> bool;

    /// `(Σ (y − t)², Σ |y − t|)` over the outputs (NaN for class indices).
    fn errors(&self, y: &SVector<T, O>) -> (f64, f64);

    /// The class index, for a class label (`None` for a target row): what [`fit`](super::fit)
    /// checks against the number of outputs before training.
    fn class(&self) -> Option<usize>;

    /// Whether the labels are class indices (the regression metrics are then not computed).
    const CLASS: bool;
}

fn argmax<T: Scalar>(v: impl Iterator<Item = T>) -> usize {
    let mut best = 0;
    let mut best_v = None;
    for (i, x) in v.enumerate() {
        if best_v.is_none_or(|b| x > b) {
            best = i;
            best_v = Some(x);
        }
    }
    best
}

impl<L: ClassLoss<T, O>, T: Scalar, const O: usize> LabelFor<L, T, O> for usize {
    fn batch<const B: usize>(label: impl FnMut(usize) -> Self) -> L::Target<B> {
        L::class_target(core::array::from_fn(label))
    }

    fn is_correct(&self, y: &SVector<T, O>, threshold: T) -> bool {
        if O == 1 {
            usize::from(y[0] > threshold) == *self
        } else {
            argmax(y.iter().copied()) == *self
        }
    }

    fn errors(&self, _y: &SVector<T, O>) -> (f64, f64) {
        (f64::NAN, f64::NAN)
    }

    fn class(&self) -> Option<usize> {
        Some(*self)
    }

    const CLASS: bool = true;
}

/// A target row `[E; O2]` as the network's `[T; O]` (it is that type: the bounds prove it).
#[inline(always)]
fn row<T, E, const O: usize, const O2: usize>(v: &[E; O2]) -> &[T; O]
where
    ShapeCheck: SameScalar<T, E> + SameWidth<O, O2>,
{
    <ShapeCheck as SameScalar<T, E>>::array(<ShapeCheck as SameWidth<O, O2>>::values(v))
}

impl<L, T, E, const O: usize, const O2: usize> LabelFor<L, T, O> for [E; O2]
where
    L: ValueLoss<T, O>,
    T: Scalar,
    E: Scalar,
    ShapeCheck: SameScalar<T, E> + SameWidth<O, O2>,
{
    fn batch<const B: usize>(mut label: impl FnMut(usize) -> Self) -> L::Target<B> {
        let mut m = SMatrix::<T, O, B>::zeros();
        for (c, mut col) in m.column_iter_mut().enumerate() {
            col.copy_from_slice(row::<T, E, O, O2>(&label(c)));
        }
        L::value_target(m)
    }

    fn is_correct(&self, y: &SVector<T, O>, threshold: T) -> bool {
        let t = row::<T, E, O, O2>(self);
        if O == 1 {
            (y[0] > threshold) == (t[0] > T::cast_f64(0.5))
        } else {
            argmax(y.iter().copied()) == argmax(t.iter().copied())
        }
    }

    fn errors(&self, y: &SVector<T, O>) -> (f64, f64) {
        let t = row::<T, E, O, O2>(self);
        y.iter().zip(t).fold((0.0, 0.0), |(sq, ab), (&a, &b)| {
            let d = (a - b).as_f64();
            (sq + d * d, ab + d.abs())
        })
    }

    fn class(&self) -> Option<usize> {
        None
    }

    const CLASS: bool = false;
}
