//! CSV text of labelled samples: [`parse_csv`] into the caller's buffer, [`read_csv`] (std)
//! into a `Vec`.

use super::{ParseError, ParseErrorKind};
use crate::train::Sample;
use crate::Scalar;

/// Which field of a line holds the class label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelColumn {
    /// The last field (scikit-learn's and most data sets' layout).
    #[default]
    Last,
    /// The first field.
    First,
    /// The field at this 0-based index.
    At(usize),
}

/// What comes before the data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Header {
    /// Nothing: every line is data.
    #[default]
    None,
    /// This many lines, skipped (column names).
    Lines(usize),
    /// One line `samples,features,name₀,name₁,…`: scikit-learn's bundled data sets (iris,
    /// wine, breast cancer). Its class names name the classes `0, 1, …` and may be used as labels;
    /// its feature count must be `I`.
    Sklearn,
}

/// How [`parse_csv`] reads the text, for `C` classes: `CsvOptions::<3>::default()`, or with
/// the class names, whose count gives `C`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions<'a, const C: usize> {
    /// What comes before the data.
    pub header: Header,
    /// Where the label is.
    pub label: LabelColumn,
    /// The class names, `names[c]` for class `c`: a label may then be a name as well as an
    /// index. Without names (and without a header that gives them), a label that is not a number
    /// names a new class, in order of first appearance.
    pub names: Option<[&'a str; C]>,
}

impl<const C: usize> Default for CsvOptions<'_, C> {
    fn default() -> Self {
        Self {
            header: Header::None,
            label: LabelColumn::Last,
            names: None,
        }
    }
}

impl<'a, const C: usize> CsvOptions<'a, C> {
    /// No header, the label last, no names.
    pub fn new() -> Self {
        Self::default()
    }

    /// With this header.
    pub fn header(self, header: Header) -> Self {
        Self { header, ..self }
    }

    /// With the label in this column.
    pub fn label(self, label: LabelColumn) -> Self {
        Self { label, ..self }
    }

