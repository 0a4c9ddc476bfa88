//! The training loop, [`fit`], and [`evaluate`].

use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;

use super::{
    Control, EpochOptions, EpochReport, EpochStats, Evaluation, FitConfig, FitReport, Metric,
    Monitor, TrainError, Trainable,
};
use crate::optim::schedule::LrSchedule;
use crate::optim::Optimizer;

/// Loss and metric of `net` on `data` in inference mode, in batches of `B` (the remainder one
/// sample at a time).
pub fn evaluate<N, L, S, const B: usize>(
    net: &N,
    loss: &L,
    data: &[S],
    metric: Metric,
) -> Evaluation
where
    S: Trainable<N, L, B>,
{
    S::evaluate(data, net, loss, metric)
}

/// Trains `net` on `train` with `opt` and `loss`, validating on `val` (which may be empty), as
/// configured; calls `on_epoch` after every epoch (return [`Control::Stop`] to stop, or `()` to go
/// on).
///
/// Deterministic: the same network, data order, configuration and seed give bit-identical
/// weights. Allocation-free.
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
/// # Panics
/// If a class label is not below the network's number of outputs (see
/// [`CrossEntropy`](crate::CrossEntropy)).
///
/// # Errors
/// [`TrainError::Diverged`] as soon as a batch's loss or gradient norm is NaN or infinite (the
/// network keeps the parameters from before that step); [`TrainError::NoTrainingData`] for an
/// empty training set.
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
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(config.seed);
    let base_lr = opt.learning_rate();
    let has_val = !val.is_empty();
    let mut best: Option<(f64, usize, N)> = None;
    let mut best_epoch = 0;
    let mut since_best = 0;
    let mut last_metric = f64::NAN;
    let mut report = None;
    let mut stopped_early = false;
    for epoch in 0..config.epochs {
        let lr = config.schedule.lr(epoch, base_lr, last_metric);
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
    })
}
