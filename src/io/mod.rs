//! Weights in and out: bytes (no_std, no allocation), Rust source (std) and safetensors (feature
//! `safetensors`).
//!
//! * [`bytes`]: a small header (magic, format version, scalar type, architecture fingerprint,
//!   length, checksum) and the parameters, little-endian, into and out of the caller's buffer.
//!   Loading checks everything before it writes anything: a wrong architecture, scalar type,
//!   version, a truncated or corrupted buffer each give their own [`LoadError`] and leave the
//!   network as it was.
//! * [`to_rust_source`] (std): a trained network as a `static` definition built by `const fn`s,
//!   with every float written to round-trip exactly, for firmware that loads nothing at run time.
//! * `safetensors` (feature `safetensors`): PyTorch `state_dict`s saved with
//!   `safetensors.torch.save_file`, in and out, by name or by order, with every tensor's name,
//!   shape and dtype checked.
//! * [`tflite`] (feature `tflite`): int8 fully connected models from TensorFlow Lite's converter,
//!   into quantized networks ([`quant`](crate::quant)), every tensor checked.

pub mod bytes;
#[cfg(feature = "safetensors")]
pub mod safetensors;
#[cfg(feature = "std")]
mod source;
#[cfg(feature = "tflite")]
pub mod tflite;

pub use bytes::{
    bytes_classes, from_bytes, load_bytes, to_bytes, to_bytes_with_classes, Bytes, LoadError,
    SaveError,
};
#[cfg(feature = "std")]
pub use source::{to_rust_source, to_rust_source_with_classes};

use core::fmt;

use crate::Scalar;

/// Writes one float as a Rust expression that evaluates to exactly the same value.
pub(crate) fn write_float<T: Scalar>(out: &mut dyn fmt::Write, v: T) -> fmt::Result {
    if v.is_finite() {
        // `Debug` prints the shortest representation that parses back to the same value.
        write!(out, "{v:?}")
    } else if v.is_nan() {
        write!(out, "{}::NAN", T::NAME)
    } else if v > T::zero() {
        write!(out, "{}::INFINITY", T::NAME)
    } else {
        write!(out, "{}::NEG_INFINITY", T::NAME)
    }
}

/// Writes `[a, b, …]`.
pub(crate) fn write_values<T: Scalar>(out: &mut dyn fmt::Write, values: &[T]) -> fmt::Result {
    out.write_str("[")?;
    for (k, &v) in values.iter().enumerate() {
        if k > 0 {
            out.write_str(", ")?;
        }
        write_float(out, v)?;
    }
    out.write_str("]")
}

/// Writes `[[a, b], [c, d], …]`.
pub(crate) fn write_rows<T: Scalar, const C: usize>(
    out: &mut dyn fmt::Write,
    rows: &[[T; C]],
) -> fmt::Result {
    out.write_str("[")?;
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            out.write_str(", ")?;
        }
        write_values(out, row)?;
    }
    out.write_str("]")
}
