//! Post-training quantization on the host: calibrate activation ranges on representative data,
//! fold batch normalisation, quantize weights per channel (or per tensor) and biases, and build
//! the quantized network whose type follows from the float network's type.
//!
//! The float network is read as a chain of operations ([`Quantizable::plan`]); a dense layer,
//! the batch normalisations right after it (folded: `W' = diag(a)·W`, `b' = a ⊙ (b − μ) + β`,
//! `a = γ / √(σ² + ε)`) and a ReLU after those (fused as the output clamp) form one int8
//! `FULLY_CONNECTED`, as TensorFlow's converter builds them. The calibration runs the folded
//! chain in `f64` over the representative samples and records each int8 tensor's minimum and
//! maximum (TFLite's min/max calibration, the only one offered); each range is widened to
//! contain 0 and mapped to int8 as TFLite does (`scale = (max − min)/255`,
//! `zero_point = round(−128 − min/scale)`). Weights are symmetric int8 (`scale = max|w|/127`),
//! biases int32 with scale `s_x·s_w`.

use std::vec::Vec;

use crate::layer::Layer;
use crate::layers::{BatchNorm, Dense, DenseNoBias, Dropout, Identity, ReLU};
use crate::scalar::Scalar;

use super::dense::{Activation, QDense};
use super::pointwise::{QFolded, QIdentity, QRelu};
use super::requant::{Multiplier, Rounding};
use super::{QNet, QParams};

/// How [`quantize`] quantizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuantOptions {
    /// One weight scale per output channel (TFLite's default for convolutions, and what keeps
    /// accuracy) rather than one per tensor.
    pub per_channel: bool,
    /// How requantization rounds (TFLite Micro's default: [`Rounding::Double`]).
    pub rounding: Rounding,
}

impl Default for QuantOptions {
    fn default() -> Self {
        Self {
            per_channel: true,
            rounding: Rounding::Double,
        }
    }
}

/// Why a network could not be quantized.
#[derive(Clone, Debug, PartialEq)]
pub enum QuantError {
    /// No representative samples were given.
    NoSamples,
    /// A representative sample, or a value computed from one, is not finite.
    NonFinite {
        /// The sample's index.
        sample: usize,
        /// The layer (0-based, in the flattened network) whose output it is, or `None` for the
        /// input itself.
        layer: Option<usize>,
    },
    /// A batch normalisation does not follow a dense layer, so it cannot be folded.
    UnfoldedBatchNorm {
        /// Its index in the flattened network.
        layer: usize,
    },
    /// A parameter is not finite.
    NonFiniteParameter {
        /// The layer's index in the flattened network.
        layer: usize,
    },
}

impl core::fmt::Display for QuantError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NoSamples => write!(f, "no representative samples to calibrate on"),
            Self::NonFinite { sample, layer: None } => {
                write!(f, "representative sample {sample} has a non-finite value")
            }
            Self::NonFinite {
                sample,
                layer: Some(l),
            } => write!(
                f,
                "layer {l} gives a non-finite value on representative sample {sample}"
            ),
            Self::UnfoldedBatchNorm { layer } => write!(
                f,
                "layer {layer} is a batch normalisation that does not follow a dense layer, so it cannot be folded into one"
            ),
            Self::NonFiniteParameter { layer } => {
                write!(f, "layer {layer} has a non-finite parameter")
            }
        }
    }
}

impl std::error::Error for QuantError {}

/// The float network read as operations (see [`Quantizable::plan`]); opaque.
#[derive(Debug, Default)]
pub struct Plan {
    ops: Vec<Op>,
}

#[derive(Debug)]
enum Op {
    /// Row-major `w[o·i + j]`.
    Dense {
        inputs: usize,
        w: Vec<f64>,
        b: Vec<f64>,
    },
    /// `y = a ⊙ x + c`.
    BatchNorm {
        a: Vec<f64>,
        c: Vec<f64>,
    },
    Relu,
    Identity,
}

/// What [`quantize`] built for each operation of the plan, taken in order by
/// [`Quantizable::build`]; opaque.
#[derive(Debug, Default)]
pub struct Parts {
    built: std::collections::VecDeque<Built>,
}

#[derive(Debug)]
enum Built {
    Dense {
        w: Vec<i8>,
        b: Vec<i32>,
        m: Vec<Multiplier>,
        zx: i8,
        zy: i8,
        clamp: (i8, i8),
        rounding: Rounding,
    },
    Folded,
    Relu(i8),
    Identity,
}

