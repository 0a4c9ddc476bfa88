//! Outputs, losses, parameter gradients and input gradients against PyTorch.
//!
//! `tests/fixtures/gen_reference.py` builds each network in PyTorch (float64 and float32) and writes
//! what autograd computes; each test rebuilds the same network with constnet, loads the same
//! parameters and compares: f64 within 1e-9 relative, f32 within 1e-4 relative (plus a tiny
//! absolute floor for exact zeros, see `common::atol`).

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

use crate::common::*;

fn check<N, L, T, const I: usize, const O: usize, const B: usize>(name: &str, mut net: N, loss: L)
where
    T: Scalar,
    N: Network<T, I, O>,
    L: Loss<T, O>,
    L::Target<B>: FromJson,
{
    let case = case(name);
    let expect = &case[T::NAME];
    let (rt, at) = (rtol::<T>(), atol::<T>());
    load_row_major(&mut net, &flat_tensors(&case["params"]));
    let x = SMatrix::<T, I, B>::from_json(&case["x"]);
    let target = L::Target::<B>::from_json(&case["target"]);

    let y = net.forward(&x);
    assert_close(
        &format!("{name}/{} y", T::NAME),
        &by_sample(&y),
        &flat(&expect["y"]),
        rt,
        at,
    );

    let (y_train, tape) = net.forward_train(&x);
    assert_eq!(
        y, y_train,
        "{name}: training forward equals inference forward"
    );

    let value = loss.loss(&y, &target);
    let want = expect["loss"].as_f64().unwrap();
    assert_close(
        &format!("{name}/{} loss", T::NAME),
        &[value.as_f64()],
        &[want],
        rt,
        at,
    );

    let dy = loss.loss_gradient(&y, &target);
    let mut grads = net.zero_gradients();
    let dx = net.backward(&tape, &dy, &mut grads);
    assert_close(
        &format!("{name}/{} dx", T::NAME),
        &by_sample(&dx),
        &flat(&expect["dx"]),
        rt,
        at,
    );

    let want_grads = flat_tensors(&expect["grads"]);
    for (i, want) in want_grads.iter().enumerate() {
        let got = row_major(grads.as_network(), i);
        assert_close(
            &format!("{name}/{} grad tensor {i}", T::NAME),
            &got,
            want,
            rt,
            at,
        );
    }
}

macro_rules! reference_case {
    ($test:ident, $loss:expr, [$I:literal, $O:literal, $B:literal], |$T:ident| $net:expr) => {
        #[test]
        fn $test() {
            {
                type $T = f64;
                check::<_, _, $T, $I, $O, $B>(stringify!($test), $net, $loss);
            }
            {
                type $T = f32;
                check::<_, _, $T, $I, $O, $B>(stringify!($test), $net, $loss);
            }
        }
    };
}

