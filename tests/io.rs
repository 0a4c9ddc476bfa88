//! Weights in and out: bytes (every error kind, every truncation, every header bit), Rust source
//! (the emitted source is compiled into this test crate and run), safetensors (PyTorch's file in,
//! constnet's file out, every error kind).

use constnet::init::Init;
use constnet::io::bytes::HEADER_LEN;
use constnet::io::{from_bytes, load_bytes, to_bytes, to_rust_source, Bytes, LoadError, SaveError};
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

/// The network the source round trip uses: every kind of layer with a `const` constructor.
pub type Net = (
    Dense<2, 6>,
    BatchNorm<6>,
    LeakyReLU,
    Dropout,
    Dense<6, 4>,
    Elu,
    DenseNoBias<4, 3>,
    Softplus,
    Dense<3, 2>,
    Softmax,
);

/// A deterministic `Net` with trained-looking parameters and running statistics.
pub fn sample_net() -> Net {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(77);
    let mut net: Net = (
        Dense::default(),
        BatchNorm::new(),
        LeakyReLU::new(0.05),
        Dropout::new(0.25, 3),
        Dense::default(),
        Elu::new(0.9),
        DenseNoBias::default(),
        Softplus::new(2.0, 10.0),
        Dense::default(),
        Softmax,
    )
        .initialized(Init::PyTorch, &mut rng);
    // Non-default normalisation parameters and running statistics.
    net.1
        .gamma_mut()
        .iter_mut()
        .enumerate()
        .for_each(|(k, g)| *g = 1.0 + 0.1 * k as f32);
    net.1
        .beta_mut()
        .iter_mut()
        .enumerate()
        .for_each(|(k, b)| *b = 0.05 * k as f32 - 0.1);
    for k in 0..3 {
        let x = SMatrix::<f32, 2, 8>::from_fn(|r, c| ((r * 8 + c + k) as f32).sin() * 3.0);
        let _ = net.forward_train(&x);
    }
    net
}

fn probe() -> SMatrix<f32, 2, 5> {
    SMatrix::from_fn(|r, c| (r as f32 - 0.5) * (c as f32 - 2.0) * 0.7)
}

