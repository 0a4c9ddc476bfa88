//! Instruction counts on the emulated Cortex-M, exact and the same on every run.
//!
//! The runner starts QEMU with `-icount shift=0`: every guest instruction advances the virtual
//! clock by exactly 1 ns. SysTick, clocked by the CPU clock, then decrements once every 40
//! instructions on the mps2-an386 (25 MHz) and every 62.5 on the micro:bit (16 MHz)
//! ([`INSTRUCTIONS_PER_TICK`], which [`calibrate`] checks against a loop of known length).
//!
//! [`Counter::per_call`] counts a function: the ticks of `n` calls through a function pointer,
//! less the ticks of `n` calls of an empty function of the same signature, converted to
//! instructions, over `n`. The call, the return and the loop cancel out; each of the two windows
//! is read to within one tick, so the result is within two ticks' instructions over `n` (0.08 for
//! 1000 calls at 40 per tick): rounded, it is exact for a function that executes the same
//! instructions on every call.

use core::hint::black_box;
use core::num::NonZeroU32;
use cortex_m::peripheral::{syst::SystClkSource, SYST};

use crate::out::{line, Part::*};

/// Guest instructions per SysTick tick as a fraction (numerator, denominator): 1 ns per
/// instruction (`-icount shift=0`) over the CPU clock's period, 40 ns at the mps2-an386's 25 MHz
/// (Cortex-M4).
#[cfg(not(microbit))]
pub const INSTRUCTIONS_PER_TICK: (u32, u32) = (40, 1);

/// Guest instructions per SysTick tick as a fraction (numerator, denominator): 1 ns per
/// instruction (`-icount shift=0`) over the CPU clock's period, 62.5 ns at the micro:bit's 16 MHz
/// (Cortex-M0, the thumbv6m build).
#[cfg(microbit)]
pub const INSTRUCTIONS_PER_TICK: (u32, u32) = (125, 2);

/// A function measured by [`Counter::per_call`]: it takes its inputs from, and leaves its result
/// in, the state it is given, so that nothing is folded away.
pub type Measured<S> = extern "C" fn(&mut S);

/// A count in hundredths, printed as `1234.56` (32-bit arithmetic throughout, so that the
/// counting adds no 64-bit division or formatting code to the firmware).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hundredths(pub u32);

impl Hundredths {
    /// `num / den` rounded to hundredths (`num / den` below 42 million, `den` below 42 million).
    pub fn ratio(num: u32, den: u32) -> Self {
        Self(scaled(num, den, 100))
    }

    /// The count rounded to a whole number.
    pub fn round(self) -> u32 {
        (self.0 + 50) / 100
    }
}

/// `num · scale / den`, rounded, without overflowing 32 bits where the result and `den · scale`
/// do not; 0 for `den = 0` (so that no division can panic and pull in the panic handler's
/// formatting code).
fn scaled(num: u32, den: u32, scale: u32) -> u32 {
    let Some(den) = NonZeroU32::new(den) else {
        return 0;
    };
    let (whole, rest) = (num / den, num % den);
    whole * scale + (rest * scale + den.get() / 2) / den
}

/// SysTick as a free-running 24-bit tick counter.
pub struct Counter(SYST);

impl Counter {
    /// Starts SysTick on the processor clock, counting down from 2²⁴ − 1, without interrupts.
    pub fn new(mut syst: SYST) -> Self {
        syst.disable_interrupt();
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(0x00FF_FFFF);
        syst.clear_current();
        syst.enable_counter();
        Self(syst)
    }

    /// Ticks taken by `f`, which must take fewer than 2²⁴ (671 million instructions at 40 per
    /// tick).
    #[inline(never)]
    pub fn ticks<R>(&mut self, f: impl FnOnce() -> R) -> (u32, R) {
        let start = SYST::get_current();
        let r = f();
        let end = SYST::get_current();
        // The counter runs down from 2²⁴ − 1 to 0 and starts again: count modulo 2²⁴.
        (start.wrapping_sub(end) & 0x00FF_FFFF, r)
    }

    /// Instructions executed by one call of `f` on `state` (excluding the call and return), from
    /// `n` calls. `f` is called through an opaque pointer, so it is compiled once, as for any
    /// caller.
    pub fn per_call<S>(&mut self, n: u32, f: Measured<S>, state: &mut S) -> Hundredths {
        let (with, ()) = self.ticks(|| repeat(n, f, state));
        let (without, ()) = self.ticks(|| repeat(n, nothing::<S>, state));
        let (num, den) = INSTRUCTIONS_PER_TICK;
        Hundredths::ratio(with.saturating_sub(without) * num, n * den)
    }

    /// Instructions executed by `f` (a single call, read to within a tick's instructions).
    pub fn instructions<R>(&mut self, f: impl FnOnce() -> R) -> (u32, R) {
        let (ticks, r) = self.ticks(f);
        let (num, den) = INSTRUCTIONS_PER_TICK;
        (ticks * num / den, r)
    }
}

