//! [`Conv1d`]: PyTorch's `nn.Conv1d` over time, causal, with dilation and a streaming state.
//!
//! # Maths
//!
//! For input frames `x_t` (`C_IN` values, one column per time step), taps `k = 0 … K−1`,
//! dilation `D`, weights `W_k` (`C_OUT × C_IN`) and bias `b`:
//!
//! ```text
//! forward:   y_t = b + Σ_k W_k x_{t − (K−1−k)·D}
//! backward:  ∂L/∂W_k += Σ_t (∂L/∂y_t) x_{t − (K−1−k)·D}ᵀ     ∂L/∂b += Σ_t ∂L/∂y_t
//!            ∂L/∂x_s  = Σ_k W_kᵀ ∂L/∂y_{s + (K−1−k)·D}
//! ```
//!
//! Frames before the first column come from the state (the last `(K−1)·D` frames of the previous
//! call; zeros at first, which is PyTorch's left padding of `(K−1)·D` zeros, `padding=0` after
//! `F.pad(x, ((K−1)·D, 0))`). No gradient flows into the state. PyTorch's `padding=0` ("valid")
//! output for a whole sequence is this output from column `(K−1)·D` on: those columns read no
//! padding. Stride is not offered: it changes the number of columns, which a layer here keeps.

use core::fmt;

use nalgebra::{Const, SMatrix};

use crate::layer::{
    Blank, Fingerprint, Layer, Module, Params, Signature, TensorInfo, TensorKind, Zeroed,
};
use crate::layers::kernels::{register_file_bytes, split_sums, vector_bytes};
use crate::shape::Width;
use crate::Scalar;

/// A causal 1-D convolution over time: `C_IN` channels in, `C_OUT` out, `K` taps `D` steps
/// apart (dilation, 1 by default), in scalar `T` (PyTorch's `nn.Conv1d(C_IN, C_OUT, K,
/// dilation=D)` after left padding by `(K−1)·D`). See the [module docs](self) for the maths.
///
/// Its weight tensor is PyTorch's `weight` `[C_OUT, C_IN, K]` (saved and loaded as a
/// `C_OUT × (C_IN·K)` matrix, the same values in the same order), then `bias`.
///
/// ```
/// use constnet::prelude::*;
///
/// // A 2-tap moving sum of one channel, then streamed frame by frame.
/// let conv = Conv1d::<1, 1, 2>::zeros().with_weight([[[1.0, 1.0]]]);
/// let x = SMatrix::<f32, 1, 4>::new(1.0, 2.0, 3.0, 4.0);
/// assert_eq!(conv.forward(&x), SMatrix::<f32, 1, 4>::new(1.0, 3.0, 5.0, 7.0));
/// let mut state = conv.zero_state();
/// let y: Vec<f32> = (0..4).map(|t| conv.step(&mut state, &SMatrix::<f32, 1, 1>::new(x[t]))[0]).collect();
/// assert_eq!(y, [1.0, 3.0, 5.0, 7.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conv1d<const CI: usize, const CO: usize, const K: usize, const D: usize = 1, T = f32> {
    /// `w[i][k][o]` = PyTorch's `weight[o][i][k]`.
    w: [[[T; CO]; K]; CI],
    b: [T; CO],
}

/// The state of a [`Conv1d`]: the most recent input frames, zeros at first. It has room for
/// `K·D` frames, of which the last `(K−1)·D` are read; states of at most eight vector registers
/// shift their frames at each step, larger ones write them round a ring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conv1dState<T, const CI: usize, const K: usize, const D: usize> {
    frames: [[[T; CI]; D]; K],
    /// Where the ring writes the next frame (`< K·D`; always 0 when the frames shift).
    next: usize,
}

impl<T: Scalar, const CI: usize, const K: usize, const D: usize> Blank
    for Conv1dState<T, CI, K, D>
{
    fn blank() -> Self {
        Self {
            frames: [[[T::zero(); CI]; D]; K],
            next: 0,
        }
    }
}

impl<T: Scalar, const CI: usize, const K: usize, const D: usize> Conv1dState<T, CI, K, D> {
    /// Whether the frames the taps read shift down by one at each step (oldest first, the
    /// newest last, at fixed places; the first `D` places are never read and do not move)
    /// rather than rotate as a ring: for states of at most eight vector registers,
    /// where the shift is a few register moves and the taps' loads need not wait for the ring's
    /// position (`benches/sequences.rs`, `conv/*`, on an AMD EPYC (Zen 5): a ring was 13 %
    /// slower than an expert's shifting cell for 8 channels in the native build (AVX-512), a
    /// shift 20 % slower for 16 channels in the portable build (SSE2)).
    const SHIFT: bool = K * D * CI * core::mem::size_of::<T>() <= 8 * vector_bytes::<T>();

