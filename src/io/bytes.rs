//! A network's parameters as bytes: `to_bytes` into the caller's buffer, `load_bytes` back, with
//! typed errors and no allocation.
//!
//! # Format (version 1, little-endian)
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | magic `CNET` |
//! | 4 | 2 | format version, `1` |
//! | 6 | 1 | scalar width in bytes: `4` (f32) or `8` (f64) |
//! | 7 | 1 | reserved, `0` |
//! | 8 | 8 | architecture fingerprint ([`Module::fingerprint`]) |
//! | 16 | 4 | number of scalars that follow |
//! | 20 | 4 | FNV-1a 32-bit checksum of the scalars' bytes |
//! | 24 | … | every parameter tensor in order, then every buffer (running statistics), each in storage (column-major) order |
//!
//! # Examples
//!
//! ```
//! use constnet::io::{load_bytes, to_bytes, Bytes, LoadError};
//! use constnet::prelude::*;
//!
//! type Net = (Dense<2, 3>, Tanh, Dense<3, 1>);
//! let net: Net = (Dense::from_rows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0.1, 0.2, 0.3]), Tanh, Dense::from_rows([[0.5, -0.5, 1.0]], [0.0]));
//!
//! let mut buf = [0u8; <Net as Bytes<f32>>::BYTES];
//! to_bytes(&net, &mut buf).unwrap();
//!
//! let mut copy = Net::default();
//! load_bytes(&mut copy, &buf).unwrap();
//! assert_eq!(copy, net);
//!
//! // Another architecture is refused, and the network is left as it was.
//! let mut other = (Dense::<2, 3>::zeros(), ReLU, Dense::<3, 1>::zeros());
//! assert!(matches!(load_bytes(&mut other, &buf), Err(LoadError::WrongArchitecture { .. })));
//! assert_eq!(other, (Dense::zeros(), ReLU, Dense::zeros()));
//! ```

use core::fmt;

use crate::layer::{Chained, Module, Params};
use crate::Scalar;

/// The first four bytes of every saved network.
pub const MAGIC: [u8; 4] = *b"CNET";
/// The format version written, and the only one read.
pub const VERSION: u16 = 1;
/// Length of the header in bytes.
pub const HEADER_LEN: usize = 24;

/// The saved size of a network (with scalar `T`) as associated constants.
pub trait Bytes<T: Scalar>: Params<T> + Module {
    /// Scalars saved: parameters, then buffers.
    const SCALARS: usize = Self::PARAMS + Self::BUFFER_SCALARS;
    /// Bytes of the saved form: header and scalars.
    const BYTES: usize = HEADER_LEN + Self::SCALARS * core::mem::size_of::<T>();
}

impl<T: Scalar, N: Params<T> + Module + Chained> Bytes<T> for N {}

/// Why [`to_bytes`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SaveError {
    /// The buffer is shorter than the saved form.
    BufferTooSmall {
        /// Bytes needed ([`Bytes::BYTES`]).
        needed: usize,
        /// The buffer's length.
        got: usize,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::BufferTooSmall { needed, got } => {
                write!(
                    f,
                    "the buffer holds {got} bytes; the network needs {needed}"
                )
            }
        }
    }
}

impl core::error::Error for SaveError {}

