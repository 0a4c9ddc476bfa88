//! `Gru` and `Lstm` against PyTorch's `nn.GRU` and `nn.LSTM`, streaming against whole sequences,
//! and truncated backpropagation through time.
//!
//! `tests/fixtures/gen_recurrent.py` writes `recurrent.json`: for each case, PyTorch's outputs,
//! final states, parameter gradients and input gradients for the loss `Σ y ⊙ dy` (so that the
//! upstream gradient is the fixture's `dy`), from zero or random initial states, in float64 and
//! float32. f64 agrees within 1e-9 relative, f32 within 1e-4 (`common::rtol`).

use std::sync::OnceLock;

use constnet::layers::recurrent::{GruState, LstmState};
use constnet::nalgebra::{SMatrix, SVector};
use constnet::prelude::*;
use constnet::Blank;
use constnet::Conv1d;
use serde_json::Value;

use crate::common::*;

fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::from_str(include_str!("fixtures/recurrent.json")).expect("recurrent.json")
    })
}

fn rcase(name: &str) -> &'static Value {
    doc()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no recurrent case {name}"))
}

/// PyTorch's name of tensor `k` of a stack of recurrent layers of 4 tensors each:
/// `weight_ih_l1` for the second layer's first.
fn torch_name<T: Scalar, N: Params<T>>(k: usize) -> String {
    let mut base = String::new();
    N::tensor_name(k, &mut base).unwrap();
    // A tuple prefixes the position ("1.weight_ih_l0"); PyTorch numbers the layers instead.
    let (layer, base) = match base.split_once('.') {
        Some((l, b)) => (l.parse::<usize>().unwrap(), b.to_string()),
        None => (0, base),
    };
    format!(
        "{}{}",
        base.strip_suffix("l0").unwrap(),
        format_args!("l{layer}")
    )
}

/// Loads a case's parameters (PyTorch's row-major tensors, by name).
fn load<T: Scalar, N: Params<T>>(net: &mut N, params: &Value) {
    for k in 0..N::TENSORS {
        let name = torch_name::<T, N>(k);
        let data = flatten(&params[&name]);
        let info = N::tensor_info(k);
        assert_eq!(data.len(), info.len(), "{name} size");
        let slice = net.tensor_mut(k);
        for r in 0..info.rows {
            for c in 0..info.cols {
                slice[c * info.rows + r] = T::cast_f64(data[r * info.cols + c]);
            }
        }
    }
}

/// The gradients of a case, in the network's tensor order, row-major.
fn grads_of<T: Scalar, N: Params<T>>(grads: &N) -> Vec<(String, Vec<f64>)> {
    (0..N::TENSORS)
        .map(|k| (torch_name::<T, N>(k), row_major(grads, k)))
        .collect()
}

fn vector<T: Scalar, const H: usize>(v: &Value) -> SVector<T, H> {
    let v = flatten(v);
    assert_eq!(v.len(), H);
    SVector::from_fn(|r, _| T::cast_f64(v[r]))
}

/// Checks a network of recurrent layers on a case: the tape forward from the case's state,
/// its final state (`state_values` flattens it as PyTorch's `h_n` then `c_n`), backward, and
/// streaming one step at a time (bit for bit).
fn check<N, T, const I: usize, const H: usize, const S: usize>(
    name: &str,
    state: impl Fn(&Value) -> N::State,
    state_values: impl Fn(&N::State) -> (Vec<f64>, Vec<f64>),
) where
    T: Scalar,
    N: Network<T, I, H> + Zeroed + PartialEq + std::fmt::Debug,
    N::State: PartialEq + std::fmt::Debug,
{
    let case = rcase(name);
    let expect = &case[T::NAME];
    let (rt, at) = (rtol::<T>(), atol::<T>());
    let what = |s: &str| format!("{name}/{} {s}", T::NAME);
    let mut net = N::zeroed();
    load(&mut net, &case["params"]);
    let x = SMatrix::<T, I, S>::from_json(&case["x"]);
    let dy = SMatrix::<T, H, S>::from_json(&case["dy"]);
    let s0 = state(case);

    let mut s = s0;
    let mut y = SMatrix::<T, H, S>::zeros();
    let mut cache = Blank::blank();
    net.layer_forward_tape_from(&mut s, &x, &mut y, &mut cache);
    assert_close(&what("y"), &by_sample(&y), &flat(&expect["y"]), rt, at);
    let (h, c) = state_values(&s);
    assert_close(&what("h_n"), &h, &flatten(&expect["hn"]), rt, at);
    if let Some(cn) = expect.get("cn") {
        assert_close(&what("c_n"), &c, &flatten(cn), rt, at);
    }

    let mut grads = net.zeros_like();
    let dx = net.layer_backward(&x, &y, &cache, &dy, &mut grads);
    assert_close(&what("dx"), &by_sample(&dx), &flat(&expect["dx"]), rt, at);
    for (tname, got) in grads_of::<T, N>(&grads) {
        let want = flatten(&expect["grads"][&tname]);
        assert_close(&what(&format!("d{tname}")), &got, &want, rt, at);
    }

    // Parameter gradients alone, and the training forward, agree with the tape's.
    let mut alone = net.zeros_like();
    net.layer_backward_params(&x, &y, &cache, &dy, &mut alone);
    assert_eq!(alone, grads, "{name}: backward_params");
    let (mut s2, mut y2, mut cache2) = (s0, SMatrix::zeros(), Blank::blank());
    net.layer_forward_train_from(&mut s2, &x, &mut y2, &mut cache2);
    assert_eq!((y2, s2), (y, s), "{name}: training forward");

    // Streaming: one step per call from the same state gives the same bits.
    let mut st = s0;
    for t in 0..S {
        let xt = SMatrix::<T, I, 1>::from_column_slice(x.column(t).as_slice());
        let yt = net.step(&mut st, &xt);
        assert_eq!(yt.as_slice(), y.column(t).as_slice(), "{name}: step {t}");
    }
    assert_eq!(st, s, "{name}: streamed state");
    // And a block at once.
    let mut sb = s0;
    assert_eq!(net.step(&mut sb, &x), y, "{name}: block step");
    if s0 == Blank::blank() {
        assert_eq!(net.forward(&x), y, "{name}: forward from zeros");
    }
}

