//! Predictions as the loss implies them: [`predict`] (a class index, or the output values) and
//! [`predict_proba`] (the softmax or sigmoid the loss applies, or the probabilities it reads).

use nalgebra::{SMatrix, SVector};

use crate::layer::{InputFor, Model};
use crate::loss::{
    BceWithLogits, BinaryCrossEntropy, CrossEntropy, CrossEntropyProb, HalfSquaredError, Huber,
    Loss, Mae, Mse, WeightedBceWithLogits, WeightedCrossEntropy,
};
use crate::shape::{FeatureArray, ShapeCheck, WeightCount};
use crate::Scalar;

/// What a network's outputs predict under loss `Self`: a class index for the classification
/// losses, the output values for the regression losses.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not say what a network's {O} outputs predict",
    label = "a loss without predictions",
    note = "the classification losses (`CrossEntropy`, `CrossEntropyProb`, `BceWithLogits`, `BinaryCrossEntropy`) predict a class index; the regression losses (`Mse`, `Mae`, `Huber`, `HalfSquaredError`) the values"
)]
pub trait Predicts<T: Scalar, const O: usize>: Loss<T, O> {
    /// A class index (`usize`) or the values (`[T; O]`).
    type Prediction: Copy + core::fmt::Debug + PartialEq;

    /// The prediction from one sample's outputs: the arg-max of several outputs (the first on a
    /// tie, as NumPy), or a single output above its threshold (0 for logits, ½ for a
    /// probability; see [`Loss::LOGITS`]).
    fn prediction(y: &SVector<T, O>) -> Self::Prediction;
}

/// A classification loss: [`predict_proba`] applies what it applies to the outputs.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a classification loss, so the network's outputs are not class probabilities",
    label = "a loss on values",
    note = "class probabilities come from `CrossEntropy` and `CrossEntropyProb` (softmax), `BceWithLogits` (sigmoid) or `BinaryCrossEntropy` (the outputs themselves)"
)]
pub trait Classifies<T: Scalar, const O: usize>: Predicts<T, O, Prediction = usize> {
    /// The class probabilities from one sample's outputs: softmax for [`CrossEntropy`] and
    /// [`CrossEntropyProb`], the sigmoid of each output for [`BceWithLogits`], the outputs for
    /// [`BinaryCrossEntropy`]. A single output gives the probability of class 1.
    fn probabilities(y: &SVector<T, O>) -> [T; O];
}

/// The first index of the largest value (NaN never wins).
fn argmax<T: Scalar, const O: usize>(y: &SVector<T, O>) -> usize {
    let mut best = 0;
    for i in 1..O {
        if y[i] > y[best] || (y[best].is_nan() && !y[i].is_nan()) {
            best = i;
        }
    }
    best
}

fn class_of<T: Scalar, L: Loss<T, O>, const O: usize>(y: &SVector<T, O>) -> usize {
    if O == 1 {
        let threshold = T::cast_f64(if L::LOGITS { 0.0 } else { 0.5 });
        usize::from(y[0] > threshold)
    } else {
        argmax(y)
    }
}

macro_rules! classifies {
    ($($l:ty),*) => {$(
        impl<T: Scalar, const O: usize> Predicts<T, O> for $l {
            type Prediction = usize;
            #[inline]
            fn prediction(y: &SVector<T, O>) -> usize {
                class_of::<T, Self, O>(y)
            }
        }
    )*};
}

classifies!(
    CrossEntropy,
    CrossEntropyProb,
    BceWithLogits,
    BinaryCrossEntropy
);

macro_rules! regresses {
    ($($l:ty),*) => {$(
        impl<T: Scalar, const O: usize> Predicts<T, O> for $l {
            type Prediction = [T; O];
            #[inline]
            fn prediction(y: &SVector<T, O>) -> [T; O] {
                y.data.0[0]
            }
        }
    )*};
}

regresses!(Mse, Mae, Huber, HalfSquaredError);

fn softmax<T: Scalar, const O: usize>(y: &SVector<T, O>) -> [T; O] {
    let m = y
        .iter()
        .copied()
        .fold(T::cast_f64(f64::NEG_INFINITY), |a, b| a.max(b));
    let e: [T; O] = core::array::from_fn(|i| (y[i] - m).exp());
    let s = e.iter().copied().fold(T::zero(), |a, b| a + b);
    e.map(|v| v / s)
}

