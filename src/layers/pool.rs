//! Pooling over time, causally: [`MeanOverTime`] and [`MaxOverTime`].
//!
//! A sequence is one time step per column (see [`recurrent`](super::recurrent)). These layers
//! keep the number of columns: output column `t` pools the input columns `0..=t` (and what the
//! state carried in from earlier calls), so the last column is the global average (or max)
//! pooling of a whole sequence — PyTorch's `x.mean(dim=time)` / `x.amax(dim=time)` — and a
//! streaming classifier has a pooled prediction after every frame. A sequence-to-one loss
//! reads the last column ([`LastStep`](crate::LastStep)).

use core::fmt;

use nalgebra::SMatrix;

use crate::layer::{
    AnyScalar, AnyWidth, Blank, Fingerprint, Layer, Module, Params, Signature, TensorInfo, Zeroed,
};
use crate::Scalar;

/// The running mean over time: `yₜ = (s₀ + Σ_{τ≤t} x_τ) / (k₀ + t + 1)`, with the sum `s₀` and
/// count `k₀` of the steps before (the [`MeanOverTimeState`], zero at first). The last column of
/// a sequence's output is its global average pooling.
///
/// Backward: `∂L/∂x_τ = Σ_{t≥τ} (∂L/∂yₜ) / (k₀ + t + 1)`, a reverse running sum.
///
/// ```
/// use constnet::prelude::*;
///
/// let x = SMatrix::<f32, 1, 4>::new(1.0, 3.0, 2.0, 6.0);
/// assert_eq!(MeanOverTime.forward(&x), SMatrix::<f32, 1, 4>::new(1.0, 2.0, 2.0, 3.0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanOverTime;

/// The running maximum over time: `yₜ = max(m₀, max_{τ≤t} x_τ)` elementwise, `m₀` the maximum of
/// the steps before (the [`MaxOverTimeState`], −∞ at first). The last column of a sequence's
/// output is its global max pooling.
///
/// Backward: each `∂L/∂yₜ` goes to the input step that holds the maximum at `t` (the first one,
/// on ties, as PyTorch's `amax`/`max_pool1d` choose), nothing to the earlier state.
///
/// ```
/// use constnet::prelude::*;
///
/// let x = SMatrix::<f32, 1, 4>::new(1.0, 3.0, 2.0, 6.0);
/// assert_eq!(MaxOverTime.forward(&x), SMatrix::<f32, 1, 4>::new(1.0, 3.0, 3.0, 6.0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MaxOverTime;

params_free!(MeanOverTime);
params_free!(MaxOverTime);

/// The state of a [`MeanOverTime`]: the sum of the steps so far and their number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanOverTimeState<T: Scalar, const N: usize> {
    /// The sum of every step so far.
    pub sum: SMatrix<T, N, 1>,
    /// The number of steps so far.
    pub steps: u32,
}

impl<T: Scalar, const N: usize> Blank for MeanOverTimeState<T, N> {
    fn blank() -> Self {
        Self {
            sum: SMatrix::zeros(),
            steps: 0,
        }
    }
}

/// The state of a [`MaxOverTime`]: the maximum so far (−∞ before the first step).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MaxOverTimeState<T: Scalar, const N: usize> {
    /// The maximum of every step so far.
    pub max: SMatrix<T, N, 1>,
}

impl<T: Scalar, const N: usize> Blank for MaxOverTimeState<T, N> {
    fn blank() -> Self {
        Self {
            max: SMatrix::repeat(T::cast_f64(f64::NEG_INFINITY)),
        }
    }
}

impl MeanOverTime {
    #[inline(always)]
    fn run<T: Scalar, const N: usize, const B: usize>(
        state: &mut MeanOverTimeState<T, N>,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
    ) {
        for t in 0..B {
            state.sum += x.column(t);
            state.steps += 1;
            let k = T::cast_f64(f64::from(state.steps));
            y.set_column(t, &(state.sum / k));
        }
    }
}

impl<T: Scalar, const N: usize> Layer<T, N> for MeanOverTime {
    /// The count of steps before the first column.
    type Cache<const B: usize> = SMatrix<T, 1, 1>;
    type State = MeanOverTimeState<T, N>;

    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        let mut y = SMatrix::zeros();
        Self::run(&mut Blank::blank(), x, &mut y);
        y
    }

    fn layer_step<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
    ) {
        Self::run(state, x, y);
    }

    forwards_from_tape!(T, N);

    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        cache: &mut SMatrix<T, 1, 1>,
    ) {
        cache[0] = T::cast_f64(f64::from(state.steps));
        Self::run(state, x, y);
    }

    fn layer_backward<const B: usize>(
        &self,
        _x: &SMatrix<T, N, B>,
        _y: &SMatrix<T, N, B>,
        cache: &SMatrix<T, 1, 1>,
        dy: &SMatrix<T, N, B>,
        _grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        let mut dx = SMatrix::<T, N, B>::zeros();
        let mut acc = SMatrix::<T, N, 1>::zeros();
        for t in (0..B).rev() {
            let k = cache[0] + T::cast_f64((t + 1) as f64);
            acc += dy.column(t) / k;
            dx.set_column(t, &acc);
        }
        dx
    }
}

impl MaxOverTime {
    /// Whether `v` replaces `m` as the maximum: strictly greater (so the first maximum is kept),
    /// or a NaN, which then stays (as in PyTorch's `amax`).
    #[inline(always)]
    fn takes<T: Scalar>(v: T, m: T) -> bool {
        v > m || (v.is_nan() && !m.is_nan())
    }

    #[inline(always)]
    fn run<T: Scalar, const N: usize, const B: usize>(
        state: &mut MaxOverTimeState<T, N>,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
    ) {
        for t in 0..B {
            for r in 0..N {
                let v = x[(r, t)];
                if Self::takes(v, state.max[r]) {
                    state.max[r] = v;
                }
                y[(r, t)] = state.max[r];
            }
        }
    }
}

impl<T: Scalar, const N: usize> Layer<T, N> for MaxOverTime {
    /// The maximum before the first column.
    type Cache<const B: usize> = SMatrix<T, N, 1>;
    type State = MaxOverTimeState<T, N>;

    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        let mut y = SMatrix::zeros();
        Self::run(&mut Blank::blank(), x, &mut y);
        y
    }

    fn layer_step<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
    ) {
        Self::run(state, x, y);
    }

    forwards_from_tape!(T, N);

    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        cache: &mut SMatrix<T, N, 1>,
    ) {
        *cache = state.max;
        Self::run(state, x, y);
    }

    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, N, B>,
        y: &SMatrix<T, N, B>,
        cache: &SMatrix<T, N, 1>,
        dy: &SMatrix<T, N, B>,
        _grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        let mut dx = SMatrix::<T, N, B>::zeros();
        let mut acc = SMatrix::<T, N, 1>::zeros();
        for t in (0..B).rev() {
            for r in 0..N {
                acc[r] += dy[(r, t)];
                let before = if t == 0 { cache[r] } else { y[(r, t - 1)] };
                // Step `t` set the maximum it holds.
                if Self::takes(x[(r, t)], before) {
                    dx[(r, t)] = acc[r];
                    acc[r] = T::zero();
                }
            }
        }
        dx
    }
}
