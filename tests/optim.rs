//! Optimizer trajectories and learning-rate schedules against PyTorch (`fixtures/gen_optim.py`).
//!
//! For each optimizer configuration, with and without clipping, on two networks: the parameters
//! after 1, 2 and 5 full-batch steps match `torch.optim` within 1e-9 relative in f64, and the
//! global gradient norms returned by `clip_grad_norm` match `clip_grad_norm_`'s.

use std::sync::OnceLock;

use constnet::nalgebra::SMatrix;
use constnet::optim::schedule::{
    CosineAnnealing, Exponential, LinearWarmup, LrSchedule, PlateauConfig, ReduceOnPlateau,
    StepDecay,
};
use constnet::optim::{
    clip_grad_norm, clip_grad_value, Adagrad, AdagradConfig, Adam, AdamConfig, Optimizer, RmsProp,
    RmsPropConfig, Sgd, SgdConfig,
};
use constnet::prelude::*;
use serde_json::Value;

use crate::common::{assert_close, flat_tensors, load_row_major, row_major, FromJson};

fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(include_str!("fixtures/optim.json")).unwrap())
}

fn f(cfg: &Value, key: &str, default: f64) -> f64 {
    cfg.get(key).and_then(Value::as_f64).unwrap_or(default)
}

fn b(cfg: &Value, key: &str) -> bool {
    cfg.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Any of the optimizers, built from a fixture's configuration.
enum AnyOpt<N> {
    Sgd(Sgd<N>),
    Adam(Adam<N>),
    RmsProp(RmsProp<N>),
    Adagrad(Adagrad<N>),
}

impl<N: Params<f64> + Chained> AnyOpt<N> {
    fn new(net: &N, kind: &str, cfg: &Value) -> Self {
        match kind {
            "sgd" => AnyOpt::Sgd(Sgd::new(
                net,
                SgdConfig {
                    lr: f(cfg, "lr", 0.01),
                    momentum: f(cfg, "momentum", 0.0),
                    dampening: f(cfg, "dampening", 0.0),
                    weight_decay: f(cfg, "weight_decay", 0.0),
                    nesterov: b(cfg, "nesterov"),
                },
            )),
            "adam" | "adamw" => {
                let base = if kind == "adamw" {
                    AdamConfig::adamw()
                } else {
                    AdamConfig::default()
                };
                let betas = cfg
                    .get("betas")
                    .map(|v| (v[0].as_f64().unwrap(), v[1].as_f64().unwrap()));
                AnyOpt::Adam(Adam::new(
                    net,
                    AdamConfig {
                        lr: f(cfg, "lr", base.lr),
                        beta1: betas.map_or(base.beta1, |b| b.0),
                        beta2: betas.map_or(base.beta2, |b| b.1),
                        eps: f(cfg, "eps", base.eps),
                        weight_decay: f(cfg, "weight_decay", base.weight_decay),
                        amsgrad: b(cfg, "amsgrad"),
                        ..base
                    },
                ))
            }
            "rmsprop" => AnyOpt::RmsProp(RmsProp::new(
                net,
                RmsPropConfig {
                    lr: f(cfg, "lr", 0.01),
                    alpha: f(cfg, "alpha", 0.99),
                    eps: f(cfg, "eps", 1e-8),
                    weight_decay: f(cfg, "weight_decay", 0.0),
                    momentum: f(cfg, "momentum", 0.0),
                    centered: b(cfg, "centered"),
                },
            )),
            "adagrad" => AnyOpt::Adagrad(Adagrad::new(
                net,
                AdagradConfig {
                    lr: f(cfg, "lr", 0.01),
                    lr_decay: f(cfg, "lr_decay", 0.0),
                    weight_decay: f(cfg, "weight_decay", 0.0),
                    initial_accumulator_value: f(cfg, "initial_accumulator_value", 0.0),
                    eps: f(cfg, "eps", 1e-10),
                },
            )),
            other => panic!("unknown optimizer {other}"),
        }
    }

    fn step(&mut self, net: &mut N, grads: &Gradients<N>) {
        match self {
            AnyOpt::Sgd(o) => o.step(net, grads),
            AnyOpt::Adam(o) => o.step(net, grads),
            AnyOpt::RmsProp(o) => o.step(net, grads),
            AnyOpt::Adagrad(o) => o.step(net, grads),
        }
    }
}

fn run_case<N, L, const I: usize, const O: usize, const B: usize>(
    case: &Value,
    mut net: N,
    loss: L,
) -> usize
where
    N: Network<f64, I, O>,
    L: Loss<f64, O>,
    L::Target<B>: FromJson,
{
    let what = format!(
        "{} {} {} clip {}",
        case["net"], case["optimizer"], case["config"], case["clip"]
    );
    load_row_major(&mut net, &flat_tensors(&case["initial"]));
    let x = SMatrix::<f64, I, B>::from_json(&case["x"]);
    let t = L::Target::<B>::from_json(&case["target"]);
    let mut opt = AnyOpt::new(&net, case["optimizer"].as_str().unwrap(), &case["config"]);
    let mut grads = net.zero_gradients();
    let mut checked = 0;
    for step in 1..=5 {
        grads.zero();
        let (y, tape) = net.forward_train(&x);
        let dy = loss.loss_gradient(&y, &t);
        net.backward(&tape, &dy, &mut grads);
        match case["clip"].get("kind").and_then(Value::as_str) {
            Some("norm") => {
                let norm = clip_grad_norm(&mut grads, case["clip"]["max"].as_f64().unwrap());
                let want = case["norms"][step - 1].as_f64().unwrap();
                assert_close(
                    &format!("{what}: norm at step {step}"),
                    &[norm],
                    &[want],
                    1e-9,
                    0.0,
                );
            }
            Some("value") => clip_grad_value(&mut grads, case["clip"]["max"].as_f64().unwrap()),
            _ => {}
        }
        opt.step(&mut net, &grads);
        if let Some(expect) = case["steps"].get(step.to_string()) {
            for (i, want) in flat_tensors(expect).iter().enumerate() {
                let got = row_major(&net, i);
                assert_close(
                    &format!("{what}: tensor {i} after step {step}"),
                    &got,
                    want,
                    1e-9,
                    1e-15,
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn optimizer_trajectories_match_pytorch() {
    let mut cases = 0;
    for case in doc()["trajectories"].as_array().unwrap() {
        let checked = match case["net"].as_str().unwrap() {
            "A" => run_case::<_, _, 2, 1, 4>(
                case,
                (
                    Dense::<2, 3, f64>::zeros(),
                    Tanh,
                    Dense::<3, 1, f64>::zeros(),
                    Sigmoid,
                ),
                Mse,
            ),
            "B" => run_case::<_, _, 3, 2, 5>(
                case,
                (
                    Dense::<3, 4, f64>::zeros(),
                    ReLU,
                    Dense::<4, 2, f64>::zeros(),
                ),
                CrossEntropy,
            ),
            other => panic!("unknown net {other}"),
        };
        assert_eq!(checked, 3, "steps 1, 2 and 5 compared");
        cases += 1;
    }
    assert_eq!(cases, 46);
}

#[test]
fn schedules_match_pytorch() {
    for s in doc()["schedules"].as_array().unwrap() {
        let cfg = &s["config"];
        let kind = s["kind"].as_str().unwrap();
        let mut sched: Box<dyn LrSchedule> = match kind {
            "step" => Box::new(StepDecay {
                step_size: cfg["step_size"].as_u64().unwrap() as usize,
                gamma: f(cfg, "gamma", 0.1),
            }),
            "exponential" => Box::new(Exponential {
                gamma: f(cfg, "gamma", 0.1),
            }),
            "cosine" => Box::new(CosineAnnealing {
                t_max: cfg["T_max"].as_u64().unwrap() as usize,
                eta_min: f(cfg, "eta_min", 0.0),
            }),
            "linear" => {
                let d = LinearWarmup::default();
                Box::new(LinearWarmup {
                    start_factor: f(cfg, "start_factor", d.start_factor),
                    end_factor: f(cfg, "end_factor", d.end_factor),
                    total_iters: cfg
                        .get("total_iters")
                        .map_or(d.total_iters, |v| v.as_u64().unwrap() as usize),
                })
            }
            "plateau" => {
                let d = PlateauConfig::default();
                Box::new(ReduceOnPlateau::new(PlateauConfig {
                    patience: cfg
                        .get("patience")
                        .map_or(d.patience, |v| v.as_u64().unwrap() as usize),
                    factor: f(cfg, "factor", d.factor),
                    cooldown: cfg
                        .get("cooldown")
                        .map_or(d.cooldown, |v| v.as_u64().unwrap() as usize),
                    min_lr: f(cfg, "min_lr", d.min_lr),
                    ..d
                }))
            }
            other => panic!("unknown schedule {other}"),
        };
        let base = s["base_lr"].as_f64().unwrap();
        let metrics: Vec<f64> = s["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let want: Vec<f64> = s["lrs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let got: Vec<f64> = (0..want.len())
            .map(|e| sched.lr(e, base, if e == 0 { f64::NAN } else { metrics[e - 1] }))
            .collect();
        assert_close(&format!("{kind} {cfg}"), &got, &want, 1e-9, 1e-15);
    }
}

/// `flush_subnormal` zeroes moments below the smallest normal float and changes nothing else:
/// a gradient of 1e-30 gives a second moment of 1e-63 (subnormal in f32, flushed), while the
/// first moment (1e-31) stays.
#[test]
fn adam_flushes_subnormal_moments_only_when_asked() {
    let x = SMatrix::<f32, 1, 1>::new(1.0);
    // One Adam step from w = 0 towards the target `t`: d(½(w·x − t)²)/dw = −t for x = 1.
    let step = |target: f32, flush: bool| {
        let mut net = Dense::<1, 1>::from_rows([[0.0]], [0.0]);
        let mut adam = Adam::new(
            &net,
            AdamConfig {
                flush_subnormal: flush,
                ..AdamConfig::default()
            },
        );
        let t = SMatrix::<f32, 1, 1>::new(target);
        let mut grads = net.zero_gradients();
        net.backprop(&HalfSquaredError, &x, &t, &mut grads);
        adam.step(&mut net, &grads);
        net
    };
    // A gradient of 1e-30: v = 1e-63 underflows to 0 in f32 anyway, m = 1e-31 is normal, so
    // both runs take the same step.
    assert_eq!(step(-1e-30, false), step(-1e-30, true));
    // A gradient whose first moment is subnormal: 1e-37 · (1 − β₁) = 1e-38 < 1.18e-38.
    let w = |flush| step(-1e-37, flush).weights()[0];
    assert!(
        w(false) != 0.0,
        "an unflushed subnormal moment moves the weight"
    );
    assert_eq!(w(true), 0.0, "a flushed moment leaves it");
}

/// `backprop_sgd` (backward fused with plain gradient descent) takes the same step as `backprop`
/// into zeroed gradients followed by `Sgd::step`, for dense layers (their tiled fused path) and
/// for the layers that use the default (batch normalisation, dropout, activations), in f64 to
/// 1e-12, at batch sizes on and off the register tiles.
#[test]
fn fused_sgd_equals_backprop_and_step() {
    type Net = (
        Dense<3, 9, f64>,
        BatchNorm<9, f64>,
        Tanh,
        Dense<9, 5, f64>,
        LeakyReLU,
        DenseNoBias<5, 2, f64>,
    );
    fn check<const B: usize>() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(7);
        let net0 = Net::zeroed().initialized(constnet::init::Init::HeUniform, &mut rng);
        let x = SMatrix::<f64, 3, B>::from_fn(|r, c| ((r * 7 + c * 3) % 11) as f64 / 5.0 - 1.0);
        let t = SMatrix::<f64, 2, B>::from_fn(|r, c| ((r + c) % 3) as f64 - 1.0);
        let (mut fused, mut plain) = (net0, net0);
        let mut sgd = Sgd::with_lr(&plain, 0.05);
        for _ in 0..3 {
            let lf = fused.backprop_sgd(&Mse, &x, &t, 0.05);
            let mut g = plain.zero_gradients();
            let lp = plain.backprop(&Mse, &x, &t, &mut g);
            sgd.step(&mut plain, &g);
            assert!(
                (lf - lp).abs() <= 1e-12 * lp.abs().max(1.0),
                "loss {lf} vs {lp}"
            );
        }
        for i in 0..<Net as Params<f64>>::TENSORS {
            for (a, b) in fused.tensor(i).iter().zip(plain.tensor(i)) {
                assert!(
                    (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                    "tensor {i}: {a} vs {b}"
                );
            }
        }
    }
    check::<2>();
    check::<5>();
    check::<32>();
}

/// `gradients` writes what `backprop` into zeroed gradients adds, bit for bit, whatever the
/// buffer held (batches 1, 3 and 32; dense layers write, batch normalisation zeroes and adds).
#[test]
fn written_gradients_equal_accumulated_ones() {
    fn check<const B: usize>() {
        let mut net = (
            Dense::<3, 8>::from_rows([[0.1, -0.2, 0.3]; 8], [0.05; 8]),
            BatchNorm::<8>::default(),
            Tanh,
            Dense::<8, 2>::from_rows([[0.2, -0.1, 0.4, 0.3, -0.5, 0.1, 0.2, -0.3]; 2], [0.0, 0.1]),
        );
        net.0.set_weight_rows(core::array::from_fn(|o| {
            core::array::from_fn(|i| (o as f32 - 3.0) * 0.1 + i as f32 * 0.07)
        }));
        let x = SMatrix::<f32, 3, B>::from_fn(|r, c| r as f32 * 0.3 - c as f32 * 0.05);
        let k: [usize; B] = core::array::from_fn(|c| c % 2);
        let mut a = net.zero_gradients();
        let mut n2 = net;
        let la = net.backprop(&CrossEntropy, &x, &k, &mut a);
        let mut b = n2.zero_gradients();
        b.as_network_mut().0.set_bias_array([9.0; 8]);
        b.as_network_mut().1 = BatchNorm::<8>::default();
        b.scale(3.0);
        let lb = n2.gradients(&CrossEntropy, &x, &k, &mut b);
        assert_eq!(la, lb);
        assert_eq!(a, b);
    }
    check::<1>();
    check::<3>();
    check::<32>();
}
