//! Requantization: scaling an int32 accumulator by a real multiplier `M = s_x·s_w / s_y`
//! represented as a Q31 fixed-point significand and a power-of-two exponent, exactly as
//! TensorFlow Lite (and TFLite Micro, and CMSIS-NN) compute it.
//!
//! `M = m · 2^(shift − 31)` with `m ∈ [2³⁰, 2³¹)` (TFLite's `QuantizeMultiplier`, a `frexp` of
//! the double-precision multiplier, rounded half away from zero). The product of an accumulator
//! `x` with `M` is, in TFLite's default build,
//!
//! ```text
//! RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x · 2^max(shift, 0), m), max(−shift, 0))
//! ```
//!
//! two roundings (gemmlowp's: the high half of `2·x·m` rounded to nearest with ties toward +∞,
//! saturating only at `i32::MIN · i32::MIN`; then a right shift rounding to nearest with ties
//! away from zero). TFLite's
//! `TFLITE_SINGLE_ROUNDING` build rounds once, `(x·m + 2^(30−shift)) >> (31 − shift)`; both are
//! here ([`Rounding`]).
//!
//! Computing the multiplier uses floating point and runs on the host (or in a `const` context
//! never at all: a quantized network stores `m` and `shift`); applying it uses integers only.

/// How an accumulator's product with a multiplier is rounded (TFLite's two builds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Rounding {
    /// TFLite's and TFLite Micro's default: gemmlowp's doubling high multiply, then a rounding
    /// right shift (two roundings).
    #[default]
    Double,
    /// TFLite built with `TFLITE_SINGLE_ROUNDING`: one 64-bit product, rounded once (half up).
    Single,
}

/// A real multiplier in TFLite's fixed-point form: `multiplier · 2^(shift − 31)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Multiplier {
    /// The Q31 significand, in `[2³⁰, 2³¹)` (or 0 for a zero multiplier).
    pub multiplier: i32,
    /// The power-of-two exponent: positive shifts left, negative shifts right.
    pub shift: i32,
}

impl Multiplier {
    /// TFLite's `QuantizeMultiplier(double, …)`: the significand and exponent of `real`.
    ///
    /// `real` must be finite and non-negative (a scale ratio); a value so small that the shift
    /// would pass −31 becomes the zero multiplier, as in TFLite. With [`Rounding::Single`], a
    /// shift above 30 is capped, as TFLite's single-rounding build does.
    ///
    /// # Panics
    /// If `real` is negative, NaN or infinite, or so large that the shift exceeds `i32` range.
    pub fn from_real(real: f64, rounding: Rounding) -> Self {
        assert!(
            real.is_finite() && real >= 0.0,
            "a requantization multiplier must be finite and non-negative, got {real}"
        );
        if real == 0.0 {
            return Self::default();
        }
        let (q, mut shift) = frexp(real);
        // TfLiteRound is std::round: half away from zero.
        let mut q_fixed = libm::round(q * (1u64 << 31) as f64) as i64;
        if q_fixed == 1i64 << 31 {
            q_fixed /= 2;
            shift += 1;
        }
        if shift < -31 {
            shift = 0;
            q_fixed = 0;
        }
        if rounding == Rounding::Single && shift > 30 {
            shift = 30;
            q_fixed = (1i64 << 31) - 1;
        }
        Self {
            multiplier: q_fixed as i32,
            shift,
        }
    }

    /// `x · M`, rounded as TFLite's `MultiplyByQuantizedMultiplier` rounds.
    #[inline(always)]
    pub fn apply(self, x: i32, rounding: Rounding) -> i32 {
        match rounding {
            Rounding::Double => multiply_double_rounding(x, self.multiplier, self.shift),
            Rounding::Single => multiply_single_rounding(x, self.multiplier, self.shift),
        }
    }
}

/// `frexp`: `x = q · 2^e` with `q ∈ [0.5, 1)`, for finite positive `x`.
fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (q, e) = frexp(x * f64::from_bits(0x4350_0000_0000_0000)); // 2^54
        return (q, e - 54);
    }
    let q = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (q, exp - 1022)
}

/// gemmlowp's `SaturatingRoundingDoublingHighMul`: the high 32 bits of `2·a·b`, rounded to
/// nearest with ties toward +∞ (a nudge of ±2³⁰, then C's truncating division);
/// `i32::MIN · i32::MIN` (the one overflow) saturates to `i32::MAX`.
#[inline(always)]
pub fn saturating_rounding_doubling_high_mul(a: i32, b: i32) -> i32 {
    if a == i32::MIN && b == i32::MIN {
        return i32::MAX;
    }
    let ab = a as i64 * b as i64;
    let nudge: i64 = if ab >= 0 { 1 << 30 } else { 1 - (1 << 30) };
    // C++'s integer division truncates toward zero, as Rust's does.
    ((ab + nudge) / (1i64 << 31)) as i32
}

/// gemmlowp's `RoundingDivideByPOT`: `x / 2^exponent` rounded half away from zero,
/// `0 ≤ exponent ≤ 31`.
#[inline(always)]
pub fn rounding_divide_by_pot(x: i32, exponent: i32) -> i32 {
    debug_assert!((0..=31).contains(&exponent));
    let mask = ((1i64 << exponent) - 1) as i32;
    let remainder = x & mask;
    let threshold = (mask >> 1) + i32::from(x < 0);
    (x >> exponent) + i32::from(remainder > threshold)
}

/// TFLite's default `MultiplyByQuantizedMultiplier(x, multiplier, shift)`.
///
/// The left shift wraps as two's complement (TFLite's `x * (1 << left_shift)` in `int32`; a
/// converter-made multiplier is below 1, so it shifts right).
#[inline(always)]
pub fn multiply_double_rounding(x: i32, multiplier: i32, shift: i32) -> i32 {
    let left = if shift > 0 { shift } else { 0 };
    let right = if shift > 0 { 0 } else { -shift };
    rounding_divide_by_pot(
        saturating_rounding_doubling_high_mul(x.wrapping_shl(left as u32), multiplier),
        right,
    )
}

/// TFLite's `MultiplyByQuantizedMultiplier` under `TFLITE_SINGLE_ROUNDING`:
/// `(x·m + 2^(30−shift)) >> (31 − shift)`, for `−31 ≤ shift ≤ 30`. The result is truncated to
/// 32 bits, where TFLite asserts it fits.
#[inline(always)]
pub fn multiply_single_rounding(x: i32, multiplier: i32, shift: i32) -> i32 {
    let total = (31 - shift) as u32;
    let round = 1i64 << (total - 1);
    ((x as i64 * multiplier as i64 + round) >> total) as i32
}