fn bits(m: &SMatrix<f32, 2, 5>) -> Vec<u32> {
    m.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn bytes_round_trip_is_bit_exact() {
    let net = sample_net();
    let mut buf = [0u8; <Net as Bytes<f32>>::BYTES];
    assert_eq!(to_bytes(&net, &mut buf), Ok(buf.len()));
    // Activation settings (slopes, α, β) belong to the network value, not to the bytes: load into
    // a network built with the same settings, here a zeroed copy with other running statistics.
    let mut copy = net.zeros_like();
    copy.1.running_mean_mut().fill(5.0);
    copy.1.running_var_mut().fill(5.0);
    load_bytes(&mut copy, &buf).unwrap();
    assert_eq!(bits(&copy.forward(&probe())), bits(&net.forward(&probe())));
    assert_eq!(
        copy.1.running_var(),
        net.1.running_var(),
        "buffers are saved"
    );
    assert_eq!(
        copy.1.running_mean(),
        net.1.running_mean(),
        "buffers are saved"
    );
    assert_eq!(
        buf.len(),
        HEADER_LEN + 4 * (<Net as Params<f32>>::PARAMS + 12)
    );

    // f64 too.
    let net64 = (
        Dense::<3, 2, f64>::from_rows([[0.1, 0.2, 0.3], [1e-300, -7.5, 1.0 / 3.0]], [0.0, -0.0]),
        Tanh,
    );
    let mut buf64 = vec![0u8; <(Dense<3, 2, f64>, Tanh) as Bytes<f64>>::BYTES];
    to_bytes(&net64, &mut buf64).unwrap();
    let back: (Dense<3, 2, f64>, Tanh) = from_bytes(&buf64).unwrap();
    assert_eq!(back, net64);
}

fn saved() -> (Net, Vec<u8>) {
    let net = sample_net();
    let mut buf = vec![0u8; <Net as Bytes<f32>>::BYTES];
    to_bytes(&net, &mut buf).unwrap();
    (net, buf)
}

/// Loading `bytes` into a fresh network fails with `want` and leaves it untouched.
fn refused(bytes: &[u8]) -> LoadError {
    let mut target = Net::default();
    let before = target;
    let err = load_bytes(&mut target, bytes).unwrap_err();
    assert_eq!(target, before, "a refused load changes nothing");
    err
}

#[test]
fn truncated_at_every_length() {
    let (_, buf) = saved();
    for len in 0..buf.len() {
        assert_eq!(
            refused(&buf[..len]),
            LoadError::Truncated {
                needed: buf.len(),
                got: len
            },
            "length {len}"
        );
    }
    let mut long = buf.clone();
    long.push(0);
    assert_eq!(
        refused(&long),
        LoadError::TooLong {
            expected: buf.len(),
            got: buf.len() + 1
        }
    );
}

#[test]
fn every_flipped_header_bit_is_refused_with_its_error() {
    let (_, buf) = saved();
    for offset in 0..HEADER_LEN {
        for bit in 0..8 {
            let mut bad = buf.clone();
            bad[offset] ^= 1 << bit;
            let err = refused(&bad);
            let ok = match offset {
                0..=3 => err == LoadError::BadMagic,
                4..=5 => matches!(err, LoadError::UnsupportedVersion { supported: 1, .. }),
                6 => err == LoadError::BadHeader { offset: 6 },
                7 => err == LoadError::BadHeader { offset: 7 },
                8..=19 => matches!(err, LoadError::WrongArchitecture { .. }),
                _ => matches!(err, LoadError::Corrupt { .. }),
            };
            assert!(ok, "offset {offset} bit {bit}: {err:?}");
        }
    }
}

#[test]
fn flipped_payload_bits_are_corruption() {
    let (_, buf) = saved();
    for offset in (HEADER_LEN..buf.len()).step_by(7) {
        let mut bad = buf.clone();
        bad[offset] ^= 0x10;
        assert!(
            matches!(refused(&bad), LoadError::Corrupt { .. }),
            "offset {offset}"
        );
    }
}

#[test]
fn other_architectures_and_scalars_are_refused() {
    let (_, buf) = saved();
    // Same sizes, one activation changed.
    type Other = (
        Dense<2, 6>,
        BatchNorm<6>,
        ReLU,
        Dropout,
        Dense<6, 4>,
        Elu,
        DenseNoBias<4, 3>,
        Softplus,
        Dense<3, 2>,
        Softmax,
    );
    let mut other = Other::default();
    let err = load_bytes(&mut other, &buf).unwrap_err();
    assert!(
        matches!(err, LoadError::WrongArchitecture { expected_scalars, found_scalars, .. } if expected_scalars == found_scalars)
    );
    assert!(err.to_string().contains("another architecture"), "{err}");
    // Other sizes.
    let mut small = (Dense::<2, 3>::zeros(), Tanh);
    let err = load_bytes(&mut small, &buf).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::WrongArchitecture {
                expected_scalars: 9,
                ..
            }
        ),
        "{err:?}"
    );
    // f32 bytes into an f64 network of the same architecture.
    let mut wide = (
        Dense::<2, 6, f64>::zeros(),
        BatchNorm::<6, f64>::new(),
        LeakyReLU::default(),
        Dropout::default(),
        Dense::<6, 4, f64>::zeros(),
        Elu::default(),
        DenseNoBias::<4, 3, f64>::zeros(),
        Softplus::default(),
        Dense::<3, 2, f64>::zeros(),
        Softmax,
    );
    let err = load_bytes(&mut wide, &buf).unwrap_err();
    assert_eq!(
        err,
        LoadError::WrongScalar {
            expected: "f64",
            found: "f32"
        }
    );
    assert_eq!(err.to_string(), "the weights are f32, the network is f64");
    // Not constnet at all.
    assert_eq!(
        refused(b"PK\x03\x04 a zip file, not weights"),
        LoadError::BadMagic
    );
}