/// Why [`load_bytes`] refused a buffer. The network is unchanged whenever an error is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    /// Fewer bytes than the network's saved form (a truncated buffer).
    Truncated {
        /// Bytes needed.
        needed: usize,
        /// Bytes given.
        got: usize,
    },
    /// More bytes than the network's saved form.
    TooLong {
        /// Bytes expected.
        expected: usize,
        /// Bytes given.
        got: usize,
    },
    /// The buffer does not start with `CNET`: not saved by constnet.
    BadMagic,
    /// Saved in another format version.
    UnsupportedVersion {
        /// The version in the buffer.
        found: u16,
        /// The version this library reads.
        supported: u16,
    },
    /// The header's scalar width or reserved byte is not a valid value.
    BadHeader {
        /// Offset of the offending byte.
        offset: usize,
    },
    /// Saved from a network of another scalar type.
    WrongScalar {
        /// The network's scalar.
        expected: &'static str,
        /// The buffer's scalar.
        found: &'static str,
    },
    /// Saved from another architecture (layer kinds or sizes differ).
    WrongArchitecture {
        /// The network's fingerprint.
        expected_fingerprint: u64,
        /// The buffer's fingerprint.
        found_fingerprint: u64,
        /// The network's number of saved scalars.
        expected_scalars: usize,
        /// The buffer's number of scalars.
        found_scalars: usize,
    },
    /// The scalars do not match their checksum (a corrupted buffer).
    Corrupt {
        /// The checksum in the header.
        expected: u32,
        /// The checksum of the bytes.
        found: u32,
    },
    /// A saved value is NaN or infinite.
    NonFinite {
        /// Index of the scalar, in saved order.
        index: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LoadError::Truncated { needed, got } => {
                write!(f, "truncated: the network needs {needed} bytes, the buffer holds {got}")
            }
            LoadError::TooLong { expected, got } => {
                write!(f, "the buffer holds {got} bytes, more than the network's {expected}")
            }
            LoadError::BadMagic => write!(f, "not constnet weights (the buffer does not start with CNET)"),
            LoadError::UnsupportedVersion { found, supported } => {
                write!(f, "format version {found} is not supported (this library reads version {supported})")
            }
            LoadError::BadHeader { offset } => write!(f, "invalid header byte at offset {offset}"),
            LoadError::WrongScalar { expected, found } => {
                write!(f, "the weights are {found}, the network is {expected}")
            }
            LoadError::WrongArchitecture {
                expected_fingerprint,
                found_fingerprint,
                expected_scalars,
                found_scalars,
            } => write!(
                f,
                "the weights belong to another architecture: fingerprint {found_fingerprint:#018x} with \
                 {found_scalars} values, the network has {expected_fingerprint:#018x} with {expected_scalars}"
            ),
            LoadError::Corrupt { expected, found } => write!(
                f,
                "corrupt weights: checksum {found:#010x} does not match the header's {expected:#010x}"
            ),
            LoadError::NonFinite { index } => write!(f, "value {index} is NaN or infinite"),
        }
    }
}

impl core::error::Error for LoadError {}

/// FNV-1a, 32 bits.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn scalar_name(width: u8) -> Option<&'static str> {
    match width {
        4 => Some("f32"),
        8 => Some("f64"),
        _ => None,
    }
}

fn write_scalar<T: Scalar>(v: T, out: &mut [u8]) {
    match core::mem::size_of::<T>() {
        4 => out.copy_from_slice(&(v.as_f64() as f32).to_le_bytes()),
        _ => out.copy_from_slice(&v.as_f64().to_le_bytes()),
    }
}

fn read_scalar<T: Scalar>(b: &[u8]) -> T {
    match core::mem::size_of::<T>() {
        4 => T::cast_f64(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
        _ => T::cast_f64(f64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ])),
    }
}

/// Every saved scalar slot of `net`, in order: parameter tensors, then buffers.
fn slots<T: Scalar, N: Params<T>>(net: &N, mut f: impl FnMut(usize, T)) {
    let mut k = 0;
    for i in 0..N::TENSORS {
        for &v in net.tensor(i) {
            f(k, v);
            k += 1;
        }
    }
    for i in 0..N::BUFFERS {
        for &v in net.buffer(i) {
            f(k, v);
            k += 1;
        }
    }
}

