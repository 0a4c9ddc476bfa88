//! The training loop, [`fit`], and [`evaluate`].

use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;

use super::{
    Control, DataSet, EpochOptions, EpochReport, EpochStats, Evaluation, FitConfig, FitReport,
    Metric, Monitor, TrainError, Trainable,
};
use crate::optim::schedule::LrSchedule;
use crate::optim::{check, ConfigError, Optimizer, Range};

/// The batch size of [`evaluate`] given a [`Metric`].
pub const EVALUATION_BATCH: usize = 32;

/// How [`evaluate`] runs: a [`Metric`] (in batches of [`EVALUATION_BATCH`]), or the `&FitConfig`
/// the network was trained with (its batch size and metric, as [`fit`] validates).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a metric nor a training configuration, so it does not say how to score the network",
    label = "expected a `Metric` or a `&FitConfig`",
    note = "pass the metric (`Metric::Accuracy`) or the training configuration (`&config`)"
)]
pub trait EvaluateWith<N, L, S> {
    /// Loss and metric of `net` on `data` (not empty).
    fn run(self, net: &N, loss: &L, data: &[S]) -> Evaluation;
    /// See [`Trainable::first_bad_label`].
    fn first_bad_label(data: &[S]) -> Option<(usize, usize, usize)>;
}

impl<N, L, S: Trainable<N, L, EVALUATION_BATCH>> EvaluateWith<N, L, S> for Metric {
    fn run(self, net: &N, loss: &L, data: &[S]) -> Evaluation {
        S::evaluate(data, net, loss, self)
    }
    fn first_bad_label(data: &[S]) -> Option<(usize, usize, usize)> {
        S::first_bad_label(data)
    }
}

impl<N, L, S: Trainable<N, L, B>, Sch, const B: usize> EvaluateWith<N, L, S>
    for &FitConfig<B, Sch>
{
    fn run(self, net: &N, loss: &L, data: &[S]) -> Evaluation {
        S::evaluate(data, net, loss, self.metric)
    }
    fn first_bad_label(data: &[S]) -> Option<(usize, usize, usize)> {
        S::first_bad_label(data)
    }
}

/// Loss and metric of `net` on `data` in inference mode: `how` is a [`Metric`] (batches of
/// [`EVALUATION_BATCH`]) or the `&FitConfig` of training (its batch size and metric), e.g.
/// `evaluate(&net, &CrossEntropy, &test, Metric::Accuracy)`. The remainder of the last batch
/// runs one sample at a time; the batch size changes nothing but speed (and rounding).
///
/// In generic code bounded by `S: Trainable<N, L, BATCH>`, pass the `&FitConfig<BATCH>`.
///
/// # Errors
/// [`TrainError::NoEvaluationData`] for an empty `data`; [`TrainError::Label`] naming the first
/// sample whose class label is not below the network's number of outputs.
pub fn evaluate<N, L, S, E>(net: &N, loss: &L, data: &[S], how: E) -> Result<Evaluation, TrainError>
where
    E: EvaluateWith<N, L, S>,
{
    if data.is_empty() {
        return Err(TrainError::NoEvaluationData);
    }
    label_error(E::first_bad_label(data), DataSet::Evaluated)?;
    Ok(how.run(net, loss, data))
}

/// A bad label `(index, label, classes)` as the error naming `set`.
pub(super) fn label_error(
    bad: Option<(usize, usize, usize)>,
    set: DataSet,
) -> Result<(), TrainError> {
    match bad {
        None => Ok(()),
        Some((sample, label, classes)) => Err(TrainError::Label {
            set,
            sample,
            label,
            classes,
        }),
    }
}