/// A float layer or network with an int8 form: post-training quantization maps it to
/// `Self::Quantized`, layer for layer.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no int8 form",
    label = "post-training quantization cannot take this layer",
    note = "quantized networks are made of `Dense`, `DenseNoBias`, `BatchNorm` right after a dense layer (folded into it), `ReLU`, `Identity` and `Dropout`"
)]
pub trait Quantizable {
    /// The quantized layer or network.
    type Quantized;

    /// Appends this layer's operations to `plan`.
    fn plan(&self, plan: &mut Plan);

    /// Builds the quantized form from the next parts.
    fn build(parts: &mut Parts) -> Self::Quantized;
}

fn next(parts: &mut Parts) -> Built {
    parts
        .built
        .pop_front()
        .expect("quantize builds one part per planned operation")
}

impl<T: Scalar, const I: usize, const O: usize> Quantizable for Dense<I, O, T> {
    type Quantized = QDense<I, O>;

    fn plan(&self, plan: &mut Plan) {
        plan_dense(plan, &self.weight_rows(), &self.bias_array());
    }

    fn build(parts: &mut Parts) -> QDense<I, O> {
        build_dense(next(parts))
    }
}

impl<T: Scalar, const I: usize, const O: usize> Quantizable for DenseNoBias<I, O, T> {
    type Quantized = QDense<I, O>;

    fn plan(&self, plan: &mut Plan) {
        plan_dense(plan, &self.weight_rows(), &[T::zero(); O]);
    }

    fn build(parts: &mut Parts) -> QDense<I, O> {
        build_dense(next(parts))
    }
}

/// A dense layer's operation: row-major weights and bias, in `f64`.
fn plan_dense<T: Scalar, const I: usize, const O: usize>(
    plan: &mut Plan,
    rows: &[[T; I]; O],
    bias: &[T; O],
) {
    plan.ops.push(Op::Dense {
        inputs: I,
        w: rows.iter().flatten().map(|v| v.as_f64()).collect(),
        b: bias.iter().map(|v| v.as_f64()).collect(),
    });
}

fn build_dense<const I: usize, const O: usize>(part: Built) -> QDense<I, O> {
    let Built::Dense {
        w,
        b,
        m,
        zx,
        zy,
        clamp,
        rounding,
    } = part
    else {
        unreachable!("a dense layer's part is a dense part")
    };
    let weights: [[i8; I]; O] = core::array::from_fn(|o| core::array::from_fn(|j| w[o * I + j]));
    QDense::from_parts(
        weights,
        core::array::from_fn(|o| b[o]),
        core::array::from_fn(|o| m[o]),
        zx,
        zy,
        clamp,
        rounding,
    )
}

impl<T: Scalar, const N: usize> Quantizable for BatchNorm<N, T> {
    type Quantized = QFolded;

    fn plan(&self, plan: &mut Plan) {
        let eps = self.eps();
        let (g, be) = (self.gamma(), self.beta());
        let (mu, var) = (self.running_mean(), self.running_var());
        let a: Vec<f64> = (0..N)
            .map(|k| g[k].as_f64() / (var[k].as_f64() + eps).sqrt())
            .collect();
        let c = (0..N)
            .map(|k| be[k].as_f64() - a[k] * mu[k].as_f64())
            .collect();
        plan.ops.push(Op::BatchNorm { a, c });
    }

    fn build(parts: &mut Parts) -> QFolded {
        next(parts);
        QFolded
    }
}

impl Quantizable for ReLU {
    type Quantized = QRelu;

    fn plan(&self, plan: &mut Plan) {
        plan.ops.push(Op::Relu);
    }

    fn build(parts: &mut Parts) -> QRelu {
        match next(parts) {
            Built::Relu(zero_point) => QRelu { zero_point },
            _ => unreachable!("a ReLU's part is a ReLU part"),
        }
    }
}

macro_rules! quantizable_identity {
    ($($ty:ty),*) => {$(
        impl Quantizable for $ty {
            type Quantized = QIdentity;

            fn plan(&self, plan: &mut Plan) {
                plan.ops.push(Op::Identity);
            }

            fn build(parts: &mut Parts) -> QIdentity {
                next(parts);
                QIdentity
            }
        }
    )*};
}

quantizable_identity!(Identity, Dropout);

macro_rules! quantizable_tuple {
    ($($L:ident $i:tt),+) => {
        impl<$($L: Quantizable),+> Quantizable for ($($L,)+) {
            type Quantized = ($($L::Quantized,)+);

            fn plan(&self, plan: &mut Plan) {
                $(self.$i.plan(plan);)+
            }

            fn build(parts: &mut Parts) -> Self::Quantized {
                ($($L::build(parts),)+)
            }
        }
    };
}

