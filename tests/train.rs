//! The training loop: determinism, exact partial batches, early stopping, cross-validation and
//! divergence errors.

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::optim::schedule::StepDecay;
use constnet::optim::{Adam, AdamConfig, Optimizer, Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{
    cross_validate, evaluate, fit, mean_and_std, split, split_stratified, stratify_folds, Clip,
    Control, Divergence, EarlyStopping, FitConfig, LastBatch, Metric, Monitor, Sample, TrainError,
};
use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;

type Net = (Dense<2, 8, f64>, Tanh, Dense<8, 1, f64>);

fn net(seed: u64) -> Net {
    Net::default().initialized(
        Init::XAVIER_UNIFORM,
        &mut Xoshiro256PlusPlus::seed_from_u64(seed),
    )
}

/// y = x0·x1 on a grid, 49 samples.
fn data() -> [Sample<f64, 2, [f64; 1]>; 49] {
    core::array::from_fn(|k| {
        let (a, b) = ((k % 7) as f64 / 3.0 - 1.0, (k / 7) as f64 / 3.0 - 1.0);
        Sample::new([a, b], [a * b])
    })
}

#[test]
fn same_seed_same_weights() {
    let run = || {
        let mut n = net(3);
        let mut opt = Adam::new(
            &n,
            AdamConfig {
                lr: 0.01,
                ..Default::default()
            },
        );
        let mut d = data();
        let (train, val) = split(&mut d, 0.2, 11);
        let cfg = FitConfig::<8> {
            epochs: 20,
            seed: 5,
            ..FitConfig::default()
        };
        fit(&mut n, &mut opt, &Mse, train, val, cfg, |_| {}).unwrap();
        n
    };
    let (a, b) = (run(), run());
    for i in 0..<Net as Params<f64>>::TENSORS {
        let (x, y) = (a.tensor(i), b.tensor(i));
        assert!(
            x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits()),
            "tensor {i} differs"
        );
    }
    // A different shuffle seed gives different weights: the seed is used.
    let mut n = net(3);
    let mut opt = Adam::new(
        &n,
        AdamConfig {
            lr: 0.01,
            ..Default::default()
        },
    );
    let mut d = data();
    let (train, val) = split(&mut d, 0.2, 11);
    let cfg = FitConfig::<8> {
        epochs: 20,
        seed: 6,
        ..FitConfig::default()
    };
    fit(&mut n, &mut opt, &Mse, train, val, cfg, |_| {}).unwrap();
    assert_ne!(n, a);
}

/// With 6 samples and batches of 4, the second step is exactly a step on a batch of the last 2.
#[test]
fn partial_batch_is_an_exact_smaller_batch() {
    let d = data();
    let mut six: [Sample<f64, 2, [f64; 1]>; 6] = core::array::from_fn(|k| d[k * 7 + 1]);
    let mut n = net(4);
    let mut opt = Sgd::with_lr(&n, 0.1);
    let cfg = FitConfig::<4> {
        epochs: 1,
        shuffle: false,
        ..FitConfig::default()
    };
    let empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
    let report = fit(
        &mut n,
        &mut opt,
        &Mse,
        &mut six[..],
        &empty[..],
        cfg,
        |_| {},
    )
    .unwrap();
    assert_eq!((report.last.steps, report.last.samples), (2, 6));

    let mut m = net(4);
    let mut sgd = Sgd::with_lr(&m, 0.1);
    let x4 = SMatrix::<f64, 2, 4>::from_fn(|r, c| six[c].x[r]);
    let t4 = SMatrix::<f64, 1, 4>::from_fn(|_, c| six[c].y[0]);
    let mut g = m.zero_gradients();
    m.backprop(&Mse, &x4, &t4, &mut g);
    sgd.step(&mut m, &g);
    let x2 = SMatrix::<f64, 2, 2>::from_fn(|r, c| six[4 + c].x[r]);
    let t2 = SMatrix::<f64, 1, 2>::from_fn(|_, c| six[4 + c].y[0]);
    g.zero();
    m.backprop(&Mse, &x2, &t2, &mut g);
    sgd.step(&mut m, &g);
    for i in 0..<Net as Params<f64>>::TENSORS {
        for (p, q) in n.tensor(i).iter().zip(m.tensor(i)) {
            assert!((p - q).abs() <= 1e-14, "{p} vs {q}");
        }
    }

    // Dropping the partial batch takes one step only.
    let mut n = net(4);
    let mut opt = Sgd::with_lr(&n, 0.1);
    let cfg = FitConfig::<4> {
        epochs: 1,
        shuffle: false,
        last_batch: LastBatch::Drop,
        ..FitConfig::default()
    };
    let report = fit(
        &mut n,
        &mut opt,
        &Mse,
        &mut six[..],
        &empty[..],
        cfg,
        |_| {},
    )
    .unwrap();
    assert_eq!((report.last.steps, report.last.samples), (1, 4));
}

