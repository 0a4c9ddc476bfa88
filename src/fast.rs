//! Fast `f32` versions of `exp`, `tanh`, the logistic sigmoid and the tanh-approximated GELU, for
//! networks whose time goes into activations (a 2-16-16-1 tanh network spends most of it in
//! `tanhf`). On targets with SIMD they are branch-free apart from selects, so a loop over a column
//! vectorises; elsewhere they branch, and return the same bits.
//!
//! Maximum error against libm (`expf`, `tanhf`), measured over every `f32` in the stated range by
//! `cargo test --release --all-features --test lib everywhere -- --ignored` (and on a sample in
//! every test run):
//!
//! | function | range | max error |
//! |---|---|---|
//! | [`exp`] | `[−87.3, 88.7]` (normal results) | 1 ulp |
//! | [`tanh`] | all finite `f32` | 6 ulp (2 below 0.625) |
//! | [`sigmoid`] | all finite `f32` with result ≥ 1.2e−38 | 2 ulp |
//! | [`softplus`] | `x ≤ 20`, result ≥ 1.2e−38 (against `log1pf(expf(x))`) | 3 ulp |
//!
//! Outside those ranges: `exp` returns 0 below −87.3 (libm returns subnormals down to −103.9) and
//! `+∞` above 88.72; `sigmoid` returns 0 where libm's result would be subnormal. NaN propagates.
//!
//! The layers [`Tanh`](crate::Tanh), [`Sigmoid`](crate::Sigmoid) and
//! [`GeluTanh`](crate::GeluTanh) use them for `f32` and the exact functions for `f64`;
//! [`TanhExact`](crate::TanhExact), [`SigmoidExact`](crate::SigmoidExact) and
//! [`GeluTanhExact`](crate::GeluTanhExact) call libm in `f32` too. The bounds are far inside
//! the 1e-4 relative tolerance of the PyTorch comparisons (6 ulp is at most 7.2e-7).

// The polynomial coefficients are written as published (Cephes), with more digits than f32 holds.
#![allow(clippy::excessive_precision)]

/// Whether the build target has SIMD registers that LLVM vectorises `f32` loops into. There, the
/// functions below compute every branch and select (so a loop over a column runs at vector
/// width); elsewhere (Cortex-M, RISC-V) they branch and compute only the branch taken. Both forms
/// evaluate the same expressions, so they return the same bits.
pub(crate) const SIMD: bool = cfg!(any(
    target_feature = "sse2",
    target_feature = "neon",
    target_feature = "simd128"
));

/// Whether the build vectorises `f32` loops 512 bits (16 lanes) wide: AVX-512.
///
/// On cores that prefer 512-bit vectors (Zen 4 and 5 with `-C target-cpu=native`), LLVM leaves a
/// loop of fewer than 16 iterations of these functions scalar: a sigmoid over the 8 values of an
/// 8-wide layer compiled to 8 scalar polynomials with branches. [`map`] runs such short loops
/// over a padded 16-lane array instead. (SSE and AVX2 vectorise 4 and 8 lanes wide, which the
/// layers' widths fill; longer loops vectorise with a scalar tail, which measured faster in the
/// recurrent cells than a padded last chunk, whose copy-in stalls store forwarding.)
const WIDE: bool = cfg!(target_feature = "avx512f");

/// `v[k] ← f(v[k])` for every element, at vector width: a slice of 2 to 15 elements runs as one
/// padded 16-lane chunk with AVX-512 (zeros in the padding, whose results are dropped: `f(0)` is
/// evaluated and must not panic), everything else as one loop (a single value, such as net A's
/// sigmoid output, scalar rather than padded with 15 values computed and dropped). The padding
/// is for `f32`, whose
/// fast functions are polynomials that vectorise; for `f64` (libm, one call per element) the
/// loop stays as written.
#[inline(always)]
pub(crate) fn map<T: Copy + Default>(v: &mut [T], f: impl Fn(T) -> T) {
    if WIDE && core::mem::size_of::<T>() == 4 && v.len() < 16 && v.len() > 1 {
        let mut pad = [T::default(); 16];
        pad[..v.len()].copy_from_slice(v);
        for x in pad.iter_mut() {
            *x = f(*x);
        }
        v.copy_from_slice(&pad[..v.len()]);
        return;
    }
    for x in v.iter_mut() {
        *x = f(*x);
    }
}

