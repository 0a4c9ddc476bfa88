//! Int8 models from TensorFlow Lite files (feature `tflite`).
//!
//! [`load`] reads a `.tflite` flatbuffer that TensorFlow's converter wrote with full-integer
//! quantization (int8 input and output) for a chain of fully connected layers, and builds the
//! quantized network of the type the caller names: one [`QDense`] per `FULLY_CONNECTED`
//! operator, in order. Every tensor's shape, type, scale and zero point is checked against that
//! type and against TFLite's int8 scheme, and the requantization multipliers are computed as
//! TFLite Micro computes them, so the network gives TFLite Micro's outputs bit for bit.
//!
//! Anything else is a [`TfliteError`] that names the tensor or operator: a file that is not a
//! flatbuffer (truncated, corrupted), another operator, a float model, a layer count or a size
//! that differs from the type's. The flatbuffer is checked by the `flatbuffers` crate's verifier
//! before any field is read.
//!
//! ```
//! # fn main() -> Result<(), constnet::io::tflite::TfliteError> {
//! use constnet::quant::{QDense, QNet};
//!
//! let file = std::fs::read("tests/fixtures/quant/relu_pc.tflite").unwrap();
//! let net: QNet<(QDense<4, 16>, QDense<16, 8>, QDense<8, 3>)> =
//!     constnet::io::tflite::load(&file)?;
//! let y = net.forward(&[12i8, -7, 100, -128]);
//! assert_eq!(y.len(), 3);
//!
//! // The same file into another shape is an error naming the tensor.
//! let err = constnet::io::tflite::load::<(QDense<4, 16>, QDense<16, 9>, QDense<9, 3>)>(&file)
//!     .unwrap_err();
//! assert!(err.to_string().contains("shape"), "{err}");
//! # Ok(())
//! # }
//! ```

mod schema;

use std::string::{String, ToString};
use std::vec::Vec;

use crate::quant::{Activation, Multiplier, QDense, QNet, QParams, Rounding};

/// Why a `.tflite` file could not be loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum TfliteError {
    /// The bytes are not a TensorFlow Lite model (no `TFL3` identifier).
    NotTflite,
    /// The flatbuffer is truncated or corrupted (the verifier's finding).
    Malformed {
        /// What the verifier found.
        reason: String,
    },
    /// The model does not have exactly one subgraph.
    Subgraphs {
        /// How many it has.
        found: usize,
    },
    /// An operator other than `FULLY_CONNECTED`.
    UnsupportedOperator {
        /// The operator's index in the subgraph.
        index: usize,
        /// Its name (`CONV_2D`, `QUANTIZE`, …).
        operator: String,
    },
    /// A fused activation that int8 dense layers do not take.
    UnsupportedActivation {
        /// The operator's index.
        index: usize,
        /// TFLite's name for it.
        activation: String,
    },
    /// The model has another number of fully connected layers than the network type.
    LayerCount {
        /// The network type's.
        expected: usize,
        /// The file's.
        found: usize,
    },
    /// A tensor's shape differs from the one the network type needs.
    Shape {
        /// The tensor's name in the file.
        tensor: String,
        /// The shape the network type needs.
        expected: Vec<usize>,
        /// The file's.
        found: Vec<i32>,
    },
    /// A tensor's element type differs from TFLite's int8 scheme (int8 activations and weights,
    /// int32 biases); a float model's input is `FLOAT32`.
    Type {
        /// The tensor's name.
        tensor: String,
        /// The type needed.
        expected: &'static str,
        /// The file's.
        found: String,
    },
    /// A tensor's quantization is missing or outside TFLite's int8 scheme.
    Quantization {
        /// The tensor's name.
        tensor: String,
        /// What is wrong.
        reason: String,
    },
    /// The operators do not form a chain from the model's input to its output, or refer to
    /// tensors or buffers that do not exist, or keep constant data where it cannot be read.
    Graph {
        /// What is wrong.
        reason: String,
    },
}