quantizable_tuple!(L0 0);
quantizable_tuple!(L0 0, L1 1);
quantizable_tuple!(L0 0, L1 1, L2 2);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8, L9 9);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8, L9 9, L10 10);
quantizable_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8, L9 9, L10 10, L11 11);

/// An int8 tensor's quantization from its calibrated range (TFLite's asymmetric int8 choice).
fn params_from_range(min: f64, max: f64) -> QParams {
    let (min, max) = (min.min(0.0), max.max(0.0));
    if max == min {
        return QParams {
            scale: 1.0,
            zero_point: 0,
        };
    }
    let scale = ((max - min) / 255.0) as f32;
    let zero_point = (-128.0 - min / scale as f64).round().clamp(-128.0, 127.0) as i8;
    QParams { scale, zero_point }
}

/// A group of planned operations that becomes one int8 tensor: a dense layer with the batch
/// normalisations and ReLU after it (`first..end`), or a lone ReLU or identity.
struct Group {
    first: usize,
    end: usize,
    /// Folded `w` (row-major) and `b`, for a dense group.
    dense: Option<(usize, Vec<f64>, Vec<f64>)>,
    relu: bool,
}

fn groups(ops: Vec<Op>) -> Result<Vec<Group>, QuantError> {
    let total = ops.len();
    let mut out = Vec::new();
    let mut ops = ops.into_iter().enumerate().peekable();
    while let Some((first, op)) = ops.next() {
        match op {
            Op::Dense {
                inputs,
                mut w,
                mut b,
            } => {
                while let Some((_, Op::BatchNorm { a, c })) =
                    ops.next_if(|(_, o)| matches!(o, Op::BatchNorm { .. }))
                {
                    for (o, bo) in b.iter_mut().enumerate() {
                        for wj in &mut w[o * inputs..(o + 1) * inputs] {
                            *wj *= a[o];
                        }
                        *bo = a[o] * *bo + c[o];
                    }
                }
                let relu = ops.next_if(|(_, o)| matches!(o, Op::Relu)).is_some();
                if w.iter().chain(&b).any(|v| !v.is_finite()) {
                    return Err(QuantError::NonFiniteParameter { layer: first });
                }
                out.push(Group {
                    first,
                    end: ops.peek().map_or(total, |(k, _)| *k),
                    dense: Some((inputs, w, b)),
                    relu,
                });
            }
            Op::BatchNorm { .. } => return Err(QuantError::UnfoldedBatchNorm { layer: first }),
            op @ (Op::Relu | Op::Identity) => out.push(Group {
                first,
                end: first + 1,
                dense: None,
                relu: matches!(op, Op::Relu),
            }),
        }
    }
    Ok(out)
}

fn run_group(g: &Group, x: &[f64]) -> Vec<f64> {
    let mut y = match &g.dense {
        Some((inputs, w, b)) => b
            .iter()
            .enumerate()
            .map(|(o, bo)| {
                bo + w[o * inputs..(o + 1) * inputs]
                    .iter()
                    .zip(x)
                    .map(|(a, b)| a * b)
                    .sum::<f64>()
            })
            .collect(),
        None => x.to_vec(),
    };
    if g.relu {
        for v in &mut y {
            *v = v.max(0.0);
        }
    }
    y
}

/// A representative sample for calibrating network `N`: a row of `N`'s input width in its
/// scalar (`[f32; I]` for a network that takes `I` features), so that a row of another width is
/// reported as the layer that cannot take it.
pub trait CalibrationSample<N> {
    /// The values, in `f64`.
    fn values(&self) -> Vec<f64>;
}

impl<T: Scalar, const I: usize, N: Layer<T, I>> CalibrationSample<N> for [T; I] {
    fn values(&self) -> Vec<f64> {
        self.iter().map(|a| a.as_f64()).collect()
    }
}

