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
//! Optionally followed by a classifier's class names ([`to_bytes_with_classes`], read back by
//! [`bytes_classes`]; [`load_bytes`] checks them and loads the network):
//!
//! | size | field |
//! |---|---|
//! | 4 | magic `CLSN` |
//! | 2 | number of names |
//! | 2 + n each | a name: its length in bytes, then its UTF-8 bytes |
//! | 4 | FNV-1a 32-bit checksum of the names (from the count on) |
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

/// The first four bytes of the class names that may follow a saved network.
pub const CLASSES_MAGIC: [u8; 4] = *b"CLSN";

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
        /// Bytes needed ([`Bytes::BYTES`], with the class names [`classes_len`] more).
        needed: usize,
        /// The buffer's length.
        got: usize,
    },
    /// More than 65,535 class names, or a name longer than 65,535 bytes.
    ClassesTooLong,
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
            SaveError::ClassesTooLong => write!(
                f,
                "more than 65535 class names, or a name longer than 65535 bytes"
            ),
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
    /// The class names after the network are cut short, do not match their checksum, or are
    /// not UTF-8.
    BadClasses {
        /// Offset of the class names' section in the buffer.
        offset: usize,
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
            LoadError::BadClasses { offset } => write!(
                f,
                "the class names at offset {offset} are truncated, corrupt or not UTF-8"
            ),
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

/// Refuses a buffer that does not start with [`MAGIC`], or is shorter than a header (as
/// [`LoadError::Truncated`] with `needed`).
fn check_start(bytes: &[u8], needed: usize) -> Result<(), LoadError> {
    if bytes.len() >= 4 && bytes[..4] != MAGIC {
        return Err(LoadError::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(LoadError::Truncated {
            needed,
            got: bytes.len(),
        });
    }
    Ok(())
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
    check_start(bytes, expected)?;
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
        let rest = &bytes[expected..];
        if !rest.starts_with(&CLASSES_MAGIC) {
            return Err(LoadError::TooLong {
                expected,
                got: bytes.len(),
            });
        }
        ClassNames::parse(rest).ok_or(LoadError::BadClasses { offset: expected })?;
    }
    let payload = &bytes[HEADER_LEN..expected];
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

/// Bytes the class names take after the network ([`to_bytes_with_classes`]): the buffer needs
/// [`Bytes::BYTES`] plus this.
pub fn classes_len(classes: &[&str]) -> usize {
    4 + 2 + classes.iter().map(|c| 2 + c.len()).sum::<usize>() + 4
}

/// As [`to_bytes`], followed by a classifier's class names (the format in the module docs), so
/// that what a deployed model predicts keeps its names; returns the bytes written
/// ([`Bytes::BYTES`] + [`classes_len`]). [`bytes_classes`] reads them back without allocating;
/// [`load_bytes`] accepts the result.
///
/// ```
/// use constnet::io::bytes::{bytes_classes, classes_len, to_bytes_with_classes};
/// use constnet::io::{load_bytes, Bytes};
/// use constnet::prelude::*;
///
/// type Net = (Dense<4, 3>,);
/// let net: Net = (Dense::zeros(),);
/// let names = ["setosa", "versicolor", "virginica"];
/// let mut buf = [0u8; 256];
/// let n = to_bytes_with_classes(&net, &names, &mut buf).unwrap();
/// assert_eq!(n, <Net as Bytes<f32>>::BYTES + classes_len(&names));
///
/// let saved = &buf[..n];
/// assert!(bytes_classes(saved).unwrap().eq(names));
/// let mut copy: Net = (Dense::zeros(),);
/// load_bytes(&mut copy, saved).unwrap();
/// ```
///
/// # Errors
/// [`SaveError::BufferTooSmall`] if `buf` is shorter than needed, [`SaveError::ClassesTooLong`]
/// for more than 65,535 names or a name longer than 65,535 bytes; nothing is written.
pub fn to_bytes_with_classes<T: Scalar, N: Bytes<T>>(
    net: &N,
    classes: &[&str],
    buf: &mut [u8],
) -> Result<usize, SaveError> {
    if classes.len() > usize::from(u16::MAX)
        || classes.iter().any(|c| c.len() > usize::from(u16::MAX))
    {
        return Err(SaveError::ClassesTooLong);
    }
    let needed = N::BYTES + classes_len(classes);
    if buf.len() < needed {
        return Err(SaveError::BufferTooSmall {
            needed,
            got: buf.len(),
        });
    }
    to_bytes(net, buf)?;
    let out = &mut buf[N::BYTES..needed];
    out[..4].copy_from_slice(&CLASSES_MAGIC);
    out[4..6].copy_from_slice(&(classes.len() as u16).to_le_bytes());
    let mut at = 6;
    for c in classes {
        out[at..at + 2].copy_from_slice(&(c.len() as u16).to_le_bytes());
        out[at + 2..at + 2 + c.len()].copy_from_slice(c.as_bytes());
        at += 2 + c.len();
    }
    let sum = checksum(&out[4..at]);
    out[at..at + 4].copy_from_slice(&sum.to_le_bytes());
    Ok(needed)
}

/// The class names saved after a network by [`to_bytes_with_classes`], borrowed from `bytes`
/// (no allocation); none for a network saved without them. The network's own header is read to
/// find where they start (its scalars are not checked: [`load_bytes`] does that).
///
/// # Errors
/// [`LoadError::BadMagic`], [`LoadError::BadHeader`] or [`LoadError::Truncated`] for a buffer that
/// is not a saved network, [`LoadError::BadClasses`] for names that are cut short, corrupt or not
/// UTF-8, [`LoadError::TooLong`] for other bytes after the network.
pub fn bytes_classes(bytes: &[u8]) -> Result<ClassNames<'_>, LoadError> {
    check_start(bytes, HEADER_LEN)?;
    scalar_name(bytes[6]).ok_or(LoadError::BadHeader { offset: 6 })?;
    let width = usize::from(bytes[6]);
    let scalars = u32::from_le_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]) as usize;
    let end = scalars
        .checked_mul(width)
        .and_then(|n| n.checked_add(HEADER_LEN))
        .filter(|&end| end <= bytes.len())
        .ok_or(LoadError::Truncated {
            needed: HEADER_LEN.saturating_add(scalars.saturating_mul(width)),
            got: bytes.len(),
        })?;
    let rest = &bytes[end..];
    if rest.is_empty() {
        return Ok(ClassNames { rest: &[], left: 0 });
    }
    if !rest.starts_with(&CLASSES_MAGIC) {
        return Err(LoadError::TooLong {
            expected: end,
            got: bytes.len(),
        });
    }
    ClassNames::parse(rest).ok_or(LoadError::BadClasses { offset: end })
}

