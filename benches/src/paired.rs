//! Interleaved timing of two implementations of the same work, for ratios that hold on a machine
//! whose speed drifts.
//!
//! Criterion times one function for seconds, then the next. On a shared virtual machine the
//! core's speed moves by tens of percent over seconds (another tenant on the sibling thread, the
//! host's clock), so two such measurements taken a few seconds apart can differ by that much
//! even for identical code. [`paired`] instead alternates short slices of the two (50–100 µs
//! each, the order swapped every round), and reports the median of the per-round ratios: both
//! sides of a round see nearly the same machine, and the median discards the rounds that an
//! interruption split.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// What [`paired`] measured.
#[derive(Clone, Copy, Debug)]
pub struct Paired {
    /// Median time of one call of `a`, in nanoseconds.
    pub a_ns: f64,
    /// Median time of one call of `b`, in nanoseconds.
    pub b_ns: f64,
    /// Median over rounds of `a`'s time ÷ `b`'s time in the same round.
    pub ratio: f64,
    /// The first and third quartiles of the per-round ratios.
    pub quartiles: (f64, f64),
    /// Rounds measured.
    pub rounds: usize,
}

/// Calls `f` `n` times; the elapsed time.
#[inline(never)]
fn time<R>(f: &mut impl FnMut() -> R, n: u64) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    t.elapsed()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times `a` against `b` for about `total`, in alternating slices of `n` calls each (after a
/// warm-up of both), `n` the smallest power of two for which `a`'s calls take at least `slice`
/// (so `a`'s slices take `slice` to twice it), and returns the medians of each and of their
/// per-round ratio.
pub fn paired<R, S>(
    mut a: impl FnMut() -> R,
    mut b: impl FnMut() -> S,
    slice: Duration,
    total: Duration,
) -> Paired {
    // Warm up (caches, branch predictors, the core's clock), then size a slice by `a`.
    let warm = Instant::now();
    while warm.elapsed() < total / 10 {
        time(&mut a, 16);
        time(&mut b, 16);
    }
    let mut n = 1u64;
    while time(&mut a, n) < slice {
        n *= 2;
    }
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let start = Instant::now();
    while start.elapsed() < total || ratios.len() < 21 {
        let (da, db) = if ratios.len() % 2 == 0 {
            let da = time(&mut a, n);
            (da, time(&mut b, n))
        } else {
            let db = time(&mut b, n);
            (time(&mut a, n), db)
        };
        let (da, db) = (da.as_nanos() as f64, db.as_nanos() as f64);
        ta.push(da / n as f64);
        tb.push(db / n as f64);
        ratios.push(da / db);
    }
    let rounds = ratios.len();
    let ratio = median(&mut ratios);
    Paired {
        a_ns: median(&mut ta),
        b_ns: median(&mut tb),
        ratio,
        quartiles: (ratios[rounds / 4], ratios[3 * rounds / 4]),
        rounds,
    }
}