reference_case!(sigmoid_231_half_sse, HalfSquaredError, [2, 1, 3], |T| (
    Dense::<2, 3, T>::zeros(),
    Sigmoid,
    Dense::<3, 1, T>::zeros(),
    Sigmoid
));
reference_case!(sigmoid_231_mse, Mse, [2, 1, 3], |T| (
    Dense::<2, 3, T>::zeros(),
    Sigmoid,
    Dense::<3, 1, T>::zeros(),
    Sigmoid
));
reference_case!(tanh_mse, Mse, [3, 2, 4], |T| (
    Dense::<3, 4, T>::zeros(),
    Tanh,
    Dense::<4, 2, T>::zeros()
));
reference_case!(relu_mae, Mae, [4, 3, 3], |T| (
    Dense::<4, 5, T>::zeros(),
    ReLU,
    Dense::<5, 3, T>::zeros()
));
reference_case!(leaky_relu_huber, Huber::new(0.5), [3, 2, 4], |T| (
    Dense::<3, 4, T>::zeros(),
    LeakyReLU::new(0.2),
    Dense::<4, 2, T>::zeros()
));
reference_case!(elu_huber, Huber::new(1.0), [2, 1, 5], |T| (
    Dense::<2, 4, T>::zeros(),
    Elu::new(1.3),
    Dense::<4, 1, T>::zeros()
));
reference_case!(gelu_mse, Mse, [3, 2, 3], |T| (
    Dense::<3, 5, T>::zeros(),
    Gelu,
    Dense::<5, 2, T>::zeros()
));
reference_case!(gelu_tanh_mse, Mse, [3, 2, 3], |T| (
    Dense::<3, 5, T>::zeros(),
    GeluTanh,
    Dense::<5, 2, T>::zeros()
));
reference_case!(softplus_inputs_50, Mse, [2, 1, 3], |T| (
    Dense::<2, 3, T>::zeros(),
    Softplus::default(),
    Dense::<3, 1, T>::zeros()
));
reference_case!(softplus_beta2, Mse, [2, 1, 4], |T| (
    Dense::<2, 3, T>::zeros(),
    Softplus::new(2.0, 5.0),
    Dense::<3, 1, T>::zeros()
));
reference_case!(sigmoid_inputs_50, HalfSquaredError, [2, 1, 3], |T| (
    Dense::<2, 3, T>::zeros(),
    Sigmoid,
    Dense::<3, 1, T>::zeros(),
    Sigmoid
));
reference_case!(bce_probs, BinaryCrossEntropy, [3, 2, 4], |T| (
    Dense::<3, 4, T>::zeros(),
    Tanh,
    Dense::<4, 2, T>::zeros(),
    Sigmoid
));
reference_case!(bce_logits, BceWithLogits, [3, 2, 4], |T| (
    Dense::<3, 4, T>::zeros(),
    ReLU,
    Dense::<4, 2, T>::zeros()
));
reference_case!(bce_logits_1000, BceWithLogits, [1, 2, 2], |T| (Dense::<
    1,
    2,
    T,
>::zeros(),));
reference_case!(bce_saturated_probs, BinaryCrossEntropy, [1, 2, 2], |T| (
    Dense::<1, 2, T>::zeros(),
    Sigmoid
));
reference_case!(ce_classes, CrossEntropy, [4, 3, 5], |T| (
    Dense::<4, 6, T>::zeros(),
    ReLU,
    Dense::<6, 3, T>::zeros()
));
reference_case!(ce_logits_1000, CrossEntropy, [2, 3, 3], |T| (Dense::<
    2,
    3,
    T,
>::zeros(),));
reference_case!(ce_probabilities, CrossEntropyProb, [4, 3, 4], |T| (
    Dense::<4, 5, T>::zeros(),
    Tanh,
    Dense::<5, 3, T>::zeros()
));
reference_case!(softmax_mse, Mse, [3, 4, 3], |T| (
    Dense::<3, 4, T>::zeros(),
    Softmax
));
reference_case!(softmax_inputs_1000, Mse, [2, 2, 3], |T| (
    Dense::<2, 3, T>::zeros(),
    Softmax,
    Dense::<3, 2, T>::zeros()
));
reference_case!(zero_inputs, Mse, [3, 2, 2], |T| (
    Dense::<3, 4, T>::zeros(),
    Sigmoid,
    Dense::<4, 2, T>::zeros()
));
reference_case!(no_bias, HalfSquaredError, [2, 1, 3], |T| (
    DenseNoBias::<2, 3, T>::zeros(),
    Tanh,
    DenseNoBias::<3, 1, T>::zeros()
));
reference_case!(identity_linear, Mse, [2, 1, 1], |T| (
    Dense::<2, 2, T>::zeros(),
    Identity,
    Dense::<2, 1, T>::zeros()
));
reference_case!(deep_mixed, BinaryCrossEntropy, [2, 1, 6], |T| (
    Dense::<2, 8, T>::zeros(),
    ReLU,
    Dense::<8, 8, T>::zeros(),
    Elu::new(1.0),
    Dense::<8, 8, T>::zeros(),
    Gelu,
    Dense::<8, 8, T>::zeros(),
    Tanh,
    Dense::<8, 1, T>::zeros(),
    Sigmoid
));

/// Every case in the fixture file has a test above (a case added to the script without a test
/// here would otherwise go unchecked).
#[test]
fn every_reference_case_is_tested() {
    let tested = [
        "sigmoid_231_half_sse",
        "sigmoid_231_mse",
        "tanh_mse",
        "relu_mae",
        "leaky_relu_huber",
        "elu_huber",
        "gelu_mse",
        "gelu_tanh_mse",
        "softplus_inputs_50",
        "softplus_beta2",
        "sigmoid_inputs_50",
        "bce_probs",
        "bce_logits",
        "bce_logits_1000",
        "bce_saturated_probs",
        "ce_classes",
        "ce_logits_1000",
        "ce_probabilities",
        "softmax_mse",
        "softmax_inputs_1000",
        "zero_inputs",
        "no_bias",
        "identity_linear",
        "deep_mixed",
    ];
    let cases = reference()["cases"].as_array().unwrap();
    assert_eq!(cases.len(), tested.len());
    for c in cases {
        assert!(
            tested.contains(&c["name"].as_str().unwrap()),
            "{}",
            c["name"]
        );
    }
}