impl core::fmt::Display for TfliteError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotTflite => write!(f, "not a TensorFlow Lite model (no TFL3 identifier)"),
            Self::Malformed { reason } => {
                write!(f, "the TensorFlow Lite flatbuffer is truncated or corrupted: {reason}")
            }
            Self::Subgraphs { found } => {
                write!(f, "the model has {found} subgraphs; one is supported")
            }
            Self::UnsupportedOperator { index, operator } => write!(
                f,
                "operator {index} is {operator}; only FULLY_CONNECTED (int8) is supported"
            ),
            Self::UnsupportedActivation { index, activation } => write!(
                f,
                "operator {index} fuses activation {activation}; int8 dense layers take NONE, RELU, RELU6 and RELU_N1_TO_1"
            ),
            Self::LayerCount { expected, found } => write!(
                f,
                "the model has {found} fully connected layers, the network type {expected}"
            ),
            Self::Shape {
                tensor,
                expected,
                found,
            } => write!(
                f,
                "tensor `{tensor}` has shape {found:?}, the network type needs {expected:?}"
            ),
            Self::Type {
                tensor,
                expected,
                found,
            } => {
                write!(f, "tensor `{tensor}` is {found}, expected {expected}")?;
                if found == "FLOAT32" {
                    write!(
                        f,
                        " (a float model: convert with full-integer quantization and int8 input and output)"
                    )?;
                }
                Ok(())
            }
            Self::Quantization { tensor, reason } => {
                write!(f, "tensor `{tensor}`: {reason}")
            }
            Self::Graph { reason } => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for TfliteError {}

const FULLY_CONNECTED: i32 = 9;
const INT8: i8 = 9;
const INT32: i8 = 2;

fn type_name(t: i8) -> String {
    match t {
        0 => "FLOAT32",
        1 => "FLOAT16",
        2 => "INT32",
        3 => "UINT8",
        4 => "INT64",
        5 => "STRING",
        6 => "BOOL",
        7 => "INT16",
        8 => "COMPLEX64",
        9 => "INT8",
        10 => "FLOAT64",
        _ => return std::format!("tensor type {t}"),
    }
    .to_string()
}

fn operator_name(code: i32) -> String {
    let name = match code {
        0 => "ADD",
        1 => "AVERAGE_POOL_2D",
        2 => "CONCATENATION",
        3 => "CONV_2D",
        4 => "DEPTHWISE_CONV_2D",
        6 => "DEQUANTIZE",
        14 => "LOGISTIC",
        17 => "MAX_POOL_2D",
        18 => "MUL",
        19 => "RELU",
        21 => "RELU6",
        22 => "RESHAPE",
        25 => "SOFTMAX",
        28 => "TANH",
        32 => "CUSTOM",
        44 => "UNIDIRECTIONAL_SEQUENCE_LSTM",
        114 => "QUANTIZE",
        _ => return std::format!("builtin operator {code}"),
    };
    name.to_string()
}

/// One `FULLY_CONNECTED` operator's tensors, checked for what does not depend on the network
/// type.
struct Fc<'a> {
    index: usize,
    input: schema::Tensor<'a>,
    filter: schema::Tensor<'a>,
    bias: Option<schema::Tensor<'a>>,
    output: schema::Tensor<'a>,
    activation: Activation,
}

/// The model's fully connected operators, taken in order by [`FromTflite::take`]; opaque.
pub struct Operators<'a> {
    ops: Vec<Fc<'a>>,
    next: usize,
    buffers: flatbuffers::Vector<'a, flatbuffers::ForwardsUOffset<schema::Buffer<'a>>>,
}

/// A quantized layer or network that can be built from a `.tflite` model's operators.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a layer or network that loads from a TensorFlow Lite file",
    label = "not a chain of `QDense` layers",
    note = "a `.tflite` fully connected model loads into a tuple of `QDense<I, O>`, one per FULLY_CONNECTED operator"
)]
pub trait FromTflite: Sized {
    /// How many `FULLY_CONNECTED` operators it takes.
    const OPERATORS: usize;