    /// With these class names.
    pub fn names(self, names: [&'a str; C]) -> Self {
        Self {
            names: Some(names),
            ..self
        }
    }
}

/// What [`parse_csv`] read: the filled part of the buffer, and the class names where known
/// (`names[c]` for class `c`: given in [`CsvOptions::names`], read from the header or from the
/// labels; `None` for numeric labels without names).
#[derive(Debug, PartialEq)]
#[must_use = "the samples read are the returned slice, not the whole buffer"]
pub struct Csv<'o, 't, T, const I: usize, const C: usize> {
    /// The samples read: `out[..n]`.
    pub samples: &'o mut [Sample<T, I, usize>],
    /// The class names, where known.
    pub names: [Option<&'t str>; C],
}

/// Parses CSV text of `I` features and a class label in `0..C` per line into `out`, and returns
/// the part filled ([`Csv::samples`]) and the class names.
///
/// The label is in the column [`CsvOptions::label`] says (default: last); it is an integer (or an
/// integral float, `1.0`, as pandas writes them) or a class name: one of
/// [`CsvOptions::names`], or of a [`Header::Sklearn`] header's, or (with neither) a new name for
/// the next class. Blank lines are ignored; a byte-order mark is skipped; fields may be padded
/// with spaces. A feature that does not fit `T` (e.g. `1e39` for `f32`) is an error.
///
/// # Errors
/// A [`ParseError`] naming the line and field of the first malformed value, and quoting it: a
/// wrong number of fields, a label out of range or unknown, a header not as asked, or more rows
/// than `out` holds. `out` is then partly written.
///
/// # Examples
///
/// ```
/// use constnet::data::{parse_csv, CsvOptions, Header, LabelColumn, ParseErrorKind};
/// use constnet::train::Sample;
///
/// let mut buf = [Sample::new([0.0f32; 2], 0); 8];
/// let text = "x,y,label\n1.5,2,1\n-3, 4e-1 ,0\n";
/// let csv = parse_csv(text, CsvOptions::<2>::new().header(Header::Lines(1)), &mut buf).unwrap();
/// assert_eq!(csv.samples.len(), 2);
/// assert_eq!(csv.samples[1], Sample::new([-3.0, 0.4], 0));
///
/// // Class names as labels, in the first column.
/// let text = "cat,0.5,1\ndog,0.1,0\ncat,0.2,0.3\n";
/// let csv = parse_csv(text, CsvOptions::<2>::new().label(LabelColumn::First), &mut buf).unwrap();
/// assert_eq!(csv.names, [Some("cat"), Some("dog")]);
/// assert_eq!(csv.samples[1].y, 1);
///
/// let err = parse_csv("1,2,1\n1,x,0\n", CsvOptions::<2>::new(), &mut buf).unwrap_err();
/// assert_eq!((err.line, err.field, err.kind), (2, 2, ParseErrorKind::BadNumber));
/// assert_eq!(err.to_string(), "line 2, field 2 (`x`): not a finite number");
/// ```
pub fn parse_csv<'o, 't, T: Scalar, const I: usize, const C: usize>(
    text: &'t str,
    options: CsvOptions<'t, C>,
    out: &'o mut [Sample<T, I, usize>],
) -> Result<Csv<'o, 't, T, I, C>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut names: [Option<&'t str>; C] = [None; C];
    let mut lines = text.lines().enumerate();
    match options.header {
        Header::None => {}
        Header::Lines(k) => {
            for _ in 0..k {
                lines.next();
            }
        }
        Header::Sklearn => {
            if let Some((index, raw)) = lines.next() {
                sklearn_header::<I, C>(index + 1, raw, &mut names)?;
            }
        }
    }
    let fixed = options.names.is_some() || options.header == Header::Sklearn;
    if let Some(given) = options.names {
        names = given.map(Some);
    }
    let label_at = match options.label {
        LabelColumn::Last => I,
        LabelColumn::First => 0,
        LabelColumn::At(k) => k,
    };
    let mut n = 0;
    for (index, raw) in lines {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let found = raw.split(',').count();
        if found != I + 1 {
            return Err(ParseError::new(
                line,
                0,
                ParseErrorKind::WrongFieldCount {
                    expected: I + 1,
                    found,
                },
                raw,
            ));
        }
        if label_at > I {
            return Err(ParseError::new(
                line,
                label_at + 1,
                ParseErrorKind::WrongFieldCount {
                    expected: I + 1,
                    found,
                },
                raw,
            ));
        }
        if n == out.len() {
            return Err(ParseError::new(
                line,
                0,
                ParseErrorKind::TooManyRows {
                    capacity: out.len(),
                },
                raw,
            ));
        }
        let mut x = [T::zero(); I];
        let mut k = 0;
        let mut label = 0;
        for (f, field) in raw.split(',').map(str::trim).enumerate() {
            if f == label_at {
                label = class_of::<C>(line, f + 1, field, fixed, &mut names)?;
                continue;
            }
            x[k] = field
                .parse::<f64>()
                .ok()
                .map(T::cast_f64)
                .filter(|v| v.is_finite())
                .ok_or(ParseError::new(
                    line,
                    f + 1,
                    ParseErrorKind::BadNumber,
                    field,
                ))?;
            k += 1;
        }
        out[n] = Sample::new(x, label);
        n += 1;
    }
    Ok(Csv {
        samples: &mut out[..n],
        names,
    })
}

/// The class index of label `field`: an index below `C`, or a class name.
fn class_of<'t, const C: usize>(
    line: usize,
    field_no: usize,
    field: &'t str,
    fixed: bool,
    names: &mut [Option<&'t str>; C],
) -> Result<usize, ParseError> {
    let error = |kind| ParseError::new(line, field_no, kind, field);
    // Integers, or integral floats such as `1.0` (as pandas writes them).
    let number = match field.parse::<usize>() {
        Ok(l) => Some(l),
        Err(_) => match field.parse::<f64>() {
            Ok(f) if f >= 0.0 && f == libm::trunc(f) && f < 1e15 => Some(f as usize),
            Ok(_) => return Err(error(ParseErrorKind::BadLabel)),
            Err(_) => None,
        },
    };
    if let Some(label) = number {
        if label >= C {
            return Err(error(ParseErrorKind::LabelOutOfRange { label, classes: C }));
        }
        return Ok(label);
    }
    if field.is_empty() {
        return Err(error(ParseErrorKind::BadLabel));
    }
    if let Some(c) = names.iter().position(|&n| n == Some(field)) {
        return Ok(c);
    }
    if fixed {
        return Err(error(ParseErrorKind::UnknownClass));
    }
    match names.iter().position(Option::is_none) {
        Some(c) => {
            names[c] = Some(field);
            Ok(c)
        }
        None => Err(error(ParseErrorKind::TooManyClasses { classes: C })),
    }
}

/// `samples,features,name₀,…,name_{C−1}`, the feature count `I`.
fn sklearn_header<'t, const I: usize, const C: usize>(
    line: usize,
    raw: &'t str,
    names: &mut [Option<&'t str>; C],
) -> Result<(), ParseError> {
    let bad = |field, text: &str| ParseError::new(line, field, ParseErrorKind::BadHeader, text);
    let mut fields = raw.split(',').map(str::trim);
    let samples = fields.next().unwrap_or("");
    samples.parse::<usize>().map_err(|_| bad(1, samples))?;
    let features = fields.next().unwrap_or("");
    if features.parse::<usize>() != Ok(I) {
        return Err(ParseError::new(
            line,
            2,
            ParseErrorKind::WrongFieldCount {
                expected: I + 1,
                found: features.parse::<usize>().map_or(0, |f| f + 1),
            },
            features,
        ));
    }
    let mut count = 0;
    for (c, name) in fields.enumerate() {
        if c >= C {
            return Err(ParseError::new(
                line,
                c + 3,
                ParseErrorKind::TooManyClasses { classes: C },
                name,
            ));
        }
        names[c] = Some(name);
        count += 1;
    }
    if count != C {
        return Err(bad(0, raw));
    }
    Ok(())
}

/// A whole CSV file read into memory by [`read_csv`].
#[cfg(feature = "std")]
#[derive(Clone, Debug, PartialEq)]
pub struct CsvData<T, const I: usize, const C: usize> {
    /// The samples, in file order.
    pub samples: std::vec::Vec<Sample<T, I, usize>>,
    /// The class names, where the file gave them.
    pub names: [Option<std::string::String>; C],
}

/// Why [`read_csv`] failed.
#[cfg(feature = "std")]
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read.
    Io(std::io::Error),
    /// Its text is malformed.
    Parse(ParseError),
}

#[cfg(feature = "std")]
impl core::fmt::Display for ReadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Parse(e) => write!(f, "{e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            ReadError::Parse(e) => Some(e),
        }
    }
}

/// Reads the CSV file at `path` as [`parse_csv`] reads text, into a `Vec` of every sample.
///
/// # Errors
/// [`ReadError::Io`] if the file cannot be read; [`ReadError::Parse`] (with the line, field and
/// text) if it is malformed.
#[cfg(feature = "std")]
pub fn read_csv<T: Scalar, const I: usize, const C: usize>(
    path: impl AsRef<std::path::Path>,
    options: CsvOptions<'_, C>,
) -> Result<CsvData<T, I, C>, ReadError> {
    let text = std::fs::read_to_string(path).map_err(ReadError::Io)?;
    // One slot per non-blank line bounds the samples.
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    let mut buf = std::vec![Sample::new([T::zero(); I], 0); lines];
    let csv = parse_csv(&text, options, &mut buf).map_err(ReadError::Parse)?;
    let names = csv.names.map(|n| n.map(std::string::String::from));
    let n = csv.samples.len();
    buf.truncate(n);
    Ok(CsvData {
        samples: buf,
        names,
    })
}
