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

use std::time::Duration;

use constnet_benches::streams;
use criterion::{criterion_group, criterion_main, Criterion};

/// Times a workload's constnet and expert closures under `name`.
fn pair(
    c: &mut Criterion,
    name: &str,
    (mut ours, mut expert): (impl FnMut() -> f32, impl FnMut() -> f32),
) {
    let mut g = c.benchmark_group(name);
    g.bench_function("constnet", |b| b.iter(&mut ours));
    g.bench_function("expert", |b| b.iter(&mut expert));
}

fn sequences(c: &mut Criterion) {
    pair(c, "gru/8", streams::gru::<8>());
    pair(c, "gru/16", streams::gru::<16>());
    pair(c, "gru/32", streams::gru::<32>());
    pair(c, "gru/40", streams::gru::<40>());
    pair(c, "gru/64", streams::gru::<64>());
    pair(c, "lstm/8", streams::lstm::<8>());
    pair(c, "lstm/16", streams::lstm::<16>());
    pair(c, "lstm/32", streams::lstm::<32>());
    pair(c, "lstm/40", streams::lstm::<40>());
    pair(c, "lstm/64", streams::lstm::<64>());
    pair(c, "conv/8", streams::conv::<8>());
    pair(c, "conv/16", streams::conv::<16>());
    let mut model = streams::model();
    c.benchmark_group("model")
        .bench_function("constnet", |b| b.iter(&mut model));
    let mut block = streams::block();
    c.benchmark_group("block")
        .bench_function("gru8", |b| b.iter(&mut block));
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = sequences
}
criterion_main!(benches);