#[test]
fn early_stopping_restores_the_best_weights() {
    let mut n = net(5);
    // A learning rate that makes the validation loss worsen after a while.
    let mut opt = Sgd::new(
        &n,
        SgdConfig {
            lr: 0.5,
            momentum: 0.9,
            ..Default::default()
        },
    );
    let mut d = data();
    let (train, val) = split(&mut d, 0.3, 1);
    let cfg = FitConfig::<4> {
        epochs: 500,
        early_stopping: Some(EarlyStopping {
            patience: 5,
            ..Default::default()
        }),
        ..FitConfig::default()
    };
    let mut history = Vec::new();
    let report = fit(&mut n, &mut opt, &Mse, train, val, cfg, |r| {
        history.push(r.val_loss)
    })
    .unwrap();
    assert!(report.stopped_early, "early stopping fired");
    assert_eq!(
        report.epochs,
        report.best_epoch + 6,
        "stopped 5 epochs after the best"
    );
    let best = history.iter().cloned().fold(f64::INFINITY, f64::min);
    assert_eq!(history[report.best_epoch], best);
    let now = evaluate(&n, &Mse, val, Metric::None).unwrap().loss;
    assert_eq!(now, best, "the best epoch's weights are back");
    assert!(report.restored_best);
}

#[test]
fn the_callback_can_stop_training() {
    let mut n = net(6);
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d = data();
    let cfg = FitConfig::<8> {
        epochs: 100,
        ..FitConfig::default()
    };
    let empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
    let report = fit(&mut n, &mut opt, &Mse, &mut d, &empty, cfg, |r| {
        if r.epoch == 2 {
            Control::Stop
        } else {
            Control::Continue
        }
    })
    .unwrap();
    assert_eq!(report.epochs, 3);
}

#[test]
fn schedule_sets_the_learning_rate_each_epoch() {
    let mut n = net(7);
    let mut opt = Sgd::with_lr(&n, 0.1);
    let mut d = data();
    let cfg = FitConfig::<8, StepDecay> {
        epochs: 5,
        seed: 0,
        shuffle: true,
        last_batch: LastBatch::Accumulate,
        clip: Clip::Norm(1.0),
        l1: 0.0,
        metric: Metric::Mae,
        early_stopping: None,
        schedule: StepDecay {
            step_size: 2,
            gamma: 0.5,
        },
    };
    let mut lrs = Vec::new();
    let val = d;
    fit(&mut n, &mut opt, &Mse, &mut d, &val, cfg, |r| {
        lrs.push(r.lr)
    })
    .unwrap();
    assert_eq!(lrs, [0.1, 0.1, 0.05, 0.05, 0.025]);
    assert_eq!(opt.learning_rate(), 0.025);
}

#[test]
fn divergence_is_an_error_with_epoch_and_step() {
    let mut n = net(8);
    let mut opt = Sgd::with_lr(&n, 1e6);
    let mut d = data();
    let empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
    let cfg = FitConfig::<8> {
        epochs: 50,
        ..FitConfig::default()
    };
    let err = fit(&mut n, &mut opt, &Mse, &mut d, &empty, cfg, |_| {}).unwrap_err();
    match err {
        TrainError::Diverged {
            epoch,
            step,
            cause,
            value,
        } => {
            assert!(!value.is_finite());
            let _ = cause; // either may overflow first
            let text = err.to_string();
            assert!(
                text.contains(&format!("epoch {epoch}, step {step}")),
                "{text}"
            );
        }
        other => panic!("expected divergence, got {other:?}"),
    }
    // No step was taken from a non-finite value.
    for i in 0..<Net as Params<f64>>::TENSORS {
        assert!(n.tensor(i).iter().all(|v| !v.is_nan()));
    }
}

#[test]
fn empty_training_set_is_an_error() {
    let mut n = net(9);
    let mut opt = Sgd::with_lr(&n, 0.1);
    let mut empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
    let val = empty;
    let err = fit(
        &mut n,
        &mut opt,
        &Mse,
        &mut empty,
        &val,
        FitConfig::<4>::default(),
        |_| {},
    );
    assert_eq!(err.unwrap_err(), TrainError::NoTrainingData);
}

