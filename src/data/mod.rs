//! Reading labelled data from CSV text and from sequence archives, and feature
//! standardisation — without allocation.
//!
//! [`parse_csv`] fills the caller's buffer of [`Sample`]s from text (from `include_str!`, a file
//! read on the host, or flash) and reports malformed input with its line and field.
//! [`parse_ts`] reads labelled multichannel sequences in the `.ts` format of the UEA & UCR time
//! series archive (as sktime and aeon write it), one sequence per column-per-step matrix.
//! [`Standardizer`] learns each feature's mean and standard deviation on a training set and applies
//! the same affine map to any other set (and, in deployment, to each input).

use core::fmt;

use crate::shape::{FeatureArray, FeatureShape, SameScalar, ShapeCheck};
use crate::train::Sample;
use crate::Scalar;

mod ts;

pub use ts::parse_ts;

/// What was wrong with a line of CSV or `.ts` input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The line does not have `features + 1` fields.
    WrongFieldCount {
        /// Fields expected (features and the label).
        expected: usize,
        /// Fields found.
        found: usize,
    },
    /// A feature is not a number (or not finite).
    BadNumber,
    /// The label is not a non-negative integer.
    BadLabel,
    /// The label is not below the number of classes.
    LabelOutOfRange {
        /// The label read.
        label: usize,
        /// The number of classes.
        classes: usize,
    },
    /// The input has more rows than the buffer holds.
    TooManyRows {
        /// The buffer's length.
        capacity: usize,
    },
    /// A sequence has another number of channels than the matrix has rows.
    WrongChannelCount {
        /// Channels expected.
        expected: usize,
        /// Channels found.
        found: usize,
    },
    /// A channel has another number of time steps than the matrix has columns.
    WrongLength {
        /// Steps expected.
        expected: usize,
        /// Steps found.
        found: usize,
    },
    /// The class label is not one of those the header declares.
    UnknownClass,
    /// A data line came before the `@classLabel true …` header that names the classes.
    NoClassLabels,
}

/// A malformed line of CSV or `.ts` input: where, and what was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number in the text.
    pub line: usize,
    /// 1-based field number within the line (0 when the whole line is at fault).
    pub field: usize,
    /// What was wrong.
    pub kind: ParseErrorKind,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if self.field > 0 {
            write!(f, ", field {}", self.field)?;
        }
        match self.kind {
            ParseErrorKind::WrongFieldCount { expected, found } => {
                write!(
                    f,
                    ": expected {expected} fields (features then label), found {found}"
                )
            }
            ParseErrorKind::BadNumber => write!(f, ": not a finite number"),
            ParseErrorKind::BadLabel => write!(f, ": the label is not a non-negative integer"),
            ParseErrorKind::LabelOutOfRange { label, classes } => {
                write!(
                    f,
                    ": label {label} is not below the number of classes, {classes}"
                )
            }
            ParseErrorKind::TooManyRows { capacity } => {
                write!(f, ": more rows than the buffer's {capacity}")
            }
            ParseErrorKind::WrongChannelCount { expected, found } => {
                write!(f, ": expected {expected} channels, found {found}")
            }
            ParseErrorKind::WrongLength { expected, found } => {
                write!(f, ": expected {expected} time steps, found {found}")
            }
            ParseErrorKind::UnknownClass => {
                write!(
                    f,
                    ": the class label is not one the `@classLabel` header names"
                )
            }
            ParseErrorKind::NoClassLabels => {
                write!(
                    f,
                    ": data before a `@classLabel true …` header naming the classes"
                )
            }
        }
    }
}

impl core::error::Error for ParseError {}

/// Parses CSV text whose lines are `I` features followed by a class label in `0..classes`, into
/// `out`, and returns the number of samples read.
///
/// The first `skip` lines (headers) and blank lines are ignored; a byte-order mark is skipped;
/// fields may be padded with spaces; labels may be written as integers or integral floats (`1.0`).
/// A feature that does not fit `T` (e.g. `1e39` for `f32`) is an error.
///
/// # Errors
/// A [`ParseError`] naming the line and field of the first malformed value, a wrong number of
/// fields, a label out of range, or more rows than `out` holds. `out` is then partly written.
///
/// # Examples
///
/// ```
/// use constnet::data::{parse_csv, ParseErrorKind};
/// use constnet::train::Sample;
///
/// let mut buf = [Sample::new([0.0f32; 2], 0); 4];
/// let n = parse_csv("x,y,label\n1.5,2,1\n-3, 4e-1 ,0\n", 1, 2, &mut buf).unwrap();
/// assert_eq!(n, 2);
/// assert_eq!(buf[1], Sample::new([-3.0, 0.4], 0));
///
/// let err = parse_csv::<f32, 2>("1,2,1\n1,x,0\n", 0, 2, &mut buf).unwrap_err();
/// assert_eq!((err.line, err.field, err.kind), (2, 2, ParseErrorKind::BadNumber));
/// assert_eq!(err.to_string(), "line 2, field 2: not a finite number");
/// ```
pub fn parse_csv<T: Scalar, const I: usize>(
    text: &str,
    skip: usize,
    classes: usize,
    out: &mut [Sample<T, I, usize>],
) -> Result<usize, ParseError> {
    let mut n = 0;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate().skip(skip) {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let found = raw.split(',').count();
        if found != I + 1 {
            return Err(ParseError {
                line,
                field: 0,
                kind: ParseErrorKind::WrongFieldCount {
                    expected: I + 1,
                    found,
                },
            });
        }
        if n == out.len() {
            return Err(ParseError {
                line,
                field: 0,
                kind: ParseErrorKind::TooManyRows {
                    capacity: out.len(),
                },
            });
        }
        let mut fields = raw.split(',').map(str::trim);
        let mut x = [T::zero(); I];
        for (k, v) in x.iter_mut().enumerate() {
            let value: T = fields
                .next()
                .and_then(|s| s.parse::<f64>().ok())
                .map(T::cast_f64)
                .filter(|v| v.is_finite())
                .ok_or(ParseError {
                    line,
                    field: k + 1,
                    kind: ParseErrorKind::BadNumber,
                })?;
            *v = value;
        }
        let bad_label = ParseError {
            line,
            field: I + 1,
            kind: ParseErrorKind::BadLabel,
        };
        let label_text = fields.next().ok_or(bad_label)?;
        // Integers, or integral floats such as `1.0` (as pandas writes them).
        let label = match label_text.parse::<usize>() {
            Ok(l) => l,
            Err(_) => match label_text.parse::<f64>() {
                Ok(f) if f >= 0.0 && f == libm::trunc(f) && f < 1e15 => f as usize,
                _ => return Err(bad_label),
            },
        };
        if label >= classes {
            return Err(ParseError {
                line,
                field: I + 1,
                kind: ParseErrorKind::LabelOutOfRange { label, classes },
            });
        }
        out[n] = Sample::new(x, label);
        n += 1;
    }
    Ok(n)
}

/// Per-feature standardisation `x ↦ (x − mean)/std`, learned on a training set.
///
/// ```
/// use constnet::data::Standardizer;
/// use constnet::train::Sample;
///
/// let mut train = [Sample::new([1.0f64, 10.0], 0usize), Sample::new([3.0, 10.0], 1)];
/// let s = Standardizer::fit(&train);
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
    /// Learns means and standard deviations from `samples` (an empty set gives the identity).
    pub fn fit<Y>(samples: &[Sample<T, I, Y>]) -> Self {
        let n = samples.len().max(1) as f64;
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
        Self { mean, std }
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
