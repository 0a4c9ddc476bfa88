//! Predictions and metrics against scikit-learn on fixed predictions
//! (`tests/fixtures/metrics.json`, written by `tests/fixtures/gen_metrics.py`).

use constnet::prelude::*;
use constnet::train::{
    confusion_matrix, predict, predict_proba, r2_score, roc_auc, ConfusionMatrix, DataSet,
    TrainError,
};
use serde_json::Value;

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/metrics.json")).expect("metrics.json parses")
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
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
    assert!(
        (got - want).abs() <= 1e-12,
        "{what}: {got} against scikit-learn's {want}"
    );
}

fn check<const C: usize>(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let (t, p) = (usizes(&case["y_true"]), usizes(&case["y_pred"]));
    let m = ConfusionMatrix::<C>::from_pairs(t.iter().copied().zip(p.iter().copied()));
    let want: Vec<Vec<usize>> = case["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .map(usizes)
        .collect();
    let got: Vec<Vec<usize>> = m.counts.iter().map(|r| r.to_vec()).collect();
    assert_eq!(got, want, "{name}: confusion matrix");
    close(name, m.accuracy(), case["accuracy"].as_f64().unwrap());
    for c in 0..C {
        close(name, m.precision(c), floats(&case["precision"])[c]);
        close(name, m.recall(c), floats(&case["recall"])[c]);
        close(name, m.f1(c), floats(&case["f1"])[c]);
    }
    close(
        name,
        m.macro_precision(),
        case["macro_precision"].as_f64().unwrap(),
    );
    close(
        name,
        m.macro_recall(),
        case["macro_recall"].as_f64().unwrap(),
    );
    close(name, m.macro_f1(), case["macro_f1"].as_f64().unwrap());
}

#[test]
fn classification_metrics_are_scikit_learns() {
    let f = fixtures();
    let cases = f["classification"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for case in cases {
        match case["classes"].as_u64().unwrap() {
            2 => check::<2>(case),
            4 => check::<4>(case),
            5 => check::<5>(case),
            10 => check::<10>(case),
            c => panic!("no case for {c} classes"),
        }
    }
}

#[test]
fn roc_auc_is_scikit_learns_with_ties() {
    let f = fixtures();
    for case in f["auc"].as_array().unwrap() {
        let labels: Vec<bool> = case["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_bool().unwrap())
            .collect();
        let mut s: Vec<(f64, bool)> = floats(&case["scores"]).into_iter().zip(labels).collect();
        let got = roc_auc(&mut s).expect("both classes present");
        close(
            case["name"].as_str().unwrap(),
            got,
            case["auc"].as_f64().unwrap(),
        );
    }
    assert_eq!(
        roc_auc(&mut [(0.3, true), (0.5, true)]),
        None,
        "no negatives"
    );
    assert_eq!(roc_auc(&mut []), None);
    assert_eq!(roc_auc(&mut [(f64::NAN, true), (0.5, false)]), None);
}

/// R² of an identity network, whose predictions are its inputs exactly.
#[test]
fn r2_is_scikit_learns() {
    let f = fixtures();
    let identity = (Dense::<2, 2, f64>::from_rows(
        [[1.0, 0.0], [0.0, 1.0]],
        [0.0; 2],
    ),);
    for case in f["r2"].as_array().unwrap() {
        let rows = |k: &str| -> Vec<[f64; 2]> {
            case[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let v = floats(r);
                    [v[0], v[1]]
                })
                .collect()
        };
        let data: Vec<Sample<f64, 2, [f64; 2]>> = rows("y_pred")
            .into_iter()
            .zip(rows("y_true"))
            .map(|(x, y)| Sample::new(x, y))
            .collect();
        let got = r2_score(&identity, &data).unwrap();
        close(
            case["name"].as_str().unwrap(),
            got,
            case["r2"].as_f64().unwrap(),
        );
    }
    let none: [Sample<f64, 2, [f64; 2]>; 0] = [];
    assert_eq!(
        r2_score(&identity, &none),
        Err(TrainError::NoEvaluationData)
    );
}

#[test]
fn predictions_follow_the_loss() {
    // Outputs (x0, x1, 0): the arg-max class, or the values.
    let net = (Dense::<2, 3, f64>::from_rows(
        [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]],
        [0.0; 3],
    ),);
    assert_eq!(predict(&net, &CrossEntropy, &[0.2, 0.9]), 1);
    assert_eq!(predict(&net, &CrossEntropy, &[-0.2, -0.9]), 2);
    assert_eq!(
        predict(&net, &CrossEntropyProb, &[0.7, 0.7]),
        0,
        "the first on a tie"
    );
    assert_eq!(predict(&net, &Mse, &[0.2, 0.9]), [0.2, 0.9, 0.0]);
    let p = predict_proba(&net, &CrossEntropy, &[1.0, 2.0]);
    let z = 1.0 + 1f64.exp() + 2f64.exp();
    let want = [1f64.exp() / z, 2f64.exp() / z, 1.0 / z];
    for (a, b) in p.iter().zip(want) {
        assert!((a - b).abs() < 1e-15);
    }
    // One output: a logit (class 1 above 0) or a probability (above ½).
    let one = (Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]),);
    assert_eq!(predict(&one, &BceWithLogits, &[0.2]), 1);
    assert_eq!(predict(&one, &BinaryCrossEntropy, &[0.2]), 0);
    assert_eq!(predict(&one, &BinaryCrossEntropy, &[0.7]), 1);
    let s = predict_proba(&one, &BceWithLogits, &[0.0])[0];
    assert_eq!(s, 0.5);
    assert_eq!(predict_proba(&one, &BinaryCrossEntropy, &[0.3]), [0.3]);
    // Large logits do not overflow the softmax.
    let big = predict_proba(&net, &CrossEntropy, &[1000.0, 999.0]);
    assert!(big.iter().all(|v| v.is_finite()) && big[0] > big[1]);
}

#[test]
fn confusion_matrix_of_a_network() {
    let net = (Dense::<2, 3, f64>::from_rows(
        [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]],
        [0.0; 3],
    ),);
    let data = [
        Sample::new([0.9, 0.1], 0usize),
        Sample::new([0.1, 0.9], 1),
        Sample::new([-1.0, -1.0], 2),
        Sample::new([0.9, 0.0], 1),
    ];
    let m: ConfusionMatrix<3> = confusion_matrix(&net, &CrossEntropy, &data).unwrap();
    assert_eq!(m.counts, [[1, 0, 0], [1, 1, 0], [0, 0, 1]]);
    assert_eq!((m.precision(0), m.recall(1)), (0.5, 0.5));
    let text = m.to_string();
    assert!(
        text.starts_with(" t\\p   0   1   2   precision  recall      f1  support\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "accuracy 0.7500, macro precision 0.8333, recall 0.8333, F1 0.7778 (4 samples)"
        ),
        "{text}"
    );
    let mut bad = data;
    bad[3].y = 3;
    assert_eq!(
        confusion_matrix::<_, _, _, 2, 3, 3>(&net, &CrossEntropy, &bad),
        Err(TrainError::Label {
            set: DataSet::Evaluated,
            sample: 3,
            label: 3,
            classes: 3
        })
    );
}

#[test]
fn balanced_class_weights_are_scikit_learns() {
    let f = fixtures();
    let labels = usizes(&f["balanced"]["labels"]);
    let want = floats(&f["balanced"]["weight"]);
    let loss = WeightedCrossEntropy::<5, f64>::balanced(labels.iter().copied()).unwrap();
    for (c, (&got, want)) in loss.weight().iter().zip(want).enumerate() {
        close(&format!("class {c}"), got, want);
    }
}
