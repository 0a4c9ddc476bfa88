//! The streaming workloads of the sequence benchmarks, each as a pair of closures (constnet, then
//! the expert's cell of `cells`) that stream the same 64 consecutive samples (or frames) of a
//! seeded signal through their state, so that the state evolves as in use. `benches/sequences.rs`
//! times them with criterion, `benches/paired.rs` against each other in alternating slices.

use std::hint::black_box;

use constnet::init::Init;
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

use crate::cells::{ConvCell, ConvState, GruCell, LstmCell};

/// Samples (or frames) per call of a workload.
pub const N: usize = 64;

fn signal() -> [f32; N] {
    core::array::from_fn(|t| (t as f32 * 0.37).sin() * 0.8)
}

/// A workload streaming the signal through `step`, one sample per call, summing the outputs.
#[inline(always)]
fn samples(mut step: impl FnMut(f32) -> f32) -> impl FnMut() -> f32 {
    let x = signal();
    move || {
        let mut acc = 0.0;
        for &v in black_box(&x) {
            acc += step(v);
        }
        acc
    }
}

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// GRU(1, H) then Dense(H, 1): constnet, expert.
pub fn gru<const H: usize>() -> (impl FnMut() -> f32, impl FnMut() -> f32) {
    let net =
        (Gru::<1, H>::zeros(), Dense::<H, 1>::zeros()).initialized(Init::PyTorch, &mut rng(1));
    let cell = GruCell::new(&net.0, &net.1);
    let mut state = net.zero_state();
    let mut h = [0.0f32; H];
    (
        samples(move |v| net.step(&mut state, &SMatrix::<f32, 1, 1>::new(v))[0]),
        samples(move |v| cell.step(&mut h, v)),
    )
}

/// LSTM(1, H) then Dense(H, 1): constnet, expert.
pub fn lstm<const H: usize>() -> (impl FnMut() -> f32, impl FnMut() -> f32) {
    let net =
        (Lstm::<1, H>::zeros(), Dense::<H, 1>::zeros()).initialized(Init::PyTorch, &mut rng(2));
    let cell = LstmCell::new(&net.0, &net.1);
    let mut state = net.zero_state();
    let (mut h, mut c) = ([0.0f32; H], [0.0f32; H]);
    (
        samples(move |v| net.step(&mut state, &SMatrix::<f32, 1, 1>::new(v))[0]),
        samples(move |v| cell.step(&mut h, &mut c, v)),
    )
}

/// A causal Conv1d(C, C, kernel 3): constnet, expert. Every output channel is black-boxed:
/// summing only channel 0 let LLVM drop the other channels' products.
pub fn conv<const C: usize>() -> (impl FnMut() -> f32, impl FnMut() -> f32) {
    let net = Conv1d::<C, C, 3>::zeros().initialized(Init::PyTorch, &mut rng(3));
    let cell = ConvCell::new(&net);
    let frames: [[f32; C]; N] =
        core::array::from_fn(|t| core::array::from_fn(|i| ((t * C + i) as f32 * 0.37).sin()));
    let mut state = net.zero_state();
    let mut s = ConvState {
        past: [[0.0; C]; 2],
    };
    (
        move || {
            let mut acc = 0.0;
            for f in black_box(&frames) {
                acc += black_box(net.step(&mut state, &SMatrix::<f32, C, 1>::from(*f)))[0];
            }
            acc
        },
        move || {
            let mut acc = 0.0;
            for f in black_box(&frames) {
                acc += black_box(cell.step(&mut s, f))[0];
            }
            acc
        },
    )
}

/// RTNeural's model benchmark, Dense(1, 8) – tanh – Conv1d(8, 4, k3, dilation 2) – tanh –
/// GRU(4, 8) – Dense(8, 1) (constnet only).
pub fn model() -> impl FnMut() -> f32 {
    type Model = (
        Dense<1, 8>,
        Tanh,
        Conv1d<8, 4, 3, 2>,
        Tanh,
        Gru<4, 8>,
        Dense<8, 1>,
    );
    let net = Model::zeroed().initialized(Init::PyTorch, &mut rng(4));
    let mut state = net.zero_state();
    samples(move |v| net.step(&mut state, &SMatrix::<f32, 1, 1>::new(v))[0])
}

/// The amp model (a GRU-8 and a dense output with an input skip) over a 64-sample block in one
/// call.
pub fn block() -> impl FnMut() -> SMatrix<f32, 1, N> {
    let amp = Residual((Gru::<1, 8>::zeros(), Dense::<8, 1>::zeros()))
        .initialized(Init::PyTorch, &mut rng(5));
    let xb = SMatrix::<f32, 1, N>::from(signal());
    let mut s = amp.zero_state();
    move || amp.step(&mut s, black_box(&xb))
}