/// A batch-normalised network against PyTorch's `BatchNorm1d`: training forward, loss, every
/// gradient and ∂L/∂x; running statistics after one and two training forwards; then the
/// inference-mode output and its input gradient.
fn check_batchnorm<N, L, T, const I: usize, const O: usize, const B: usize>(
    name: &str,
    mut net: N,
    loss: L,
    stats: impl Fn(&N) -> Vec<(Vec<f64>, Vec<f64>)>,
) where
    T: Scalar,
    N: Network<T, I, O>,
    L: Loss<T, O>,
    L::Target<B>: FromJson,
{
    let case = reference()["batchnorm"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap();
    let expect = &case[T::NAME];
    let (rt, at) = (rtol::<T>(), atol::<T>());
    let tag = |what: &str| format!("{name}/{} {what}", T::NAME);
    load_row_major(&mut net, &flat_tensors(&case["params"]));
    let x = SMatrix::<T, I, B>::from_json(&case["x"]);
    let x2 = SMatrix::<T, I, B>::from_json(&case["x2"]);
    let target = L::Target::<B>::from_json(&case["target"]);

    let (y, tape) = net.forward_train(&x);
    assert_close(&tag("y"), &by_sample(&y), &flat(&expect["y"]), rt, at);
    let value = loss.loss(&y, &target);
    assert_close(
        &tag("loss"),
        &[value.as_f64()],
        &[expect["loss"].as_f64().unwrap()],
        rt,
        at,
    );
    let mut grads = net.zero_gradients();
    let dx = net.backward(&tape, &loss.loss_gradient(&y, &target), &mut grads);
    assert_close(&tag("dx"), &by_sample(&dx), &flat(&expect["dx"]), rt, at);
    for (i, want) in flat_tensors(&expect["grads"]).iter().enumerate() {
        assert_close(
            &tag(&format!("grad {i}")),
            &row_major(grads.as_network(), i),
            want,
            rt,
            at,
        );
    }
    let check_stats = |net: &N, key: &str| {
        for (k, (mean, var)) in stats(net).into_iter().enumerate() {
            let want = &expect[key][k];
            let num = |v: &serde_json::Value| -> Vec<f64> {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap())
                    .collect()
            };
            assert_close(
                &tag(&format!("{key} mean {k}")),
                &mean,
                &num(&want["mean"]),
                rt,
                at,
            );
            assert_close(
                &tag(&format!("{key} var {k}")),
                &var,
                &num(&want["var"]),
                rt,
                at,
            );
        }
    };
    check_stats(&net, "stats1");
    let _ = net.forward_train(&x2);
    check_stats(&net, "stats2");

    let y_eval = net.forward(&x);
    assert_close(
        &tag("y_eval"),
        &by_sample(&y_eval),
        &flat(&expect["y_eval"]),
        rt,
        at,
    );
    let (y_tape, tape) = net.forward_tape(&x);
    assert_eq!(y_tape, y_eval);
    let mut scratch = net.zero_gradients();
    let dx_eval = net.backward(&tape, &loss.loss_gradient(&y_eval, &target), &mut scratch);
    assert_close(
        &tag("dx_eval"),
        &by_sample(&dx_eval),
        &flat(&expect["dx_eval"]),
        rt,
        at,
    );
}

fn bn_stats<T: Scalar, const N: usize>(bn: &BatchNorm<N, T>) -> (Vec<f64>, Vec<f64>) {
    (
        bn.running_mean().iter().map(|v| v.as_f64()).collect(),
        bn.running_var().iter().map(|v| v.as_f64()).collect(),
    )
}

#[test]
fn batchnorm_hidden() {
    fn run<T: Scalar>() {
        check_batchnorm::<_, _, T, 3, 2, 5>(
            "bn_hidden",
            (
                Dense::<3, 4, T>::zeros(),
                BatchNorm::<4, T>::new(),
                ReLU,
                Dense::<4, 2, T>::zeros(),
            ),
            Mse,
            |n| vec![bn_stats(&n.1)],
        );
    }
    run::<f64>();
    run::<f32>();
}

#[test]
fn batchnorm_input() {
    fn run<T: Scalar>() {
        check_batchnorm::<_, _, T, 3, 1, 6>(
            "bn_input",
            (
                BatchNorm::<3, T>::with_options(0.3, 1e-3),
                Dense::<3, 1, T>::zeros(),
                Sigmoid,
            ),
            BinaryCrossEntropy,
            |n| vec![bn_stats(&n.0)],
        );
    }
    run::<f64>();
    run::<f32>();
}
