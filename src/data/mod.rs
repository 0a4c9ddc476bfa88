//! Reading labelled data from CSV text and from sequence archives, and feature
//! standardisation — without allocation.
//!
//! [`parse_csv`] fills the caller's buffer of [`Sample`](crate::train::Sample)s from text (from
//! `include_str!`, a file read on the host, or flash) and returns the filled part; it reads the
//! label from any column, as a class index or a class name, and reports malformed input with its
//! line, field and text. [`read_csv`] (std) reads a whole file into a `Vec`.
//! [`parse_ts`] reads labelled multichannel sequences in the `.ts` format of the UEA & UCR time
//! series archive (as sktime and aeon write it), one sequence per column-per-step matrix.
//! [`Standardizer`] learns each feature's mean and standard deviation on a training set and applies
//! the same affine map to any other set (and, in deployment, to each input).

use core::fmt;

mod csv;
mod standardize;
mod ts;

pub use csv::{parse_csv, Csv, CsvOptions, Header, LabelColumn};
#[cfg(feature = "std")]
pub use csv::{read_csv, CsvData, ReadError};
pub use standardize::{FeaturesOf, StandardizeError, Standardizer};
pub use ts::parse_ts;

/// What was wrong with a line of CSV or `.ts` input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The line does not have `features + 1` fields.
    WrongFieldCount {
        /// Fields expected (features and the label).
        expected: usize,
        /// Fields found.
        found: usize,
    },
    /// A feature is not a number (or not finite).
    BadNumber,
    /// The label is not a non-negative integer.
    BadLabel,
    /// The label is not below the number of classes.
    LabelOutOfRange {
        /// The label read.
        label: usize,
        /// The number of classes.
        classes: usize,
    },
    /// The input has more rows than the buffer holds.
    TooManyRows {
        /// The buffer's length.
        capacity: usize,
    },
    /// A sequence has another number of channels than the matrix has rows.
    WrongChannelCount {
        /// Channels expected.
        expected: usize,
        /// Channels found.
        found: usize,
    },
    /// A channel has another number of time steps than the matrix has columns.
    WrongLength {
        /// Steps expected.
        expected: usize,
        /// Steps found.
        found: usize,
    },
    /// The class label is not one of those the header (or the given names) declares.
    UnknownClass,
    /// A data line came before the `@classLabel true …` header that names the classes.
    NoClassLabels,
    /// A class name label beyond the number of classes (more distinct names than classes).
    TooManyClasses {
        /// The number of classes.
        classes: usize,
    },
    /// The header does not have the form asked for.
    BadHeader,
}

/// A copy of the offending text, at most [`Excerpt::CAPACITY`] bytes (cut at a character
/// boundary), so that a [`ParseError`] can quote it without borrowing the input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Excerpt {
    bytes: [u8; Excerpt::CAPACITY],
    len: u8,
    cut: bool,
}

impl Excerpt {
    /// The most bytes kept.
    pub const CAPACITY: usize = 40;

    /// Copies `text` (the first [`CAPACITY`](Self::CAPACITY) bytes' worth of whole characters).
    pub fn new(text: &str) -> Self {
        let mut end = text.len().min(Self::CAPACITY);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Self::CAPACITY];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        Self {
            bytes,
            len: end as u8,
            cut: end < text.len(),
        }
    }

    /// The text kept.
    pub fn as_str(&self) -> &str {
        // The bytes are a prefix of a `str` cut at a character boundary.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }

    /// Whether the text was longer than what was kept.
    pub fn was_cut(&self) -> bool {
        self.cut
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// A malformed line of CSV or `.ts` input: where, what was wrong and the text at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number in the text.
    pub line: usize,
    /// 1-based field number within the line (0 when the whole line is at fault).
    pub field: usize,
    /// What was wrong.
    pub kind: ParseErrorKind,
    /// The field's text (the line's, when the whole line is at fault).
    pub text: Excerpt,
}

impl ParseError {
    pub(crate) fn new(line: usize, field: usize, kind: ParseErrorKind, text: &str) -> Self {
        Self {
            line,
            field,
            kind,
            text: Excerpt::new(text.trim()),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if self.field > 0 {
            write!(f, ", field {}", self.field)?;
        }
        write!(f, " (`{}`)", self.text)?;
        match self.kind {
            ParseErrorKind::WrongFieldCount { expected, found } => {
                write!(
                    f,
                    ": expected {expected} fields (features and label), found {found}"
                )
            }
            ParseErrorKind::BadNumber => write!(f, ": not a finite number"),
            ParseErrorKind::BadLabel => write!(f, ": the label is not a non-negative integer"),
            ParseErrorKind::LabelOutOfRange { label, classes } => {
                write!(
                    f,
                    ": label {label} is not below the number of classes, {classes}"
                )
            }
            ParseErrorKind::TooManyRows { capacity } => {
                write!(f, ": more rows than the buffer's {capacity}")
            }
            ParseErrorKind::WrongChannelCount { expected, found } => {
                write!(f, ": expected {expected} channels, found {found}")
            }
            ParseErrorKind::WrongLength { expected, found } => {
                write!(f, ": expected {expected} time steps, found {found}")
            }
            ParseErrorKind::UnknownClass => {
                write!(f, ": not one of the class names the header gives")
            }
            ParseErrorKind::NoClassLabels => {
                write!(
                    f,
                    ": data before a `@classLabel true …` header naming the classes"
                )
            }
            ParseErrorKind::TooManyClasses { classes } => {
                write!(f, ": a class name beyond the {classes} classes")
            }
            ParseErrorKind::BadHeader => write!(
                f,
                ": not a header of sample count, feature count and class names"
            ),
        }
    }
}

impl core::error::Error for ParseError {}
