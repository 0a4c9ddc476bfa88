//! Streaming sequence models, one sample (or frame) per call, constnet against an expert's
//! hand-written cell for the same network (`constnet_benches::cells`), side by side in one run:
//!
//! * `gru/H`, `lstm/H`: GRU(1, H) or LSTM(1, H) then Dense(H, 1), H = 8, 16, 32, 40, 64 (the
//!   amp-model shape, RTNeural's recurrent benchmark);
//! * `conv/C`: a causal Conv1d(C, C, kernel 3), C = 8 and 16;
//! * `model`: RTNeural's model benchmark, Dense(1, 8) – tanh – Conv1d(8, 4, k3, dilation 2) –
//!   tanh – GRU(4, 8) – Dense(8, 1) (constnet only);
//! * `block/gru8`: the amp model over a 64-sample block in one call, per sample.
//!
//! Each iteration streams 64 consecutive samples of a seeded signal through the state (so the
//! state evolves as in use); the reported time is per 64 samples.
//!
//! Run: `bash benches/run.sh` (both builds, then BENCHMARKS.md's tables).

use std::hint::black_box;
use std::time::Duration;

use constnet::init::Init;
use constnet::prelude::*;
use constnet_benches::cells::{ConvCell, ConvState, GruCell, LstmCell};
use criterion::{criterion_group, criterion_main, Criterion};
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

const N: usize = 64;

fn signal() -> [f32; N] {
    core::array::from_fn(|t| (t as f32 * 0.37).sin() * 0.8)
}

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

fn gru<const H: usize>(c: &mut Criterion) {
    let net =
        (Gru::<1, H>::zeros(), Dense::<H, 1>::zeros()).initialized(Init::PyTorch, &mut rng(1));
    let cell = GruCell::new(&net.0, &net.1);
    let x = signal();
    let mut g = c.benchmark_group(format!("gru/{H}"));
    let mut state = net.zero_state();
    g.bench_function("constnet", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &v in black_box(&x) {
                acc += net.step(&mut state, &SMatrix::<f32, 1, 1>::new(v))[0];
            }
            acc
        })
    });
    let mut h = [0.0f32; H];
    g.bench_function("expert", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &v in black_box(&x) {
                acc += cell.step(&mut h, v);
            }
            acc
        })
    });
}

fn lstm<const H: usize>(c: &mut Criterion) {
    let net =
        (Lstm::<1, H>::zeros(), Dense::<H, 1>::zeros()).initialized(Init::PyTorch, &mut rng(2));
    let cell = LstmCell::new(&net.0, &net.1);
    let x = signal();
    let mut g = c.benchmark_group(format!("lstm/{H}"));
    let mut state = net.zero_state();
    g.bench_function("constnet", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &v in black_box(&x) {
                acc += net.step(&mut state, &SMatrix::<f32, 1, 1>::new(v))[0];
            }
            acc
        })
    });
    let (mut h, mut cs) = ([0.0f32; H], [0.0f32; H]);
    g.bench_function("expert", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &v in black_box(&x) {
                acc += cell.step(&mut h, &mut cs, v);
            }
            acc
        })
    });
}

fn conv<const C: usize>(c: &mut Criterion) {
    let net = Conv1d::<C, C, 3>::zeros().initialized(Init::PyTorch, &mut rng(3));
    let cell = ConvCell::new(&net);
    let frames: [[f32; C]; N] =
        core::array::from_fn(|t| core::array::from_fn(|i| ((t * C + i) as f32 * 0.37).sin()));
    let mut g = c.benchmark_group(format!("conv/{C}"));
    let mut state = net.zero_state();
    g.bench_function("constnet", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for f in black_box(&frames) {
                // Every output channel, black-boxed: summing only channel 0 let LLVM drop the
                // other channels' products.
                acc += black_box(net.step(&mut state, &SMatrix::<f32, C, 1>::from(*f)))[0];
            }
            acc
        })
    });
    let mut s = ConvState {
        past: [[0.0; C]; 2],
    };
    g.bench_function("expert", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for f in black_box(&frames) {
                acc += black_box(cell.step(&mut s, f))[0];
            }
            acc
        })
    });
}

fn model(c: &mut Criterion) {
    type Model = (
        Dense<1, 8>,
        Tanh,
        Conv1d<8, 4, 3, 2>,
        Tanh,
        Gru<4, 8>,
        Dense<8, 1>,
    );
    let net = Model::zeroed().initialized(Init::PyTorch, &mut rng(4));
    let x = signal();
    let mut g = c.benchmark_group("model");
    let mut state = net.zero_state();
    g.bench_function("constnet", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &v in black_box(&x) {
                acc += net.step(&mut state, &SMatrix::<f32, 1, 1>::new(v))[0];
            }
            acc
        })
    });
    drop(g);
    let amp = Residual((Gru::<1, 8>::zeros(), Dense::<8, 1>::zeros()))
        .initialized(Init::PyTorch, &mut rng(5));
    let xb = SMatrix::<f32, 1, N>::from(signal());
    let mut g = c.benchmark_group("block");
    let mut s = amp.zero_state();
    g.bench_function("gru8", |b| b.iter(|| amp.step(&mut s, black_box(&xb))));
}

fn sequences(c: &mut Criterion) {
    gru::<8>(c);
    gru::<16>(c);
    gru::<32>(c);
    gru::<40>(c);
    gru::<64>(c);
    lstm::<8>(c);
    lstm::<16>(c);
    lstm::<32>(c);
    lstm::<40>(c);
    lstm::<64>(c);
    conv::<8>(c);
    conv::<16>(c);
    model(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = sequences
}
criterion_main!(benches);