#[test]
fn cross_validation_trains_every_fold() {
    let d = data();
    let before = d;
    let mut scratch = d;
    let cfg = FitConfig::<8> {
        epochs: 30,
        metric: Metric::Mse,
        ..FitConfig::default()
    };
    let folds: [_; 4] = cross_validate(&d, &mut scratch, &Mse, cfg, |fold| {
        let n = net(100 + fold.index as u64);
        let opt = Adam::new(
            &n,
            AdamConfig {
                lr: 0.02,
                ..Default::default()
            },
        );
        (n, opt)
    })
    .unwrap();
    assert_eq!(d, before, "data untouched");
    let sizes: Vec<usize> = folds.iter().map(|f| f.samples).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 49);
    let (mean, std) = mean_and_std(&folds);
    assert!(mean.is_finite() && mean < 0.2, "mean fold MSE {mean}");
    assert!(std.is_finite() && std > 0.0, "the folds differ: {std}");
}

#[test]
fn accuracy_metric_for_one_hot_and_index_labels() {
    let n = (Dense::<2, 2, f64>::from_rows(
        [[1.0, 0.0], [0.0, 1.0]],
        [0.0, 0.0],
    ),);
    let idx = [
        Sample::new([1.0, 0.0], 0usize),
        Sample::new([0.0, 1.0], 1),
        Sample::new([0.0, 1.0], 0),
    ];
    let e = evaluate(&n, &CrossEntropy, &idx, Metric::Accuracy).unwrap();
    assert!((e.metric - 2.0 / 3.0).abs() < 1e-15);
    let hot = [
        Sample::new([1.0, 0.0], [1.0, 0.0]),
        Sample::new([0.0, 1.0], [1.0, 0.0]),
    ];
    let e = evaluate(&n, &CrossEntropyProb, &hot, Metric::Accuracy).unwrap();
    assert_eq!(e.metric, 0.5);
}

