//! Finite-difference gradient checks in f64: for every layer, activation and loss, the analytic
//! parameter and input gradients from backward equal central differences of the loss,
//! `(L(θ + h) − L(θ − h)) / 2h` with `h = 1e-6`, within `1e-6` relative (plus `1e-9` absolute).

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

/// A small deterministic generator (SplitMix64) for parameters and inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Uniform in [-1, 1).
    pub fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    pub fn matrix<const R: usize, const C: usize>(&mut self, scale: f64) -> SMatrix<f64, R, C> {
        SMatrix::from_fn(|_, _| self.next() * scale)
    }

    pub fn fill<N: Params<f64>>(&mut self, net: &mut N, scale: f64) {
        for i in 0..N::TENSORS {
            for p in net.tensor_mut(i) {
                *p = self.next() * scale;
            }
        }
    }
}

const H: f64 = 1e-6;

fn close(what: &str, analytic: f64, numeric: f64) {
    let tol = 1e-6 * analytic.abs().max(numeric.abs()) + 1e-9;
    assert!(
        (analytic - numeric).abs() <= tol,
        "{what}: analytic {analytic:e}, finite difference {numeric:e}"
    );
}

/// Checks every parameter and input gradient of `net` under `loss`.
fn gradcheck<N, L, const I: usize, const O: usize, const B: usize>(
    what: &str,
    net: &N,
    loss: &L,
    x: &SMatrix<f64, I, B>,
    target: &L::Target<B>,
) where
    N: Network<f64, I, O>,
    L: Loss<f64, O>,
{
    gradcheck_mode(what, net, loss, x, target, false);
}

/// As [`gradcheck`], in training mode when `train` (each evaluation runs a training forward on a
/// fresh copy of `net`, so batch statistics and dropout masks are those of the analytic pass).
fn gradcheck_mode<N, L, const I: usize, const O: usize, const B: usize>(
    what: &str,
    net: &N,
    loss: &L,
    x: &SMatrix<f64, I, B>,
    target: &L::Target<B>,
    train: bool,
) where
    N: Network<f64, I, O>,
    L: Loss<f64, O>,
{
    let eval = |n: &N, x: &SMatrix<f64, I, B>| {
        let y = if train {
            n.clone().forward_train(x).0
        } else {
            n.forward(x)
        };
        loss.loss(&y, target)
    };
    let (y, tape) = if train {
        net.clone().forward_train(x)
    } else {
        net.forward_tape(x)
    };
    let mut grads = net.zero_gradients();
    let dx = net.backward(&tape, &loss.loss_gradient(&y, target), &mut grads);

    let mut probe = net.clone();
    for i in 0..N::TENSORS {
        for k in 0..probe.tensor(i).len() {
            let p = probe.tensor(i)[k];
            probe.tensor_mut(i)[k] = p + H;
            let up = eval(&probe, x);
            probe.tensor_mut(i)[k] = p - H;
            let down = eval(&probe, x);
            probe.tensor_mut(i)[k] = p;
            let numeric = (up - down) / (2.0 * H);
            close(
                &format!("{what}: ∂L/∂θ tensor {i} [{k}]"),
                grads.as_network().tensor(i)[k],
                numeric,
            );
        }
    }
    let mut xp = *x;
    for k in 0..I * B {
        let v = xp[k];
        xp[k] = v + H;
        let up = eval(net, &xp);
        xp[k] = v - H;
        let down = eval(net, &xp);
        xp[k] = v;
        close(
            &format!("{what}: ∂L/∂x [{k}]"),
            dx[k],
            (up - down) / (2.0 * H),
        );
    }
}

/// One activation between two dense layers, checked under MSE.
fn activation_case<A>(what: &str, act: A, seed: u64)
where
    A: Network<f64, 5, 5> + Copy,
{
    let mut rng = Rng::new(seed);
    let mut net = (
        Dense::<3, 5, f64>::zeros(),
        act,
        Dense::<5, 2, f64>::zeros(),
    );
    rng.fill(&mut net, 1.0);
    let x = rng.matrix::<3, 4>(2.0);
    let t = rng.matrix::<2, 4>(1.0);
    gradcheck(what, &net, &Mse, &x, &t);
}

