//! Shapes, constructors, accessors and numerical stability of the public API.

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

type Net = (Dense<2, 3>, Sigmoid, Dense<3, 1>, Sigmoid);

/// A network in a `static`, built by `const fn`s from PyTorch's layout.
static NET: Net = (
    Dense::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0, 0.1, 0.2]),
    Sigmoid,
    Dense::from_rows([[0.7, 0.8, 0.9]], [0.3]),
    Sigmoid,
);

#[test]
fn static_network_matches_a_runtime_one() {
    let mut runtime = Net::default();
    runtime
        .0
        .set_weight_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]);
    runtime.0.set_bias_array([0.0, 0.1, 0.2]);
    runtime.2.set_weight_rows([[0.7, 0.8, 0.9]]);
    runtime.2.set_bias_array([0.3]);
    assert_eq!(runtime, NET);
    let x = SMatrix::<f32, 2, 3>::new(1.0, 2.0, 3.0, 2.0, 3.0, 4.0);
    assert_eq!(runtime.forward(&x), NET.forward(&x));
    assert_eq!(NET.0.weight_rows(), [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]);
    // Column-major storage: W[(r, c)] is row r (output), column c (input).
    assert_eq!(NET.0.weights()[(2, 1)], 0.6);
}

#[test]
fn parameter_counts_are_constants() {
    const DENSE: usize = Dense::<2, 3>::PARAMS;
    const NET_PARAMS: usize = <Net as Params<f32>>::PARAMS;
    assert_eq!(DENSE, 9);
    assert_eq!(NET_PARAMS, 9 + 4);
    assert_eq!(DenseNoBias::<4, 5>::PARAMS, 20);
    assert_eq!(BatchNorm::<7>::PARAMS, 14);
    assert_eq!(<Net as Params<f32>>::TENSORS, 4);
    assert_eq!(NET.param_count(), 13);
}

#[test]
fn every_batch_size_gives_the_same_per_sample_result() {
    let x = SMatrix::<f32, 2, 4>::new(1.0, -2.0, 0.5, 3.0, 0.0, 1.0, -1.0, 2.0);
    let batch = NET.forward(&x);
    for c in 0..4 {
        let single = NET.forward(&x.fixed_columns::<1>(c).into_owned());
        assert_eq!(single[0], batch[c]);
    }
}

#[test]
fn sigmoid_and_softmax_are_finite_at_extreme_inputs() {
    let x = SMatrix::<f32, 4, 2>::new(1000.0, -1000.0, 0.0, 88.8, -1000.0, 1000.0, -88.8, 0.0);
    let s = Sigmoid.forward(&x);
    assert!(s.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)));
    assert_eq!(s[(0, 0)], 1.0);
    assert_eq!(s[(0, 1)], 0.0);
    let p = Softmax.forward(&x);
    assert!(p.iter().all(|v| v.is_finite()));
    for c in 0..2 {
        assert!((p.column(c).sum() - 1.0).abs() < 1e-6);
    }
    assert_eq!(p[(0, 0)], 1.0);
    // Gradients too.
    let (_, tape) = Softmax.forward_tape(&x);
    let mut g = Softmax.zero_gradients::<f32>();
    let dy = SMatrix::<f32, 4, 2>::from_fn(|r, c| (r as f32 - 1.5) * (c as f32 + 1.0));
    let dx = Softmax.backward(&tape, &dy, &mut g);
    assert!(dx.iter().all(|v| v.is_finite()));
    // Saturated columns pass nothing back; a moderate one does.
    assert_eq!(dx.iter().map(|v| v.abs()).sum::<f32>(), 0.0);
    let (_, tape) = Softmax.forward_tape(&SMatrix::<f32, 4, 2>::from_fn(|r, c| (r + c) as f32));
    let dx = Softmax.backward(&tape, &dy, &mut g);
    assert!(dx.iter().all(|v| v.is_finite() && *v != 0.0));
    let logits = SMatrix::<f64, 3, 1>::new(1000.0, -1000.0, 0.0);
    assert_eq!(CrossEntropy.value(&logits, &[0]), 0.0);
    assert_eq!(CrossEntropy.value(&logits, &[1]), 2000.0);
    assert_eq!(
        BceWithLogits.value(
            &SMatrix::<f64, 1, 1>::new(-1000.0),
            &SMatrix::<f64, 1, 1>::new(1.0)
        ),
        1000.0
    );
}

#[test]
fn leaky_relu_default_slope_is_pytorch_s() {
    let y = LeakyReLU::default().forward(&SMatrix::<f64, 1, 1>::new(-2.0));
    assert_eq!(y[0], -0.02);
}

#[test]
fn input_gradient_equals_backward_in_inference_mode() {
    let x = SMatrix::<f32, 2, 3>::new(1.0, 2.0, 3.0, 2.0, 3.0, 4.0);
    let t = SMatrix::<f32, 1, 3>::new(1.0, 0.0, 1.0);
    let dx = NET.input_gradient(&Mse, &x, &t);
    let (y, tape) = NET.forward_tape(&x);
    let mut g = NET.zero_gradients();
    assert_eq!(dx, NET.backward(&tape, &Mse.gradient(&y, &t), &mut g));
    assert!(dx.iter().any(|v| *v != 0.0));
}