/// `y[k] ← f(x[k])`, as [`map`] (`x` and `y` of the same length).
#[inline(always)]
pub(crate) fn map_into<T: Copy + Default>(x: &[T], y: &mut [T], f: impl Fn(T) -> T) {
    if WIDE && core::mem::size_of::<T>() == 4 && x.len() < 16 && x.len() > 1 {
        y.copy_from_slice(x);
        map(y, f);
        return;
    }
    for (o, &v) in y.iter_mut().zip(x) {
        *o = f(v);
    }
}

/// `eˣ` within 1 ulp of libm for normal results.
///
/// Cody–Waite reduction `x = n ln 2 + r`, `|r| ≤ ln 2 / 2` (`n` rounded to nearest by the
/// `1.5·2²³` trick, which needs no float-to-integer conversion), a degree-6 polynomial for `eʳ`
/// (Cephes' coefficients) and `2ⁿ` built in the exponent bits. Integer and float operations
/// only, no conversions, so a loop over a slice vectorises.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2E: f32 = core::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // 1.5·2²³: adding it rounds to an integer (ties to even) held in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;
    let xc = x.clamp(-87.336_55, 88.722_83);
    let t = xc * LOG2E + ROUND;
    let n = t - ROUND;
    let r = xc - n * LN2_HI - n * LN2_LO;
    let r2 = r * r;
    // Estrin's scheme (pairs, then pairs of pairs): half the dependent operations of Horner's,
    // which is what a single column of a small layer waits for.
    let r4 = r2 * r2;
    let p = (5.000_000_1e-1 + 1.666_666_5e-1 * r)
        + r2 * (4.166_579_6e-2 + 8.333_452e-3 * r)
        + r4 * (1.398_199_9e-3 + 1.987_569_2e-4 * r);
    let er = p * r2 + r + 1.0;
    // n in [−126, 128] from t's bits; 2ⁿ as two factors, so that 2¹²⁸ stays finite until the
    // final product.
    let ni = t.to_bits() as i32 - ROUND.to_bits() as i32;
    let half = ni >> 1;
    let s1 = f32::from_bits(((half + 127) as u32) << 23);
    let s2 = f32::from_bits(((ni - half + 127) as u32) << 23);
    let y = er * s1 * s2;
    if x > 88.722_83 {
        f32::INFINITY
    } else if x < -87.336_55 {
        0.0
    } else if x.is_nan() {
        x
    } else {
        y
    }
}

/// `tanh` below 0.625: an odd polynomial (Cephes' coefficients).
#[inline(always)]
fn tanh_small(x: f32) -> f32 {
    let z = x * x;
    let z2 = z * z;
    // Estrin's scheme, as in `exp`.
    let q = (-3.333_328_2e-1 + 1.333_144_2e-1 * z)
        + z2 * (-5.373_971_6e-2 + 2.063_908_9e-2 * z)
        + z2 * z2 * -5.704_988_7e-3;
    q * z * x + x
}

/// `tanh` from 0.625 to 9: `x p(x²) / q(x²)` on `x` clamped to ±7.905 (where it reaches
/// 0.99999964), the rational minimax approximation Eigen uses for `f32` (numerator of degree 13,
/// denominator of degree 6), evaluated by Estrin's scheme. One division and no exponential: half
/// the dependent operations of `1 − 2/(e²ˣ + 1)`. The approximation is within 0.6 ulp over the
/// range; the rest of the error is the rounding of its evaluation.
#[inline(always)]
fn tanh_mid(x: f32) -> f32 {
    const CLAMP: f32 = 7.905_311_107_635_498;
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let p = (4.893_524_558_917_86e-3 + 6.372_619_288_754_36e-4 * x2)
        + x4 * (1.485_722_357_179_79e-5 + 5.122_297_090_371_14e-8 * x2)
        + x8 * ((-8.604_671_522_137_35e-11 + 2.000_187_904_824_77e-13 * x2)
            + x4 * -2.760_768_477_423_55e-16);
    let q = (4.893_525_185_543_85e-3 + 2.268_434_632_439e-3 * x2)
        + x4 * (1.185_347_056_866_54e-4 + 1.198_258_394_667_02e-6 * x2);
    x * p / q
}