#[test]
fn every_activation() {
    activation_case("identity", Identity, 1);
    activation_case("sigmoid", Sigmoid, 2);
    activation_case("tanh", Tanh, 3);
    activation_case("relu", ReLU, 4);
    activation_case("leaky_relu", LeakyReLU::new(0.1), 5);
    activation_case("elu", Elu::new(0.7), 6);
    activation_case("gelu", Gelu, 7);
    activation_case("gelu_tanh", GeluTanh, 8);
    activation_case("softplus", Softplus::default(), 9);
    activation_case("softplus_beta", Softplus::new(3.0, 2.0), 10);
    activation_case("softmax", Softmax, 11);
    // The fast activations are exact in f64: the same derivatives through the same plumbing.
    activation_case("tanh_exact", TanhExact, 12);
    activation_case("sigmoid_exact", SigmoidExact, 13);
    activation_case("gelu_tanh_exact", GeluTanhExact, 14);
}

#[test]
fn dense_layers_alone() {
    let mut rng = Rng::new(20);
    let mut d = (Dense::<4, 3, f64>::zeros(),);
    rng.fill(&mut d, 1.0);
    let x = rng.matrix::<4, 5>(1.0);
    let t = rng.matrix::<3, 5>(1.0);
    gradcheck("dense", &d, &HalfSquaredError, &x, &t);

    let mut nb = (
        DenseNoBias::<4, 3, f64>::zeros(),
        Tanh,
        DenseNoBias::<3, 2, f64>::zeros(),
    );
    rng.fill(&mut nb, 1.0);
    let t2 = rng.matrix::<2, 5>(1.0);
    gradcheck("dense_no_bias", &nb, &HalfSquaredError, &x, &t2);

    // A bare layer is a network too (no tuple needed).
    let mut bare = Dense::<4, 3, f64>::zeros();
    rng.fill(&mut bare, 1.0);
    gradcheck("bare dense", &bare, &Mse, &x, &t);
}

fn loss_case<L>(what: &str, loss: L, t: &L::Target<3>, logits: bool)
where
    L: Loss<f64, 4>,
{
    let mut rng = Rng::new(30);
    let x = rng.matrix::<3, 3>(1.0);
    if logits {
        let mut net = (
            Dense::<3, 6, f64>::zeros(),
            Tanh,
            Dense::<6, 4, f64>::zeros(),
        );
        rng.fill(&mut net, 1.5);
        gradcheck(what, &net, &loss, &x, t);
    } else {
        let mut net = (
            Dense::<3, 6, f64>::zeros(),
            Tanh,
            Dense::<6, 4, f64>::zeros(),
            Sigmoid,
        );
        rng.fill(&mut net, 1.5);
        gradcheck(what, &net, &loss, &x, t);
    }
}

#[test]
fn every_loss() {
    let mut rng = Rng::new(40);
    let values = rng.matrix::<4, 3>(1.0);
    let probs = rng.matrix::<4, 3>(0.5).map(|v| v + 0.5);
    let labels = probs.map(|v| if v > 0.5 { 1.0 } else { 0.0 });
    let mut dist = rng.matrix::<4, 3>(0.5).map(|v| v + 0.6);
    for mut col in dist.column_iter_mut() {
        let s = col.sum();
        col /= s;
    }
    loss_case("mse", Mse, &values, true);
    loss_case("half_sse", HalfSquaredError, &values, true);
    loss_case("mae", Mae, &values, true);
    loss_case("huber", Huber::new(0.3), &values, true);
    loss_case("huber_wide", Huber::new(5.0), &values, true);
    loss_case("bce", BinaryCrossEntropy, &probs, false);
    loss_case("bce_labels", BinaryCrossEntropy, &labels, false);
    loss_case("bce_logits", BceWithLogits, &probs, true);
    loss_case("cross_entropy", CrossEntropy, &[0, 3, 1], true);
    loss_case("cross_entropy_prob", CrossEntropyProb, &dist, true);
}

