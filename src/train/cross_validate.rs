//! k-fold cross-validation.

use super::{fit, Evaluation, FitConfig, TrainError, Trainable};
use crate::optim::schedule::LrSchedule;
use crate::optim::Optimizer;

/// One fold of [`cross_validate`], given to its `make`: the fold's index and its training and
/// validation samples (copies in the scratch buffer), which `make` may preprocess in place —
/// fit a [`Standardizer`](crate::data::Standardizer) on `train` and apply it to both, so that
/// nothing of the held-out fold leaks into training.
#[derive(Debug)]
pub struct Fold<'a, S> {
    /// The fold, `0..K`.
    pub index: usize,
    /// The other folds: what the network trains on.
    pub train: &'a mut [S],
    /// The held-out fold: what the network is evaluated on.
    pub val: &'a mut [S],
}

/// k-fold cross-validation: for each of the `K` folds, builds a fresh network and optimizer with
/// `make(fold)` (which may also preprocess the fold's data, see [`Fold`]), trains on the other
/// folds with [`fit`] (without a validation set: early stopping
/// and schedules then watch the training loss), and evaluates it on this fold. Returns each fold's evaluation; see [`mean_and_std`] to summarise.
///
/// The folds are contiguous runs of `data` in its order, of sizes differing by at most one:
/// shuffle it first ([`shuffle`](super::shuffle)), or reorder it with
/// [`stratify_folds`](super::stratify_folds) for stratified folds. `data` is not modified: each fold's training and
/// validation sets are copied into `scratch` (the caller's buffer of the same length, so that
/// nothing is allocated), where training shuffles them.
///
/// # Errors
/// The first training error of any fold (see [`fit`]; a class label out of range names the
/// sample's index in `data`).
///
/// # Panics
/// If `K < 2`, `data` has fewer than `K` samples, or `scratch` is not as long as `data`.
pub fn cross_validate<N, Opt, L, S, Sch, const K: usize, const B: usize>(
    data: &[S],
    scratch: &mut [S],
    loss: &L,
    config: FitConfig<B, Sch>,
    mut make: impl FnMut(Fold<'_, S>) -> (N, Opt),
) -> Result<[Evaluation; K], TrainError>
where
    N: Clone,
    Opt: Optimizer<N>,
    S: Copy + Trainable<N, L, B>,
    Sch: LrSchedule + Clone,
{
    assert!(K >= 2, "cross-validation needs at least 2 folds");
    assert!(
        data.len() >= K,
        "{} samples cannot make {K} folds",
        data.len()
    );
    assert_eq!(scratch.len(), data.len(), "scratch must be as long as data");
    // Labels are checked once on `data`, so that an error names the sample's index there.
    super::fit::label_error(S::first_bad_label(data), super::DataSet::Training)?;
    let mut out = [Evaluation {
        loss: f64::NAN,
        metric: f64::NAN,
        samples: 0,
    }; K];
    for (k, slot) in out.iter_mut().enumerate() {
        *slot = run_fold::<_, _, _, _, _, K, B>(k, data, scratch, loss, &config, &mut make)?;
    }
    Ok(out)
}

/// Fold `k` of [`cross_validate`]: its data arranged in `scratch`, `make`, [`fit`], evaluation.
fn run_fold<N, Opt, L, S, Sch, const K: usize, const B: usize>(
    k: usize,
    data: &[S],
    scratch: &mut [S],
    loss: &L,
    config: &FitConfig<B, Sch>,
    make: &mut impl FnMut(Fold<'_, S>) -> (N, Opt),
) -> Result<Evaluation, TrainError>
where
    N: Clone,
    Opt: Optimizer<N>,
    S: Copy + Trainable<N, L, B>,
    Sch: LrSchedule + Clone,
{
    let n = data.len();
    let (start, end) = (n * k / K, n * (k + 1) / K);
    let len = end - start;
    // scratch = [data before the fold | data after the fold | the fold]
    scratch[..start].copy_from_slice(&data[..start]);
    scratch[start..n - len].copy_from_slice(&data[end..]);
    scratch[n - len..].copy_from_slice(&data[start..end]);
    let (train, val) = scratch.split_at_mut(n - len);
    let (mut net, mut opt) = make(Fold {
        index: k,
        train: &mut *train,
        val: &mut *val,
    });
    // The fold is not shown to `fit`: early stopping and schedules watch the training loss, so
    // nothing is selected on the fold that scores the model.
    fit(
        &mut net,
        &mut opt,
        loss,
        train,
        &val[..0],
        config.clone(),
        |_| {},
    )?;
    Ok(S::evaluate(val, &net, loss, config.metric))
}

/// [`cross_validate`] with the folds trained in parallel on every core (rayon's thread pool):
/// the same folds, trained the same way, so the evaluations are bit-identical to the serial
/// run's. Each fold gets its own copy of the data (`K` allocations); `make` is called from the
/// pool's threads, so it is `Fn + Sync`.
///
/// # Errors
/// As [`cross_validate`]: a training error of a fold (the first by fold index).
///
/// # Panics
/// If `K < 2` or `data` has fewer than `K` samples.
#[cfg(feature = "parallel")]
pub fn cross_validate_parallel<N, Opt, L, S, Sch, const K: usize, const B: usize>(
    data: &[S],
    loss: &L,
    config: FitConfig<B, Sch>,
    make: impl Fn(Fold<'_, S>) -> (N, Opt) + Sync,
) -> Result<[Evaluation; K], TrainError>
where
    N: Clone,
    Opt: Optimizer<N>,
    S: Copy + Trainable<N, L, B> + Send + Sync,
    L: Sync,
    Sch: LrSchedule + Clone + Sync,
{
    use rayon::prelude::*;
    assert!(K >= 2, "cross-validation needs at least 2 folds");
    assert!(
        data.len() >= K,
        "{} samples cannot make {K} folds",
        data.len()
    );
    super::fit::label_error(S::first_bad_label(data), super::DataSet::Training)?;
    let results: std::vec::Vec<Result<Evaluation, TrainError>> = (0..K)
        .into_par_iter()
        .map(|k| {
            let mut scratch = data.to_vec();
            let mut make = |fold: Fold<'_, S>| make(fold);
            run_fold::<_, _, _, _, _, K, B>(k, data, &mut scratch, loss, &config, &mut make)
        })
        .collect();
    let mut out = [Evaluation {
        loss: f64::NAN,
        metric: f64::NAN,
        samples: 0,
    }; K];
    for (slot, r) in out.iter_mut().zip(results) {
        *slot = r?;
    }
    Ok(out)
}

/// Mean and (population) standard deviation of the folds' metric, or of their loss when no
/// metric was computed.
pub fn mean_and_std(evals: &[Evaluation]) -> (f64, f64) {
    let value = |e: &Evaluation| if e.metric.is_nan() { e.loss } else { e.metric };
    let n = evals.len() as f64;
    let mean = evals.iter().map(value).sum::<f64>() / n;
    let var = evals
        .iter()
        .map(|e| (value(e) - mean) * (value(e) - mean))
        .sum::<f64>()
        / n;
    (mean, libm::sqrt(var))
}