/// The class names saved with a network ([`bytes_classes`]): an iterator over `&str` borrowed
/// from the buffer, in the order they were given.
#[derive(Clone, Debug)]
pub struct ClassNames<'a> {
    rest: &'a [u8],
    left: usize,
}

impl<'a> ClassNames<'a> {
    /// The names of a `CLSN` section that fills `section` exactly, with every name UTF-8 and the
    /// checksum right; `None` otherwise.
    fn parse(section: &'a [u8]) -> Option<Self> {
        let body = section.get(4..section.len().checked_sub(4)?)?;
        let count = usize::from(u16::from_le_bytes([*body.first()?, *body.get(1)?]));
        let sum = u32::from_le_bytes(section[section.len() - 4..].try_into().ok()?);
        if checksum(body) != sum {
            return None;
        }
        let mut at = 2;
        for _ in 0..count {
            let len = usize::from(u16::from_le_bytes([*body.get(at)?, *body.get(at + 1)?]));
            core::str::from_utf8(body.get(at + 2..at + 2 + len)?).ok()?;
            at += 2 + len;
        }
        (at == body.len()).then_some(Self {
            rest: &body[2..],
            left: count,
        })
    }
}

impl<'a> Iterator for ClassNames<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        let len = usize::from(u16::from_le_bytes([self.rest[0], self.rest[1]]));
        let (name, rest) = self.rest[2..].split_at(len);
        self.rest = rest;
        self.left -= 1;
        // Checked as UTF-8 when the section was parsed.
        core::str::from_utf8(name).ok()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for ClassNames<'_> {}