    /// The frame `back` steps before the next one (`1 ≤ back ≤ (K−1)·D`, all the taps read).
    #[inline(always)]
    fn past(&self, back: usize) -> &[T; CI] {
        let n = K * D;
        debug_assert!((1..=(K - 1) * D).contains(&back));
        if Self::SHIFT {
            return &self.frames.as_flattened()[n - back];
        }
        // `next < n` and `back ≤ n`: one conditional subtraction instead of a division (which
        // a Cortex-M0 does in software); the `min` proves the index in bounds, so no tap
        // carries a bounds check.
        let mut slot = self.next + n - back;
        if slot >= n {
            slot -= n;
        }
        &self.frames.as_flattened()[slot.min(n - 1)]
    }

    #[inline(always)]
    fn push(&mut self, frame: &[T]) {
        let n = K * D;
        if Self::SHIFT {
            // Taps read at most `(K−1)·D` frames back, so the first `D` places are never read:
            // only the frames that land in the others move.
            let frames = self.frames.as_flattened_mut();
            for f in D + 1..n {
                frames[f - 1] = frames[f];
            }
            frames[n - 1].copy_from_slice(frame);
            return;
        }
        let slot = self.next.min(n - 1);
        self.frames.as_flattened_mut()[slot].copy_from_slice(frame);
        self.next = if slot + 1 == n { 0 } else { slot + 1 };
    }
}

