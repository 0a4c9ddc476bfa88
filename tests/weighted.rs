//! Class-weighted losses against PyTorch (`tests/fixtures/weighted.json`, written by
//! `tests/fixtures/gen_weighted.py`): `CrossEntropyLoss(weight=…)` and
//! `BCEWithLogitsLoss(pos_weight=…)`, loss and gradient, and training through `fit`.

use constnet::nalgebra::SMatrix;
use constnet::optim::{ConfigError, Optimizer, Sgd};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig, Sample};
use serde_json::Value;

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/weighted.json")).expect("weighted.json parses")
}

fn rows(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close(what: &str, got: f64, want: f64) {
    let tol = 1e-12 * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tol,
        "{what}: {got} against PyTorch's {want}"
    );
}

/// A `[B, C]` row-major batch as constnet's `C × B` (one column per sample).
fn batch<const C: usize, const B: usize>(v: &Value) -> SMatrix<f64, C, B> {
    let r = rows(v);
    assert_eq!((r.len(), r[0].len()), (B, C));
    SMatrix::from_fn(|c, b| r[b][c])
}

fn cross_entropy<const C: usize, const B: usize>(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let x = batch::<C, B>(&case["logits"]);
    let classes: [usize; B] =
        core::array::from_fn(|b| case["classes"][b].as_u64().unwrap() as usize);
    let weight: [f64; C] = floats(&case["weight"]).try_into().unwrap();
    let loss = WeightedCrossEntropy::new(weight).unwrap();
    let (l, g) = loss.loss_and_gradient(&x, &classes);
    close(name, l, case["loss"].as_f64().unwrap());
    close(
        name,
        loss.value(&x, &classes),
        case["loss"].as_f64().unwrap(),
    );
    let want = batch::<C, B>(&case["grad"]);
    for (a, b) in g.iter().zip(want.iter()) {
        close(name, *a, *b);
    }
    assert_eq!(loss.gradient(&x, &classes), g);
}

fn bce<const O: usize, const B: usize>(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let x = batch::<O, B>(&case["logits"]);
    let t = batch::<O, B>(&case["targets"]);
    let p: [f64; O] = floats(&case["pos_weight"]).try_into().unwrap();
    let loss = WeightedBceWithLogits::new(p).unwrap();
    close(name, loss.value(&x, &t), case["loss"].as_f64().unwrap());
    let want = batch::<O, B>(&case["grad"]);
    for (a, b) in loss.gradient(&x, &t).iter().zip(want.iter()) {
        close(name, *a, *b);
    }
}