#[test]
fn non_finite_values_are_refused() {
    let (_, mut buf) = saved();
    buf[HEADER_LEN..HEADER_LEN + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    // Recompute the checksum so that only the value is wrong.
    let sum = buf[HEADER_LEN..].iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    buf[20..24].copy_from_slice(&sum.to_le_bytes());
    assert_eq!(refused(&buf), LoadError::NonFinite { index: 0 });
}

#[test]
fn saving_into_a_small_buffer_is_an_error() {
    let net = sample_net();
    let mut small = [0u8; 10];
    assert_eq!(
        to_bytes(&net, &mut small),
        Err(SaveError::BufferTooSmall {
            needed: <Net as Bytes<f32>>::BYTES,
            got: 10
        })
    );
}

mod generated {
    #[allow(unused_imports)]
    use super::Net;
    include!("generated/model.rs");
}

/// The Rust source emitted for `sample_net()` is `tests/generated/model.rs`, which is compiled into
/// this crate: its `static` must reproduce the network bit for bit. Regenerate with
/// `CONSTNET_BLESS=1 cargo test --all-features source`.
#[test]
fn rust_source_round_trip_compiles_and_is_bit_exact() {
    let net = sample_net();
    let src = to_rust_source(&net, "MODEL", "Net").unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/model.rs");
    if std::env::var_os("CONSTNET_BLESS").is_some() {
        std::fs::write(path, &src).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        committed, src,
        "tests/generated/model.rs is stale: rerun with CONSTNET_BLESS=1"
    );
    assert_eq!(generated::MODEL, net);
    assert_eq!(
        bits(&generated::MODEL.forward(&probe())),
        bits(&net.forward(&probe()))
    );
}

#[cfg(feature = "safetensors")]
mod safetensors {
    use constnet::io::safetensors::{
        load_safetensors, load_safetensors_by_order, to_safetensors, SafetensorsError,
    };
    use constnet::nalgebra::SMatrix;
    use constnet::prelude::*;

    use crate::common::{by_sample, flat, FromJson};

    type TorchNet = (Dense<3, 8>, BatchNorm<8>, ReLU, Dense<8, 2>);
    const TORCH: &[u8] = include_bytes!("fixtures/torch_model.safetensors");

    fn torch_case() -> (SMatrix<f32, 3, 5>, Vec<f64>) {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("fixtures/torch_model.json")).unwrap();
        (SMatrix::from_json(&doc["x"]), flat(&doc["y"]))
    }

    fn close(got: &[f64], want: &[f64]) {
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-5 * w.abs().max(1.0), "{g} vs {w}");
        }
    }

    #[test]
    fn pytorch_state_dict_loads_by_name_and_by_order() {
        let (x, want) = torch_case();
        let mut by_name = TorchNet::default();
        load_safetensors(&mut by_name, TORCH).unwrap();
        close(&by_sample(&by_name.forward(&x)), &want);
        let mut by_order = TorchNet::default();
        load_safetensors_by_order(&mut by_order, TORCH).unwrap();
        assert_eq!(by_order, by_name);
    }

    fn refused<N: Params<T> + Chained + PartialEq + core::fmt::Debug, T: Scalar>(
        mut net: N,
        bytes: &[u8],
    ) -> SafetensorsError {
        let before = net.clone();
        let err = load_safetensors(&mut net, bytes).unwrap_err();
        assert_eq!(net, before, "a refused load changes nothing");
        err
    }

    #[test]
    fn each_error_names_the_tensor() {
        let err = refused(
            (
                Dense::<3, 9>::zeros(),
                BatchNorm::<9>::new(),
                ReLU,
                Dense::<9, 2>::zeros(),
            ),
            TORCH,
        );
        assert_eq!(
            err,
            SafetensorsError::ShapeCheck {
                name: "0.weight".into(),
                expected: vec![9, 3],
                found: vec![8, 3]
            }
        );
        let err = refused(
            (
                Dense::<3, 8, f64>::zeros(),
                BatchNorm::<8, f64>::new(),
                ReLU,
                Dense::<8, 2, f64>::zeros(),
            ),
            TORCH,
        );
        assert_eq!(
            err.to_string(),
            "tensor `0.weight` is F32, the network needs F64"
        );
        // Without the batch normalisation, the file's `1.*` tensors are extra.
        let err = refused(
            (Dense::<3, 8>::zeros(), ReLU, Dense::<8, 2>::zeros()),
            TORCH,
        );
        assert!(
            matches!(err, SafetensorsError::Extra { ref name } if name.starts_with("1.")),
            "{err:?}"
        );
        // A layer at another position: its tensors are missing under the expected names.
        let err = refused(
            (
                Dense::<3, 8>::zeros(),
                BatchNorm::<8>::new(),
                ReLU,
                Identity,
                Dense::<8, 2>::zeros(),
            ),
            TORCH,
        );
        assert!(
            matches!(
                err,
                SafetensorsError::Extra { .. } | SafetensorsError::Missing { .. }
            ),
            "{err:?}"
        );
        let only_first = to_safetensors(&(Dense::<3, 8>::zeros(),)).unwrap();
        let err = refused(
            (Dense::<3, 8>::zeros(), ReLU, Dense::<8, 2>::zeros()),
            &only_first,
        );
        assert_eq!(
            err,
            SafetensorsError::Missing {
                name: "2.weight".into()
            }
        );
        assert!(matches!(
            refused((Dense::<3, 8>::zeros(),), b"not safetensors"),
            SafetensorsError::Format(_)
        ));
        let mut n = (Dense::<3, 8>::zeros(), ReLU, Dense::<8, 2>::zeros());
        assert!(matches!(
            load_safetensors_by_order(&mut n, TORCH),
            Err(SafetensorsError::Count {
                expected: 4,
                found: 8
            })
        ));
    }

    /// constnet's export round-trips bit-exactly and is the committed
    /// `fixtures/constnet_export.safetensors`, which `gen_safetensors.py` checks loads in PyTorch
    /// (`load_state_dict(strict=True)`) with the same outputs. Regenerate with `CONSTNET_BLESS=1`.
    #[test]
    fn export_round_trips_and_matches_the_file_pytorch_checked() {
        let (x, _) = torch_case();
        let mut net = TorchNet::default();
        load_safetensors(&mut net, TORCH).unwrap();
        net.0.weights_mut()[(0, 0)] += 0.25; // a change made here, so the file is constnet's own
        let bytes = to_safetensors(&net).unwrap();
        let mut back = TorchNet::default();
        load_safetensors(&mut back, &bytes).unwrap();
        assert_eq!(back, net);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
        if std::env::var_os("CONSTNET_BLESS").is_some() {
            std::fs::write(format!("{dir}constnet_export.safetensors"), &bytes).unwrap();
            let y = by_sample(&net.forward(&x));
            let rows: Vec<Vec<f64>> = y.chunks(2).map(<[f64]>::to_vec).collect();
            let xs: Vec<Vec<f64>> = by_sample(&x).chunks(3).map(<[f64]>::to_vec).collect();
            let doc = serde_json::json!({ "x": xs, "y": rows });
            std::fs::write(
                format!("{dir}constnet_export.json"),
                serde_json::to_string_pretty(&doc).unwrap(),
            )
            .unwrap();
        }
        let committed = std::fs::read(format!("{dir}constnet_export.safetensors")).unwrap();
        assert_eq!(
            committed, bytes,
            "constnet_export.safetensors is stale: rerun with CONSTNET_BLESS=1"
        );
    }
}