impl<T: Scalar, const CI: usize, const CO: usize, const K: usize, const D: usize>
    Conv1d<CI, CO, K, D, T>
{
    /// A convolution with every parameter zero.
    ///
    /// # Panics
    /// At compile time, if `K` or `D` is 0.
    pub fn zeros() -> Self {
        const {
            assert!(
                K >= 1 && D >= 1,
                "Conv1d needs at least one tap and a dilation of at least 1"
            )
        };
        Self {
            w: [[[T::zero(); CO]; K]; CI],
            b: [T::zero(); CO],
        }
    }

    /// A convolution from PyTorch's `weight` `[C_OUT][C_IN][K]` and `bias`, in a `const fn` (a
    /// trained layer as a `static`; what [`io::to_rust_source`](crate::io::to_rust_source)
    /// writes).
    ///
    /// # Panics
    /// If a size is 0.
    pub const fn from_torch(weight: [[[T; K]; CI]; CO], bias: [T; CO]) -> Self {
        let mut w = [[[weight[0][0][0]; CO]; K]; CI];
        let mut o = 0;
        while o < CO {
            let mut i = 0;
            while i < CI {
                let mut k = 0;
                while k < K {
                    w[i][k][o] = weight[o][i][k];
                    k += 1;
                }
                i += 1;
            }
            o += 1;
        }
        Self { w, b: bias }
    }

    /// With PyTorch's `weight` `[C_OUT][C_IN][K]`.
    #[must_use]
    pub fn with_weight(self, weight: [[[T; K]; CI]; CO]) -> Self {
        Self::from_torch(weight, self.b)
    }

    /// With `bias`.
    #[must_use]
    pub fn with_bias(mut self, bias: [T; CO]) -> Self {
        self.b = bias;
        self
    }

    /// PyTorch's `weight[o][i][k]`.
    pub fn weight(&self, o: usize, i: usize, k: usize) -> T {
        self.w[i][k][o]
    }

    /// Whether a streamed frame's split sums keep the loop over taps rolled (`run`).
    const ROLL_TAPS: bool = 2 * CO * core::mem::size_of::<T>() >= register_file_bytes::<T>() / 4;

    /// The input frame tap `k` reads for output step `t`: a column of `x`, or a frame of
    /// `start` (the state before the first column: `(K−1)·D` frames are kept).
    #[inline(always)]
    fn tap<'a>(xs: &'a [T], start: &'a Conv1dState<T, CI, K, D>, t: usize, k: usize) -> &'a [T] {
        let delay = (K - 1 - k) * D;
        if t >= delay {
            &xs[(t - delay) * CI..(t - delay + 1) * CI]
        } else {
            &start.past(delay - t)[..]
        }
    }

    #[inline(always)]
    fn run<const B: usize>(
        &self,
        state: &mut Conv1dState<T, CI, K, D>,
        x: &SMatrix<T, CI, B>,
        y: &mut SMatrix<T, CO, B>,
    ) {
        let xs = x.as_slice();
        let ys = y.as_mut_slice();
        // The state is read for the first frames' taps, then takes the new frames.
        let start = &*state;
        for t in 0..B {
            let mut acc = self.b;
            if split_sums::<T>(CI * K, CO) {
                // Each tap's even and odd channels summed apart (the second sum from zero), the
                // two sums added at the end: half the chain of dependent multiply-adds that
                // bounds a frame (`kernels::split_sums`).
                let mut odd = [T::zero(); CO];
                // Unrolled over the taps, the loop keeps every tap's weights and both sums live
                // at once; where the two sums alone fill a quarter of the register file or more
                // (16 channels of f32 in SSE's sixteen registers or AVX2's, 8 in SSE's) the
                // copies spill, and a loop the compiler cannot unroll (its count hidden) runs
                // faster: on a Xeon, portable, `cargo bench --bench paired -- conv/16`,
                // 1.12–1.19 → 0.95–1.02 of the expert cell, whose tap loop stays rolled; with
                // `-C target-cpu=x86-64-v3` 1.08 → 1.05–1.06. Below that, unrolled is faster
                // (AVX-512, 8 channels: 0.82 unrolled, 1.01 rolled).
                let taps = if Self::ROLL_TAPS {
                    core::hint::black_box(K)
                } else {
                    K
                };
                for k in 0..taps {
                    let frame = Self::tap(xs, start, t, k);
                    let mut pairs = frame.chunks_exact(2);
                    for (p, x2) in (&mut pairs).enumerate() {
                        let (we, wo) = (&self.w[2 * p][k], &self.w[2 * p + 1][k]);
                        for ((a, o), (&e, &w)) in
                            acc.iter_mut().zip(&mut odd).zip(we.iter().zip(wo))
                        {
                            *a = x2[0].mul_acc(e, *a);
                            *o = x2[1].mul_acc(w, *o);
                        }
                    }
                    if let Some(&xl) = pairs.remainder().first() {
                        for (a, &w) in acc.iter_mut().zip(&self.w[CI - 1][k]) {
                            *a = xl.mul_acc(w, *a);
                        }
                    }
                }
                for (a, o) in acc.iter_mut().zip(odd) {
                    *a += o;
                }
            } else {
                for k in 0..K {
                    for (i, &xi) in Self::tap(xs, start, t, k).iter().enumerate() {
                        for (a, &w) in acc.iter_mut().zip(&self.w[i][k]) {
                            *a = xi.mul_acc(w, *a);
                        }
                    }
                }
            }
            ys[t * CO..(t + 1) * CO].copy_from_slice(&acc);
        }
        for t in 0..B {
            state.push(&xs[t * CI..(t + 1) * CI]);
        }
    }

    /// Backward (module docs): gradients into `grads`, `∂L/∂x` into `dx` when given.
    #[inline(always)]
    fn backward_into<const B: usize>(
        &self,
        x: &SMatrix<T, CI, B>,
        start: &Conv1dState<T, CI, K, D>,
        dy: &SMatrix<T, CO, B>,
        grads: &mut Self,
        mut dx: Option<&mut SMatrix<T, CI, B>>,
    ) {
        let xs = x.as_slice();
        let dys = dy.as_slice();
        if let Some(dx) = dx.as_deref_mut() {
            dx.fill(T::zero());
        }
        for t in 0..B {
            let d = &dys[t * CO..(t + 1) * CO];
            for (g, &v) in grads.b.iter_mut().zip(d) {
                *g += v;
            }
            for k in 0..K {
                for (i, &xi) in Self::tap(xs, start, t, k).iter().enumerate() {
                    for (g, &v) in grads.w[i][k].iter_mut().zip(d) {
                        *g = xi.mul_acc(v, *g);
                    }
                }
                let delay = (K - 1 - k) * D;
                if let (Some(dx), true) = (dx.as_deref_mut(), t >= delay) {
                    let s = t - delay;
                    let dxs = &mut dx.as_mut_slice()[s * CI..(s + 1) * CI];
                    for (i, o) in dxs.iter_mut().enumerate() {
                        let mut acc = T::zero();
                        for (&w, &v) in self.w[i][k].iter().zip(d) {
                            acc = w.mul_acc(v, acc);
                        }
                        *o += acc;
                    }
                }
            }
        }
    }
}

impl<const CI: usize, const CO: usize, const K: usize, const D: usize, T: Scalar> Signature
    for Conv1d<CI, CO, K, D, T>
{
    type In = Const<CI>;
    type OutputFor<W: Width> = Const<CO>;
    type Scalar = T;
}

