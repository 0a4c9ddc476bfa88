//! constnet against three hand-written baselines, side by side in one run, for three networks:
//! A 2-16-16-1 (tanh, sigmoid), B 8-32-32-4 (ReLU), C 64-64-64-10 (ReLU, cross-entropy), all f32.
//! The baselines: `expert` (register-blocked batches, fused SGD, constnet's fast activations),
//! `tuned` (per-sample column-wise kernels, libm activations) and `naive` (textbook loops).
//!
//! For each: single-sample forward latency, batch-32 forward, and one training step on a batch of
//! 32 (forward, loss, backward, update) with SGD and with Adam; then one epoch of the digits
//! example. Inputs come from a seeded generator and pass through `black_box`. Training benchmarks
//! start again from the initial network and optimizer every [`RESTART`] steps.
//!
//! Run: `bash benches/run.sh` (both builds, then BENCHMARKS.md's tables).

use std::hint::black_box;
use std::time::{Duration, Instant};

use constnet::optim::{Adam, AdamConfig, Optimizer, Sgd};
use constnet::prelude::*;
use constnet_benches::mlp::{Family, Mlp};
use constnet_benches::setup::*;
use constnet_benches::workloads::{expert_step, RESTART};
use constnet_benches::Loss;
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};

/// Times `step` on states made by `start`, a fresh one every [`RESTART`] steps (made untimed).
fn bench_training<S, R>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    start: impl Fn() -> S,
    mut step: impl FnMut(&mut S) -> R,
) {
    g.bench_function(name, |bn| {
        bn.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut done = 0;
            while done < iters {
                let n = (iters - done).min(RESTART);
                let mut state = start();
                let t = Instant::now();
                for _ in 0..n {
                    black_box(step(&mut state));
                }
                total += t.elapsed();
                done += n;
            }
            total
        })
    });
}

/// One training step of a baseline (straightforward or hand-tuned) on the batch `b`.
fn bench_baseline<F: Family, const I: usize, const H1: usize, const H2: usize, const O: usize>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    net: &Mlp<F, I, H1, H2, O>,
    b: &Data<I, O, 32>,
    loss: Loss,
    adam: bool,
) {
    bench_training(
        g,
        name,
        || {
            let grads = Mlp::zeros(net.hidden, net.out);
            (net.clone(), grads, net.optimizer(adam, 1e-3))
        },
        |(net, grads, opt)| {
            net.train_step(black_box(&b.xs), &b.targets, &b.classes, loss, grads, opt)
        },
    );
}

macro_rules! network {
    ($fn:ident, $tag:literal, $net:ty, [$I:literal, $H1:literal, $H2:literal, $O:literal], $loss:expr) => {
        fn $fn(c: &mut Criterion) {
            let net: $net = init(1);
            let (nv, tn, ex) = (net.naive(), net.tuned(), net.expert());
            let b = data::<$I, $O, 32>(2);
            let x1 = b.x.fixed_columns::<1>(0).into_owned();
            let x1a = b.xs[0];

            let mut g = c.benchmark_group(concat!($tag, "/forward1"));
            g.bench_function("constnet", |bn| bn.iter(|| net.forward(black_box(&x1))));
            g.bench_function("naive", |bn| bn.iter(|| nv.forward(black_box(&x1a))));
            g.bench_function("tuned", |bn| bn.iter(|| tn.forward(black_box(&x1a))));
            g.bench_function("expert", |bn| bn.iter(|| ex.forward(black_box(&x1a))));
            g.finish();

            let mut g = c.benchmark_group(concat!($tag, "/forward32"));
            g.bench_function("constnet", |bn| bn.iter(|| net.forward(black_box(&b.x))));
            g.bench_function("naive", |bn| bn.iter(|| nv.forward_batch(black_box(&b.xs))));
            g.bench_function("tuned", |bn| bn.iter(|| tn.forward_batch(black_box(&b.xs))));
            g.bench_function("expert", |bn| {
                bn.iter(|| ex.forward_batch(black_box(&b.xs)))
            });
            g.finish();

            for adam in [false, true] {
                let name = if adam {
                    concat!($tag, "/train32_adam")
                } else {
                    concat!($tag, "/train32_sgd")
                };
                let mut g = c.benchmark_group(name);
                bench_training(
                    &mut g,
                    "constnet",
                    || {
                        (
                            net,
                            net.zero_gradients(),
                            Adam::new(&net, AdamConfig::default()),
                        )
                    },
                    |state| constnet_benches::constnet_step!(state, b, $loss, adam),
                );
                if !adam {
                    // The unfused path: gradients, then the optimizer.
                    bench_training(
                        &mut g,
                        "constnet_unfused",
                        || (net, net.zero_gradients(), Sgd::with_lr(&net, 1e-3)),
                        |(cn, grads, sgd)| {
                            grads.zero();
                            let l = match $loss {
                                Loss::Mse => cn.backprop(&Mse, black_box(&b.x), &b.t, grads),
                                Loss::CrossEntropy => {
                                    cn.backprop(&CrossEntropy, black_box(&b.x), &b.classes, grads)
                                }
                            };
                            sgd.step(cn, grads);
                            l
                        },
                    );
                }
                bench_training(
                    &mut g,
                    "expert",
                    || {
                        let ex = ex.clone();
                        let state = ex.adam();
                        (ex, state)
                    },
                    |state| expert_step(state, &b, $loss, adam),
                );
                bench_baseline(&mut g, "naive", &nv, &b, $loss, adam);
                bench_baseline(&mut g, "tuned", &tn, &b, $loss, adam);
                g.finish();
            }
        }
    };
}

