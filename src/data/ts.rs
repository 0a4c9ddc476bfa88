//! [`parse_ts`]: the `.ts` text format of the UEA & UCR time series archive.

use nalgebra::SMatrix;

use super::{ParseError, ParseErrorKind};
use crate::Scalar;

/// Parses labelled multichannel sequences in the `.ts` format (sktime, aeon, the UEA & UCR
/// archive) into `out`, and returns the part filled.
///
/// Each sequence becomes a `C × S` matrix, one row per channel and one column per time step
/// (the layout constnet's sequence layers take), with its class: the position of its label in
/// the header line `@classLabel true <label> <label> …`. Lines starting with `#` are comments;
/// other `@` lines (`@problemName`, `@dimensions`, …) and blank lines are skipped. A data line
/// is the channels separated by `:`, each a comma-separated series, then the label.
///
/// # Errors
/// A [`ParseError`] with the line and the 1-based channel (`field`) of the first problem: a
/// number that is not finite (a missing value `?` included), a channel count other than `C`, a
/// channel length other than `S`, a label the header does not name, data before the header, or
/// more sequences than `out` holds. `out` is then partly written.
///
/// # Examples
///
/// ```
/// use constnet::data::{parse_ts, ParseErrorKind};
/// use constnet::nalgebra::SMatrix;
///
/// let text = "# two channels, three steps\n@classLabel true walk run\n@data\n\
///             1,2,3:4,5,6:run\n0,0,0:1,1,1:walk\n";
/// let mut buf = [(SMatrix::<f32, 2, 3>::zeros(), 0); 4];
/// let read = parse_ts(text, &mut buf).unwrap();
/// assert_eq!(read.len(), 2);
/// assert_eq!(read[0].0.column(1).as_slice(), &[2.0, 5.0]); // step 1 of both channels
/// assert_eq!((read[0].1, read[1].1), (1, 0));
///
/// let err = parse_ts("@classLabel true a b\n1,2:3,4,5:a\n", &mut buf).unwrap_err();
/// assert_eq!((err.line, err.field), (2, 1));
/// assert_eq!(err.kind, ParseErrorKind::WrongLength { expected: 3, found: 2 });
/// assert_eq!(err.to_string(), "line 2, field 1 (`1,2`): expected 3 time steps, found 2");
/// ```
pub fn parse_ts<'o, T: Scalar, const C: usize, const S: usize>(
    text: &str,
    out: &'o mut [(SMatrix<T, C, S>, usize)],
) -> Result<&'o mut [(SMatrix<T, C, S>, usize)], ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut labels: Option<&str> = None;
    let mut n = 0;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(header) = trimmed.strip_prefix('@') {
            let mut words = header.split_whitespace();
            if words
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("classLabel"))
                && words.next().is_some_and(|w| w.eq_ignore_ascii_case("true"))
            {
                labels = Some(header);
            }
            continue;
        }
        let error = |field, kind, text: &str| ParseError::new(line, field, kind, text);
        let header = labels.ok_or(error(0, ParseErrorKind::NoClassLabels, trimmed))?;
        let found = trimmed.split(':').count();
        if found != C + 1 {
            return Err(error(
                0,
                ParseErrorKind::WrongChannelCount {
                    expected: C,
                    found: found - 1,
                },
                trimmed,
            ));
        }
        if n == out.len() {
            return Err(error(
                0,
                ParseErrorKind::TooManyRows {
                    capacity: out.len(),
                },
                trimmed,
            ));
        }
        let mut fields = trimmed.split(':');
        let x = &mut out[n].0;
        for ch in 0..C {
            let series = fields.next().unwrap_or("");
            let found = series.split(',').count();
            if found != S {
                return Err(error(
                    ch + 1,
                    ParseErrorKind::WrongLength { expected: S, found },
                    series,
                ));
            }
            for (t, v) in series.split(',').enumerate() {
                x[(ch, t)] = v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .map(T::cast_f64)
                    .filter(|v| v.is_finite())
                    .ok_or(error(ch + 1, ParseErrorKind::BadNumber, v))?;
            }
        }
        let label = fields.next().unwrap_or("").trim();
        let class = header
            .split_whitespace()
            .skip(2)
            .position(|l| l == label)
            .ok_or(error(C + 1, ParseErrorKind::UnknownClass, label))?;
        out[n].1 = class;
        n += 1;
    }
    Ok(&mut out[..n])
}