impl<T: Scalar, const O: usize> Classifies<T, O> for CrossEntropy {
    fn probabilities(y: &SVector<T, O>) -> [T; O] {
        softmax(y)
    }
}

impl<T: Scalar, const O: usize> Classifies<T, O> for CrossEntropyProb {
    fn probabilities(y: &SVector<T, O>) -> [T; O] {
        softmax(y)
    }
}

impl<T: Scalar, const O: usize> Classifies<T, O> for BceWithLogits {
    fn probabilities(y: &SVector<T, O>) -> [T; O] {
        core::array::from_fn(|i| T::one() / (T::one() + (-y[i]).exp()))
    }
}

impl<T: Scalar, const O: usize> Classifies<T, O> for BinaryCrossEntropy {
    fn probabilities(y: &SVector<T, O>) -> [T; O] {
        y.data.0[0]
    }
}

/// The prediction of `net` for one sample `x`, as loss `loss` reads the outputs (inference
/// mode): a class index for a classifier (scikit-learn's `predict`), the output values for a
/// regression.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::train::{predict, predict_proba};
///
/// let net = (Dense::<2, 3>::from_rows([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [0.0; 3]),);
/// assert_eq!(predict(&net, &CrossEntropy, &[0.2, 0.9]), 1);
/// let p = predict_proba(&net, &CrossEntropy, &[0.2, 0.9]);
/// assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6 && p[1] > p[0]);
/// assert_eq!(predict(&net, &Mse, &[0.2, 0.9]), [0.2, 0.9, 0.0]);
/// ```
pub fn predict<N, L, A, T, const I: usize, const O: usize>(
    net: &N,
    _loss: &L,
    x: &A,
) -> L::Prediction
where
    N: Model,
    T: Scalar,
    A: FeatureArray<T, I>,
    SMatrix<T, I, 1>: InputFor<N, Output = SMatrix<T, O, 1>>,
    L: Predicts<T, O>,
{
    L::prediction(&net.forward(&SMatrix::<T, I, 1>::from(x.into_values())))
}

/// The class probabilities `net` gives one sample `x` under loss `loss` (scikit-learn's
/// `predict_proba`, but one column for a single output: the probability of class 1). See
/// [`Classifies`]; a regression loss is a compile error.
pub fn predict_proba<N, L, A, T, const I: usize, const O: usize>(
    net: &N,
    _loss: &L,
    x: &A,
) -> [T; O]
where
    N: Model,
    T: Scalar,
    A: FeatureArray<T, I>,
    SMatrix<T, I, 1>: InputFor<N, Output = SMatrix<T, O, 1>>,
    L: Classifies<T, O>,
{
    L::probabilities(&net.forward(&SMatrix::<T, I, 1>::from(x.into_values())))
}

impl<T: Scalar, const O: usize, const C: usize> Predicts<T, O> for WeightedCrossEntropy<C, T>
where
    ShapeCheck: WeightCount<O, C>,
{
    type Prediction = usize;
    fn prediction(y: &SVector<T, O>) -> usize {
        class_of::<T, Self, O>(y)
    }
}

impl<T: Scalar, const O: usize, const C: usize> Classifies<T, O> for WeightedCrossEntropy<C, T>
where
    ShapeCheck: WeightCount<O, C>,
{
    fn probabilities(y: &SVector<T, O>) -> [T; O] {
        softmax(y)
    }
}

impl<T: Scalar, const O: usize, const P: usize> Predicts<T, O> for WeightedBceWithLogits<P, T>
where
    ShapeCheck: WeightCount<O, P>,
{
    type Prediction = usize;
    fn prediction(y: &SVector<T, O>) -> usize {
        class_of::<T, Self, O>(y)
    }
}

impl<T: Scalar, const O: usize, const P: usize> Classifies<T, O> for WeightedBceWithLogits<P, T>
where
    ShapeCheck: WeightCount<O, P>,
{
    fn probabilities(y: &SVector<T, O>) -> [T; O] {
        <BceWithLogits as Classifies<T, O>>::probabilities(y)
    }
}