fn gru_state<T: Scalar, const H: usize>(case: &Value) -> GruState<T, H> {
    match case.get("h0") {
        Some(h0) => GruState { h: vector(&h0[0]) },
        None => GruState::blank(),
    }
}

fn lstm_state<T: Scalar, const H: usize>(case: &Value, layer: usize) -> LstmState<T, H> {
    match (case.get("h0"), case.get("c0")) {
        (Some(h0), Some(c0)) => LstmState {
            h: vector(&h0[layer]),
            c: vector(&c0[layer]),
        },
        _ => LstmState::blank(),
    }
}

fn values<T: Scalar, const H: usize>(v: &SVector<T, H>) -> Vec<f64> {
    v.iter().map(|x| x.as_f64()).collect()
}

fn gru<T: Scalar, const I: usize, const H: usize, const S: usize>(name: &str) {
    check::<Gru<I, H, T>, T, I, H, S>(name, gru_state, |s| (values(&s.h), vec![]));
}

fn lstm<T: Scalar, const I: usize, const H: usize, const S: usize>(name: &str) {
    check::<Lstm<I, H, T>, T, I, H, S>(
        name,
        |c| lstm_state(c, 0),
        |s| (values(&s.h), values(&s.c)),
    );
}

#[test]
fn gru_matches_pytorch() {
    gru::<f64, 1, 3, 5>("gru_1_3_s5");
    gru::<f32, 1, 3, 5>("gru_1_3_s5");
    gru::<f64, 2, 4, 7>("gru_2_4_s7_h0");
    gru::<f32, 2, 4, 7>("gru_2_4_s7_h0");
    gru::<f64, 3, 8, 16>("gru_3_8_s16_h0");
    gru::<f32, 3, 8, 16>("gru_3_8_s16_h0");
    gru::<f64, 5, 6, 1>("gru_5_6_s1");
    gru::<f32, 5, 6, 1>("gru_5_6_s1");
    // Wide: more gate sums than vector registers (20, 24 with SSE), widths not a whole number
    // of them (10 with SSE, 20 and 24 with AVX-512).
    gru::<f64, 2, 10, 5>("gru_2_10_s5_h0");
    gru::<f32, 2, 10, 5>("gru_2_10_s5_h0");
    gru::<f64, 2, 20, 6>("gru_2_20_s6_h0");
    gru::<f32, 2, 20, 6>("gru_2_20_s6_h0");
    gru::<f64, 1, 24, 4>("gru_1_24_s4");
    gru::<f32, 1, 24, 4>("gru_1_24_s4");
}

#[test]
fn lstm_matches_pytorch() {
    lstm::<f64, 1, 3, 5>("lstm_1_3_s5");
    lstm::<f32, 1, 3, 5>("lstm_1_3_s5");
    lstm::<f64, 2, 4, 7>("lstm_2_4_s7_h0");
    lstm::<f32, 2, 4, 7>("lstm_2_4_s7_h0");
    lstm::<f64, 3, 5, 12>("lstm_3_5_s12_h0");
    lstm::<f32, 3, 5, 12>("lstm_3_5_s12_h0");
    lstm::<f64, 4, 8, 1>("lstm_4_8_s1");
    lstm::<f32, 4, 8, 1>("lstm_4_8_s1");
    lstm::<f64, 3, 16, 5>("lstm_3_16_s5_h0");
    lstm::<f32, 3, 16, 5>("lstm_3_16_s5_h0");
    lstm::<f64, 1, 20, 4>("lstm_1_20_s4");
    lstm::<f32, 1, 20, 4>("lstm_1_20_s4");
}

