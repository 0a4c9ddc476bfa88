//! PyTorch weights in and out through safetensors (feature `safetensors`).
//!
//! Names are those of a PyTorch `state_dict`: a tuple network's layers are numbered by position,
//! as `nn.Sequential` numbers its modules (activations take a position too), so
//! `(Dense<2, 8>, ReLU, Dense<8, 1>)` has `0.weight`, `0.bias`, `2.weight`, `2.bias`;
//! batch normalisation adds `k.running_mean` and `k.running_var` (and PyTorch's
//! `k.num_batches_tracked`, which is accepted and ignored on load, written as 0 on save).
//! Weights are `[out, in]` row-major, as `nn.Linear.weight`.
//!
//! Loading checks every tensor's presence, shape and dtype, and that the file holds nothing else,
//! before it writes anything: the network is never half-loaded.
//!
//! ```
//! use constnet::io::safetensors::{load_safetensors, to_safetensors, SafetensorsError};
//! use constnet::prelude::*;
//!
//! let net = (Dense::<2, 3>::from_rows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0.5, 0.0, -0.5]), ReLU, Dense::<3, 1>::zeros());
//! let bytes = to_safetensors(&net).unwrap();
//! let mut copy = (Dense::<2, 3>::zeros(), ReLU, Dense::<3, 1>::zeros());
//! load_safetensors(&mut copy, &bytes).unwrap();
//! assert_eq!(copy, net);
//!
//! let mut wider = (Dense::<2, 4>::zeros(), ReLU, Dense::<4, 1>::zeros());
//! let err = load_safetensors(&mut wider, &bytes).unwrap_err();
//! assert_eq!(err.to_string(), "tensor `0.weight` has shape [3, 2], the network needs [4, 2]");
//! ```

use std::collections::BTreeMap;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{fmt, format, vec};

use safetensors::tensor::{Dtype, TensorView};
use safetensors::SafeTensors;

use crate::layer::{Chained, Params, TensorKind};
use crate::Scalar;

/// Why a safetensors file could not be loaded (or written).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SafetensorsError {
    /// The bytes are not a valid safetensors file.
    Format(String),
    /// The network needs a tensor the file does not have.
    Missing {
        /// The tensor's name.
        name: String,
    },
    /// The file has a tensor the network does not use.
    Extra {
        /// The tensor's name.
        name: String,
    },
    /// A tensor has another shape than the network's.
    ShapeCheck {
        /// The tensor's name.
        name: String,
        /// The network's shape.
        expected: Vec<usize>,
        /// The file's shape.
        found: Vec<usize>,
    },
    /// A tensor has another dtype than the network's scalar.
    Dtype {
        /// The tensor's name.
        name: String,
        /// The network's scalar (`F32` or `F64`).
        expected: String,
        /// The file's dtype.
        found: String,
    },
    /// Loading by order: the file has another number of tensors.
    Count {
        /// Tensors the network has.
        expected: usize,
        /// Tensors in the file.
        found: usize,
    },
    /// A value is NaN or infinite.
    NonFinite {
        /// The tensor's name.
        name: String,
        /// Index of the value in the tensor (row-major).
        index: usize,
    },
}

impl fmt::Display for SafetensorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SafetensorsError::Format(e) => write!(f, "not a valid safetensors file: {e}"),
            SafetensorsError::Missing { name } => {
                write!(f, "tensor `{name}` is missing from the file")
            }
            SafetensorsError::Extra { name } => {
                write!(
                    f,
                    "the file has tensor `{name}`, which the network does not use"
                )
            }
            SafetensorsError::ShapeCheck {
                name,
                expected,
                found,
            } => {
                write!(
                    f,
                    "tensor `{name}` has shape {found:?}, the network needs {expected:?}"
                )
            }
            SafetensorsError::Dtype {
                name,
                expected,
                found,
            } => {
                write!(
                    f,
                    "tensor `{name}` is {found}, the network needs {expected}"
                )
            }
            SafetensorsError::Count { expected, found } => {
                write!(f, "the file has {found} tensors, the network {expected}")
            }
            SafetensorsError::NonFinite { name, index } => {
                write!(f, "tensor `{name}` value {index} is NaN or infinite")
            }
        }
    }
}

impl std::error::Error for SafetensorsError {}

/// One tensor slot of the network: its name, PyTorch shape and where it lives.
struct Slot {
    name: String,
    shape: Vec<usize>,
    rows: usize,
    cols: usize,
    buffer: Option<usize>,
    tensor: usize,
}

