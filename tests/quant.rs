//! Integer inference against TensorFlow Lite Micro (fixtures from `tests/fixtures/gen_quant.py`),
//! requantization against the reference formula, post-training quantization, and the `.tflite`
//! loader's refusals.

use constnet::quant::requant::{
    multiply_double_rounding, multiply_single_rounding, rounding_divide_by_pot,
    saturating_rounding_doubling_high_mul,
};
use constnet::quant::{Multiplier, Rounding};

// ---- requantization -------------------------------------------------------------------------

/// gemmlowp's formula, written out in i128 arithmetic as the reference: `ab / 2^31` rounded to
/// nearest with ties toward +∞ (saturating at MIN·MIN), then a division by `2^e` rounded to
/// nearest with ties away from zero.
fn reference_double(x: i32, m: i32, shift: i32) -> i32 {
    let left = shift.max(0);
    let right = (-shift).max(0);
    let a = x.wrapping_shl(left as u32) as i128;
    let b = m as i128;
    let high = if a == i32::MIN as i128 && b == i32::MIN as i128 {
        i32::MAX as i128
    } else {
        // floor(ab / 2^31 + 1/2).
        let p = a * b;
        (p + (1i128 << 30)).div_euclid(1i128 << 31)
    };
    // Division by 2^right, rounding half away from zero.
    let d = 1i128 << right;
    let q = (high.abs() * 2 + d) / (2 * d);
    (if high < 0 { -q } else { q }) as i32
}

fn reference_single(x: i32, m: i32, shift: i32) -> i32 {
    let total = 31 - shift;
    let p = x as i128 * m as i128 + (1i128 << (total - 1));
    (p >> total) as i32
}

fn extremes() -> Vec<i32> {
    let mut v = vec![
        i32::MIN,
        i32::MIN + 1,
        -1 << 30,
        -65536,
        -257,
        -3,
        -2,
        -1,
        0,
        1,
        2,
        3,
        255,
        65535,
        1 << 30,
        i32::MAX - 1,
        i32::MAX,
    ];
    let mut s = 0x9e37_79b9u32;
    for _ in 0..300 {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v.push(s as i32 >> (s % 24));
    }
    v
}

#[test]
fn doubling_high_mul_saturates_only_at_min_times_min() {
    assert_eq!(
        saturating_rounding_doubling_high_mul(i32::MIN, i32::MIN),
        i32::MAX
    );
    assert_eq!(
        saturating_rounding_doubling_high_mul(i32::MIN, i32::MAX),
        -i32::MAX
    );
    assert_eq!(
        saturating_rounding_doubling_high_mul(i32::MAX, i32::MAX),
        i32::MAX - 1
    );
    // Ties round toward +∞ (gemmlowp's nudge, then C's truncating division): ±0.5, ±1.5.
    assert_eq!(saturating_rounding_doubling_high_mul(1, 1 << 30), 1);
    assert_eq!(saturating_rounding_doubling_high_mul(-1, 1 << 30), 0);
    assert_eq!(saturating_rounding_doubling_high_mul(3, 1 << 30), 2);
    assert_eq!(saturating_rounding_doubling_high_mul(-3, 1 << 30), -1);
    assert_eq!(saturating_rounding_doubling_high_mul(1, (1 << 30) - 1), 0);
}

#[test]
fn rounding_divide_by_pot_rounds_ties_away_from_zero() {
    assert_eq!(rounding_divide_by_pot(5, 1), 3);
    assert_eq!(rounding_divide_by_pot(-5, 1), -3);
    assert_eq!(rounding_divide_by_pot(6, 2), 2);
    assert_eq!(rounding_divide_by_pot(-6, 2), -2);
    assert_eq!(rounding_divide_by_pot(-7, 2), -2);
    assert_eq!(rounding_divide_by_pot(i32::MIN, 31), -1);
    assert_eq!(rounding_divide_by_pot(i32::MAX, 31), 1);
    assert_eq!(rounding_divide_by_pot(i32::MAX, 0), i32::MAX);
    for x in extremes() {
        for e in 0..=31 {
            let d = 1i128 << e;
            let q = ((x as i128).abs() * 2 + d) / (2 * d);
            let want = if x < 0 { -q } else { q } as i32;
            assert_eq!(rounding_divide_by_pot(x, e), want, "x = {x}, e = {e}");
        }
    }
}

