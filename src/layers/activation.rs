//! Activations: parameter-free layers that work at any width `N` and any batch size.
//!
//! Each elementwise activation documents `f(x)` and `f'(x)`; backward multiplies the incoming
//! gradient elementwise by `f'`: `∂L/∂x = ∂L/∂y ⊙ f'(x)`. Formulas, constants and the value of the
//! derivative at kinks follow PyTorch (`torch.nn.functional`), so gradients match it exactly.
//!
//! An elementwise activation keeps no cache: its backward is given its input and output, and
//! computes `f'` from the output where that is cheaper (`σ' = y(1−y)`, `tanh' = 1−y²`, ReLU),
//! from the input otherwise.

use nalgebra::{Const, SMatrix};

use core::fmt;

use crate::layer::{
    AnyScalar, AnyWidth, Fingerprint, Layer, Module, Params, Signature, TensorInfo, Zeroed,
};
use crate::scalar::c;
use crate::Scalar;

/// The numerically stable logistic function `σ(x) = 1 / (1 + e^{−x})`.
///
/// For `x < 0` it is evaluated as `eˣ / (1 + eˣ)`, so no exponential overflows: `σ(±1000)` is
/// exactly `1` or `0`, never NaN.
#[inline]
pub fn sigmoid<T: Scalar>(x: T) -> T {
    if x >= T::zero() {
        T::one() / (T::one() + (-x).exp())
    } else {
        let e = x.exp();
        e / (T::one() + e)
    }
}

/// Implements `Params` (none) and `Layer` for an elementwise activation given `f` and `f'`.
///
/// `f'` is written in terms of the input `x` and the output `y`, whichever is cheaper (`σ' =
/// y(1−y)`); backward is given both, and the activation keeps no cache of its own.
macro_rules! elementwise {
    // Piecewise linear: cheap enough to apply in a matrix product's tile stores.
    (output linear $($rest:tt)*) => { elementwise!(@impl true, true, $($rest)*); };
    (input linear $($rest:tt)*) => { elementwise!(@impl false, true, $($rest)*); };
    (output $($rest:tt)*) => { elementwise!(@impl true, false, $($rest)*); };
    (input $($rest:tt)*) => { elementwise!(@impl false, false, $($rest)*); };
    (@impl $from_output:literal, $cheap:literal, $ty:ty, |$s:ident, $x:ident| $f:expr, |$s2:ident, $x2:ident, $y2:ident| $df:expr) => {
        params_free!($ty);

        impl<T: Scalar, const N: usize> Layer<T, N> for $ty {
            /// Nothing: backward is given the input and the output.
            type Cache<const B: usize> = ();
            type State = ();

            const POINTWISE: bool = true;
            const POINTWISE_FROM_OUTPUT: bool = $from_output;

            /// `prev` then this function, applied as `prev` stores its output.
            #[inline(always)]
            fn layer_forward_after<P, const PIN: usize, const B: usize>(
                &self,
                prev: &P,
                x: &SMatrix<T, PIN, B>,
                y: &mut SMatrix<T, N, B>,
            ) where
                P: Layer<T, PIN> + Signature<OutputFor<Const<PIN>> = Const<N>>,
            {
                prev.layer_forward_into_then(x, y, |v| self.value(v), $cheap);
            }

            /// `prev` then this function, applied as `prev` stores its output.
            #[inline(always)]
            fn layer_forward_train_after<P, const PIN: usize, const B: usize>(
                &mut self,
                prev: &mut P,
                x: &SMatrix<T, PIN, B>,
                y: &mut SMatrix<T, N, B>,
                prev_cache: &mut P::Cache<B>,
                _: &mut (),
            ) where
                P: Layer<T, PIN> + Signature<OutputFor<Const<PIN>> = Const<N>>,
            {
                let this = &*self;
                prev.layer_forward_train_then(x, y, prev_cache, |v| this.value(v), $cheap);
            }

            #[inline]
            fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
                let mut y = *x;
                crate::fast::map(y.as_mut_slice(), |v| self.value(v));
                y
            }

            #[inline]
            fn layer_forward_into<const B: usize>(
                &self,
                x: &SMatrix<T, N, B>,
                y: &mut SMatrix<T, N, B>,
            ) {
                self.apply(x, y);
            }

            #[inline]
            fn layer_forward_train<const B: usize>(
                &mut self,
                x: &SMatrix<T, N, B>,
                y: &mut SMatrix<T, N, B>,
                _: &mut (),
            ) {
                self.apply(x, y);
            }

            #[inline]
            fn layer_forward_tape<const B: usize>(
                &self,
                x: &SMatrix<T, N, B>,
                y: &mut SMatrix<T, N, B>,
                _: &mut (),
            ) {
                self.apply(x, y);
            }

            #[inline]
            fn layer_backward<const B: usize>(
                &self,
                x: &SMatrix<T, N, B>,
                y: &SMatrix<T, N, B>,
                _: &(),
                dy: &SMatrix<T, N, B>,
                _grads: &mut Self,
            ) -> SMatrix<T, N, B> {
                let (Ok(dx) | Err(dx)) = self.layer_backward_in_place(x, y, *dy);
                dx
            }

            #[inline(always)]
            fn layer_backward_in_place<const B: usize>(
                &self,
                x: &SMatrix<T, N, B>,
                y: &SMatrix<T, N, B>,
                mut dy: SMatrix<T, N, B>,
            ) -> Result<SMatrix<T, N, B>, SMatrix<T, N, B>> {
                let $s2 = self;
                for ((d, &$x2), &$y2) in dy
                    .as_mut_slice()
                    .iter_mut()
                    .zip(x.as_slice())
                    .zip(y.as_slice())
                {
                    *d *= $df;
                }
                Ok(dy)
            }
        }

        impl $ty {
            /// `f(x)`, the one definition every path applies.
            #[inline(always)]
            fn value<T: Scalar>(&self, $x: T) -> T {
                let $s = self;
                $f
            }

            /// `y = f(x)` over the contiguous storage, so that the loop vectorises (nalgebra's
            /// `map` indexes element by element and compiles to gathers).
            #[inline(always)]
            fn apply<T: Scalar, const N: usize, const B: usize>(
                &self,
                x: &SMatrix<T, N, B>,
                y: &mut SMatrix<T, N, B>,
            ) {
                crate::fast::map_into(x.as_slice(), y.as_mut_slice(), |v| self.value(v));
            }
        }
    };
}