/// A failing batch is not applied: with a loss that is infinite on the first batch, the network is
/// exactly its initial state.
#[test]
fn the_failing_step_is_not_applied() {
    let mut n = net(10);
    let before = n;
    let mut opt = Sgd::with_lr(&n, 0.1);
    let mut d = data();
    d[0].y = [f64::INFINITY];
    let cfg = FitConfig::<49> {
        epochs: 1,
        shuffle: false,
        ..FitConfig::default()
    };
    let empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
    let err = fit(&mut n, &mut opt, &Mse, &mut d, &empty, cfg, |_| {}).unwrap_err();
    assert!(
        matches!(
            err,
            TrainError::Diverged {
                epoch: 0,
                step: 0,
                cause: Divergence::Loss,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(n, before);
}

#[test]
fn patience_one_stops_at_the_first_epoch_without_improvement() {
    let mut n = net(11);
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d = data();
    let (train, val) = split(&mut d, 0.3, 2);
    let cfg = FitConfig::<8> {
        epochs: 200,
        early_stopping: Some(EarlyStopping {
            patience: 1,
            ..Default::default()
        }),
        ..FitConfig::default()
    };
    let mut history = Vec::new();
    let report = fit(&mut n, &mut opt, &Mse, train, val, cfg, |r| {
        history.push(r.val_loss)
    })
    .unwrap();
    assert!(report.stopped_early);
    let last = history.len() - 1;
    assert!(last >= 1, "the first improving epochs run");
    assert!(
        history[last] >= history[last - 1],
        "stopped at the first epoch that did not improve"
    );
    assert!(
        history[..last].windows(2).all(|w| w[1] < w[0]),
        "every earlier epoch improved"
    );
}

#[test]
fn a_nan_monitor_never_becomes_the_best() {
    // A validation loss that is NaN every epoch (a NaN target): nothing is ever the best.
    let mut n = net(12);
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d = data();
    let (train, val) = split(&mut d, 0.3, 2);
    val[0].y = [f64::NAN];
    let cfg = FitConfig::<8> {
        epochs: 20,
        early_stopping: Some(EarlyStopping {
            monitor: Monitor::ValLoss,
            patience: 3,
            ..Default::default()
        }),
        ..FitConfig::default()
    };
    let report = fit(&mut n, &mut opt, &Mse, train, val, cfg, |_| {}).unwrap();
    assert!(report.last.val_loss.is_nan());
    assert!(!report.restored_best);
    assert_eq!(report.epochs, 3, "three epochs without improvement");
}

/// MSE of class indices is not computed: watching it is refused, not a silent stop.
#[test]
fn watching_a_metric_the_labels_do_not_have_is_refused() {
    type Classifier = (Dense<2, 4, f64>, Tanh, Dense<4, 2, f64>);
    let mut n = Classifier::default();
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d: [Sample<f64, 2, usize>; 20] =
        core::array::from_fn(|k| Sample::new([k as f64 / 20.0, 0.5], k % 2));
    let (train, val) = split(&mut d, 0.3, 2);
    let cfg = FitConfig::<8> {
        metric: Metric::Mse,
        early_stopping: Some(EarlyStopping {
            monitor: Monitor::ValMetric,
            ..Default::default()
        }),
        ..FitConfig::default()
    };
    assert_eq!(
        fit(&mut n, &mut opt, &CrossEntropy, train, val, cfg, |_| {}).unwrap_err(),
        TrainError::Config(constnet::optim::ConfigError::MonitorNotComputed)
    );
}

#[test]
fn zero_epochs_is_a_no_op() {
    let mut n = net(13);
    let before = n;
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d = data();
    let empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
    let cfg = FitConfig::<8> {
        epochs: 0,
        ..FitConfig::default()
    };
    let report = fit(&mut n, &mut opt, &Mse, &mut d, &empty, cfg, |_| {}).unwrap();
    assert_eq!(report.epochs, 0);
    assert_eq!(n, before);
}

#[test]
fn accuracy_reads_the_threshold_from_the_loss() {
    let n = (Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]),);
    let d = [
        Sample::new([0.2], [1.0]),
        Sample::new([-0.2], [0.0]),
        Sample::new([0.7], [1.0]),
    ];
    // A loss on logits: class 1 above 0, whichever accuracy is asked for.
    let logit = evaluate(&n, &BceWithLogits, &d, Metric::LogitAccuracy).unwrap();
    assert_eq!(logit.metric, 1.0);
    let auto = evaluate(&n, &BceWithLogits, &d, Metric::Accuracy).unwrap();
    assert_eq!(auto.metric, 1.0, "BceWithLogits outputs logits");
    // A loss on probabilities or values: class 1 above ½.
    let prob = evaluate(&n, &BinaryCrossEntropy, &d, Metric::Accuracy).unwrap();
    assert!(
        (prob.metric - 2.0 / 3.0).abs() < 1e-15,
        "0.2 is below the 0.5 probability threshold"
    );
    let mse = evaluate(&n, &Mse, &d, Metric::Accuracy).unwrap();
    assert_eq!(mse.metric, prob.metric);
}

#[test]
fn batchnorm_keeps_its_running_statistics_at_batch_size_one() {
    let mut bn = BatchNorm::<2, f64>::new();
    let (y, _) = bn.forward_train(&SMatrix::<f64, 2, 1>::new(3.0, -1.0));
    assert_eq!(y, SMatrix::<f64, 2, 1>::zeros());
    assert_eq!(bn, BatchNorm::new());
}

mod refusals {
    //! Configurations, labels and sets that used to train silently wrong: each is a typed error,
    //! and nothing is trained.

    use super::*;
    use constnet::optim::schedule::LrSchedule;
    use constnet::optim::{Adagrad, AdagradConfig, ConfigError, Range, RmsProp, RmsPropConfig};
    use constnet::train::{DataSet, History};

    fn out_of_range(field: &'static str, value: f64, expected: Range) -> ConfigError {
        ConfigError::OutOfRange {
            field,
            value,
            expected,
        }
    }

    #[test]
    fn optimizer_configurations_are_checked_when_built() {
        let n = net(1);
        for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
            let e = Adam::try_new(
                &n,
                AdamConfig {
                    lr,
                    ..Default::default()
                },
            )
            .unwrap_err();
            match e {
                ConfigError::OutOfRange {
                    field,
                    value,
                    expected,
                } => {
                    assert_eq!((field, expected), ("AdamConfig::lr", Range::Positive));
                    assert!(value.to_bits() == lr.to_bits());
                }
                other => panic!("{other:?}"),
            }
        }
        let beta = AdamConfig {
            beta2: 1.0,
            ..Default::default()
        };
        assert_eq!(
            Adam::try_new(&n, beta).unwrap_err(),
            out_of_range("AdamConfig::beta2", 1.0, Range::UnitOpen)
        );
        let wd = AdamConfig {
            weight_decay: -1e-2,
            ..AdamConfig::adamw()
        };
        assert_eq!(
            Adam::try_new(&n, wd).unwrap_err().to_string(),
            "`AdamConfig::weight_decay` is -0.01, expected a finite number of at least 0"
        );
        let m = SgdConfig {
            momentum: 1.5,
            ..Default::default()
        };
        assert_eq!(
            Sgd::try_new(&n, m).unwrap_err(),
            out_of_range("SgdConfig::momentum", 1.5, Range::UnitOpen)
        );
        let nesterov = SgdConfig {
            nesterov: true,
            ..Default::default()
        };
        assert_eq!(
            Sgd::try_new(&n, nesterov).unwrap_err(),
            ConfigError::Nesterov
        );
        let alpha = RmsPropConfig {
            alpha: -0.5,
            ..Default::default()
        };
        assert_eq!(
            RmsProp::try_new(&n, alpha).unwrap_err(),
            out_of_range("RmsPropConfig::alpha", -0.5, Range::Unit)
        );
        let decay = AdagradConfig {
            lr_decay: f64::NAN,
            ..Default::default()
        };
        assert!(matches!(
            Adagrad::try_new(&n, decay).unwrap_err(),
            ConfigError::OutOfRange {
                field: "AdagradConfig::lr_decay",
                ..
            }
        ));
        // The defaults are valid.
        assert!(Adam::try_new(&n, AdamConfig::default()).is_ok());
        assert!(Adam::try_new(&n, AdamConfig::adamw()).is_ok());
        assert!(Sgd::try_new(&n, SgdConfig::default()).is_ok());
        assert!(RmsProp::try_new(&n, RmsPropConfig::default()).is_ok());
        assert!(Adagrad::try_new(&n, AdagradConfig::default()).is_ok());
    }

    /// `fit` refuses what `try_new` refuses, before touching the network.
    #[test]
    fn fit_refuses_a_bad_learning_rate_and_trains_nothing() {
        for lr in [0.0, -0.05, f64::NAN] {
            let mut n = net(2);
            let before = n;
            let mut opt = Sgd::with_lr(&n, lr);
            let mut d = data();
            let e = fit(
                &mut n,
                &mut opt,
                &Mse,
                &mut d,
                &[],
                FitConfig::<8>::default(),
                |_| {},
            )
            .unwrap_err();
            assert!(matches!(
                e,
                TrainError::Config(ConfigError::OutOfRange {
                    field: "SgdConfig::lr",
                    ..
                })
            ));
            assert_eq!(n, before);
            assert_eq!(opt.steps(), 0);
            assert_eq!(d, data(), "not even shuffled");
        }
    }

    /// A schedule that goes below zero (here by a negative decay factor) stops training at the
    /// epoch it would have trained uphill.
    #[derive(Clone, Copy)]
    struct Flip;
    impl LrSchedule for Flip {
        fn lr(&mut self, epoch: usize, base: f64, _: f64) -> f64 {
            if epoch < 2 {
                base
            } else {
                -base
            }
        }
    }

    #[test]
    fn fit_refuses_a_negative_scheduled_rate() {
        let mut n = net(3);
        let mut opt = Sgd::with_lr(&n, 0.05);
        let mut d = data();
        let mut epochs = 0;
        let cfg = FitConfig::<8> {
            epochs: 5,
            ..FitConfig::default()
        }
        .with_schedule(Flip);
        let e = fit(&mut n, &mut opt, &Mse, &mut d, &[], cfg, |_| epochs += 1).unwrap_err();
        assert_eq!(epochs, 2);
        assert_eq!(
            e.to_string(),
            "`learning rate (from the schedule)` is -0.05, expected a finite number of at least 0"
        );
    }

    #[test]
    fn loop_configurations_are_checked() {
        let mut d = data();
        let run = |cfg: FitConfig<8>, d: &mut [Sample<f64, 2, [f64; 1]>], val: bool| {
            let mut n = net(4);
            let before = n;
            let mut opt = Sgd::with_lr(&n, 0.05);
            let (train, v) = d.split_at_mut(40);
            let v: &[_] = if val { v } else { &[] };
            let e = fit(&mut n, &mut opt, &Mse, train, v, cfg, |_| {}).unwrap_err();
            assert_eq!(n, before);
            e
        };
        let es = |patience, monitor| {
            Some(EarlyStopping {
                patience,
                monitor,
                ..Default::default()
            })
        };
        let patience = FitConfig {
            early_stopping: es(0, Monitor::ValLoss),
            ..FitConfig::default()
        };
        assert_eq!(
            run(patience, &mut d, true),
            TrainError::Config(out_of_range(
                "EarlyStopping::patience",
                0.0,
                Range::AtLeastOne
            ))
        );
        let no_metric = FitConfig {
            early_stopping: es(5, Monitor::ValMetric),
            ..FitConfig::default()
        };
        assert_eq!(
            run(no_metric, &mut d, true),
            TrainError::Config(ConfigError::MonitorNotComputed)
        );
        let no_val = FitConfig {
            early_stopping: es(5, Monitor::ValMetric),
            metric: Metric::Mse,
            ..FitConfig::default()
        };
        assert_eq!(
            run(no_val, &mut d, false),
            TrainError::Config(ConfigError::MonitorWithoutValidation)
        );
        let clip = FitConfig {
            clip: Clip::Norm(0.0),
            ..FitConfig::default()
        };
        assert_eq!(
            run(clip, &mut d, true),
            TrainError::Config(out_of_range("Clip::Norm", 0.0, Range::Positive))
        );
        let l1 = FitConfig {
            l1: -1e-4,
            ..FitConfig::default()
        };
        assert_eq!(
            run(l1, &mut d, true),
            TrainError::Config(out_of_range("FitConfig::l1", -1e-4, Range::NonNegative))
        );
        assert!(FitConfig::<8>::default().check().is_ok());
    }

    type Classifier = (Dense<2, 4, f64>, Tanh, Dense<4, 3, f64>);

    fn classes() -> [Sample<f64, 2, usize>; 12] {
        core::array::from_fn(|k| Sample::new([k as f64 / 12.0, 1.0 - k as f64 / 6.0], k % 3))
    }

    #[test]
    fn a_label_out_of_range_names_the_set_and_the_sample() {
        let mut n = Classifier::default().initialized(
            Init::XAVIER_UNIFORM,
            &mut Xoshiro256PlusPlus::seed_from_u64(5),
        );
        let before = n;
        let mut opt = Adam::new(&n, AdamConfig::default());
        let mut train = classes();
        train[7].y = 3;
        let val = classes();
        let e = fit(
            &mut n,
            &mut opt,
            &CrossEntropy,
            &mut train,
            &val,
            FitConfig::<4>::default(),
            |_| {},
        )
        .unwrap_err();
        assert_eq!(
            e,
            TrainError::Label {
                set: DataSet::Training,
                sample: 7,
                label: 3,
                classes: 3
            }
        );
        assert_eq!(
            e.to_string(),
            "training sample 7 has class label 3, but the network has 3 outputs (labels 0..3)"
        );
        assert_eq!(n, before);

        let mut train = classes();
        let mut val = classes();
        val[11].y = 9;
        let e = fit(
            &mut n,
            &mut opt,
            &CrossEntropy,
            &mut train,
            &val,
            FitConfig::<4>::default(),
            |_| {},
        )
        .unwrap_err();
        assert_eq!(
            e,
            TrainError::Label {
                set: DataSet::Validation,
                sample: 11,
                label: 9,
                classes: 3
            }
        );
        assert_eq!(train, classes(), "nothing shuffled");

        let e = evaluate(&n, &CrossEntropy, &val, Metric::Accuracy).unwrap_err();
        assert_eq!(
            e,
            TrainError::Label {
                set: DataSet::Evaluated,
                sample: 11,
                label: 9,
                classes: 3
            }
        );

        let mut data = classes();
        data[2].y = 4;
        let mut scratch = data;
        let e = cross_validate::<_, _, _, _, _, 3, 4>(
            &data,
            &mut scratch,
            &CrossEntropy,
            FitConfig::default(),
            |_| {
                let n = Classifier::default();
                let opt = Adam::new(&n, AdamConfig::default());
                (n, opt)
            },
        )
        .unwrap_err();
        assert_eq!(
            e,
            TrainError::Label {
                set: DataSet::Training,
                sample: 2,
                label: 4,
                classes: 3
            }
        );
    }

    #[test]
    fn evaluating_nothing_is_an_error() {
        let n = net(6);
        let empty: [Sample<f64, 2, [f64; 1]>; 0] = [];
        assert_eq!(
            evaluate(&n, &Mse, &empty, Metric::Mse).unwrap_err(),
            TrainError::NoEvaluationData
        );
    }

    /// `evaluate` as configured gives what the metric form gives (another batch size, the same
    /// sums up to rounding).
    #[test]
    fn evaluate_takes_a_metric_or_the_configuration() {
        let n = net(7);
        let d = data();
        let cfg = FitConfig::<8> {
            metric: Metric::Mae,
            ..FitConfig::default()
        };
        let a = evaluate(&n, &Mse, &d, &cfg).unwrap();
        let b = evaluate(&n, &Mse, &d, Metric::Mae).unwrap();
        assert_eq!(a.samples, 49);
        assert!((a.loss - b.loss).abs() < 1e-12 && (a.metric - b.metric).abs() < 1e-12);
    }

    #[test]
    fn fit_returns_every_epoch_in_its_history() {
        let mut n = net(8);
        let mut opt = Sgd::with_lr(&n, 0.05);
        let mut d = data();
        let (train, val) = split(&mut d, 0.25, 3);
        let cfg = FitConfig::<8> {
            epochs: 12,
            metric: Metric::Mae,
            ..FitConfig::default()
        };
        let mut seen = Vec::new();
        let report = fit(&mut n, &mut opt, &Mse, train, val, cfg, |r| seen.push(*r)).unwrap();
        let h: &History = &report.history;
        assert_eq!(h.len(), 12);
        assert_eq!(h.epochs, seen);
        assert_eq!(h.epochs.last(), Some(&report.last));
        assert!(h.val_metric().all(|m| m.is_finite()));
        assert!(h
            .train_loss()
            .zip(h.val_loss())
            .all(|(a, b)| a.is_finite() && b.is_finite()));
    }

    #[test]
    fn with_schedule_keeps_every_other_field() {
        let cfg = FitConfig::<16> {
            epochs: 7,
            seed: 9,
            metric: Metric::Mae,
            clip: Clip::Value(0.5),
            ..FitConfig::default()
        };
        let s = StepDecay {
            step_size: 2,
            gamma: 0.5,
        };
        let with = cfg.with_schedule(s);
        assert_eq!(
            (with.epochs, with.seed, with.metric, with.clip),
            (7, 9, Metric::Mae, Clip::Value(0.5))
        );
        assert_eq!(with.schedule, s);
    }
}

