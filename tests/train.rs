//! The training loop: determinism, exact partial batches, early stopping, cross-validation and
//! divergence errors.

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::optim::schedule::StepDecay;
use constnet::optim::{Adam, AdamConfig, Optimizer, Sgd, SgdConfig};
use constnet::prelude::*;
use constnet::train::{
    cross_validate, evaluate, fit, mean_and_std, split, Clip, Control, Divergence, EarlyStopping,
    FitConfig, LastBatch, Metric, Monitor, Sample, TrainError,
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
    let now = evaluate::<_, _, _, 4>(&n, &Mse, val, Metric::None).loss;
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
    let folds: [_; 4] = cross_validate(&d, &mut scratch, &Mse, cfg, |k| {
        let n = net(100 + k as u64);
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
    let e = evaluate::<_, _, _, 2>(&n, &CrossEntropy, &idx, Metric::Accuracy);
    assert!((e.metric - 2.0 / 3.0).abs() < 1e-15);
    let hot = [
        Sample::new([1.0, 0.0], [1.0, 0.0]),
        Sample::new([0.0, 1.0], [1.0, 0.0]),
    ];
    let e = evaluate::<_, _, _, 2>(&n, &CrossEntropyProb, &hot, Metric::Accuracy);
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
fn patience_zero_stops_at_the_first_epoch_without_improvement() {
    let mut n = net(11);
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d = data();
    let (train, val) = split(&mut d, 0.3, 2);
    let cfg = FitConfig::<8> {
        epochs: 200,
        early_stopping: Some(EarlyStopping {
            patience: 0,
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
    // ValMetric with no metric is NaN every epoch: nothing is ever the best.
    let mut n = net(12);
    let mut opt = Sgd::with_lr(&n, 0.05);
    let mut d = data();
    let (train, val) = split(&mut d, 0.3, 2);
    let cfg = FitConfig::<8> {
        epochs: 20,
        early_stopping: Some(EarlyStopping {
            monitor: Monitor::ValMetric,
            patience: 3,
            ..Default::default()
        }),
        ..FitConfig::default()
    };
    let report = fit(&mut n, &mut opt, &Mse, train, val, cfg, |_| {}).unwrap();
    assert!(!report.restored_best);
    assert_eq!(report.epochs, 3, "three epochs without improvement");
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
fn logit_accuracy_thresholds_at_zero() {
    let n = (Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]),);
    let d = [
        Sample::new([0.2], [1.0]),
        Sample::new([-0.2], [0.0]),
        Sample::new([0.7], [1.0]),
    ];
    let logit = evaluate::<_, _, _, 2>(&n, &BceWithLogits, &d, Metric::LogitAccuracy);
    assert_eq!(logit.metric, 1.0);
    let prob = evaluate::<_, _, _, 2>(&n, &BceWithLogits, &d, Metric::Accuracy);
    assert!(
        (prob.metric - 2.0 / 3.0).abs() < 1e-15,
        "0.2 is below the 0.5 probability threshold"
    );
}

#[test]
fn batchnorm_keeps_its_running_statistics_at_batch_size_one() {
    let mut bn = BatchNorm::<2, f64>::new();
    let (y, _) = bn.forward_train(&SMatrix::<f64, 2, 1>::new(3.0, -1.0));
    assert_eq!(y, SMatrix::<f64, 2, 1>::zeros());
    assert_eq!(bn, BatchNorm::new());
}
