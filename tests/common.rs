//! Helpers shared by the tests: JSON fixtures and tolerance checks.

use std::sync::OnceLock;

use constnet::nalgebra::SMatrix;
use constnet::{Params, Scalar};
use serde_json::Value;

/// The PyTorch reference fixtures, `tests/fixtures/reference.json`.
pub fn reference() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let text = include_str!("fixtures/reference.json");
        serde_json::from_str(text).expect("reference.json parses")
    })
}

/// The reference case called `name`.
pub fn case(name: &str) -> &'static Value {
    reference()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no reference case {name}"))
}

/// Values that can be read from the fixtures' JSON (one row per sample).
pub trait FromJson {
    /// Parses `v`.
    fn from_json(v: &Value) -> Self;
}

/// Rows of the JSON are samples; the matrix has one sample per column.
impl<T: Scalar, const R: usize, const C: usize> FromJson for SMatrix<T, R, C> {
    fn from_json(v: &Value) -> Self {
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), C, "batch size");
        SMatrix::from_fn(|r, c| {
            let row = rows[c].as_array().unwrap();
            assert_eq!(row.len(), R, "features per sample");
            T::cast_f64(row[r].as_f64().unwrap())
        })
    }
}

impl<const B: usize> FromJson for [usize; B] {
    fn from_json(v: &Value) -> Self {
        let items = v.as_array().unwrap();
        assert_eq!(items.len(), B);
        core::array::from_fn(|i| items[i].as_u64().unwrap() as usize)
    }
}

/// The parameter tensors of a case's linear layers, each as a row-major flat list, in network order
/// (weight, then bias when present).
pub fn flat_tensors(params: &Value) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    for layer in params.as_array().unwrap() {
        out.push(flatten(&layer["weight"]));
        if let Some(b) = layer.get("bias") {
            out.push(
                b.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect(),
            );
        }
    }
    out
}

/// All numbers of a nested JSON list, in order.
pub fn flatten(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(flatten).collect(),
        other => vec![other.as_f64().unwrap()],
    }
}

/// Sets every parameter of `net` from row-major tensors (PyTorch layout).
pub fn load_row_major<T: Scalar, N: Params<T>>(net: &mut N, tensors: &[Vec<f64>]) {
    assert_eq!(tensors.len(), N::TENSORS, "tensor count");
    for (i, data) in tensors.iter().enumerate() {
        let info = N::tensor_info(i);
        let (rows, cols) = (info.rows, info.cols);
        assert_eq!(data.len(), rows * cols, "tensor {i} size");
        let slice = net.tensor_mut(i);
        for r in 0..rows {
            for c in 0..cols {
                slice[c * rows + r] = T::cast_f64(data[r * cols + c]);
            }
        }
    }
}

/// Tensor `i` of `net` as a row-major list of `f64`.
pub fn row_major<T: Scalar, N: Params<T>>(net: &N, i: usize) -> Vec<f64> {
    let info = N::tensor_info(i);
    let (rows, cols) = (info.rows, info.cols);
    let slice = net.tensor(i);
    let mut out = vec![0.0; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            out[r * cols + c] = slice[c * rows + r].as_f64();
        }
    }
    out
}

/// Relative tolerance for a scalar type: 1e-9 for `f64`, 1e-4 for `f32`.
pub fn rtol<T: Scalar>() -> f64 {
    if T::NAME == "f64" {
        1e-9
    } else {
        1e-4
    }
}

/// Absolute floor for values that are (near) zero in both: 1e-12 for `f64`, 1e-6 for `f32`.
pub fn atol<T: Scalar>() -> f64 {
    if T::NAME == "f64" {
        1e-12
    } else {
        1e-6
    }
}

/// Asserts `|got − want| ≤ rtol·|want| + atol` elementwise.
#[track_caller]
pub fn assert_close(what: &str, got: &[f64], want: &[f64], rtol: f64, atol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        let ok = (g - w).abs() <= rtol * w.abs() + atol;
        assert!(
            ok,
            "{what}[{k}]: got {g:e}, want {w:e} (diff {:e}, tolerance {:e})",
            (g - w).abs(),
            rtol * w.abs() + atol
        );
    }
}

/// A matrix (one sample per column) as a JSON-ordered list: sample by sample.
pub fn by_sample<T: Scalar, const R: usize, const C: usize>(m: &SMatrix<T, R, C>) -> Vec<f64> {
    let mut out = Vec::with_capacity(R * C);
    for c in 0..C {
        for r in 0..R {
            out.push(m[(r, c)].as_f64());
        }
    }
    out
}

/// A JSON list of lists, flattened.
pub fn flat(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()))
        .collect()
}
