//! Classification and regression metrics with scikit-learn's definitions, allocation-free:
//! [`ConfusionMatrix`] (accuracy, per-class and macro precision, recall and F1), [`roc_auc`] for
//! binary scores, and [`r2_score`].
//!
//! Where scikit-learn divides by zero (a class never predicted, or never present), the value is
//! 0, as its `zero_division` default gives (without the warning).

use core::fmt;

use nalgebra::SMatrix;

use super::predict::Predicts;
use super::{DataSet, Sample, TrainError};
use crate::layer::{InputFor, Model};
use crate::Scalar;

/// Counts of (true class, predicted class) over `C` classes: `counts[t][p]`, rows the true
/// class and columns the prediction (scikit-learn's `confusion_matrix` layout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix<const C: usize> {
    /// `counts[t][p]`: samples of class `t` predicted as `p`.
    pub counts: [[usize; C]; C],
}

impl<const C: usize> Default for ConfusionMatrix<C> {
    fn default() -> Self {
        Self::new()
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl<const C: usize> ConfusionMatrix<C> {
    /// No samples counted.
    pub const fn new() -> Self {
        Self {
            counts: [[0; C]; C],
        }
    }

    /// Counts one sample of class `truth` predicted as `predicted`.
    ///
    /// # Panics
    /// If either is not below `C`.
    pub fn add(&mut self, truth: usize, predicted: usize) {
        self.counts[truth][predicted] += 1;
    }

    /// From pairs `(truth, predicted)`.
    ///
    /// # Panics
    /// If a class is not below `C`.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut m = Self::new();
        for (t, p) in pairs {
            m.add(t, p);
        }
        m
    }

    /// The number of samples counted.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Samples whose true class is `c` (scikit-learn's `support`).
    pub fn support(&self, c: usize) -> usize {
        self.counts[c].iter().sum()
    }

    /// Samples predicted as `c`.
    pub fn predicted(&self, c: usize) -> usize {
        self.counts.iter().map(|row| row[c]).sum()
    }

    /// The fraction predicted correctly (0 with no samples).
    pub fn accuracy(&self) -> f64 {
        ratio((0..C).map(|c| self.counts[c][c]).sum(), self.total())
    }

    /// Of the samples predicted as `c`, the fraction that are `c`.
    pub fn precision(&self, c: usize) -> f64 {
        ratio(self.counts[c][c], self.predicted(c))
    }

    /// Of the samples of class `c`, the fraction predicted as `c`.
    pub fn recall(&self, c: usize) -> f64 {
        ratio(self.counts[c][c], self.support(c))
    }

    /// The harmonic mean of precision and recall of class `c`, `2·TP / (2·TP + FP + FN)`.
    pub fn f1(&self, c: usize) -> f64 {
        let tp = self.counts[c][c];
        ratio(2 * tp, self.predicted(c) + self.support(c))
    }

    /// The unweighted mean over classes of [`precision`](Self::precision) (`average="macro"`).
    pub fn macro_precision(&self) -> f64 {
        self.mean_over_classes(|c| self.precision(c))
    }

    /// The unweighted mean over classes of [`recall`](Self::recall).
    pub fn macro_recall(&self) -> f64 {
        self.mean_over_classes(|c| self.recall(c))
    }

    /// The unweighted mean over classes of [`f1`](Self::f1) (scikit-learn's
    /// `f1_score(average="macro")`: every class of the matrix counts, present or not).
    pub fn macro_f1(&self) -> f64 {
        self.mean_over_classes(|c| self.f1(c))
    }

    fn mean_over_classes(&self, f: impl Fn(usize) -> f64) -> f64 {
        (0..C).map(f).sum::<f64>() / C as f64
    }
}

/// The matrix as a table, rows the true class, then each class's precision, recall, F1 and
/// support, and the accuracy and macro averages.
impl<const C: usize> fmt::Display for ConfusionMatrix<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .counts
            .iter()
            .flatten()
            .map(|&n| digits(n))
            .max()
            .unwrap_or(1)
            .max(digits(C.saturating_sub(1)))
            .max(3);
        write!(f, "{:>w$}", "t\\p", w = width + 1)?;
        for p in 0..C {
            write!(f, " {p:>width$}")?;
        }
        writeln!(f, "   precision  recall      f1  support")?;
        for t in 0..C {
            write!(f, "{t:>w$}", w = width + 1)?;
            for p in 0..C {
                write!(f, " {:>width$}", self.counts[t][p])?;
            }
            writeln!(
                f,
                "   {:>9.4} {:>7.4} {:>7.4} {:>8}",
                self.precision(t),
                self.recall(t),
                self.f1(t),
                self.support(t)
            )?;
        }
        write!(
            f,
            "accuracy {:.4}, macro precision {:.4}, recall {:.4}, F1 {:.4} ({} samples)",
            self.accuracy(),
            self.macro_precision(),
            self.macro_recall(),
            self.macro_f1(),
            self.total()
        )
    }
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The confusion matrix of `net`'s predictions (as `loss` reads the outputs, see
/// [`predict`](super::predict)) on `data`: `C` is the number of classes, the network's outputs (2
/// for a single output).
///
/// ```
/// use constnet::prelude::*;
/// use constnet::train::{confusion_matrix, ConfusionMatrix};
///
/// let net = (Dense::<1, 1>::from_rows([[1.0]], [0.0]),);
/// let data = [Sample::new([0.5], 1usize), Sample::new([-0.5], 1), Sample::new([-1.0], 0)];
/// let m: ConfusionMatrix<2> = confusion_matrix(&net, &BceWithLogits, &data).unwrap();
/// assert_eq!(m.counts, [[1, 0], [1, 1]]);
/// assert_eq!(m.recall(1), 0.5);
/// ```
///
/// # Errors
/// [`TrainError::NoEvaluationData`] for an empty `data`; [`TrainError::Label`] naming the first
/// sample whose label is not below `C`.
///
/// # Panics
/// At compile time (`cargo build`), if `C` is not the network's number of classes.
pub fn confusion_matrix<N, L, T, const I: usize, const O: usize, const C: usize>(
    net: &N,
    _loss: &L,
    data: &[Sample<T, I, usize>],
) -> Result<ConfusionMatrix<C>, TrainError>
where
    N: Model,
    T: Scalar,
    SMatrix<T, I, 1>: InputFor<N, Output = SMatrix<T, O, 1>>,
    L: Predicts<T, O, Prediction = usize>,
{
    const {
        assert!(
            C == if O == 1 { 2 } else { O },
            "a confusion matrix has as many classes as the network has outputs (2 for one output)"
        )
    };
    if data.is_empty() {
        return Err(TrainError::NoEvaluationData);
    }
    let mut m = ConfusionMatrix::new();
    for (i, s) in data.iter().enumerate() {
        if s.y >= C {
            return Err(TrainError::Label {
                set: DataSet::Evaluated,
                sample: i,
                label: s.y,
                classes: C,
            });
        }
        m.add(
            s.y,
            L::prediction(&net.forward(&SMatrix::<T, I, 1>::from(s.x))),
        );
    }
    Ok(m)
}