impl<const CI: usize, const CO: usize, const K: usize, const D: usize, T> Module
    for Conv1d<CI, CO, K, D, T>
{
    fn describe(h: &mut Fingerprint) {
        h.write_str("Conv1d");
        for v in [CI, CO, K, D] {
            h.write_usize(v);
        }
    }
}

impl<T: Scalar, const CI: usize, const CO: usize, const K: usize, const D: usize> Zeroed
    for Conv1d<CI, CO, K, D, T>
{
    fn zeroed() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const CI: usize, const CO: usize, const K: usize, const D: usize> Default
    for Conv1d<CI, CO, K, D, T>
{
    fn default() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const CI: usize, const CO: usize, const K: usize, const D: usize> Params<T>
    for Conv1d<CI, CO, K, D, T>
{
    const PARAMS: usize = CO * CI * K + CO;
    const TENSORS: usize = 2;

    fn tensor(&self, i: usize) -> &[T] {
        match i {
            0 => self.w.as_flattened().as_flattened(),
            1 => &self.b,
            _ => panic!("Conv1d has 2 parameter tensors"),
        }
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.w.as_flattened_mut().as_flattened_mut(),
            1 => &mut self.b,
            _ => panic!("Conv1d has 2 parameter tensors"),
        }
    }

    /// The weight as a `C_OUT × (C_IN·K)` matrix (PyTorch's `[C_OUT, C_IN, K]` with the last two
    /// dimensions together), fan-in `C_IN·K` as PyTorch counts it.
    fn tensor_info(i: usize) -> TensorInfo {
        let (cols, kind) = match i {
            0 => (CI * K, TensorKind::Weight),
            1 => (1, TensorKind::Bias),
            _ => panic!("Conv1d has 2 parameter tensors"),
        };
        TensorInfo {
            rows: CO,
            cols,
            kind,
            fan_in: CI * K,
            fan_out: CO * K,
        }
    }

    fn tensor_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(if i == 0 { "weight" } else { "bias" })
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        use crate::io::{write_rows, write_values};
        write!(
            out,
            "constnet::Conv1d::<{CI}, {CO}, {K}, {D}, {}>::from_torch([",
            T::NAME
        )?;
        for o in 0..CO {
            if o > 0 {
                out.write_str(", ")?;
            }
            let rows: [[T; K]; CI] =
                core::array::from_fn(|i| core::array::from_fn(|k| self.w[i][k][o]));
            write_rows(out, &rows)?;
        }
        out.write_str("], ")?;
        write_values(out, &self.b)?;
        out.write_str(")")
    }

    /// `[C_OUT, C_IN, K]` for the weight.
    fn torch_shape(i: usize) -> Option<[usize; 3]> {
        (i == 0).then_some([CO, CI, K])
    }
}

/// Convolves over the columns of its input, causally (module docs).
impl<T: Scalar, const CI: usize, const CO: usize, const K: usize, const D: usize> Layer<T, CI>
    for Conv1d<CI, CO, K, D, T>
{
    /// The state before the first column (the frames the first taps read).
    type Cache<const B: usize> = Conv1dState<T, CI, K, D>;
    type State = Conv1dState<T, CI, K, D>;

    const BACKWARD_READS_OUTPUT: bool = false;

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, CI, B>) -> SMatrix<T, CO, B> {
        let mut y = SMatrix::blank();
        self.run(&mut Blank::blank(), x, &mut y);
        y
    }

    #[inline]
    fn layer_step<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, CI, B>,
        y: &mut SMatrix<T, CO, B>,
    ) {
        self.run(state, x, y);
    }

    forwards_from_tape!(T, CI);

    #[inline]
    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, CI, B>,
        y: &mut SMatrix<T, CO, B>,
        cache: &mut Self::Cache<B>,
    ) {
        *cache = *state;
        self.run(state, x, y);
    }

    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, CI, B>,
        _y: &SMatrix<T, CO, B>,
        cache: &Self::Cache<B>,
        dy: &SMatrix<T, CO, B>,
        grads: &mut Self,
    ) -> SMatrix<T, CI, B> {
        let mut dx = SMatrix::blank();
        self.backward_into(x, cache, dy, grads, Some(&mut dx));
        dx
    }

    #[inline]
    fn layer_backward_params<const B: usize>(
        &self,
        x: &SMatrix<T, CI, B>,
        _y: &SMatrix<T, CO, B>,
        cache: &Self::Cache<B>,
        dy: &SMatrix<T, CO, B>,
        grads: &mut Self,
    ) {
        self.backward_into(x, cache, dy, grads, None);
    }
}