mod stratified {
    use super::*;

    /// 200 samples: 120 of class 0, 60 of class 1, 17 of class 2, 3 of class 3.
    fn unbalanced() -> Vec<Sample<f32, 1, usize>> {
        (0..200)
            .map(|k| {
                let c = match k {
                    0..120 => 0,
                    120..180 => 1,
                    180..197 => 2,
                    _ => 3,
                };
                Sample::new([k as f32], c)
            })
            .collect()
    }

    fn count(s: &[Sample<f32, 1, usize>], c: usize) -> usize {
        s.iter().filter(|s| s.y == c).count()
    }

    #[test]
    fn a_stratified_split_keeps_each_class_in_proportion() {
        for (fraction, seed) in [(0.2, 1), (0.25, 2), (0.1, 3), (0.5, 4), (0.0, 5), (1.0, 6)] {
            let mut d = unbalanced();
            let (train, val) = split_stratified(&mut d, fraction, seed);
            assert_eq!(val.len(), (200.0f64 * fraction).round() as usize);
            assert_eq!(train.len() + val.len(), 200);
            for (c, total) in [(0, 120), (1, 60), (2, 17), (3, 3)] {
                let want = total as f64 * fraction;
                let got = count(val, c) as f64;
                assert!(
                    (got - want).abs() < 1.0,
                    "class {c}: {got} of {total} at {fraction}"
                );
                assert_eq!(count(val, c) + count(train, c), total);
            }
            let mut all: Vec<f32> = d.iter().map(|s| s.x[0]).collect();
            all.sort_by(f32::total_cmp);
            assert_eq!(
                all,
                (0..200).map(|k| k as f32).collect::<Vec<_>>(),
                "a permutation"
            );
        }
        // The seed decides the split; the same seed gives the same one.
        let (mut a, mut b, mut c) = (unbalanced(), unbalanced(), unbalanced());
        let val_a: Vec<f32> = split_stratified(&mut a, 0.2, 9)
            .1
            .iter()
            .map(|s| s.x[0])
            .collect();
        let val_b: Vec<f32> = split_stratified(&mut b, 0.2, 9)
            .1
            .iter()
            .map(|s| s.x[0])
            .collect();
        let val_c: Vec<f32> = split_stratified(&mut c, 0.2, 10)
            .1
            .iter()
            .map(|s| s.x[0])
            .collect();
        assert_eq!(val_a, val_b);
        assert_ne!(val_a, val_c);
    }

