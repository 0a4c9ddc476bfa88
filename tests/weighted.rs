//! Class-weighted losses against PyTorch (`tests/fixtures/weighted.json`, written by
//! `tests/fixtures/gen_weighted.py`): `CrossEntropyLoss(weight=…)` and
//! `BCEWithLogitsLoss(pos_weight=…)`, loss and gradient, and training through `fit`.

use constnet::nalgebra::SMatrix;
use constnet::optim::{ConfigError, Sgd};
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