fn slots<T: Scalar, N: Params<T>>() -> Vec<Slot> {
    let mut out = Vec::new();
    for i in 0..N::TENSORS {
        let info = N::tensor_info(i);
        let mut name = String::new();
        N::tensor_name(i, &mut name).expect("writing to a String");
        let shape = match (N::torch_shape(i), info.kind) {
            (Some(dims), _) => dims.to_vec(),
            (None, TensorKind::Weight) => vec![info.rows, info.cols],
            (None, _) => vec![info.rows * info.cols],
        };
        out.push(Slot {
            name,
            shape,
            rows: info.rows,
            cols: info.cols,
            buffer: None,
            tensor: i,
        });
    }
    for i in 0..N::BUFFERS {
        let mut name = String::new();
        N::buffer_name(i, &mut name).expect("writing to a String");
        out.push(Slot {
            name,
            shape: Vec::new(), // filled from the value's length below
            rows: 0,
            cols: 1,
            buffer: Some(i),
            tensor: 0,
        });
    }
    out
}

fn dtype_of<T: Scalar>() -> Dtype {
    if T::NAME == "f32" {
        Dtype::F32
    } else {
        Dtype::F64
    }
}

fn ignorable(name: &str) -> bool {
    name.ends_with("num_batches_tracked")
}

/// Converts a file's values (row-major) into storage order, checking finiteness.
fn decode<T: Scalar>(
    view: &TensorView<'_>,
    name: &str,
    rows: usize,
    cols: usize,
) -> Result<Vec<T>, SafetensorsError> {
    let width = core::mem::size_of::<T>();
    let data = view.data();
    let mut out = vec![T::zero(); rows * cols];
    for (k, chunk) in data.chunks_exact(width).enumerate() {
        let v = if width == 4 {
            T::cast_f64(f64::from(f32::from_le_bytes(
                chunk.try_into().expect("4 bytes"),
            )))
        } else {
            T::cast_f64(f64::from_le_bytes(chunk.try_into().expect("8 bytes")))
        };
        if !v.is_finite() {
            return Err(SafetensorsError::NonFinite {
                name: name.to_string(),
                index: k,
            });
        }
        let (r, c) = (k / cols, k % cols);
        out[c * rows + r] = v;
    }
    Ok(out)
}

fn check<T: Scalar>(
    view: &TensorView<'_>,
    name: &str,
    shape: &[usize],
) -> Result<(), SafetensorsError> {
    if view.dtype() != dtype_of::<T>() {
        return Err(SafetensorsError::Dtype {
            name: name.to_string(),
            expected: format!("{:?}", dtype_of::<T>()),
            found: format!("{:?}", view.dtype()),
        });
    }
    if view.shape() != shape {
        return Err(SafetensorsError::ShapeCheck {
            name: name.to_string(),
            expected: shape.to_vec(),
            found: view.shape().to_vec(),
        });
    }
    Ok(())
}