#[test]
fn multiply_by_quantized_multiplier_matches_the_formula() {
    let multipliers = [
        0,
        1,
        1 << 30,
        (1 << 30) + 1,
        1_518_500_250,
        2_000_000_000,
        i32::MAX,
        i32::MIN,
    ];
    for x in extremes() {
        for &m in &multipliers {
            for shift in -31..=30 {
                assert_eq!(
                    multiply_double_rounding(x, m, shift),
                    reference_double(x, m, shift),
                    "double: x = {x}, m = {m}, shift = {shift}"
                );
                if m >= 0 {
                    assert_eq!(
                        multiply_single_rounding(x, m, shift),
                        reference_single(x, m, shift),
                        "single: x = {x}, m = {m}, shift = {shift}"
                    );
                }
            }
        }
    }
}

#[test]
fn quantize_multiplier_is_tflites() {
    // 0.5 = 2^30 · 2^(0 − 31) ... frexp(0.5) = (0.5, 0).
    assert_eq!(
        Multiplier::from_real(0.5, Rounding::Double),
        Multiplier {
            multiplier: 1 << 30,
            shift: 0
        }
    );
    assert_eq!(
        Multiplier::from_real(1.0, Rounding::Double),
        Multiplier {
            multiplier: 1 << 30,
            shift: 1
        }
    );
    // A significand that rounds up to 2^31 moves to the next exponent.
    let just_below = 1.0 - f64::EPSILON / 4.0;
    assert_eq!(
        Multiplier::from_real(just_below, Rounding::Double),
        Multiplier {
            multiplier: 1 << 30,
            shift: 1
        }
    );
    assert_eq!(
        Multiplier::from_real(0.0, Rounding::Double),
        Multiplier::default()
    );
    // Below 2^-32 the shift would pass −31: the zero multiplier.
    assert_eq!(
        Multiplier::from_real(1e-12, Rounding::Double),
        Multiplier::default()
    );
    // Single rounding caps the shift at 30.
    assert_eq!(
        Multiplier::from_real(2f64.powi(40), Rounding::Single),
        Multiplier {
            multiplier: i32::MAX,
            shift: 30
        }
    );
    // Applying a multiplier approximates the real product.
    for &real in &[0.000123, 0.0071, 0.25, 0.333, 0.9999, 1.7, 3.0] {
        let m = Multiplier::from_real(real, Rounding::Double);
        for x in [-100_000, -777, 0, 5, 12_345, 1_000_000] {
            let got = m.apply(x, Rounding::Double) as f64;
            assert!((got - x as f64 * real).abs() <= 1.0, "{real} · {x} = {got}");
        }
    }
}

// ---- post-training quantization ------------------------------------------------------------

mod ptq {
    use constnet::prelude::*;
    use constnet::quant::{quantize, QDense, QFolded, QNet, QRelu, QuantError, QuantOptions};

    pub type Float = (
        Dense<3, 12>,
        BatchNorm<12>,
        ReLU,
        Dense<12, 6>,
        ReLU,
        Dense<6, 2>,
    );
    pub type Int8 = (
        QDense<3, 12>,
        QFolded,
        QRelu,
        QDense<12, 6>,
        QRelu,
        QDense<6, 2>,
    );

