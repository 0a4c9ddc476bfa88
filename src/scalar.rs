//! The float bound every layer, loss and optimizer is generic over.
//!
//! constnet computes in `f32` (the default, and what microcontrollers with an FPU do fast) or `f64`
//! (what gradient checks and reference comparisons use). All maths goes through nalgebra's
//! [`RealField`], which is backed by `libm` with and without `std`, so host and firmware compute the
//! same bits.

use nalgebra::RealField;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// A floating-point scalar: `f32` or `f64`.
///
/// The trait is sealed: the library's numerics (stable sigmoid, clamped logarithms, finite
/// differences) are written and tested for IEEE binary32 and binary64 only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a scalar type constnet computes in: use `f32` or `f64`",
    label = "not `f32` or `f64`",
    note = "write float literals (`1.0`, not `1`): integer literals are not floats in Rust"
)]
pub trait Scalar: RealField + Copy + Default + core::fmt::Debug + sealed::Sealed {
    /// The type's name as it appears in PyTorch and in saved weights: `"f32"` or `"f64"`.
    const NAME: &'static str;

    /// The smallest positive normal value (`f32::MIN_POSITIVE`, `f64::MIN_POSITIVE`); values of
    /// smaller magnitude are subnormal.
    const MIN_NORMAL: Self;

    /// Converts an `f64` constant to this scalar (rounding to nearest for `f32`).
    fn cast_f64(v: f64) -> Self;

    /// Widens (or keeps) this scalar as an `f64`.
    fn as_f64(self) -> f64;

    /// The error function, `erf(x) = 2/√π ∫₀ˣ e^{−t²} dt` (libm).
    fn erf(self) -> Self;

    /// Whether the value is NaN.
    fn is_nan(self) -> bool;

    /// The correctly rounded square root (IEEE 754 requires it exact, so every implementation
    /// gives the same bits): the processor's instruction with `std`, which vectorises, and libm's
    /// without.
    fn sqrt_ieee(self) -> Self;

    /// `tanh`, fast for `f32` ([`fast::tanh`](crate::fast::tanh), within 6 ulp), exact for `f64`.
    fn fast_tanh(self) -> Self;

    /// The logistic sigmoid, fast for `f32` ([`fast::sigmoid`](crate::fast::sigmoid), within
    /// 2 ulp), exact for `f64`.
    fn fast_sigmoid(self) -> Self;

    /// Softplus `ln(1 + eˣ)`: fast for `f32` ([`fast::softplus`](crate::fast::softplus), within
    /// 3 ulp), libm's `ln_1p(exp(x))` for `f64`.
    fn fast_softplus(self) -> Self;

    /// `eˣ`, fast for `f32` ([`fast::exp`](crate::fast::exp), within 1 ulp of libm for normal
    /// results, vectorised over a column), libm's for `f64`.
    fn fast_exp(self) -> Self;

    /// `self · b + c`: one fused multiply-add (a single rounding) where the build target has the
    /// FMA instruction and `std` is enabled, the separately rounded `self · b + c` otherwise. The
    /// dense kernels accumulate with it, so a `-C target-cpu=native` build on an FMA machine
    /// differs from a portable build in the last bits.
    fn mul_acc(self, b: Self, c: Self) -> Self;
}

impl Scalar for f32 {
    const NAME: &'static str = "f32";
    const MIN_NORMAL: Self = f32::MIN_POSITIVE;
    #[inline(always)]
    fn cast_f64(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn as_f64(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn erf(self) -> Self {
        libm::erff(self)
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    #[inline(always)]
    fn sqrt_ieee(self) -> Self {
        #[cfg(feature = "std")]
        {
            std::primitive::f32::sqrt(self)
        }
        #[cfg(not(feature = "std"))]
        {
            libm::sqrtf(self)
        }
    }
    #[inline(always)]
    fn fast_tanh(self) -> Self {
        crate::fast::tanh(self)
    }
    #[inline(always)]
    fn mul_acc(self, b: Self, c: Self) -> Self {
        #[cfg(all(feature = "std", target_feature = "fma"))]
        {
            std::primitive::f32::mul_add(self, b, c)
        }
        #[cfg(not(all(feature = "std", target_feature = "fma")))]
        {
            self * b + c
        }
    }
    #[inline(always)]
    fn fast_sigmoid(self) -> Self {
        crate::fast::sigmoid(self)
    }
    #[inline(always)]
    fn fast_exp(self) -> Self {
        crate::fast::exp(self)
    }
    #[inline(always)]
    fn fast_softplus(self) -> Self {
        crate::fast::softplus(self)
    }
}

impl Scalar for f64 {
    const NAME: &'static str = "f64";
    const MIN_NORMAL: Self = f64::MIN_POSITIVE;
    #[inline(always)]
    fn cast_f64(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn as_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn erf(self) -> Self {
        libm::erf(self)
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    #[inline(always)]
    fn sqrt_ieee(self) -> Self {
        #[cfg(feature = "std")]
        {
            std::primitive::f64::sqrt(self)
        }
        #[cfg(not(feature = "std"))]
        {
            libm::sqrt(self)
        }
    }
    #[inline(always)]
    fn fast_tanh(self) -> Self {
        libm::tanh(self)
    }
    #[inline(always)]
    fn mul_acc(self, b: Self, c: Self) -> Self {
        #[cfg(all(feature = "std", target_feature = "fma"))]
        {
            std::primitive::f64::mul_add(self, b, c)
        }
        #[cfg(not(all(feature = "std", target_feature = "fma")))]
        {
            self * b + c
        }
    }
    #[inline(always)]
    fn fast_sigmoid(self) -> Self {
        crate::layers::sigmoid(self)
    }
    #[inline(always)]
    fn fast_exp(self) -> Self {
        libm::exp(self)
    }
    #[inline(always)]
    fn fast_softplus(self) -> Self {
        libm::log1p(libm::exp(self))
    }
}

/// Shorthand for `T::cast_f64(v)`, used for literal constants in generic code.
#[inline(always)]
pub(crate) fn c<T: Scalar>(v: f64) -> T {
    T::cast_f64(v)
}
