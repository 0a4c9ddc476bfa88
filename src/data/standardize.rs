//! Per-feature standardisation learned on a training set: [`Standardizer`].

use core::fmt;

use crate::shape::{FeatureArray, FeatureShape, SameScalar, ShapeCheck};
use crate::train::Sample;
use crate::Scalar;

/// Why [`Standardizer::fit`] refused a training set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StandardizeError {
    /// There are no samples to learn from.
    NoSamples,
    /// A feature is NaN or infinite (it would make its column's mean and deviation NaN).
    NonFinite {
        /// The sample's index.
        sample: usize,
        /// The feature's index.
        feature: usize,
        /// The value.
        value: f64,
    },
}

impl fmt::Display for StandardizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StandardizeError::NoSamples => write!(f, "no samples to standardise on"),
            StandardizeError::NonFinite {
                sample,
                feature,
                value,
            } => write!(
                f,
                "sample {sample}, feature {feature} is {value}: standardising needs finite features"
            ),
        }
    }
}

impl core::error::Error for StandardizeError {}

/// Per-feature standardisation `x ↦ (x − mean)/std`, learned on a training set (scikit-learn's
/// `StandardScaler`: population deviation; a constant feature is only centred).
///
/// ```
/// use constnet::data::Standardizer;
/// use constnet::train::Sample;
///
/// let mut train = [Sample::new([1.0f64, 10.0], 0usize), Sample::new([3.0, 10.0], 1)];
/// let s = Standardizer::fit(&train).unwrap();
/// s.apply(&mut train);
/// assert_eq!(train[0].x, [-1.0, 0.0]); // a constant feature maps to 0
/// assert_eq!(s.transform(&[5.0, 10.0]), [3.0, 0.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardizer<T, const I: usize> {
    /// Mean of each feature on the training set.
    pub mean: [T; I],
    /// Standard deviation (population) of each feature; features with none are left centred.
    pub std: [T; I],
}

impl<T: Scalar, const I: usize> Standardizer<T, I> {
    /// Learns means and standard deviations from `samples` (in f64).
    ///
    /// # Errors
    /// [`StandardizeError::NonFinite`] naming the first sample and feature that is NaN or
    /// infinite; [`StandardizeError::NoSamples`] for an empty set.
    pub fn fit<Y>(samples: &[Sample<T, I, Y>]) -> Result<Self, StandardizeError> {
        if samples.is_empty() {
            return Err(StandardizeError::NoSamples);
        }
        for (i, s) in samples.iter().enumerate() {
            if let Some(k) = s.x.iter().position(|v| !v.is_finite()) {
                return Err(StandardizeError::NonFinite {
                    sample: i,
                    feature: k,
                    value: s.x[k].as_f64(),
                });
            }
        }
        let n = samples.len() as f64;
        let mut mean = [T::zero(); I];
        let mut std = [T::one(); I];
        for k in 0..I {
            let m = samples.iter().map(|s| s.x[k].as_f64()).sum::<f64>() / n;
            let var = samples
                .iter()
                .map(|s| {
                    let d = s.x[k].as_f64() - m;
                    d * d
                })
                .sum::<f64>()
                / n;
            mean[k] = T::cast_f64(m);
            std[k] = T::cast_f64(if var > 0.0 { libm::sqrt(var) } else { 1.0 });
        }
        Ok(Self { mean, std })
    }

    /// Standardises one input of `I` features; another count or scalar is a compile error that
    /// names both.
    pub fn transform<A: FeatureArray<T, I>>(&self, x: &A) -> [T; I] {
        self.standardize(&x.into_values())
    }

    /// Standardises every sample in place; samples of another feature count or scalar are a
    /// compile error that names both.
    pub fn apply<S: FeaturesOf<T, I>>(&self, samples: &mut [S]) {
        for s in samples {
            let x = s.features_mut();
            *x = self.standardize(x);
        }
    }

    fn standardize(&self, x: &[T; I]) -> [T; I] {
        core::array::from_fn(|k| (x[k] - self.mean[k]) / self.std[k])
    }
}

/// A sample with `I` features of scalar `T`: what a [`Standardizer<T, I>`] applies to.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a sample of {I} `{T}` features",
    label = "expected a `Sample<{T}, {I}, _>`"
)]
pub trait FeaturesOf<T, const I: usize> {
    /// The features.
    fn features_mut(&mut self) -> &mut [T; I];
}

impl<T, E, Y, const I: usize, const I2: usize> FeaturesOf<T, I> for Sample<E, I2, Y>
where
    T: Scalar,
    E: Scalar,
    ShapeCheck: SameScalar<T, E> + FeatureShape<I, I2>,
{
    #[inline(always)]
    fn features_mut(&mut self) -> &mut [T; I] {
        <ShapeCheck as FeatureShape<I, I2>>::array_mut(<ShapeCheck as SameScalar<T, E>>::array_mut(
            &mut self.x,
        ))
    }
}