    /// Builds it from the next operators.
    ///
    /// # Errors
    /// [`TfliteError`] for a tensor that does not fit.
    fn take(ops: &mut Operators<'_>) -> Result<Self, TfliteError>;
}

fn name(t: &schema::Tensor<'_>) -> String {
    t.name().unwrap_or("(unnamed)").to_string()
}

fn dims(t: &schema::Tensor<'_>) -> Vec<i32> {
    t.shape().map(|s| s.iter().collect()).unwrap_or_default()
}

/// `[I]` or `[1, I]`.
fn check_vector(t: &schema::Tensor<'_>, n: usize) -> Result<(), TfliteError> {
    let d = dims(t);
    let ok = match d.as_slice() {
        [a] => *a as usize == n,
        [1, a] => *a as usize == n,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(TfliteError::Shape {
            tensor: name(t),
            expected: std::vec![1, n],
            found: d,
        })
    }
}

fn check_type(t: &schema::Tensor<'_>, kind: i8, expected: &'static str) -> Result<(), TfliteError> {
    if t.kind() == kind {
        Ok(())
    } else {
        Err(TfliteError::Type {
            tensor: name(t),
            expected,
            found: type_name(t.kind()),
        })
    }
}

fn quant_error(t: &schema::Tensor<'_>, reason: &str) -> TfliteError {
    TfliteError::Quantization {
        tensor: name(t),
        reason: reason.to_string(),
    }
}

/// Scales and zero points of a tensor: `(scales, zero_points)`, each checked finite and in
/// range.
fn scales(t: &schema::Tensor<'_>) -> Result<(Vec<f32>, Vec<i64>), TfliteError> {
    let q = t
        .quantization()
        .ok_or_else(|| quant_error(t, "no quantization parameters"))?;
    if q.details_type() != 0 {
        return Err(quant_error(
            t,
            "custom quantization details are not supported",
        ));
    }
    let s: Vec<f32> = q.scale().map(|v| v.iter().collect()).unwrap_or_default();
    let z: Vec<i64> = q
        .zero_point()
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    if s.is_empty() {
        return Err(quant_error(t, "no scale"));
    }
    if z.len() != s.len() {
        return Err(quant_error(
            t,
            &std::format!("{} scales but {} zero points", s.len(), z.len()),
        ));
    }
    if let Some(bad) = s.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
        return Err(quant_error(
            t,
            &std::format!("scale {bad} is not positive and finite"),
        ));
    }
    Ok((s, z))
}

/// An int8 activation tensor's per-tensor quantization.
fn activation_params(t: &schema::Tensor<'_>) -> Result<QParams, TfliteError> {
    check_type(t, INT8, "INT8")?;
    let (s, z) = scales(t)?;
    if s.len() != 1 {
        return Err(quant_error(t, "an activation needs one scale (per tensor)"));
    }
    if !(-128..=127).contains(&z[0]) {
        return Err(quant_error(
            t,
            &std::format!("zero point {} is outside int8", z[0]),
        ));
    }
    Ok(QParams {
        scale: s[0],
        zero_point: z[0] as i8,
    })
}

impl<'a> Operators<'a> {
    /// The constant data of `t`, exactly `len` bytes.
    fn data(&self, t: &schema::Tensor<'a>, len: usize) -> Result<&'a [u8], TfliteError> {
        let b = t.buffer() as usize;
        if b == 0 || b >= self.buffers.len() {
            return Err(TfliteError::Graph {
                reason: std::format!("tensor `{}` has no constant data (buffer {b})", name(t)),
            });
        }
        let buf = self.buffers.get(b);
        if buf.offset() != 0 {
            return Err(TfliteError::Graph {
                reason: std::format!(
                    "tensor `{}` keeps its data outside the flatbuffer, which is not supported",
                    name(t)
                ),
            });
        }
        let data = buf.data().unwrap_or(&[]);
        if data.len() != len {
            return Err(TfliteError::Graph {
                reason: std::format!(
                    "tensor `{}` holds {} bytes of data, its shape needs {len}",
                    name(t),
                    data.len()
                ),
            });
        }
        Ok(data)
    }
}

impl<const I: usize, const O: usize> FromTflite for QDense<I, O> {
    const OPERATORS: usize = 1;