/// PyTorch sequence models (`fixtures/gen_sequence_safetensors.py`): an amp model
/// `x + lin(rnn(x))` with `nn.GRU(1, 8)`, a 2-layer `nn.LSTM` with a linear head, and a dilated
/// `nn.Conv1d` (3-dimensional weight), loaded by their PyTorch names and run on PyTorch's inputs.
#[cfg(feature = "safetensors")]
mod sequence_safetensors {
    use constnet::io::safetensors::{
        load_safetensors, load_safetensors_renamed, to_safetensors, SafetensorsError,
    };
    use constnet::nalgebra::SMatrix;
    use constnet::prelude::*;

    use crate::common::{by_sample, flat, FromJson};

    const AMP: &[u8] = include_bytes!("fixtures/torch_amp.safetensors");
    const LSTM2: &[u8] = include_bytes!("fixtures/torch_lstm2.safetensors");
    const CONV: &[u8] = include_bytes!("fixtures/torch_conv.safetensors");

    fn case(name: &str) -> (serde_json::Value, Vec<f64>) {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("fixtures/torch_sequences.json")).unwrap();
        let y = flat(&doc[name]["y"]);
        (doc[name]["x"].clone(), y)
    }

    fn close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-5 * w.abs().max(1.0), "{g} vs {w}");
        }
    }

    type Amp = Residual<(Gru<1, 8>, Dense<8, 1>)>;
    type Stacked = (Lstm<2, 4>, Lstm<4, 4>, Dense<4, 3>);

    /// `0.weight_ih_l0` → `rnn.weight_ih_l0`, `1.weight` → `lin.weight`.
    fn amp_names(name: &str) -> String {
        let (layer, rest) = name.split_once('.').unwrap();
        format!("{}.{rest}", if layer == "0" { "rnn" } else { "lin" })
    }

    /// Layer `k` of the stack → PyTorch's `rnn.…_lk`; the dense layer → `head.…`.
    fn stacked_names(name: &str) -> String {
        let (layer, rest) = name.split_once('.').unwrap();
        match layer {
            "2" => format!("head.{rest}"),
            k => format!("rnn.{}l{k}", rest.strip_suffix("l0").unwrap()),
        }
    }

    #[test]
    fn pytorch_sequence_models_load_and_agree() {
        let (x, want) = case("amp");
        let mut amp = Amp::zeroed();
        load_safetensors_renamed(&mut amp, AMP, amp_names).unwrap();
        let x = SMatrix::<f32, 1, 40>::from_json(&x);
        close(&by_sample(&amp.forward(&x)), &want);
        // Streamed sample by sample, the same (within f32 rounding of the dense head).
        let mut state = amp.zero_state();
        let streamed: Vec<f64> = (0..40)
            .map(|t| f64::from(amp.step(&mut state, &SMatrix::<f32, 1, 1>::new(x[t]))[0]))
            .collect();
        close(&streamed, &want);

        let (x, want) = case("lstm2");
        let mut stacked = Stacked::zeroed();
        load_safetensors_renamed(&mut stacked, LSTM2, stacked_names).unwrap();
        assert_ne!(stacked.1, Lstm::zeros(), "the second layer is loaded");
        close(
            &by_sample(&stacked.forward(&SMatrix::<f32, 2, 40>::from_json(&x))),
            &want,
        );

        let (x, want) = case("conv");
        let mut conv = Conv1d::<2, 3, 3, 2>::zeros();
        load_safetensors_renamed(&mut conv, CONV, |n| format!("conv.{n}")).unwrap();
        close(
            &by_sample(&conv.forward(&SMatrix::<f32, 2, 40>::from_json(&x))),
            &want,
        );
        // And back out: PyTorch's names and its 3-dimensional weight.
        let bytes = to_safetensors(&conv).unwrap();
        let mut again = Conv1d::<2, 3, 3, 2>::zeros();
        load_safetensors(&mut again, &bytes).unwrap();
        assert_eq!(again, conv);
    }

    #[test]
    fn other_sizes_or_layer_counts_are_refused_by_name() {
        // A GRU-4 amp model given the GRU-8 file.
        let mut small = Residual((Gru::<1, 4>::zeros(), Dense::<4, 1>::zeros()));
        let err = load_safetensors_renamed(&mut small, AMP, amp_names).unwrap_err();
        assert_eq!(
            err,
            SafetensorsError::ShapeCheck {
                name: "rnn.weight_ih_l0".into(),
                expected: vec![12, 1],
                found: vec![24, 1],
            }
        );
        assert_eq!(small, Residual((Gru::zeros(), Dense::zeros())));
        // One LSTM layer given the 2-layer file: the second layer's tensors are not silently
        // dropped.
        let mut one = (Lstm::<2, 4>::zeros(), Dense::<4, 3>::zeros());
        let err = load_safetensors_renamed(&mut one, LSTM2, |n: &str| {
            let (layer, rest) = n.split_once('.').unwrap();
            if layer == "1" {
                format!("head.{rest}")
            } else {
                format!("rnn.{rest}")
            }
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file has tensor `rnn.bias_hh_l1`, which the network does not use"
        );
        // Three layers given the 2-layer file: the third is missing, named.
        let mut three = (
            Lstm::<2, 4>::zeros(),
            Lstm::<4, 4>::zeros(),
            Lstm::<4, 4>::zeros(),
            Dense::<4, 3>::zeros(),
        );
        let err = load_safetensors_renamed(&mut three, LSTM2, |n: &str| {
            let (layer, rest) = n.split_once('.').unwrap();
            match layer {
                "3" => format!("head.{rest}"),
                k => format!("rnn.{}l{k}", rest.strip_suffix("l0").unwrap()),
            }
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "tensor `rnn.weight_ih_l2` is missing from the file"
        );
        // A convolution of another kernel.
        let mut k5 = Conv1d::<2, 3, 5, 2>::zeros();
        let err = load_safetensors_renamed(&mut k5, CONV, |n| format!("conv.{n}")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tensor `conv.weight` has shape [3, 2, 3], the network needs [3, 2, 5]"
        );
    }
}

/// Writes the fuzzers' seed corpus (`tests/fuzz/corpus`): valid files for the fuzzed network and a
/// few damaged ones. Run by hand: `cargo test --all-features --test lib write_fuzz_seeds -- --ignored`.
#[cfg(feature = "safetensors")]
#[test]
#[ignore = "writes the fuzz corpus seeds; run by hand"]
fn write_fuzz_seeds() {
    type FuzzNet = (Dense<3, 8>, BatchNorm<8>, ReLU, Dense<8, 2>);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz/corpus");
    let mut net = FuzzNet::default();
    constnet::io::safetensors::load_safetensors(
        &mut net,
        include_bytes!("fixtures/torch_model.safetensors"),
    )
    .unwrap();
    let mut buf = vec![0u8; <FuzzNet as Bytes<f32>>::BYTES];
    to_bytes(&net, &mut buf).unwrap();
    std::fs::write(format!("{dir}/from_bytes/valid"), &buf).unwrap();
    std::fs::write(format!("{dir}/from_bytes/header_only"), &buf[..HEADER_LEN]).unwrap();
    let mut flipped = buf.clone();
    flipped[30] ^= 0x40;
    std::fs::write(format!("{dir}/from_bytes/flipped"), &flipped).unwrap();
    std::fs::write(
        format!("{dir}/safetensors/torch_model"),
        include_bytes!("fixtures/torch_model.safetensors"),
    )
    .unwrap();
    let own = constnet::io::safetensors::to_safetensors(&net).unwrap();
    std::fs::write(format!("{dir}/safetensors/constnet"), &own).unwrap();
    std::fs::write(
        format!("{dir}/safetensors/truncated"),
        &own[..own.len() / 2],
    )
    .unwrap();
}

/// A classifier's names after its weights: read back without allocating, accepted by
/// `load_bytes`, and refused (with the network untouched) when cut short, corrupted or followed
/// by something else.
#[test]
fn class_names_travel_with_the_bytes() {
    use constnet::io::bytes::{classes_len, CLASSES_MAGIC};
    use constnet::io::{bytes_classes, to_bytes_with_classes};
    let net = sample_net();
    let names = ["Iris-setosa", "", "café ☕", "virginica"];
    let n = <Net as Bytes<f32>>::BYTES + classes_len(&names);
    let mut buf = vec![0u8; n + 7];
    assert_eq!(to_bytes_with_classes(&net, &names, &mut buf), Ok(n));
    let saved = &buf[..n];
    assert_eq!(&saved[<Net as Bytes<f32>>::BYTES..][..4], &CLASSES_MAGIC);
    let read: Vec<&str> = bytes_classes(saved).unwrap().collect();
    assert_eq!(read, names);
    assert_eq!(bytes_classes(saved).unwrap().len(), 4);
    let mut copy = Net::default();
    load_bytes(&mut copy, saved).unwrap();
    let mut plain = vec![0u8; <Net as Bytes<f32>>::BYTES];
    to_bytes(&net, &mut plain).unwrap();
    assert_eq!(
        &saved[..plain.len()],
        &plain[..],
        "the network's bytes are the same"
    );
    let mut from_plain = Net::default();
    load_bytes(&mut from_plain, &plain).unwrap();
    assert_eq!(copy, from_plain);
    assert_eq!(bytes_classes(&plain).unwrap().count(), 0, "no names saved");

    // Too small a buffer: nothing written.
    let mut small = vec![0u8; n - 1];
    assert_eq!(
        to_bytes_with_classes(&net, &names, &mut small),
        Err(SaveError::BufferTooSmall {
            needed: n,
            got: n - 1
        })
    );
    assert!(small.iter().all(|&b| b == 0));

    // Every cut inside the names, and every byte of them changed: refused, never a panic.
    let at = <Net as Bytes<f32>>::BYTES;
    for len in at + 1..n {
        let err = refused(&saved[..len]);
        assert!(
            matches!(err, LoadError::BadClasses { offset } if offset == at)
                || matches!(err, LoadError::TooLong { .. }),
            "cut at {len}: {err:?}"
        );
        assert!(bytes_classes(&saved[..len]).is_err(), "cut at {len}");
    }
    for k in at..n {
        let mut bad = saved.to_vec();
        bad[k] ^= 0x41;
        let err = refused(&bad);
        assert!(
            matches!(
                err,
                LoadError::BadClasses { .. } | LoadError::TooLong { .. }
            ),
            "byte {k}: {err:?}"
        );
        assert!(bytes_classes(&bad).is_err(), "byte {k}");
    }
    // Something else after the weights is too long, as before.
    let mut extra = plain.clone();
    extra.extend_from_slice(b"JUNK");
    assert!(matches!(refused(&extra), LoadError::TooLong { .. }));
    assert!(matches!(
        bytes_classes(&extra),
        Err(LoadError::TooLong { .. })
    ));
    // Names that cannot be saved.
    let long = "x".repeat(70_000);
    assert_eq!(
        to_bytes_with_classes(&net, &[long.as_str()], &mut vec![0u8; 80_000]),
        Err(SaveError::ClassesTooLong)
    );
}