/// `tanh(x)` within 6 ulp of libm (2 ulp below 0.625): an odd polynomial below 0.625 (Cephes'
/// coefficients), a rational function up to 9 (Eigen's), `±1` beyond. No exponential: on a
/// 16-wide column it is the shortest chain of dependent operations of the forms tried, which is
/// what a single sample through a small tanh network waits for.
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    let a = x.abs();
    if SIMD {
        let (small, mid) = (tanh_small(x), tanh_mid(x));
        if a < 0.625 {
            small
        } else if a < 9.0 {
            mid
        } else if x.is_nan() {
            x
        } else if x < 0.0 {
            -1.0
        } else {
            1.0
        }
    } else if a < 0.625 {
        tanh_small(x)
    } else if a < 9.0 {
        tanh_mid(x)
    } else if x.is_nan() {
        x
    } else if x < 0.0 {
        -1.0
    } else {
        1.0
    }
}

/// The logistic sigmoid `1/(1 + e⁻ˣ)`, stable at any input (`eˣ/(1 + eˣ)` for `x < 0`), with the
/// fast [`exp`].
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    let e = exp(-x.abs());
    let d = 1.0 + e;
    if SIMD {
        let n = if x >= 0.0 { 1.0 } else { e };
        n / d
    } else if x >= 0.0 {
        1.0 / d
    } else {
        e / d
    }
}

/// `ln(1 + u)` for `u ≥ 0` (finite): `z = 1 + u` split into `2ᵉ · m`, `m ∈ [√½, √2)`, Cephes'
/// degree-8 polynomial for `ln m`, and a first-order correction `(u − (z − 1))/z` for the rounding
/// of `1 + u` (so that small `u` keep their precision). Integer and float operations only.
#[inline(always)]
fn ln_1p_nonneg(u: f32) -> f32 {
    const SQRT_HALF: f32 = core::f32::consts::FRAC_1_SQRT_2;
    let z = 1.0 + u;
    let correction = (u - (z - 1.0)) / z;
    let bits = z.to_bits();
    // z = 2^(e+1) · f with f ∈ [0.5, 1)
    let mut e = ((bits >> 23) & 0xff) as i32 - 126;
    let f = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    let small = f < SQRT_HALF;
    e = if small { e - 1 } else { e };
    let x = if small { f + f - 1.0 } else { f - 1.0 };
    let ef = e as f32;
    let x2 = x * x;
    // Cephes' logf coefficients, highest degree first (Horner).
    let mut p = 7.037_683_6e-2;
    for c in [
        -1.151_461e-1,
        1.167_699_9e-1,
        -1.242_014_1e-1,
        1.424_932_3e-1,
        -1.666_805_8e-1,
        2.000_071_4e-1,
        -2.499_999_4e-1,
        3.333_333_1e-1,
    ] {
        p = p * x + c;
    }
    let mut y = x * x2 * p;
    y += -2.121_944_4e-4 * ef;
    y += -0.5 * x2;
    let r = x + y + 0.693_359_4 * ef;
    r + correction
}

/// Softplus `ln(1 + eˣ)`, as `max(x, 0) + ln(1 + e^{−|x|})` with the fast [`exp`] and a
/// polynomial logarithm: stable at any input, vectorised over a column. Within 3 ulp of
/// `log1pf(expf(x))` for `x ≤ 20` (PyTorch's default threshold, above which the layer returns
/// `x`) where the result is normal, checked over every `f32`.
#[inline(always)]
pub fn softplus(x: f32) -> f32 {
    let l = ln_1p_nonneg(exp(-x.abs()));
    let r = if x > 0.0 { x + l } else { l };
    if x.is_nan() {
        x
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fast_functions_match_on_simple_values() {
        assert_eq!(super::exp(0.0), 1.0);
        assert_eq!(super::tanh(0.0), 0.0);
        assert_eq!(super::sigmoid(0.0), 0.5);
        assert_eq!(super::tanh(20.0), 1.0);
        assert_eq!(super::tanh(-20.0), -1.0);
        assert_eq!(super::exp(100.0), f32::INFINITY);
        assert_eq!(super::exp(-100.0), 0.0);
        assert!(super::exp(f32::NAN).is_nan());
    }
}