/// The area under the ROC curve of binary scores `(score, is_positive)` (scikit-learn's
/// `roc_auc_score`): the probability that a random positive scores above a random negative, ties
/// counting one half. Sorts `scores` in place (no allocation); any monotone score works (a
/// logit, a probability).
///
/// ```
/// use constnet::train::roc_auc;
///
/// let mut s = [(0.1, false), (0.4, false), (0.35, true), (0.8, true)];
/// assert_eq!(roc_auc(&mut s), Some(0.75));
/// ```
///
/// `None` when there are no positives or no negatives (the curve is undefined; scikit-learn
/// raises), or a score is NaN.
pub fn roc_auc(scores: &mut [(f64, bool)]) -> Option<f64> {
    if scores.iter().any(|s| s.0.is_nan()) {
        return None;
    }
    scores.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let positives = scores.iter().filter(|s| s.1).count();
    let negatives = scores.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    // Mann–Whitney U from the positives' mid-ranks over groups of tied scores (−0 and +0 tie).
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < scores.len() {
        let mut j = i + 1;
        while j < scores.len() && scores[j].0 == scores[i].0 {
            j += 1;
        }
        let mid_rank = (i + j + 1) as f64 / 2.0; // ranks i+1 ..= j
        let tied_positives = scores[i..j].iter().filter(|s| s.1).count();
        rank_sum += mid_rank * tied_positives as f64;
        i = j;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// The coefficient of determination `R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²` of `net` on regression
/// samples, averaged over the outputs (scikit-learn's `r2_score`, `multioutput="uniform_average"`;
/// an output whose targets are constant scores 1 if predicted exactly, else 0, as its
/// `force_finite` default). In f64.
///
/// # Errors
/// [`TrainError::NoEvaluationData`] for an empty `data`.
pub fn r2_score<N, T, const I: usize, const O: usize>(
    net: &N,
    data: &[Sample<T, I, [T; O]>],
) -> Result<f64, TrainError>
where
    N: Model,
    T: Scalar,
    SMatrix<T, I, 1>: InputFor<N, Output = SMatrix<T, O, 1>>,
{
    if data.is_empty() {
        return Err(TrainError::NoEvaluationData);
    }
    let n = data.len() as f64;
    // The sum, then one division (as NumPy's mean): constant targets give their value exactly,
    // and so a total sum of squares of exactly 0.
    let mut mean = [0.0f64; O];
    for s in data {
        for (m, t) in mean.iter_mut().zip(&s.y) {
            *m += t.as_f64();
        }
    }
    for m in &mut mean {
        *m /= n;
    }
    let (mut residual, mut total) = ([0.0f64; O], [0.0f64; O]);
    for s in data {
        let y = net.forward(&SMatrix::<T, I, 1>::from(s.x));
        for o in 0..O {
            let t = s.y[o].as_f64();
            let e = t - y[o].as_f64();
            residual[o] += e * e;
            total[o] += (t - mean[o]) * (t - mean[o]);
        }
    }
    let per_output = (0..O).map(|o| {
        if total[o] != 0.0 {
            1.0 - residual[o] / total[o]
        } else if residual[o] == 0.0 {
            1.0
        } else {
            0.0
        }
    });
    Ok(per_output.sum::<f64>() / O as f64)
}