    pub fn float_net() -> Float {
        let mut net = Float::zeroed();
        let mut s = 12345u32;
        let mut r = move || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            (s as f32 / u32::MAX as f32) * 2.0 - 1.0
        };
        net.0.weights_mut().iter_mut().for_each(|w| *w = r());
        net.0.bias_mut().iter_mut().for_each(|w| *w = 0.3 * r());
        net.1
            .gamma_mut()
            .iter_mut()
            .for_each(|w| *w = 1.0 + 0.5 * r());
        net.1.beta_mut().iter_mut().for_each(|w| *w = 0.2 * r());
        net.1
            .running_mean_mut()
            .iter_mut()
            .for_each(|w| *w = 0.3 * r());
        net.1
            .running_var_mut()
            .iter_mut()
            .for_each(|w| *w = 1.0 + 0.9 * r());
        net.3.weights_mut().iter_mut().for_each(|w| *w = 0.6 * r());
        net.3.bias_mut().iter_mut().for_each(|w| *w = 0.1 * r());
        net.5.weights_mut().iter_mut().for_each(|w| *w = 0.6 * r());
        net.5.bias_mut().iter_mut().for_each(|w| *w = 0.1 * r());
        net
    }

    pub fn samples() -> Vec<[f32; 3]> {
        (0..256)
            .map(|k| {
                let t = k as f32 * 0.1;
                [t.sin(), (1.3 * t).cos(), 0.5 * (0.7 * t).sin()]
            })
            .collect()
    }

    pub fn quantized() -> QNet<Int8> {
        quantize(&float_net(), &samples(), QuantOptions::default()).unwrap()
    }

    #[test]
    fn quantized_network_follows_the_float_one() {
        let (net, q) = (float_net(), quantized());
        let step = q.output.scale;
        let mut worst = 0.0f32;
        for x in samples() {
            let want = net.forward(&SVector::<f32, 3>::from(x));
            let got = q.forward_f32(&x);
            for (a, b) in got.iter().zip(want.iter()) {
                worst = worst.max((a - b).abs());
            }
        }
        // A few output steps of error after three int8 layers.
        assert!(
            worst <= 4.0 * step,
            "worst error {worst}, output step {step}"
        );
        // Per tensor is also offered, and no better.
        let pt = quantize(
            &net,
            &samples(),
            QuantOptions {
                per_channel: false,
                ..QuantOptions::default()
            },
        )
        .unwrap();
        assert!(pt.layers.0.multipliers().windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn quantization_refuses_what_it_cannot_do() {
        let net = float_net();
        assert_eq!(
            quantize(&net, &[] as &[[f32; 3]], QuantOptions::default()).unwrap_err(),
            QuantError::NoSamples
        );
        let e = quantize(&net, &[[0.0, f32::NAN, 1.0]], QuantOptions::default()).unwrap_err();
        assert_eq!(
            e,
            QuantError::NonFinite {
                sample: 0,
                layer: None
            }
        );
        let loose = (BatchNorm::<3>::new(), Dense::<3, 1>::zeros());
        let e = quantize(&loose, &samples(), QuantOptions::default()).unwrap_err();
        assert_eq!(e, QuantError::UnfoldedBatchNorm { layer: 0 });
        assert!(e.to_string().contains("does not follow a dense layer"));
    }

    mod generated {
        include!("generated/qmodel.rs");
    }

    /// The Rust source of `quantized()` is `tests/generated/qmodel.rs`, compiled into this
    /// crate: its `static` must be the same network. Regenerate with
    /// `CONSTNET_BLESS=1 cargo test --all-features quant`.
    #[test]
    fn quantized_source_round_trip() {
        let q = quantized();
        let mut src = String::new();
        q.write_rust("QMODEL", &mut src).unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/qmodel.rs");
        if std::env::var_os("CONSTNET_BLESS").is_some() {
            std::fs::write(path, &src).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            src,
            "tests/generated/qmodel.rs is stale: rerun with CONSTNET_BLESS=1"
        );
        assert_eq!(generated::QMODEL, q);
        for x in samples() {
            let x = q.quantize_input(&x);
            assert_eq!(generated::QMODEL.forward(&x), q.forward(&x));
        }
    }
}

/// Loading `.tflite` files (feature `tflite`).
#[cfg(feature = "tflite")]
mod tflite {
    use constnet::quant::{QDense, QLayer, QNet};

    // ---- TFLite Micro's outputs -------------------------------------------------------------------

    fn fixture(name: &str) -> (Vec<u8>, Vec<Vec<i8>>, Vec<Vec<i8>>) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quant/");
        let file = std::fs::read(format!("{dir}{name}.tflite")).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}{name}.json")).unwrap())
                .unwrap();
        let rows = |k: &str| -> Vec<Vec<i8>> {
            json[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_i64().unwrap() as i8)
                        .collect()
                })
                .collect()
        };
        (file, rows("inputs"), rows("outputs"))
    }

    /// Loads `name` as `L` and requires TFLite Micro's output for every fixture input.
    fn bit_exact<L, const I: usize, const O: usize>(name: &str) -> usize
    where
        L: constnet::io::tflite::FromTflite + QLayer<[i8; I], Output = [i8; O]>,
    {
        let (file, inputs, outputs) = fixture(name);
        let net: QNet<L> =
            constnet::io::tflite::load(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut values = 0;
        for (k, (x, want)) in inputs.iter().zip(&outputs).enumerate() {
            let x: [i8; I] = x.as_slice().try_into().unwrap();
            let got = net.forward(&x);
            assert_eq!(got.as_slice(), want.as_slice(), "{name}, input {k}");
            values += O;
        }
        values
    }

    #[test]
    fn tflite_micro_bit_exact() {
        let mut values = 0;
        values += bit_exact::<(QDense<4, 16>, QDense<16, 8>, QDense<8, 3>), 4, 3>("relu_pc");
        values += bit_exact::<(QDense<4, 16>, QDense<16, 8>, QDense<8, 3>), 4, 3>("relu_pt");
        values += bit_exact::<(QDense<8, 32>, QDense<32, 4>), 8, 4>("relu6_pc");
        values += bit_exact::<(QDense<8, 32>, QDense<32, 16>, QDense<16, 4>), 8, 4>("relu6_pt");
        values += bit_exact::<(QDense<64, 128>, QDense<128, 10>), 64, 10>("wide_pc");
        values += bit_exact::<(QDense<1, 16>, QDense<16, 16>, QDense<16, 1>), 1, 1>("sine_pt");
        values += bit_exact::<(QDense<5, 7>, QDense<7, 2>), 5, 2>("linear_pt");
        values += bit_exact::<(QDense<2, 1>,), 2, 1>("narrow_pc");
        assert!(values > 0);
    }

    /// MLPerf Tiny's AD01 autoencoder: 640 → 128 ×4 → 8 → 128 ×4 → 640.
    pub type Ad01 = (
        (
            QDense<640, 128>,
            QDense<128, 128>,
            QDense<128, 128>,
            QDense<128, 128>,
        ),
        QDense<128, 8>,
        (
            QDense<8, 128>,
            QDense<128, 128>,
            QDense<128, 128>,
            QDense<128, 128>,
        ),
        QDense<128, 640>,
    );

    #[test]
    fn tflite_micro_bit_exact_ad01() {
        // 270 kB of weights, built and moved by value: more than a test thread's stack.
        let values = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(|| bit_exact::<Ad01, 640, 640>("ad01"))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(values, 24 * 640);
    }

    // ---- refusals -------------------------------------------------------------------------------

    fn refusal<L: constnet::io::tflite::FromTflite>(bytes: &[u8]) -> String {
        match constnet::io::tflite::load::<L>(bytes) {
            Ok(_) => panic!("loaded"),
            Err(e) => e.to_string(),
        }
    }

    type Small = (QDense<4, 16>, QDense<16, 8>, QDense<8, 3>);

    #[test]
    fn tflite_refusals_name_the_tensor_or_operator() {
        let (file, _, _) = fixture("relu_pc");
        // Another architecture: a size, the layer count, the input width.
        let e = refusal::<(QDense<4, 16>, QDense<16, 9>, QDense<9, 3>)>(&file);
        assert!(
            e.contains("dense_1_2/MatMul") && e.contains("[9, 16]"),
            "{e}"
        );
        let e = refusal::<(QDense<4, 16>, QDense<16, 3>)>(&file);
        assert!(
            e.contains("3 fully connected layers, the network type 2"),
            "{e}"
        );
        let e = refusal::<(QDense<5, 16>, QDense<16, 8>, QDense<8, 3>)>(&file);
        assert!(e.contains("dense_1/MatMul") && e.contains("[16, 5]"), "{e}");
        // A float model; int8 inside with float input and output; an operator it does not take.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quant/");
        let read = |n: &str| std::fs::read(format!("{dir}{n}.tflite")).unwrap();
        let e = refusal::<Small>(&read("refuse_float"));
        assert!(e.contains("FLOAT32") && e.contains("a float model"), "{e}");
        let e = refusal::<Small>(&read("refuse_float_io"));
        assert!(e.contains("operator 0 is QUANTIZE"), "{e}");
        let e = refusal::<(QDense<4, 8>, QDense<8, 3>)>(&read("refuse_tanh"));
        assert!(e.contains("TANH"), "{e}");
        // Not a model at all; truncated; corrupted.
        assert!(refusal::<Small>(b"hello, world").contains("not a TensorFlow Lite model"));
        assert!(refusal::<Small>(&[]).contains("not a TensorFlow Lite model"));
        for cut in [8, 16, 100, file.len() / 2, file.len() - 1] {
            let e = refusal::<Small>(&file[..cut]);
            assert!(
                e.contains("truncated or corrupted") || e.contains("data"),
                "{cut}: {e}"
            );
        }
    }

    /// Flipping any byte of a model never panics: it loads (the byte was a weight, or padding) or
    /// is refused with an error.
    #[test]
    fn tflite_corrupted_bytes_never_panic() {
        let (file, _, _) = fixture("relu_pt");
        let mut refused = 0;
        for k in 0..file.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = file.clone();
                bad[k] ^= flip;
                if constnet::io::tflite::load::<Small>(&bad).is_err() {
                    refused += 1;
                }
            }
        }
        assert!(refused > 0);
    }

    /// The int8 sine firmware's model (`examples/cortex-m/src/qsine_model.rs`) is TFLite's converter
    /// output `sine_pt.tflite`, loaded and written as source. Regenerate with
    /// `CONSTNET_BLESS=1 cargo test --all-features quant`.
    #[test]
    fn firmware_int8_sine_model_is_the_tflite_file() {
        let (file, _, _) = fixture("sine_pt");
        let net: QNet<(QDense<1, 16>, QDense<16, 16>, QDense<16, 1>)> =
            constnet::io::tflite::load(&file).unwrap();
        let mut src = String::from(
            "// Written by `CONSTNET_BLESS=1 cargo test --all-features quant` from\n\
             // tests/fixtures/quant/sine_pt.tflite.\n",
        );
        net.write_rust("MODEL", &mut src).unwrap();
        let src = src.replace(
            "QNet<(constnet::quant::QDense<1, 16>, constnet::quant::QDense<16, 16>, constnet::quant::QDense<16, 1>, )>",
            "QNet<Net>",
        );
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/cortex-m/src/qsine_model.rs"
        );
        if std::env::var_os("CONSTNET_BLESS").is_some() {
            std::fs::write(path, &src).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(path).unwrap_or_default(),
            src,
            "examples/cortex-m/src/qsine_model.rs is stale: rerun with CONSTNET_BLESS=1"
        );
    }
}