network!(network_a, "A", NetA, [2, 16, 16, 1], Loss::Mse);
network!(network_b, "B", NetB, [8, 32, 32, 4], Loss::Mse);
network!(network_c, "C", NetC, [64, 64, 64, 10], Loss::CrossEntropy);

/// Network A with libm's activations (`TanhExact`, `SigmoidExact`, same weights) against the
/// default (fast) ones and the libm-based hand-tuned baseline.
fn network_a_exact(c: &mut Criterion) {
    let fast: NetA = init(1);
    let exact = (fast.0, TanhExact, fast.2, TanhExact, fast.4, SigmoidExact);
    let tn = fast.tuned();
    let b = data::<2, 1, 32>(2);
    let x1 = b.x.fixed_columns::<1>(0).into_owned();
    let mut g = c.benchmark_group("A_exact/forward1");
    g.bench_function("constnet_exact", |bn| {
        bn.iter(|| exact.forward(black_box(&x1)))
    });
    g.bench_function("constnet", |bn| bn.iter(|| fast.forward(black_box(&x1))));
    g.bench_function("tuned", |bn| bn.iter(|| tn.forward(black_box(&b.xs[0]))));
    g.finish();
    let mut g = c.benchmark_group("A_exact/forward32");
    g.bench_function("constnet_exact", |bn| {
        bn.iter(|| exact.forward(black_box(&b.x)))
    });
    g.bench_function("constnet", |bn| bn.iter(|| fast.forward(black_box(&b.x))));
    g.bench_function("tuned", |bn| bn.iter(|| tn.forward_batch(black_box(&b.xs))));
    g.finish();
}

/// The machine's multiply-add throughput in this build (`constnet_benches::peak`).
fn peak_throughput(c: &mut Criterion) {
    let x = [1e-3f32; 16];
    let y = [0.999f32; 16];
    let mut g = c.benchmark_group("peak");
    g.throughput(criterion::Throughput::Elements(
        constnet_benches::PEAK_MACS as u64,
    ));
    g.bench_function("multiply_adds", |bn| {
        bn.iter(|| constnet_benches::peak(black_box(&x), black_box(&y)))
    });
    g.finish();
}

/// One epoch of the digits example's training (64-64-10, AdamW, batches of 32), per sample.
fn digits_epoch(c: &mut Criterion) {
    use constnet::data::{parse_csv, CsvOptions};
    use constnet::init::Init;
    use constnet::train::{fit, split, FitConfig, Metric, Sample};
    use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

    type Net = (Dense<64, 64>, ReLU, Dense<64, 10>);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/data/digits.csv"
    ))
    .unwrap();
    let mut all = vec![Sample::new([0.0f32; 64], 0usize); 1797];
    let read = parse_csv(&text, CsvOptions::<10>::new(), &mut all).unwrap();
    assert_eq!(read.samples.len(), 1797);
    for s in &mut all {
        for v in &mut s.x {
            *v /= 16.0;
        }
    }
    let (train, _) = split(&mut all, 0.2, 2024);
    let n = train.len();
    let net =
        Net::default().initialized(Init::HeUniform, &mut Xoshiro256PlusPlus::seed_from_u64(1));
    let adamw = Adam::new(
        &net,
        AdamConfig {
            lr: 3e-3,
            ..AdamConfig::adamw()
        },
    );
    let none: [Sample<f32, 64, usize>; 0] = [];
    let mut g = c.benchmark_group("digits/epoch");
    g.throughput(criterion::Throughput::Elements(n as u64));
    // Each measured epoch starts from the initial network and optimizer (an epoch of the example,
    // not the thousandth epoch of an over-trained network, whose tiny moment estimates turn
    // subnormal and slow every processor down).
    g.bench_function("constnet", |bn| {
        bn.iter_batched_ref(
            || (net, adamw.clone()),
            |(net, adamw)| {
                let config = FitConfig::<32> {
                    epochs: 1,
                    metric: Metric::None,
                    ..FitConfig::default()
                };
                fit(
                    net,
                    adamw,
                    &CrossEntropy,
                    &mut *train,
                    &none[..],
                    config,
                    |_| {},
                )
                .unwrap()
            },
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2)).sample_size(40);
    targets = network_a, network_b, network_c, network_a_exact, digits_epoch, peak_throughput
}
criterion_main!(benches);