/// Sixteen layers in one tuple, and tuples nested in tuples.
#[test]
fn deep_and_nested_networks() {
    let mut rng = Rng::new(50);
    let mut deep = (
        Dense::<2, 6, f64>::zeros(),
        Tanh,
        Dense::<6, 6, f64>::zeros(),
        Elu::default(),
        Dense::<6, 6, f64>::zeros(),
        GeluTanh,
        Dense::<6, 6, f64>::zeros(),
        Sigmoid,
        Dense::<6, 6, f64>::zeros(),
        LeakyReLU::default(),
        Dense::<6, 6, f64>::zeros(),
        Softplus::default(),
        Dense::<6, 6, f64>::zeros(),
        Gelu,
        Dense::<6, 3, f64>::zeros(),
        Identity,
    );
    rng.fill(&mut deep, 1.0);
    let x = rng.matrix::<2, 3>(1.0);
    gradcheck("16 layers", &deep, &CrossEntropy, &x, &[2, 0, 1]);

    let mut nested = (
        (Dense::<2, 5, f64>::zeros(), Tanh),
        (
            Dense::<5, 5, f64>::zeros(),
            (ReLU, Dense::<5, 3, f64>::zeros()),
        ),
        Softmax,
    );
    rng.fill(&mut nested, 1.0);
    let t = rng.matrix::<3, 3>(1.0);
    gradcheck("nested", &nested, &Mse, &x, &t);
}

#[test]
fn batchnorm_and_dropout() {
    let mut rng = Rng::new(60);
    let mut net = (
        Dense::<3, 5, f64>::zeros(),
        BatchNorm::<5, f64>::new(),
        Tanh,
        Dropout::new(0.3, 9),
        Dense::<5, 2, f64>::zeros(),
    );
    rng.fill(&mut net, 1.0);
    let x = rng.matrix::<3, 6>(2.0);
    let t = rng.matrix::<2, 6>(1.0);
    gradcheck_mode("batchnorm + dropout, training", &net, &Mse, &x, &t, true);
    // Running statistics away from their defaults, then inference mode.
    for _ in 0..3 {
        let _ = net.forward_train(&rng.matrix::<3, 6>(1.5));
    }
    gradcheck_mode("batchnorm + dropout, inference", &net, &Mse, &x, &t, false);
}

#[test]
fn recurrent_layers_through_time() {
    let mut rng = Rng::new(41);
    let mut gru = (Gru::<2, 4, f64>::zeros(), Dense::<4, 2, f64>::zeros());
    rng.fill(&mut gru, 0.8);
    let x = rng.matrix::<2, 7>(1.5);
    let t = rng.matrix::<2, 7>(1.0);
    gradcheck("gru + dense", &gru, &Mse, &x, &t);

    let mut lstm = (
        Lstm::<3, 4, f64>::zeros(),
        Tanh,
        Lstm::<4, 3, f64>::zeros(),
        Dense::<3, 1, f64>::zeros(),
    );
    rng.fill(&mut lstm, 0.8);
    let x = rng.matrix::<3, 9>(1.5);
    let t = rng.matrix::<1, 9>(1.0);
    gradcheck("lstm + tanh + lstm + dense", &lstm, &Mse, &x, &t);

    let mut one = Gru::<1, 3, f64>::zeros();
    rng.fill(&mut one, 1.0);
    let x = rng.matrix::<1, 1>(1.0);
    let t = rng.matrix::<3, 1>(1.0);
    gradcheck("gru, one step", &one, &Mse, &x, &t);
}