#[test]
fn weighted_cross_entropy_is_pytorchs() {
    let f = fixtures();
    let cases = f["cross_entropy"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    cross_entropy::<4, 7>(&cases[0]);
    cross_entropy::<3, 6>(&cases[1]);
    cross_entropy::<3, 5>(&cases[2]);
    cross_entropy::<5, 1>(&cases[3]);
}

#[test]
fn pos_weighted_bce_with_logits_is_pytorchs() {
    let f = fixtures();
    let cases = f["bce"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    bce::<3, 6>(&cases[0]);
    bce::<2, 4>(&cases[1]);
    bce::<1, 8>(&cases[2]);
    bce::<2, 5>(&cases[3]);
}

#[test]
fn bad_weights_are_refused() {
    assert!(matches!(
        WeightedCrossEntropy::new([1.0, -1.0, 1.0]),
        Err(ConfigError::OutOfRange {
            field: "WeightedCrossEntropy::weight",
            ..
        })
    ));
    assert!(WeightedCrossEntropy::new([0.0f32; 3]).is_err());
    assert!(WeightedCrossEntropy::new([1.0, f64::NAN]).is_err());
    assert!(WeightedBceWithLogits::new([f64::INFINITY]).is_err());
    assert!(
        WeightedCrossEntropy::<3, f64>::balanced([7usize, 9]).is_err(),
        "no class occurs"
    );
}

/// Weighting the rare class raises its recall: a 2-feature problem, 90 % of class 0 overlapping
/// a 10 % class 1.
#[test]
fn class_weights_train_through_fit() {
    let data: Vec<Sample<f64, 2, usize>> = (0..200)
        .map(|k| {
            let c = usize::from(k % 10 == 0);
            let a = (k as f64 * 0.618).fract() - 0.5;
            Sample::new([a + 0.4 * c as f64, (k as f64 * 0.377).fract() - 0.5], c)
        })
        .collect();
    let recall = |weighted: bool| {
        let mut net = (Dense::<2, 2, f64>::zeros(),);
        let mut sgd = Sgd::with_lr(&net, 0.5);
        let mut train = data.clone();
        let cfg = FitConfig::<20> {
            epochs: 60,
            ..FitConfig::default()
        };
        if weighted {
            let loss = WeightedCrossEntropy::balanced(data.iter().map(|s| s.y)).unwrap();
            fit(&mut net, &mut sgd, &loss, &mut train, &[], cfg, |_| {}).unwrap();
        } else {
            fit(
                &mut net,
                &mut sgd,
                &CrossEntropy,
                &mut train,
                &[],
                cfg,
                |_| {},
            )
            .unwrap();
        }
        let m: constnet::train::ConfusionMatrix<2> =
            constnet::train::confusion_matrix(&net, &CrossEntropy, &data).unwrap();
        m.recall(1)
    };
    let (plain, weighted) = (recall(false), recall(true));
    assert!(
        weighted > plain + 0.3,
        "recall of the rare class: {plain} plain, {weighted} weighted"
    );
}

/// Per-sample weights (Keras's `sample_weight`) against PyTorch's
/// `(loss(reduction="none") * w).mean()`.
#[test]
fn sample_weights_are_pytorchs() {
    use constnet::train::LabelFor;
    use constnet::train::{SampleWeighted, Weighted};
    let f = fixtures();
    let cases = f["sample_weighted"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    // Cross-entropy on class indices.
    let case = &cases[0];
    let x = batch::<3, 6>(&case["logits"]);
    let w = floats(&case["weight"]);
    let labels: [Weighted<usize, f64>; 6] =
        core::array::from_fn(|b| Weighted::new(case["target"][b].as_u64().unwrap() as usize, w[b]));
    let loss = SampleWeighted(CrossEntropy);
    let t =
        <Weighted<usize, f64> as LabelFor<SampleWeighted<CrossEntropy>, f64, 3>>::batch::<6>(|b| {
            labels[b]
        });
    let (l, g) = loss.loss_and_gradient(&x, &t);
    close("cross_entropy", l, case["loss"].as_f64().unwrap());
    for (a, b) in g.iter().zip(batch::<3, 6>(&case["grad"]).iter()) {
        close("cross_entropy gradient", *a, *b);
    }
    // MSE on target rows.
    let case = &cases[1];
    let x = batch::<2, 5>(&case["logits"]);
    let targets = rows(&case["target"]);
    let w = floats(&case["weight"]);
    let labels: [Weighted<[f64; 2], f64>; 5] =
        core::array::from_fn(|b| Weighted::new([targets[b][0], targets[b][1]], w[b]));
    let t = <Weighted<[f64; 2], f64> as LabelFor<SampleWeighted<Mse>, f64, 2>>::batch::<5>(|b| {
        labels[b]
    });
    let (l, g) = SampleWeighted(Mse).loss_and_gradient(&x, &t);
    close("mse", l, case["loss"].as_f64().unwrap());
    for (a, b) in g.iter().zip(batch::<2, 5>(&case["grad"]).iter()) {
        close("mse gradient", *a, *b);
    }
}

/// A sample of weight 0 is not trained on: training with it is training without it.
#[test]
fn a_zero_weight_removes_the_sample() {
    use constnet::train::{SampleWeighted, Weighted};
    let base: Vec<Sample<f64, 2, usize>> = (0..16)
        .map(|k| Sample::new([k as f64 / 16.0, (k % 3) as f64], k % 2))
        .collect();
    let mut with: Vec<_> = base
        .iter()
        .map(|s| Sample::new(s.x, Weighted::new(s.y, 1.0)))
        .collect();
    with.push(Sample::new([5.0, -3.0], Weighted::new(0, 0.0)));
    let cfg = FitConfig::<17> {
        epochs: 3,
        shuffle: false,
        ..FitConfig::default()
    };
    let mut a = (Dense::<2, 2, f64>::from_rows(
        [[0.1, -0.2], [0.3, 0.05]],
        [0.0; 2],
    ),);
    let mut b = a;
    let mut sgd_a = Sgd::with_lr(&a, 0.5);
    let mut sgd_b = Sgd::with_lr(&b, 0.5);
    fit(
        &mut a,
        &mut sgd_a,
        &SampleWeighted(CrossEntropy),
        &mut with,
        &[],
        cfg,
        |_| {},
    )
    .unwrap();
    // Without the zero-weight sample, the batch of 16 has a mean over 16, not 17: scale the rate.
    let mut plain = base.clone();
    let cfg16 = FitConfig::<16> {
        epochs: 3,
        shuffle: false,
        ..FitConfig::default()
    };
    sgd_b.set_learning_rate(0.5 * 16.0 / 17.0);
    fit(
        &mut b,
        &mut sgd_b,
        &CrossEntropy,
        &mut plain,
        &[],
        cfg16,
        |_| {},
    )
    .unwrap();
    for (p, q) in a.0.weights().iter().zip(b.0.weights().iter()) {
        assert!((p - q).abs() < 1e-12, "{p} vs {q}");
    }
}