/// Post-training quantization of a trained float network (module docs): calibrates on
/// `samples` (rows of the network's input width, in its scalar), returns the int8 network, whose
/// type follows from the float network's.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::quant::{quantize, QuantOptions};
///
/// let net = (
///     Dense::<2, 2>::from_rows([[1.0, -1.0], [0.5, 0.5]], [0.0, 0.1]),
///     ReLU,
///     Dense::<2, 1>::from_rows([[1.0, 2.0]], [0.0]),
/// );
/// let samples = [[0.0f32, 0.0], [1.0, -1.0], [-1.0, 1.0], [0.5, 0.5]];
/// let q = quantize(&net, &samples, QuantOptions::default()).unwrap();
/// let y = q.forward_f32(&[1.0, -1.0]);
/// assert!((y[0] - 2.2).abs() < 0.02);
/// ```
///
/// # Errors
/// [`QuantError`]: no samples, a non-finite sample, value or parameter, or a batch
/// normalisation that does not follow a dense layer.
pub fn quantize<N: Quantizable, X: CalibrationSample<N>>(
    net: &N,
    samples: &[X],
    options: QuantOptions,
) -> Result<QNet<N::Quantized>, QuantError> {
    if samples.is_empty() {
        return Err(QuantError::NoSamples);
    }
    let mut plan = Plan::default();
    net.plan(&mut plan);
    let groups = groups(plan.ops)?;
    // Calibration: the range of the input and of every group's output.
    let mut ranges = std::vec![(f64::INFINITY, f64::NEG_INFINITY); groups.len() + 1];
    for (s, x) in samples.iter().enumerate() {
        let mut v = x.values();
        if v.iter().any(|a| !a.is_finite()) {
            return Err(QuantError::NonFinite {
                sample: s,
                layer: None,
            });
        }
        for (gi, g) in groups.iter().enumerate() {
            let seen = &mut ranges[gi];
            for &a in &v {
                seen.0 = seen.0.min(a);
                seen.1 = seen.1.max(a);
            }
            v = run_group(g, &v);
            if v.iter().any(|a| !a.is_finite()) {
                return Err(QuantError::NonFinite {
                    sample: s,
                    layer: Some(g.end - 1),
                });
            }
        }
        let last = ranges.len() - 1;
        for &a in &v {
            ranges[last].0 = ranges[last].0.min(a);
            ranges[last].1 = ranges[last].1.max(a);
        }
    }
    let tensors: Vec<QParams> = ranges
        .iter()
        .map(|&(lo, hi)| params_from_range(lo, hi))
        .collect();
    let mut parts = Parts::default();
    for (gi, g) in groups.iter().enumerate() {
        let (px, py) = (tensors[gi], tensors[gi + 1]);
        match &g.dense {
            Some((inputs, w, b)) => {
                let outputs = b.len();
                let max_abs = |o: usize| {
                    w[o * inputs..(o + 1) * inputs]
                        .iter()
                        .fold(0.0f64, |m, v| m.max(v.abs()))
                };
                let tensor_max = (0..outputs).map(max_abs).fold(0.0f64, f64::max);
                let scales: Vec<f32> = (0..outputs)
                    .map(|o| {
                        let m = if options.per_channel {
                            max_abs(o)
                        } else {
                            tensor_max
                        };
                        if m == 0.0 {
                            1.0
                        } else {
                            (m / 127.0) as f32
                        }
                    })
                    .collect();
                let mut qw = Vec::with_capacity(w.len());
                for (o, row) in w.chunks(*inputs).enumerate() {
                    for v in row {
                        qw.push((v / scales[o] as f64).round().clamp(-127.0, 127.0) as i8);
                    }
                }
                let qb = (0..outputs)
                    .map(|o| {
                        let s = px.scale as f64 * scales[o] as f64;
                        (b[o] / s).round().clamp(i32::MIN as f64, i32::MAX as f64) as i32
                    })
                    .collect();
                let m = (0..outputs)
                    .map(|o| {
                        let real = px.scale as f64 * scales[o] as f64 / py.scale as f64;
                        Multiplier::from_real(real, options.rounding)
                    })
                    .collect();
                let activation = if g.relu {
                    Activation::Relu
                } else {
                    Activation::None
                };
                parts.built.push_back(Built::Dense {
                    w: qw,
                    b: qb,
                    m,
                    zx: px.zero_point,
                    zy: py.zero_point,
                    clamp: activation.range(py),
                    rounding: options.rounding,
                });
                // The batch normalisations folded into it, then the ReLU fused (the last).
                for k in g.first + 1..g.end {
                    parts.built.push_back(if g.relu && k + 1 == g.end {
                        Built::Relu(py.zero_point)
                    } else {
                        Built::Folded
                    });
                }
            }
            None if g.relu => parts.built.push_back(Built::Relu(px.zero_point)),
            None => parts.built.push_back(Built::Identity),
        }
    }
    let layers = N::build(&mut parts);
    Ok(QNet {
        input: tensors[0],
        output: tensors[tensors.len() - 1],
        layers,
    })
}