/// `y = x`. Useful as an explicit output "activation" for regression.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Identity;

params_free!(Identity);

impl<T: Scalar, const N: usize> Layer<T, N> for Identity {
    type Cache<const B: usize> = ();
    type State = ();

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        *x
    }

    #[inline]
    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        _: &mut (),
    ) {
        *y = *x;
    }

    #[inline]
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        _: &mut (),
    ) {
        *y = *x;
    }

    /// `∂L/∂x = ∂L/∂y`.
    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        _x: &SMatrix<T, N, B>,
        _y: &SMatrix<T, N, B>,
        _cache: &(),
        dy: &SMatrix<T, N, B>,
        _grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        *dy
    }
}

/// Logistic sigmoid, `σ(x) = 1 / (1 + e^{−x})`, `σ'(x) = σ(x)(1 − σ(x))`; stable at any input.
///
/// In `f32` it computes [`fast::sigmoid`](crate::fast::sigmoid), within 2 ulp of the exact
/// function and vectorised over each column; in `f64`, the exact [`sigmoid`]. [`SigmoidExact`]
/// uses libm's `expf` in `f32` too.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sigmoid;

elementwise!(output Sigmoid, |_s, x| x.fast_sigmoid(), |_s, _x, y| y
    * (T::one() - y));

/// [`Sigmoid`] through libm in `f32` as well (see [`sigmoid`]): for bit-for-bit agreement with
/// another libm-based implementation. Slower: one scalar `expf` call per element.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SigmoidExact;

elementwise!(output SigmoidExact, |_s, x| sigmoid(x), |_s, _x, y| y
    * (T::one() - y));

/// Hyperbolic tangent, `tanh'(x) = 1 − tanh²(x)`.
///
/// In `f32` it computes [`fast::tanh`](crate::fast::tanh), within 6 ulp of libm's `tanhf` and
/// vectorised over each column; in `f64`, libm's `tanh`. [`TanhExact`] uses `tanhf` in `f32` too.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tanh;

elementwise!(output Tanh, |_s, x| x.fast_tanh(), |_s, _x, y| T::one() - y * y);

/// [`Tanh`] through libm (`tanhf`) in `f32` as well: for bit-for-bit agreement with another
/// libm-based implementation. Slower: one scalar call per element.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TanhExact;

elementwise!(output TanhExact, |_s, x| x.tanh(), |_s, _x, y| T::one() - y * y);

/// Rectified linear unit, `max(0, x)`; `f'(x) = 1` for `x > 0`, else `0` (also at `0`, as PyTorch).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReLU;

elementwise!(
    output linear ReLU,
    |_s, x| if x > T::zero() { x } else { T::zero() },
    |_s, _x, y| if y > T::zero() { T::one() } else { T::zero() }
);