    #[test]
    fn stratified_folds_hold_each_class_in_proportion() {
        let mut d = unbalanced();
        let mut scratch = d.clone();
        stratify_folds::<_, 5>(&mut d, &mut scratch, 3);
        for k in 0..5 {
            let fold = &d[200 * k / 5..200 * (k + 1) / 5];
            assert_eq!(fold.len(), 40);
            for (c, total) in [(0, 120), (1, 60), (2, 17), (3, 3)] {
                let got = count(fold, c) as f64;
                assert!(
                    (got - total as f64 / 5.0).abs() <= 1.0,
                    "fold {k}, class {c}: {got}"
                );
            }
        }
        let mut all: Vec<f32> = d.iter().map(|s| s.x[0]).collect();
        all.sort_by(f32::total_cmp);
        assert_eq!(
            all,
            (0..200).map(|k| k as f32).collect::<Vec<_>>(),
            "a permutation"
        );
        // Uneven folds (7 samples into 3) keep cross_validate's sizes.
        let mut small: Vec<_> = (0..7).map(|k| Sample::new([k as f32], k % 2)).collect();
        let mut scratch = small.clone();
        stratify_folds::<_, 3>(&mut small, &mut scratch, 1);
        for k in 0..3 {
            let fold = &small[7 * k / 3..7 * (k + 1) / 3];
            for (c, total) in [(0, 4), (1, 3)] {
                let share = fold.len() as f64 * total as f64 / 7.0;
                assert!(
                    (count(fold, c) as f64 - share).abs() <= 1.0,
                    "fold {k}: {fold:?}"
                );
            }
        }
    }