    fn take(ops: &mut Operators<'_>) -> Result<Self, TfliteError> {
        let fc = &ops.ops[ops.next];
        ops.next += 1;
        // Filter: int8 [O, I], symmetric, per tensor or per output channel.
        let f = &fc.filter;
        let d = dims(f);
        if d.as_slice() != [O as i32, I as i32] {
            return Err(TfliteError::Shape {
                tensor: name(f),
                expected: std::vec![O, I],
                found: d,
            });
        }
        check_vector(&fc.input, I)?;
        check_vector(&fc.output, O)?;
        let px = activation_params(&fc.input)?;
        let py = activation_params(&fc.output)?;
        check_type(f, INT8, "INT8")?;
        if f.is_sparse() {
            return Err(quant_error(f, "sparse weights are not supported"));
        }
        let (sw, zw) = scales(f)?;
        if sw.len() != 1 && sw.len() != O {
            return Err(quant_error(
                f,
                &std::format!(
                    "{} scales: weights take one, or one per output ({O})",
                    sw.len()
                ),
            ));
        }
        if sw.len() > 1 && f.quantization().map(|q| q.quantized_dimension()) != Some(0) {
            return Err(quant_error(
                f,
                "per-channel scales must run along dimension 0 (the outputs)",
            ));
        }
        if zw.iter().any(|&z| z != 0) {
            return Err(quant_error(
                f,
                "weights must be symmetric (zero point 0), as TFLite's int8 scheme has them",
            ));
        }
        let raw = ops.data(f, I * O)?;
        let weights: [[i8; I]; O] =
            core::array::from_fn(|o| core::array::from_fn(|j| raw[o * I + j] as i8));
        // Bias: int32 [O], or none.
        let bias: [i32; O] = match &fc.bias {
            None => [0; O],
            Some(b) => {
                check_type(b, INT32, "INT32")?;
                let d = dims(b);
                if d.as_slice() != [O as i32] {
                    return Err(TfliteError::Shape {
                        tensor: name(b),
                        expected: std::vec![O],
                        found: d,
                    });
                }
                let raw = ops.data(b, 4 * O)?;
                core::array::from_fn(|o| {
                    i32::from_le_bytes([raw[4 * o], raw[4 * o + 1], raw[4 * o + 2], raw[4 * o + 3]])
                })
            }
        };
        // TFLite Micro's multipliers: `(s_x · s_w) / s_y` in double precision, per channel.
        let multipliers: [Multiplier; O] = core::array::from_fn(|o| {
            let s = if sw.len() == 1 { sw[0] } else { sw[o] };
            let real = px.scale as f64 * s as f64 / py.scale as f64;
            Multiplier::from_real(real, Rounding::Double)
        });
        Ok(QDense::from_parts(
            weights,
            bias,
            multipliers,
            px.zero_point,
            py.zero_point,
            fc.activation.range(py),
            Rounding::Double,
        ))
    }
}

macro_rules! tflite_tuple {
    ($($L:ident),+) => {
        impl<$($L: FromTflite),+> FromTflite for ($($L,)+) {
            const OPERATORS: usize = 0 $(+ $L::OPERATORS)+;

            fn take(ops: &mut Operators<'_>) -> Result<Self, TfliteError> {
                Ok(($($L::take(ops)?,)+))
            }
        }
    };
}

tflite_tuple!(L0);
tflite_tuple!(L0, L1);
tflite_tuple!(L0, L1, L2);
tflite_tuple!(L0, L1, L2, L3);
tflite_tuple!(L0, L1, L2, L3, L4);
tflite_tuple!(L0, L1, L2, L3, L4, L5);
tflite_tuple!(L0, L1, L2, L3, L4, L5, L6);
tflite_tuple!(L0, L1, L2, L3, L4, L5, L6, L7);
tflite_tuple!(L0, L1, L2, L3, L4, L5, L6, L7, L8);
tflite_tuple!(L0, L1, L2, L3, L4, L5, L6, L7, L8, L9);
tflite_tuple!(L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10);
tflite_tuple!(L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11);

fn graph(reason: String) -> TfliteError {
    TfliteError::Graph { reason }
}

/// Loads an int8 fully connected `.tflite` model into the quantized network type `L` (module
/// docs).
///
/// # Errors
/// [`TfliteError`]: not a TFLite flatbuffer, truncated or corrupted, another operator or
/// activation, a float model, another layer count, shape, type or quantization, or operators
/// that do not chain.
pub fn load<L: FromTflite>(bytes: &[u8]) -> Result<QNet<L>, TfliteError> {
    if bytes.len() < 8 || &bytes[4..8] != b"TFL3" {
        return Err(TfliteError::NotTflite);
    }
    let model = schema::model(bytes).map_err(|e| TfliteError::Malformed {
        reason: e.to_string(),
    })?;
    let subgraphs = model.subgraphs().map(|s| s.len()).unwrap_or(0);
    if subgraphs != 1 {
        return Err(TfliteError::Subgraphs { found: subgraphs });
    }
    let sg = model.subgraphs().expect("one subgraph").get(0);
    let tensors = sg
        .tensors()
        .ok_or_else(|| graph("the subgraph has no tensors".to_string()))?;
    let codes: Vec<i32> = model
        .operator_codes()
        .map(|c| c.iter().map(|c| c.builtin()).collect())
        .unwrap_or_default();
    let buffers = model
        .buffers()
        .ok_or_else(|| graph("the model has no buffers".to_string()))?;
    let tensor = |k: i32, what: &str| -> Result<schema::Tensor<'_>, TfliteError> {
        if k < 0 || k as usize >= tensors.len() {
            return Err(graph(std::format!(
                "{what} refers to tensor {k}, but the subgraph has {}",
                tensors.len()
            )));
        }
        Ok(tensors.get(k as usize))
    };
    let operators = sg.operators().map(|o| o.len()).unwrap_or(0);
    let mut ops = Vec::with_capacity(operators);
    let mut previous: Option<i32> = None;
    for (index, op) in sg.operators().into_iter().flatten().enumerate() {
        let code = *codes
            .get(op.opcode_index() as usize)
            .ok_or_else(|| graph(std::format!("operator {index} has no operator code")))?;
        if code != FULLY_CONNECTED {
            return Err(TfliteError::UnsupportedOperator {
                index,
                operator: operator_name(code),
            });
        }
        let inputs: Vec<i32> = op.inputs().map(|v| v.iter().collect()).unwrap_or_default();
        let outputs: Vec<i32> = op.outputs().map(|v| v.iter().collect()).unwrap_or_default();
        if !(2..=3).contains(&inputs.len()) || outputs.len() != 1 {
            return Err(graph(std::format!(
                "operator {index} (FULLY_CONNECTED) has {} inputs and {} outputs; it takes an input, weights and an optional bias, and gives one output",
                inputs.len(),
                outputs.len()
            )));
        }
        let what = std::format!("operator {index}");
        let input = tensor(inputs[0], &what)?;
        if let Some(p) = previous {
            if inputs[0] != p {
                return Err(graph(std::format!(
                    "operator {index} does not take the output of operator {}: the layers must form a chain",
                    index - 1
                )));
            }
        }
        let options = op.fully_connected_options();
        let activation = match options.as_ref().map(|o| o.activation()).unwrap_or(0) {
            0 => Activation::None,
            1 => Activation::Relu,
            2 => Activation::ReluN1To1,
            3 => Activation::Relu6,
            other => {
                return Err(TfliteError::UnsupportedActivation {
                    index,
                    activation: match other {
                        4 => "TANH".to_string(),
                        5 => "SIGN_BIT".to_string(),
                        k => std::format!("activation {k}"),
                    },
                })
            }
        };
        if let Some(o) = &options {
            if o.weights_format() != 0 {
                return Err(graph(std::format!(
                    "operator {index} stores its weights shuffled, which is not supported"
                )));
            }
            if o.asymmetric_quantize_inputs() {
                return Err(graph(std::format!(
                    "operator {index} is a hybrid (float input) layer; convert with full-integer quantization"
                )));
            }
        }
        let bias = match inputs.get(2) {
            Some(&k) if k >= 0 => Some(tensor(k, &what)?),
            _ => None,
        };
        ops.push(Fc {
            index,
            input,
            filter: tensor(inputs[1], &what)?,
            bias,
            output: tensor(outputs[0], &what)?,
            activation,
        });
        previous = Some(outputs[0]);
    }
    if ops.len() != L::OPERATORS {
        return Err(TfliteError::LayerCount {
            expected: L::OPERATORS,
            found: ops.len(),
        });
    }
    let first_in: Vec<i32> = sg.inputs().map(|v| v.iter().collect()).unwrap_or_default();
    let last_out: Vec<i32> = sg.outputs().map(|v| v.iter().collect()).unwrap_or_default();
    let op_inputs = sg.operators().expect("operators").get(0).inputs();
    let first_op_in = op_inputs.and_then(|v| v.iter().next());
    if first_in.len() != 1 || Some(first_in[0]) != first_op_in {
        return Err(graph(
            "the model's input is not the first layer's input".to_string(),
        ));
    }
    if last_out.len() != 1 || Some(last_out[0]) != previous {
        return Err(graph(
            "the model's output is not the last layer's output".to_string(),
        ));
    }
    // The boundaries' quantization (a float model fails here, naming its input).
    let input = activation_params(&ops[0].input)?;
    let output = activation_params(&ops[ops.len() - 1].output)?;
    let mut operators = Operators {
        ops,
        next: 0,
        buffers,
    };
    let layers = L::take(&mut operators)?;
    debug_assert!(operators.ops.iter().all(|fc| fc.index < operators.next));
    Ok(QNet {
        input,
        output,
        layers,
    })
}