/// `backprop_from`: the gradients of a chunk that starts from a carried state equal finite
/// differences of the loss from that same state, and the state is left as a step would leave it.
#[test]
fn truncated_bptt_from_a_state() {
    type Net = (Lstm<2, 3, f64>, Dense<3, 1, f64>);
    let mut rng = Rng::new(43);
    let mut net = Net::zeroed();
    rng.fill(&mut net, 0.8);
    let warm = rng.matrix::<2, 5>(1.0);
    let x = rng.matrix::<2, 6>(1.0);
    let t = rng.matrix::<1, 6>(1.0);
    let mut start = net.zero_state();
    net.step(&mut start, &warm);

    let mut state = start;
    let mut grads = net.zero_gradients();
    let value = net.backprop_from(&mut state, &Mse, &x, &t, &mut grads);
    let mut after = start;
    let y = net.step(&mut after, &x);
    assert_eq!(state, after, "backprop_from leaves the state a step leaves");
    assert_eq!(value, Mse.loss(&y, &t));
    // The same with the tape in the caller's storage.
    let mut tape = Box::new(constnet::Tape::<Net, f64, 2, 6>::new());
    let (mut in_state, mut in_grads) = (start, net.zero_gradients());
    let in_value = net.backprop_in(&mut *tape, &mut in_state, &Mse, &x, &t, &mut in_grads);
    assert_eq!((in_value, in_state, &in_grads), (value, state, &grads));
    assert_eq!(tape.output(), &y);

    let eval = |n: &Net| {
        let mut s = start;
        Mse.loss(&n.step(&mut s, &x), &t)
    };
    let mut probe = net;
    for i in 0..<Net as Params<f64>>::TENSORS {
        for k in 0..probe.tensor(i).len() {
            let p = probe.tensor(i)[k];
            probe.tensor_mut(i)[k] = p + H;
            let up = eval(&probe);
            probe.tensor_mut(i)[k] = p - H;
            let down = eval(&probe);
            probe.tensor_mut(i)[k] = p;
            close(
                &format!("from a state: tensor {i} [{k}]"),
                grads.as_network().tensor(i)[k],
                (up - down) / (2.0 * H),
            );
        }
    }
}

/// Sequence-to-one: pooling over time and a loss on the last step.
#[test]
fn pooling_over_time_and_last_step() {
    let mut rng = Rng::new(47);
    let mut mean = (
        Gru::<2, 4, f64>::zeros(),
        MeanOverTime,
        Dense::<4, 3, f64>::zeros(),
    );
    rng.fill(&mut mean, 0.8);
    let x = rng.matrix::<2, 6>(1.5);
    gradcheck(
        "gru, mean over time",
        &mean,
        &LastStep(CrossEntropy),
        &x,
        &[2],
    );

    let mut max = (
        Dense::<3, 4, f64>::zeros(),
        MaxOverTime,
        Dense::<4, 2, f64>::zeros(),
    );
    rng.fill(&mut max, 1.0);
    let x = rng.matrix::<3, 7>(2.0);
    let t = rng.matrix::<2, 1>(1.0);
    gradcheck("max over time", &max, &LastStep(Mse), &x, &t);

    let mut last = (Lstm::<2, 3, f64>::zeros(), Dense::<3, 2, f64>::zeros());
    rng.fill(&mut last, 0.8);
    let x = rng.matrix::<2, 5>(1.0);
    gradcheck("lstm, last step", &last, &LastStep(CrossEntropy), &x, &[0]);
}

#[test]
fn residual_connections() {
    let mut rng = Rng::new(53);
    let mut mlp = (
        Residual((
            Dense::<3, 4, f64>::zeros(),
            Tanh,
            Dense::<4, 3, f64>::zeros(),
        )),
        Dense::<3, 2, f64>::zeros(),
    );
    rng.fill(&mut mlp, 1.0);
    let x = rng.matrix::<3, 4>(1.0);
    let t = rng.matrix::<2, 4>(1.0);
    gradcheck("residual mlp", &mlp, &Mse, &x, &t);

    let mut amp = Residual((Gru::<1, 5, f64>::zeros(), Dense::<5, 1, f64>::zeros()));
    rng.fill(&mut amp, 0.8);
    let x = rng.matrix::<1, 8>(1.0);
    let t = rng.matrix::<1, 8>(1.0);
    gradcheck("residual gru + dense (amp model)", &amp, &Mse, &x, &t);
}

#[test]
fn causal_convolutions() {
    let mut rng = Rng::new(59);
    let mut net = (
        Conv1d::<2, 4, 3, 2, f64>::zeros(),
        Tanh,
        Conv1d::<4, 3, 2, 1, f64>::zeros(),
        MeanOverTime,
        Dense::<3, 2, f64>::zeros(),
    );
    rng.fill(&mut net, 0.8);
    let x = rng.matrix::<2, 9>(1.0);
    let t = rng.matrix::<2, 9>(1.0);
    gradcheck("conv, tanh, conv, mean, dense", &net, &Mse, &x, &t);
}