/// Leaky ReLU, `x` for `x > 0`, else `slope · x`; `f'(x) = 1` for `x > 0`, else `slope`.
///
/// The default slope is `0.01`, as PyTorch's `negative_slope`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeakyReLU {
    /// The slope for negative inputs.
    pub slope: f64,
}

impl LeakyReLU {
    /// A leaky ReLU with the given negative slope.
    pub const fn new(slope: f64) -> Self {
        Self { slope }
    }
}

impl Default for LeakyReLU {
    fn default() -> Self {
        Self::new(0.01)
    }
}

elementwise!(
    input linear LeakyReLU,
    |s, x| if x > T::zero() {
        x
    } else {
        x * c::<T>(s.slope)
    },
    |s, x, _y| if x > T::zero() {
        T::one()
    } else {
        c::<T>(s.slope)
    }
);

/// Exponential linear unit, `x` for `x > 0`, else `α(eˣ − 1)`; `f'(x) = 1` for `x > 0`, else `αeˣ`.
///
/// The default `α` is `1.0`, as PyTorch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Elu {
    /// `α`, the value approached for large negative inputs is `−α`.
    pub alpha: f64,
}

impl Elu {
    /// An ELU with the given `α`.
    pub const fn new(alpha: f64) -> Self {
        Self { alpha }
    }
}

impl Default for Elu {
    fn default() -> Self {
        Self::new(1.0)
    }
}

elementwise!(
    input Elu,
    |s, x| if x > T::zero() {
        x
    } else {
        c::<T>(s.alpha) * x.exp_m1()
    },
    |s, x, _y| if x > T::zero() {
        T::one()
    } else {
        c::<T>(s.alpha) * x.exp()
    }
);

/// GELU, exact form: `x Φ(x) = ½x(1 + erf(x/√2))`; `f'(x) = Φ(x) + x φ(x)` with
/// `φ(x) = e^{−x²/2}/√(2π)`. PyTorch's `nn.GELU()`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Gelu;

elementwise!(
    input Gelu,
    |_s, x| x * c::<T>(0.5) * (T::one() + (x * c::<T>(core::f64::consts::FRAC_1_SQRT_2)).erf()),
    |_s, x, _y| {
        let cdf = c::<T>(0.5) * (T::one() + (x * c::<T>(core::f64::consts::FRAC_1_SQRT_2)).erf());
        let pdf = (c::<T>(-0.5) * x * x).exp() * c::<T>(GELU_PDF);
        cdf + x * pdf
    }
);

/// `1/√(2π)`, written as PyTorch computes it.
const GELU_PDF: f64 = core::f64::consts::FRAC_2_SQRT_PI * core::f64::consts::FRAC_1_SQRT_2 * 0.5;
/// `√(2/π)`, written as PyTorch computes it.
const GELU_TANH_BETA: f64 = core::f64::consts::SQRT_2 * core::f64::consts::FRAC_2_SQRT_PI * 0.5;
const GELU_TANH_KAPPA: f64 = 0.044715;

/// GELU, tanh approximation: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`. PyTorch's
/// `nn.GELU(approximate="tanh")`; the derivative is that of this formula (not of the exact GELU):
/// `½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)` with `t` the tanh above.
///
/// The tanh is [`fast::tanh`](crate::fast::tanh) in `f32` (within 6 ulp, vectorised) and libm's in
/// `f64`; [`GeluTanhExact`] uses libm's `tanhf` in `f32` too.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GeluTanh;

macro_rules! gelu_tanh {
    ($ty:ty, $tanh:ident) => {
        elementwise!(
            input $ty,
            |_s, x| {
                let inner = c::<T>(GELU_TANH_BETA) * (x + c::<T>(GELU_TANH_KAPPA) * x * x * x);
                c::<T>(0.5) * x * (T::one() + inner.$tanh())
            },
            |_s, x, _y| {
                let x2 = x * x;
                let inner = c::<T>(GELU_TANH_BETA) * (x + c::<T>(GELU_TANH_KAPPA) * x2 * x);
                let t = inner.$tanh();
                let left = c::<T>(0.5) * x;
                let left_d = c::<T>(0.5) * (T::one() + t);
                let right_d = left
                    * (T::one() - t * t)
                    * c::<T>(GELU_TANH_BETA)
                    * (T::one() + c::<T>(3.0 * GELU_TANH_KAPPA) * x2);
                left_d + right_d
            }
        );
    };
}

gelu_tanh!(GeluTanh, fast_tanh);

/// [`GeluTanh`] through libm's `tanhf` in `f32` as well.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GeluTanhExact;

gelu_tanh!(GeluTanhExact, tanh);