/// PyTorch's `nn.LSTM(2, 4, num_layers=2)` is two `Lstm`s in a row.
#[test]
fn two_layer_lstm_matches_pytorch() {
    fn stacked<T: Scalar>() {
        type Two<T> = (Lstm<2, 4, T>, Lstm<4, 4, T>);
        check::<Two<T>, T, 2, 4, 6>(
            "lstm2_2_4_s6_h0",
            |c| (lstm_state(c, 0), lstm_state(c, 1)),
            |s| {
                let h = [values(&s.0.h), values(&s.1.h)].concat();
                let c = [values(&s.0.c), values(&s.1.c)].concat();
                (h, c)
            },
        );
    }
    stacked::<f64>();
    stacked::<f32>();
}

/// `Conv1d` against `nn.Conv1d` applied causally (left zero padding, or the case's history frames
/// before the sequence, which the layer receives by streaming them first).
fn conv<
    T: Scalar,
    const CI: usize,
    const CO: usize,
    const K: usize,
    const D: usize,
    const S: usize,
>(
    name: &str,
) {
    let case = rcase(name);
    let expect = &case[T::NAME];
    let (rt, at) = (rtol::<T>(), atol::<T>());
    let what = |s: &str| format!("{name}/{} {s}", T::NAME);
    type C<T, const CI: usize, const CO: usize, const K: usize, const D: usize> =
        Conv1d<CI, CO, K, D, T>;
    let mut net = C::<T, CI, CO, K, D>::zeros();
    for k in 0..2 {
        let mut tname = String::new();
        <C<T, CI, CO, K, D> as Params<T>>::tensor_name(k, &mut tname).unwrap();
        let data = flatten(&case["params"][&tname]);
        let info = <C<T, CI, CO, K, D> as Params<T>>::tensor_info(k);
        assert_eq!(data.len(), info.len());
        let slice = net.tensor_mut(k);
        for r in 0..info.rows {
            for c in 0..info.cols {
                slice[c * info.rows + r] = T::cast_f64(data[r * info.cols + c]);
            }
        }
    }
    let x = SMatrix::<T, CI, S>::from_json(&case["x"]);
    let dy = SMatrix::<T, CO, S>::from_json(&case["dy"]);
    let mut s0 = net.zero_state();
    if let Some(history) = case.get("history") {
        for frame in history.as_array().unwrap() {
            let f = SMatrix::<T, CI, 1>::from_fn(|r, _| T::cast_f64(frame[r].as_f64().unwrap()));
            net.step(&mut s0, &f);
        }
    }
    let mut s = s0;
    let (mut y, mut cache) = (SMatrix::<T, CO, S>::zeros(), Blank::blank());
    net.layer_forward_tape_from(&mut s, &x, &mut y, &mut cache);
    assert_close(&what("y"), &by_sample(&y), &flat(&expect["y"]), rt, at);
    let mut grads = net.zeros_like();
    let dx = net.layer_backward(&x, &y, &cache, &dy, &mut grads);
    assert_close(&what("dx"), &by_sample(&dx), &flat(&expect["dx"]), rt, at);
    for k in 0..2 {
        let mut tname = String::new();
        <C<T, CI, CO, K, D> as Params<T>>::tensor_name(k, &mut tname).unwrap();
        let want = flatten(&expect["grads"][&tname]);
        assert_close(
            &what(&format!("d{tname}")),
            &row_major(&grads, k),
            &want,
            rt,
            at,
        );
    }
    let mut st = s0;
    for t in 0..S {
        let yt = net.step(
            &mut st,
            &SMatrix::<T, CI, 1>::from_column_slice(x.column(t).as_slice()),
        );
        assert_eq!(yt.as_slice(), y.column(t).as_slice(), "{name}: step {t}");
    }
    assert_eq!(st, s, "{name}: streamed state");
    if case.get("history").is_none() {
        assert_eq!(net.forward(&x), y, "{name}: forward from zeros");
    }
}

#[test]
fn conv1d_matches_pytorch() {
    conv::<f64, 1, 1, 2, 1, 6>("conv_1_1_k2_d1_s6");
    conv::<f32, 1, 1, 2, 1, 6>("conv_1_1_k2_d1_s6");
    conv::<f64, 3, 4, 3, 1, 9>("conv_3_4_k3_d1_s9");
    conv::<f32, 3, 4, 3, 1, 9>("conv_3_4_k3_d1_s9");
    conv::<f64, 2, 5, 3, 2, 10>("conv_2_5_k3_d2_s10_hist");
    conv::<f32, 2, 5, 3, 2, 10>("conv_2_5_k3_d2_s10_hist");
    conv::<f64, 8, 4, 3, 2, 12>("conv_8_4_k3_d2_s12");
    conv::<f32, 8, 4, 3, 2, 12>("conv_8_4_k3_d2_s12");
    conv::<f64, 4, 3, 5, 3, 7>("conv_4_3_k5_d3_s7_hist");
    conv::<f32, 4, 3, 5, 3, 7>("conv_4_3_k5_d3_s7_hist");
}