#[inline(never)]
fn repeat<S>(n: u32, f: Measured<S>, state: &mut S) {
    let f = black_box(f);
    for _ in 0..n {
        f(state);
    }
}

/// The empty function of the measured signature: only its `bx lr` (naked: a Rust function
/// would also push and pop the frame pointer).
#[unsafe(naked)]
extern "C" fn nothing<S>(_: &mut S) {
    core::arch::naked_asm!("bx lr");
}

/// `subs`/`bne` loop of `*n` iterations: `ldr`, 2 instructions per iteration, `bx lr`. Beyond the
/// empty function's `bx lr`: `2n + 1` instructions.
#[unsafe(naked)]
extern "C" fn spin(n: &mut u32) {
    core::arch::naked_asm!("ldr r0, [r0]", "1:", "subs r0, r0, #1", "bne 1b", "bx lr");
}

/// The harness measured on the loop of known length.
#[derive(Clone, Copy, Debug)]
pub struct Calibration {
    /// Loop iterations `N` of the two runs.
    pub iterations: [u32; 2],
    /// Their measured counts per call (expected `2N + 1`).
    pub counts: [Hundredths; 2],
    /// Instructions per tick from the difference of the two runs' ticks, in thousandths
    /// (expected [`INSTRUCTIONS_PER_TICK`]: 40000 on the mps2-an386).
    pub per_tick_thousandths: u32,
}

/// Measures [`spin`] at two lengths: the counts must be `2N + 1`, and the slope between them
/// gives the instructions per tick independently of [`INSTRUCTIONS_PER_TICK`].
pub fn calibrate(counter: &mut Counter) -> Calibration {
    const CALLS: u32 = 10_000;
    let iterations = [1000, 11_000];
    let mut counts = [Hundredths(0); 2];
    let mut ticks = [0; 2];
    for k in 0..2 {
        let mut n = iterations[k];
        counts[k] = counter.per_call(CALLS, spin, &mut n);
        ticks[k] = counter.ticks(|| repeat(CALLS, spin, &mut n)).0;
    }
    // 2·10⁸ instructions over some 5·10⁶ ticks, in 32-bit integers (no float or 64-bit
    // division code in the firmware that measures integer inference): the whole quotient, then
    // the remainder's thousandths (`r·1000/t` as `r·125/(t/8)`, which fits 32 bits).
    let instructions = 2 * (iterations[1] - iterations[0]) * CALLS;
    let elapsed = ticks[1] - ticks[0];
    let per_tick_thousandths = match (NonZeroU32::new(elapsed), NonZeroU32::new(elapsed / 8)) {
        (Some(elapsed), Some(eighth)) => {
            let (whole, rest) = (instructions / elapsed, instructions % elapsed);
            whole * 1000 + (rest * 125 + eighth.get() / 2) / eighth
        }
        _ => 0,
    };
    Calibration {
        iterations,
        counts,
        per_tick_thousandths,
    }
}

/// Calibrates the counter ([`calibrate`]) and prints what it found: each loop's count against
/// `2N + 1`, and the instructions per tick against [`INSTRUCTIONS_PER_TICK`].
pub fn print_calibration(counter: &mut Counter) {
    let c = calibrate(counter);
    for k in 0..2 {
        line(&[
            S("instructions calibration loop of "),
            U(c.iterations[k]),
            S(" subs/bne: "),
            H(c.counts[k]),
            S(" (expected 2N + 1 = "),
            U(2 * c.iterations[k] + 1),
            S(")"),
        ]);
    }
    let (num, den) = INSTRUCTIONS_PER_TICK;
    line(&[
        S("instructions per SysTick tick "),
        U(c.per_tick_thousandths / 1000),
        S("."),
        Z(c.per_tick_thousandths % 1000, 3),
        S(" (expected "),
        U(num / den),
        S("."),
        Z(num * 1000 / den % 1000, 3),
        S(")"),
    ]);
}

/// Counts `f` on each state `calls` times ([`Counter::per_call`]) and prints the mean, lowest
/// and highest count per call. An input that takes the same path on every call is counted
/// exactly (the rounded count).
pub fn print_per_inference<S>(
    counter: &mut Counter,
    calls: u32,
    f: Measured<S>,
    states: impl ExactSizeIterator<Item = S>,
) {
    let inputs = states.len() as u32;
    let (mut sum, mut low, mut high) = (0, u32::MAX, 0);
    for mut s in states {
        let n = counter.per_call(calls, f, &mut s).round();
        sum += n;
        low = low.min(n);
        high = high.max(n);
    }
    line(&[
        S("instructions per inference "),
        H(Hundredths::ratio(sum, inputs)),
        S(" (mean over the "),
        U(inputs),
        S(" inputs, "),
        U(low),
        S(" to "),
        U(high),
        S("; "),
        U(calls),
        S(" calls each)"),
    ]);
}