#[test]
#[should_panic(expected = "class index 3 out of range for a network with 3 outputs")]
fn class_index_out_of_range_panics_with_a_message() {
    let logits = SMatrix::<f32, 3, 1>::zeros();
    let _ = CrossEntropy.value(&logits, &[3]);
}

/// A network's signature is its first sized layer's input width and its first scalar-typed
/// layer's scalar; what takes any width or scalar says so.
#[test]
fn signatures_fold_over_the_layers() {
    use constnet::{AnyScalar, AnyWidth, Signature};
    fn is<N: Signature<In = W, Scalar = S>, W, S>() {}
    is::<Net, Const<2>, f32>();
    is::<(Tanh, Dropout, Dense<5, 1, f64>), Const<5>, f64>();
    is::<(ReLU, (Softmax, BatchNorm<3>), Dense<3, 2>), Const<3>, f32>();
    is::<(Tanh, Sigmoid), AnyWidth, AnyScalar>();
}

/// Constructors check their arrays against the layer the caller declares, and the matrix and
/// array setters against the layer they are called on: the forms below compile and agree.
#[test]
fn declared_layers_take_their_arrays() {
    static DECLARED: Dense<3, 2> =
        Dense::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [0.5, -0.5]);
    let inferred = Dense::from_rows([[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]], [0.5, -0.5]);
    let from_matrices = Dense::<3, 2>::from_matrices(*DECLARED.weights(), *DECLARED.bias());
    let mut set = Dense::<3, 2>::zeros();
    set.set_weight_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    set.set_bias_array([0.5, -0.5]);
    assert_eq!(DECLARED, inferred);
    assert_eq!(DECLARED, from_matrices);
    assert_eq!(DECLARED, set);
    let nb = DenseNoBias::<3, 2>::from_matrix(*DECLARED.weights());
    assert_eq!(nb.weight_rows(), DECLARED.weight_rows());
    static BN: BatchNorm<2> =
        BatchNorm::from_parts([1.0, 2.0], [0.0, 0.1], [0.5, 0.5], [1.0, 4.0], 0.1, 1e-5);
    assert_eq!(BN.gamma().as_slice(), &[1.0, 2.0]);
}

/// A batched forward fuses each pointwise activation into the layer before it (applied as that
/// layer stores its output), and the training forward does where backward allows; both give the
/// bits of running the layers one after the other (`forward_tape`), and the same gradients.
fn fused_equals_unfused<N: Network<f32, 3, 2> + PartialEq + core::fmt::Debug>(
    mut net: N,
    train: bool,
) {
    use rand::SeedableRng;
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(7);
    net.initialize(constnet::init::Init::PyTorch, &mut rng);
    let x = SMatrix::<f32, 3, 5>::from_fn(|r, c| (r as f32 - 1.0) * 0.7 + c as f32 * 0.4 - 0.9);
    let (unfused, tape) = net.forward_tape(&x);
    assert_eq!(net.forward(&x), unfused);
    if train {
        let (fused, train_tape) = net.forward_train(&x);
        assert_eq!(fused, unfused);
        let dy = SMatrix::<f32, 2, 5>::from_fn(|r, c| r as f32 * 0.3 - c as f32 * 0.1 + 0.05);
        let (mut g1, mut g2) = (net.zero_gradients(), net.zero_gradients());
        let dx1 = net.backward(&tape, &dy, &mut g1);
        let dx2 = net.backward(&train_tape, &dy, &mut g2);
        assert_eq!(dx1, dx2);
        assert_eq!(g1, g2);
    }
}

#[test]
fn fused_activations_give_the_unfused_bits() {
    fused_equals_unfused(
        (
            Dense::<3, 8>::zeros(),
            ReLU,
            Dense::<8, 8>::zeros(),
            Tanh,
            Dense::<8, 2>::zeros(),
            Sigmoid,
        ),
        true,
    );
    fused_equals_unfused(
        (
            Dense::<3, 8>::zeros(),
            Gelu,
            Dense::<8, 8>::zeros(),
            Softplus::default(),
            Dense::<8, 2>::zeros(),
        ),
        true,
    );
    fused_equals_unfused(
        (
            Dense::<3, 8>::zeros(),
            Tanh,
            ReLU,
            DenseNoBias::<8, 2>::zeros(),
            LeakyReLU::default(),
        ),
        true,
    );
    fused_equals_unfused(
        (
            Dense::<3, 8>::zeros(),
            Softmax,
            Sigmoid,
            Dense::<8, 2>::zeros(),
        ),
        true,
    );
    // Batch normalisation: inference fuses; the training forward (batch statistics) is compared
    // with PyTorch elsewhere.
    fused_equals_unfused(
        (
            Dense::<3, 8>::zeros(),
            BatchNorm::<8>::default(),
            ReLU,
            Dense::<8, 2>::zeros(),
            Elu::default(),
        ),
        false,
    );
}