/// Writes `net` into the start of `buf` and returns the number of bytes written
/// ([`Bytes::BYTES`]).
///
/// # Errors
/// [`SaveError::BufferTooSmall`] if `buf` is shorter than [`Bytes::BYTES`]; nothing is written.
pub fn to_bytes<T: Scalar, N: Bytes<T>>(net: &N, buf: &mut [u8]) -> Result<usize, SaveError> {
    let needed = N::BYTES;
    if buf.len() < needed {
        return Err(SaveError::BufferTooSmall {
            needed,
            got: buf.len(),
        });
    }
    let width = core::mem::size_of::<T>();
    let payload = &mut buf[HEADER_LEN..needed];
    slots(net, |k, v| {
        write_scalar(v, &mut payload[k * width..(k + 1) * width])
    });
    let sum = checksum(payload);
    let header = &mut buf[..HEADER_LEN];
    header[0..4].copy_from_slice(&MAGIC);
    header[4..6].copy_from_slice(&VERSION.to_le_bytes());
    header[6] = width as u8;
    header[7] = 0;
    header[8..16].copy_from_slice(&N::fingerprint().to_le_bytes());
    header[16..20].copy_from_slice(&(N::SCALARS as u32).to_le_bytes());
    header[20..24].copy_from_slice(&sum.to_le_bytes());
    Ok(needed)
}

/// Checks `bytes` against `net`'s architecture and scalar type and, only if everything is valid,
/// loads them into `net`.
///
/// # Errors
/// A [`LoadError`] naming what differs; `net` is then unchanged (never half-loaded).
pub fn load_bytes<T: Scalar, N: Bytes<T>>(net: &mut N, bytes: &[u8]) -> Result<(), LoadError> {
    let expected = N::BYTES;
    if bytes.len() < HEADER_LEN {
        if bytes.len() >= 4 && bytes[..4] != MAGIC {
            return Err(LoadError::BadMagic);
        }
        return Err(LoadError::Truncated {
            needed: expected,
            got: bytes.len(),
        });
    }
    if bytes[..4] != MAGIC {
        return Err(LoadError::BadMagic);
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != VERSION {
        return Err(LoadError::UnsupportedVersion {
            found: version,
            supported: VERSION,
        });
    }
    let found = scalar_name(bytes[6]).ok_or(LoadError::BadHeader { offset: 6 })?;
    if bytes[7] != 0 {
        return Err(LoadError::BadHeader { offset: 7 });
    }
    if found != T::NAME {
        return Err(LoadError::WrongScalar {
            expected: T::NAME,
            found,
        });
    }
    let fingerprint = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes"));
    let scalars = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes")) as usize;
    if fingerprint != N::fingerprint() || scalars != N::SCALARS {
        return Err(LoadError::WrongArchitecture {
            expected_fingerprint: N::fingerprint(),
            found_fingerprint: fingerprint,
            expected_scalars: N::SCALARS,
            found_scalars: scalars,
        });
    }
    if bytes.len() < expected {
        return Err(LoadError::Truncated {
            needed: expected,
            got: bytes.len(),
        });
    }
    if bytes.len() > expected {
        return Err(LoadError::TooLong {
            expected,
            got: bytes.len(),
        });
    }
    let payload = &bytes[HEADER_LEN..];
    let sum = u32::from_le_bytes(bytes[20..24].try_into().expect("4 bytes"));
    let actual = checksum(payload);
    if actual != sum {
        return Err(LoadError::Corrupt {
            expected: sum,
            found: actual,
        });
    }
    let width = core::mem::size_of::<T>();
    let values = payload.chunks_exact(width).map(read_scalar::<T>);
    if let Some(index) = values.clone().position(|v| !v.is_finite()) {
        return Err(LoadError::NonFinite { index });
    }
    // Everything is valid: write.
    let mut values = values;
    for i in 0..N::TENSORS {
        for p in net.tensor_mut(i) {
            *p = values.next().expect("length checked");
        }
    }
    for i in 0..N::BUFFERS {
        for p in net.buffer_mut(i) {
            *p = values.next().expect("length checked");
        }
    }
    Ok(())
}

/// A new network of type `N` (from `N::default()`) loaded from `bytes`.
///
/// # Errors
/// As [`load_bytes`].
pub fn from_bytes<T: Scalar, N: Bytes<T> + Default>(bytes: &[u8]) -> Result<N, LoadError> {
    let mut net = N::default();
    load_bytes(&mut net, bytes)?;
    Ok(net)
}