/// Former name of [`Tanh`], whose `f32` form is now the fast one.
#[deprecated(
    since = "0.2.0",
    note = "`Tanh` is now the fast tanh in f32; use `Tanh` (or `TanhExact` for libm)"
)]
pub type FastTanh = Tanh;

/// Former name of [`Sigmoid`], whose `f32` form is now the fast one.
#[deprecated(
    since = "0.2.0",
    note = "`Sigmoid` is now the fast sigmoid in f32; use `Sigmoid` (or `SigmoidExact` for libm)"
)]
pub type FastSigmoid = Sigmoid;

/// Former name of [`GeluTanh`], whose `f32` form is now the fast one.
#[deprecated(
    since = "0.2.0",
    note = "`GeluTanh` is now the fast form in f32; use `GeluTanh` (or `GeluTanhExact` for libm)"
)]
pub type FastGeluTanh = GeluTanh;

macro_rules! softplus {
    ($(#[$doc:meta])* $ty:ident, |$bx:ident| $value:expr, |$by:ident| $slope:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $ty {
            /// `β`, the sharpness.
            pub beta: f64,
            /// Above `βx > threshold` the function is the identity (where `ln(1 + e^{βx}) ≈ βx`).
            pub threshold: f64,
        }

        impl $ty {
            /// A softplus with the given `β` and threshold.
            pub const fn new(beta: f64, threshold: f64) -> Self {
                Self { beta, threshold }
            }
        }

        impl Default for $ty {
            fn default() -> Self {
                Self::new(1.0, 20.0)
            }
        }

        elementwise!(
            input $ty,
            |s, x| {
                let $bx = x * c::<T>(s.beta);
                if $bx > c::<T>(s.threshold) {
                    x
                } else {
                    $value / c::<T>(s.beta)
                }
            },
            |s, x, _y| {
                let $by = x * c::<T>(s.beta);
                if $by > c::<T>(s.threshold) {
                    T::one()
                } else {
                    $slope
                }
            }
        );
    };
}

softplus!(
    /// Softplus, `ln(1 + e^{βx})/β`, linear (`x`) where `βx > threshold`; `f'(x) = σ(βx)`, or `1`
    /// above the threshold. Defaults `β = 1`, `threshold = 20`, as PyTorch.
    ///
    /// In `f32` it computes [`fast::softplus`](crate::fast::softplus) (`max(βx, 0) +
    /// ln(1 + e^{−|βx|})`, within 3 ulp, vectorised) and the fast sigmoid for `f'`; in `f64`,
    /// libm's `ln_1p(exp(βx))` as PyTorch. [`SoftplusExact`] uses libm in `f32` too.
    Softplus,
    |bx| bx.fast_softplus(),
    |bx| bx.fast_sigmoid()
);

softplus!(
    /// [`Softplus`] through libm in `f32` as well: `ln_1p(exp(βx))/β`, `f'(x) = e^{βx}/(e^{βx} + 1)`.
    SoftplusExact,
    |bx| bx.exp().ln_1p(),
    |bx| {
        let z = bx.exp();
        z / (z + T::one())
    }
);

/// Softmax over the features of each sample (each column): `yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}`.
///
/// Stable: the column maximum is subtracted first, so inputs of ±1000 give exact 0/1 outputs.
/// Backward: `∂L/∂x = y ⊙ (∂L/∂y − (∂L/∂y · y))` per column. For classification, prefer a linear
/// output with [`CrossEntropy`](crate::loss::CrossEntropy), which fuses softmax and log.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Softmax;

params_free!(Softmax);

impl<T: Scalar, const N: usize> Layer<T, N> for Softmax {
    /// Nothing: backward is given the output `y`.
    type Cache<const B: usize> = ();
    type State = ();

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        let mut y = *x;
        for mut col in y.column_iter_mut() {
            let m = col.max();
            crate::fast::map(col.as_mut_slice(), |v| (v - m).fast_exp());
            let s = col.sum();
            col /= s;
        }
        y
    }

    #[inline]
    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        _: &mut (),
    ) {
        *y = self.layer_forward(x);
    }

    #[inline]
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        _: &mut (),
    ) {
        *y = self.layer_forward(x);
    }

    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        _x: &SMatrix<T, N, B>,
        y: &SMatrix<T, N, B>,
        _: &(),
        dy: &SMatrix<T, N, B>,
        _grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        let mut dx = *dy;
        for (j, mut col) in dx.column_iter_mut().enumerate() {
            let yj = y.column(j);
            let dot = col.dot(&yj);
            col.zip_apply(&yj, |d, yv| *d = yv * (*d - dot));
        }
        dx
    }
}