/// Trains `net` on `train` with `opt` and `loss`, validating on `val` (which may be empty), as
/// configured; calls `on_epoch` after every epoch (return [`Control::Stop`] to stop, or `()` to go
/// on).
///
/// Deterministic: the same network, data order, configuration and seed give bit-identical
/// weights. Allocation-free without the `std` feature; with it, one allocation before the first
/// epoch, for [`FitReport::history`].
///
/// The schedule's base rate is the optimizer's rate when `fit` is called; after a schedule the
/// optimizer holds the last scheduled rate, so set it again before another `fit`. Early stopping's
/// `ValLoss` and the schedule watch the training loss when `val` is empty.
///
/// Both sets are slices of one sample type `S` (arrays and `Vec`s coerce), checked against the
/// network and the loss once, through [`Trainable`]: a dataset of the wrong feature
/// count, or labels of the wrong width, kind or scalar for the loss, are one compile error each.
/// Sequences train as [`Sequence`](super::Sequence) samples; a network with state (a recurrent layer, a
/// convolution, pooling over time) given [`Sample`](super::Sample)s is refused when the program is built
/// (`cargo build`, not `cargo check`): "`fit` on `Sample`s needs a network without state", as it
/// would read a batch of independent samples as one sequence.
///
/// Before the first epoch, `fit` checks the optimizer's configuration ([`Optimizer::check`]),
/// its own ([`FitConfig::check`]) and every class label of both sets; before each epoch, the
/// learning rate the schedule sets (finite, at least 0). A refusal trains nothing.
///
/// On std, [`FitReport::history`] holds every epoch's report.
///
/// # Errors
/// [`TrainError::Diverged`] as soon as a batch's loss or gradient norm is NaN or infinite (the
/// network keeps the parameters from before that step); [`TrainError::NoTrainingData`] for an
/// empty training set; [`TrainError::Config`] for a configuration that cannot train as asked;
/// [`TrainError::Label`] naming the first sample whose class label is not below the network's
/// number of outputs.
pub fn fit<N, Opt, L, S, Sch, C, Ctl, const B: usize>(
    net: &mut N,
    opt: &mut Opt,
    loss: &L,
    train: &mut [S],
    val: &[S],
    config: FitConfig<B, Sch>,
    mut on_epoch: C,
) -> Result<FitReport, TrainError>
where
    N: Clone,
    Opt: Optimizer<N>,
    S: Trainable<N, L, B>,
    Sch: LrSchedule,
    C: FnMut(&EpochReport) -> Ctl,
    Ctl: Into<Control>,
{
    let mut config = config;
    let has_val = !val.is_empty();
    opt.check()?;
    config.check()?;
    if let Some(es) = config.early_stopping {
        if es.monitor == Monitor::ValMetric {
            if !has_val {
                return Err(ConfigError::MonitorWithoutValidation.into());
            }
            // MSE and MAE are not computed for class indices (they are NaN every epoch).
            if S::CLASS_LABELS && matches!(config.metric, Metric::Mse | Metric::Mae) {
                return Err(ConfigError::MonitorNotComputed.into());
            }
        }
    }
    label_error(S::first_bad_label(train), DataSet::Training)?;
    label_error(S::first_bad_label(val), DataSet::Validation)?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(config.seed);
    let base_lr = opt.learning_rate();
    #[cfg(feature = "std")]
    let mut history = std::vec::Vec::with_capacity(config.epochs.min(1 << 16));
    let mut best: Option<(f64, usize, N)> = None;
    let mut best_epoch = 0;
    let mut since_best = 0;
    let mut last_metric = f64::NAN;
    let mut report = None;
    let mut stopped_early = false;
    for epoch in 0..config.epochs {
        let lr = config.schedule.lr(epoch, base_lr, last_metric);
        check("learning rate (from the schedule)", lr, Range::NonNegative)?;
        opt.set_learning_rate(lr);
        let options = EpochOptions {
            shuffle: config.shuffle,
            last_batch: config.last_batch,
            clip: config.clip,
            l1: config.l1,
        };
        let EpochStats {
            loss: train_loss,
            grad_norm,
            steps,
            samples,
        } = S::train_epoch(train, net, opt, loss, epoch, &mut rng, &options)?;
        let (val_loss, val_metric) = if has_val {
            let e = S::evaluate(val, net, loss, config.metric);
            (e.loss, e.metric)
        } else {
            (f64::NAN, f64::NAN)
        };
        last_metric = if has_val { val_loss } else { train_loss };
        let epoch_report = EpochReport {
            epoch,
            lr,
            train_loss,
            grad_norm,
            val_loss,
            val_metric,
            steps,
            samples,
        };
        report = Some(epoch_report);
        #[cfg(feature = "std")]
        history.push(epoch_report);
        best_epoch = epoch;
        if let Some(es) = config.early_stopping {
            let (value, higher) = match es.monitor {
                Monitor::ValLoss => (last_metric, false),
                Monitor::ValMetric => (val_metric, config.metric.higher_is_better()),
            };
            // A NaN never improves (and never becomes the best).
            let improved = !value.is_nan()
                && match &best {
                    None => true,
                    Some((b, _, _)) => {
                        if higher {
                            value > b + es.min_delta
                        } else {
                            value < b - es.min_delta
                        }
                    }
                };
            if improved {
                best = Some((value, epoch, net.clone()));
                since_best = 0;
            } else {
                since_best += 1;
                if since_best >= es.patience && epoch + 1 < config.epochs {
                    stopped_early = true;
                }
            }
            best_epoch = best.as_ref().map_or(epoch, |b| b.1);
        }
        if let Control::Stop = on_epoch(&epoch_report).into() {
            stopped_early = epoch + 1 < config.epochs;
            break;
        }
        if stopped_early {
            break;
        }
    }
    let Some(last) = report else {
        // Zero epochs: nothing was trained.
        return Ok(FitReport {
            epochs: 0,
            last: EpochReport {
                epoch: 0,
                lr: base_lr,
                train_loss: f64::NAN,
                grad_norm: f64::NAN,
                val_loss: f64::NAN,
                val_metric: f64::NAN,
                steps: 0,
                samples: 0,
            },
            best_epoch: 0,
            stopped_early: false,
            restored_best: false,
            #[cfg(feature = "std")]
            history: super::History::default(),
        });
    };
    let mut restored_best = false;
    if let (Some(es), Some((_, epoch, weights))) = (config.early_stopping, best) {
        if es.restore_best && epoch != last.epoch {
            *net = weights;
            restored_best = true;
        }
    }
    Ok(FitReport {
        epochs: last.epoch + 1,
        last,
        best_epoch,
        stopped_early,
        restored_best,
        #[cfg(feature = "std")]
        history: super::History { epochs: history },
    })
}