    /// The fold hook standardises each fold on its own training part.
    #[test]
    fn the_fold_hook_sees_each_folds_training_and_validation_parts() {
        use constnet::data::Standardizer;
        let d: Vec<Sample<f64, 2, usize>> = (0..30)
            .map(|k| Sample::new([k as f64, 100.0 + 3.0 * k as f64], k % 3))
            .collect();
        let mut scratch = d.clone();
        let mut seen = Vec::new();
        let cfg = FitConfig::<4> {
            epochs: 2,
            metric: Metric::Accuracy,
            ..FitConfig::default()
        };
        type C = (Dense<2, 3, f64>,);
        let folds: [_; 3] = cross_validate(&d, &mut scratch, &CrossEntropy, cfg, |fold| {
            let s = Standardizer::fit(fold.train).unwrap();
            s.apply(fold.train);
            s.apply(fold.val);
            let mean: f64 =
                fold.train.iter().map(|x| x.x[1]).sum::<f64>() / fold.train.len() as f64;
            seen.push((fold.index, fold.train.len(), fold.val.len(), mean));
            let n = C::default();
            let opt = Sgd::with_lr(&n, 0.1);
            (n, opt)
        })
        .unwrap();
        assert_eq!(folds.map(|f| f.samples), [10, 10, 10]);
        for (k, &(index, train, val, mean)) in seen.iter().enumerate() {
            assert_eq!((index, train, val), (k, 20, 10));
            assert!(
                mean.abs() < 1e-12,
                "standardised on its own training part: {mean}"
            );
        }
    }
}

/// The folds trained on every core are the serial run's, bit for bit.
#[test]
fn parallel_cross_validation_is_the_serial_one() {
    use constnet::train::cross_validate_parallel;
    let d = data();
    let mut scratch = d;
    let cfg = FitConfig::<8> {
        epochs: 15,
        metric: Metric::Mae,
        ..FitConfig::default()
    };
    let make = |fold: constnet::train::Fold<'_, Sample<f64, 2, [f64; 1]>>| {
        let n = net(200 + fold.index as u64);
        let opt = Adam::new(
            &n,
            AdamConfig {
                lr: 0.02,
                ..Default::default()
            },
        );
        (n, opt)
    };
    let serial: [_; 5] = cross_validate(&d, &mut scratch, &Mse, cfg, make).unwrap();
    let parallel: [_; 5] = cross_validate_parallel(&d, &Mse, cfg, make).unwrap();
    for (a, b) in serial.iter().zip(&parallel) {
        assert_eq!(a.loss.to_bits(), b.loss.to_bits());
        assert_eq!(a.metric.to_bits(), b.metric.to_bits());
        assert_eq!(a.samples, b.samples);
    }
}
