//! Printing to the host through semihosting without `core::fmt`: a line is a list of
//! [`Part`]s, each written as it comes (no line buffer on the stack).
//!
//! `core::fmt` with its padding and integer formatting is some 2.5 kB of flash, more than a small
//! int8 model and its kernel together; every firmware prints only text, integers and fixed-point
//! counts, which these few functions write. No call here can panic, so a firmware that prints
//! this way and whose own code cannot panic links no formatting code at all.

use core::cell::Cell;
use core::num::NonZeroU32;

use cortex_m::interrupt::{self, Mutex};
use cortex_m_semihosting::hio::{self, HostStream};

use crate::count::Hundredths;

/// One piece of a printed line.
#[derive(Clone, Copy, Debug)]
pub enum Part<'a> {
    /// Text as it is.
    S(&'a str),
    /// An unsigned integer in decimal.
    U(u32),
    /// A signed integer in decimal.
    I(i32),
    /// An unsigned integer in decimal, zero-padded to the given number of digits (`{:03}`).
    Z(u32, usize),
    /// An unsigned integer in lowercase hexadecimal, zero-padded to the given number of digits
    /// (`{:08x}`).
    X(u32, usize),
    /// A count in hundredths, `1234.56`.
    H(Hundredths),
}

/// The host's standard output, opened on first use.
static STDOUT: Mutex<Cell<Option<HostStream>>> = Mutex::new(Cell::new(None));

fn write(bytes: &[u8]) {
    interrupt::free(|cs| {
        let cell = STDOUT.borrow(cs);
        let stream = match cell.get() {
            Some(s) => Some(s),
            None => hio::hstdout().ok(),
        };
        if let Some(mut s) = stream {
            cell.set(Some(s));
            let _ = s.write_all(bytes);
        }
    });
}

const TEN: NonZeroU32 = NonZeroU32::new(10).unwrap();
const SIXTEEN: NonZeroU32 = NonZeroU32::new(16).unwrap();

/// Writes `v` in `base` with at least `width` digits (at most 10).
fn digits(mut v: u32, base: NonZeroU32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut n = 0;
    for slot in buf.iter_mut().rev() {
        let d = (v % base) as u8;
        *slot = if d < 10 { b'0' + d } else { b'a' + d - 10 };
        v /= base;
        n += 1;
        if v == 0 && n >= width {
            break;
        }
    }
    if let Some(text) = buf.get(buf.len() - n..) {
        write(text);
    }
}

/// Writes the parts, without a line end.
pub fn print(parts: &[Part<'_>]) {
    for part in parts {
        match *part {
            Part::S(s) => write(s.as_bytes()),
            Part::U(v) => digits(v, TEN, 1),
            Part::I(v) => {
                if v < 0 {
                    write(b"-");
                }
                digits(v.unsigned_abs(), TEN, 1);
            }
            Part::Z(v, width) => digits(v, TEN, width),
            Part::X(v, width) => digits(v, SIXTEEN, width),
            Part::H(h) => {
                digits(h.0 / 100, TEN, 1);
                write(b".");
                digits(h.0 % 100, TEN, 2);
            }
        }
    }
}

/// Writes the parts and a line end.
pub fn line(parts: &[Part<'_>]) {
    print(parts);
    write(b"\n");
}