fn load_with<T: Scalar, N: Params<T>>(
    net: &mut N,
    bytes: &[u8],
    pick: impl Fn(&SafeTensors<'_>, &[Slot]) -> Result<Vec<String>, SafetensorsError>,
) -> Result<(), SafetensorsError> {
    let file =
        SafeTensors::deserialize(bytes).map_err(|e| SafetensorsError::Format(e.to_string()))?;
    let mut slots = slots::<T, N>();
    for slot in &mut slots {
        if let Some(b) = slot.buffer {
            slot.rows = net.buffer(b).len();
            slot.shape = vec![slot.rows];
        }
    }
    let names = pick(&file, &slots)?;
    // Validate and decode everything first.
    let mut decoded = Vec::with_capacity(slots.len());
    for (slot, file_name) in slots.iter().zip(&names) {
        let view = file
            .tensor(file_name)
            .map_err(|_| SafetensorsError::Missing {
                name: file_name.clone(),
            })?;
        check::<T>(&view, file_name, &slot.shape)?;
        decoded.push(decode::<T>(&view, file_name, slot.rows, slot.cols)?);
    }
    // Then write.
    for (slot, values) in slots.iter().zip(decoded) {
        let target = match slot.buffer {
            Some(b) => net.buffer_mut(b),
            None => net.tensor_mut(slot.tensor),
        };
        target.copy_from_slice(&values);
    }
    Ok(())
}

/// Loads a `state_dict` by name (see the [module docs](self) for the names).
///
/// # Errors
/// [`SafetensorsError`] for an invalid file, a missing or extra tensor, or a tensor of the wrong
/// shape or dtype; the network is then unchanged.
pub fn load_safetensors<T: Scalar, N: Params<T> + Chained>(
    net: &mut N,
    bytes: &[u8],
) -> Result<(), SafetensorsError> {
    load_with(net, bytes, |file, slots| {
        let mut names = file.names();
        names.sort_by_key(|n| natural_key(n));
        for name in names {
            if !ignorable(name) && !slots.iter().any(|s| s.name == name) {
                return Err(SafetensorsError::Extra {
                    name: name.to_string(),
                });
            }
        }
        for s in slots {
            if file.tensor(&s.name).is_err() {
                return Err(SafetensorsError::Missing {
                    name: s.name.clone(),
                });
            }
        }
        Ok(slots.iter().map(|s| s.name.clone()).collect())
    })
}

/// Loads a `state_dict` whose names differ from constnet's: `rename` maps each of the network's
/// names (as in the [module docs](self)) to the file's. For a PyTorch module with named
/// submodules, or a multi-layer `nn.GRU`/`nn.LSTM`, whose layer `k` is `weight_ih_lk`:
///
/// ```
/// use constnet::io::safetensors::{load_safetensors_renamed, to_safetensors};
/// use constnet::prelude::*;
///
/// // Saved from `self.rnn = nn.LSTM(2, 4, num_layers=2); self.head = nn.Linear(4, 3)`.
/// type Net = (Lstm<2, 4>, Lstm<4, 4>, Dense<4, 3>);
/// let torch_name = |name: &str| -> String {
///     let (layer, rest) = name.split_once('.').unwrap();
///     match layer {
///         "2" => format!("head.{rest}"),
///         k => format!("rnn.{}l{k}", rest.trim_end_matches("l0")),
///     }
/// };
/// assert_eq!(torch_name("1.weight_hh_l0"), "rnn.weight_hh_l1");
/// assert_eq!(torch_name("2.bias"), "head.bias");
///
/// // A file of constnet's own names is not one of PyTorch's: refused, the network untouched.
/// let bytes = to_safetensors(&Net::zeroed()).unwrap();
/// let mut net = Net::zeroed();
/// let err = load_safetensors_renamed(&mut net, &bytes, torch_name).unwrap_err();
/// assert!(err.to_string().starts_with("the file has tensor `0."));
/// ```
///
/// Every tensor of the network must be in the file under its mapped name, and the file must hold
/// nothing else: a file of another number of layers (`weight_ih_l2` too, or no `weight_ih_l1`) is
/// an error that names the tensor, never a network left partly at its initial values.
///
/// # Errors
/// As [`load_safetensors`]; the network is then unchanged.
pub fn load_safetensors_renamed<T: Scalar, N: Params<T> + Chained>(
    net: &mut N,
    bytes: &[u8],
    rename: impl Fn(&str) -> String,
) -> Result<(), SafetensorsError> {
    load_with(net, bytes, |file, slots| {
        let mapped: Vec<String> = slots.iter().map(|s| rename(&s.name)).collect();
        let mut names = file.names();
        names.sort_by_key(|n| natural_key(n));
        for name in names {
            if !ignorable(name) && !mapped.iter().any(|m| m == name) {
                return Err(SafetensorsError::Extra {
                    name: name.to_string(),
                });
            }
        }
        for m in &mapped {
            if file.tensor(m).is_err() {
                return Err(SafetensorsError::Missing { name: m.clone() });
            }
        }
        Ok(mapped)
    })
}

/// Sort key for loading by order: numeric path segments compare as numbers, and within a layer
/// PyTorch's order `weight`, `bias`, `running_mean`, `running_var`.
fn natural_key(name: &str) -> Vec<(u8, u64, String)> {
    name.split('.')
        .map(|seg| {
            if let Ok(n) = seg.parse::<u64>() {
                (0, n, String::new())
            } else {
                let rank = match seg {
                    "weight" => 1,
                    "bias" => 2,
                    "running_mean" => 3,
                    "running_var" => 4,
                    _ => 5,
                };
                (rank, 0, seg.to_string())
            }
        })
        .collect()
}

/// Loads a `state_dict` by order, whatever the names: the file's tensors sorted by name (numeric
/// parts as numbers; `weight`, `bias`, `running_mean`, `running_var` within a module), parameters
/// matched to the network's parameters in order and running statistics to its buffers. That is
/// the definition order for `nn.Sequential` and for module names that sort in order (`fc1`,
/// `fc2`, …).
///
/// # Errors
/// As [`load_safetensors`], and [`SafetensorsError::Count`] if the numbers of tensors differ.
pub fn load_safetensors_by_order<T: Scalar, N: Params<T> + Chained>(
    net: &mut N,
    bytes: &[u8],
) -> Result<(), SafetensorsError> {
    load_with(net, bytes, |file, slots| {
        let mut names: Vec<&str> = file.names().into_iter().filter(|n| !ignorable(n)).collect();
        names.sort_by_key(|n| natural_key(n));
        let is_buffer = |n: &str| n.ends_with("running_mean") || n.ends_with("running_var");
        let params: Vec<&str> = names.iter().copied().filter(|n| !is_buffer(n)).collect();
        let buffers: Vec<&str> = names.iter().copied().filter(|n| is_buffer(n)).collect();
        let wanted_params = slots.iter().filter(|s| s.buffer.is_none()).count();
        if params.len() != wanted_params || buffers.len() != slots.len() - wanted_params {
            return Err(SafetensorsError::Count {
                expected: slots.len(),
                found: names.len(),
            });
        }
        Ok(params
            .into_iter()
            .chain(buffers)
            .map(str::to_string)
            .collect())
    })
}

/// The network as a safetensors file that PyTorch loads with `safetensors.torch.load_file` and
/// `load_state_dict` (names as in the [module docs](self), weights row-major `[out, in]`).
///
/// # Errors
/// [`SafetensorsError::Format`] if the safetensors crate fails to serialise.
pub fn to_safetensors<T: Scalar, N: Params<T> + Chained>(
    net: &N,
) -> Result<Vec<u8>, SafetensorsError> {
    to_safetensors_with_metadata(net, &[])
}

/// As [`to_safetensors`], with string metadata in the file's header (`__metadata__`, which
/// `safetensors.safe_open(…).metadata()` reads in Python): what travels with the weights, such as
/// the class names of a classifier. [`safetensors_metadata`] reads it back.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::io::safetensors::{safetensors_metadata, to_safetensors_with_metadata};
///
/// let net = (Dense::<4, 3>::zeros(),);
/// let bytes = to_safetensors_with_metadata(&net, &[("classes", "setosa,versicolor,virginica")]).unwrap();
/// let meta = safetensors_metadata(&bytes).unwrap();
/// assert_eq!(meta["classes"], "setosa,versicolor,virginica");
/// ```
///
/// # Errors
/// [`SafetensorsError::Format`] if the safetensors crate fails to serialise.
pub fn to_safetensors_with_metadata<T: Scalar, N: Params<T> + Chained>(
    net: &N,
    metadata: &[(&str, &str)],
) -> Result<Vec<u8>, SafetensorsError> {
    let width = core::mem::size_of::<T>();
    let mut owned: BTreeMap<String, (Dtype, Vec<usize>, Vec<u8>)> = BTreeMap::new();
    for slot in slots::<T, N>() {
        let values = match slot.buffer {
            Some(b) => net.buffer(b),
            None => net.tensor(slot.tensor),
        };
        let (rows, cols) = if slot.buffer.is_some() {
            (values.len(), 1)
        } else {
            (slot.rows, slot.cols)
        };
        let shape = if slot.buffer.is_some() {
            vec![rows]
        } else {
            slot.shape.clone()
        };
        let mut data = Vec::with_capacity(rows * cols * width);
        for r in 0..rows {
            for c in 0..cols {
                let v = values[c * rows + r];
                if width == 4 {
                    data.extend_from_slice(&(v.as_f64() as f32).to_le_bytes());
                } else {
                    data.extend_from_slice(&v.as_f64().to_le_bytes());
                }
            }
        }
        if slot.buffer.is_some() && slot.name.ends_with("running_var") {
            let prefix = slot.name.trim_end_matches("running_var");
            owned.insert(
                format!("{prefix}num_batches_tracked"),
                (Dtype::I64, Vec::new(), 0i64.to_le_bytes().to_vec()),
            );
        }
        owned.insert(slot.name, (dtype_of::<T>(), shape, data));
    }
    let views: Vec<(String, TensorView<'_>)> = owned
        .iter()
        .map(|(name, (dtype, shape, data))| {
            TensorView::new(*dtype, shape.clone(), data)
                .map(|v| (name.clone(), v))
                .map_err(|e| SafetensorsError::Format(e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    let info = (!metadata.is_empty()).then(|| {
        metadata
            .iter()
            .map(|&(k, v)| (k.to_string(), v.to_string()))
            .collect::<std::collections::HashMap<_, _>>()
    });
    safetensors::serialize(views, info).map_err(|e| SafetensorsError::Format(e.to_string()))
}

/// The string metadata of a safetensors file's header (`__metadata__`; empty when it has none).
///
/// # Errors
/// [`SafetensorsError::Format`] if `bytes` is not a safetensors file.
pub fn safetensors_metadata(bytes: &[u8]) -> Result<BTreeMap<String, String>, SafetensorsError> {
    let (_, meta) =
        SafeTensors::read_metadata(bytes).map_err(|e| SafetensorsError::Format(e.to_string()))?;
    Ok(meta
        .metadata()
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}
