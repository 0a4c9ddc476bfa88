//! [`Gru`]: PyTorch's `nn.GRU` (one layer), stepped over the columns of its input.
//!
//! # Maths
//!
//! For each step, input `x`, previous hidden vector `h₋` (the state), gates `r, z, n`:
//!
//! ```text
//! r  = σ(W_ir x + b_ir + W_hr h₋ + b_hr)
//! z  = σ(W_iz x + b_iz + W_hz h₋ + b_hz)
//! gₙ = W_hn h₋ + b_hn
//! n  = tanh(W_in x + b_in + r ⊙ gₙ)
//! h  = (1 − z) ⊙ n + z ⊙ h₋            (computed as n + z ⊙ (h₋ − n))
//! ```
//!
//! Backward through time, from the last step to the first, with `∂h` the gradient reaching `h`
//! (from the output and from the next step):
//!
//! ```text
//! ∂aₙ = ∂h ⊙ (1 − z) ⊙ (1 − n²)      ∂a_z = ∂h ⊙ (h₋ − n) ⊙ z(1 − z)
//! ∂gₙ = ∂aₙ ⊙ r                        ∂a_r = ∂aₙ ⊙ gₙ ⊙ r(1 − r)
//! ∂W_ih += [∂a_r; ∂a_z; ∂aₙ] xᵀ        ∂b_ih += [∂a_r; ∂a_z; ∂aₙ]
//! ∂W_hh += [∂a_r; ∂a_z; ∂gₙ] h₋ᵀ       ∂b_hh += [∂a_r; ∂a_z; ∂gₙ]
//! ∂x    = W_ihᵀ [∂a_r; ∂a_z; ∂aₙ]
//! ∂h₋   = z ⊙ ∂h + W_hhᵀ [∂a_r; ∂a_z; ∂gₙ]
//! ```

use core::fmt;

use nalgebra::{Const, SMatrix, SVector};

use super::{
    add_to, column, gates_add, in_registers, input_major, one_loop, outer_add, tensor_name,
    transpose_mul, write_torch,
};
use crate::fast::{map, SIMD};
use crate::layer::{
    Blank, Fingerprint, Layer, Module, Params, Signature, TensorInfo, TensorKind, Zeroed,
};
use crate::layers::kernels::lanes;
use crate::shape::Width;
use crate::Scalar;

/// A gated recurrent unit of `I` inputs and `H` hidden units (PyTorch's `nn.GRU(I, H)`, one
/// layer, gates r, z, n), in scalar `T` (`f32` by default).
///
/// Its input is a sequence, one time step per column; its output is the hidden vector after
/// each step. The hidden vector carried between calls is its [`GruState`] (see the
/// [module docs](crate::layers::recurrent) for time, state and the parameter layout).
///
/// ```
/// use constnet::prelude::*;
/// use constnet::init::Init;
/// use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
///
/// // A GRU-8 with a dense output: one sample in, one out, as amp models are.
/// let net = (Gru::<1, 8>::zeros(), Dense::<8, 1>::zeros()).initialized(Init::PyTorch, &mut Xoshiro256PlusPlus::seed_from_u64(7));
/// let mut state = net.zero_state();
/// let y = net.step(&mut state, &SMatrix::<f32, 1, 1>::new(0.25));
/// assert!(y[0].is_finite());
/// assert_ne!(state.0.h, SVector::<f32, 8>::zeros()); // the hidden vector moved
/// assert_eq!(<(Gru<1, 8>, Dense<8, 1>) as Params<f32>>::PARAMS, 3 * 8 * (1 + 8 + 2) + 9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
/// (Aligned to 64 bytes where there are SIMD registers, so that vector loads do not straddle
/// cache lines depending on where the value happens to sit; `benches/sequences.rs` varied from
/// run to run without it.)
#[cfg_attr(
    any(
        target_feature = "sse2",
        target_feature = "neon",
        target_feature = "simd128"
    ),
    repr(align(64))
)]
pub struct Gru<const I: usize, const H: usize, T = f32> {
    /// `w_ih[j][g][u]` = `weight_ih[g·H + u][j]`.
    w_ih: [[[T; H]; 3]; I],
    /// `w_hh[j][g][u]` = `weight_hh[g·H + u][j]`.
    w_hh: [[[T; H]; 3]; H],
    b_ih: [[T; H]; 3],
    b_hh: [[T; H]; 3],
}

/// The state of a [`Gru`]: its hidden vector `h`, zeros initially.
#[derive(Clone, Copy, Debug, PartialEq)]
/// (Aligned to 64 bytes where there are SIMD registers, so that vector loads do not straddle
/// cache lines depending on where the value happens to sit; `benches/sequences.rs` varied from
/// run to run without it.)
#[cfg_attr(
    any(
        target_feature = "sse2",
        target_feature = "neon",
        target_feature = "simd128"
    ),
    repr(align(64))
)]
pub struct GruState<T: Scalar, const H: usize> {
    /// The hidden vector after the last step (PyTorch's `h_n`).
    pub h: SVector<T, H>,
}

impl<T: Scalar, const H: usize> Blank for GruState<T, H> {
    #[inline(always)]
    fn blank() -> Self {
        Self {
            h: SVector::zeros(),
        }
    }
}

impl<T: Scalar, const H: usize> Default for GruState<T, H> {
    fn default() -> Self {
        Self::blank()
    }
}

/// What a [`Gru`]'s training forward keeps for backward through time: the starting hidden
/// vector and, for each of the `B` steps, `r`, `z`, `n` and `W_hn h₋ + b_hn`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GruCache<T, const H: usize, const B: usize> {
    h0: [T; H],
    gates: [[[T; H]; 4]; B],
}

impl<T: Scalar, const H: usize, const B: usize> Blank for GruCache<T, H, B> {
    #[inline(always)]
    fn blank() -> Self {
        Self {
            h0: [T::zero(); H],
            gates: [[[T::zero(); H]; 4]; B],
        }
    }
}

impl<T: Scalar, const I: usize, const H: usize> Gru<I, H, T> {
    /// A GRU with every parameter zero (initialise it with
    /// [`Model::initialized`](crate::Model::initialized), or load trained weights).
    pub fn zeros() -> Self {
        Self {
            w_ih: [[[T::zero(); H]; 3]; I],
            w_hh: [[[T::zero(); H]; 3]; H],
            b_ih: [[T::zero(); H]; 3],
            b_hh: [[T::zero(); H]; 3],
        }
    }

    /// A layer from PyTorch's tensors, gate by gate (r, z, n): `weight_ih.reshape(3, H, I)`,
    /// `weight_hh.reshape(3, H, H)`, `bias_ih.reshape(3, H)`, `bias_hh.reshape(3, H)`. A
    /// `const fn`, so that a trained layer can be a `static` (what
    /// [`io::to_rust_source`](crate::io::to_rust_source) writes).
    ///
    /// # Panics
    /// If `I` or `H` is 0.
    pub const fn from_torch(
        weight_ih: [[[T; I]; H]; 3],
        weight_hh: [[[T; H]; H]; 3],
        bias_ih: [[T; H]; 3],
        bias_hh: [[T; H]; 3],
    ) -> Self {
        Self {
            w_ih: input_major(&weight_ih),
            w_hh: input_major(&weight_hh),
            b_ih: bias_ih,
            b_hh: bias_hh,
        }
    }

    /// Element `[g·H + u][j]` of PyTorch's `weight_ih` (`g` = 0, 1, 2 for r, z, n).
    pub fn weight_ih(&self, row: usize, col: usize) -> T {
        self.w_ih[col][row / H][row % H]
    }

    /// Element `[g·H + u][j]` of PyTorch's `weight_hh`.
    pub fn weight_hh(&self, row: usize, col: usize) -> T {
        self.w_hh[col][row / H][row % H]
    }

    /// One step: `h` advanced in place and copied into `y` (the step's output column), the
    /// gates `[r, z, n, gₙ]` written into `g` (in the one-loop and in-place forms only when
    /// `KEEP`: streaming keeps nothing; the per-gate form computes its gates in `g`). The
    /// nonlinearities run in one loop over the units or in one pass per gate over its
    /// contiguous vector, as `one_loop` chooses for `H`. The two add the biases in different
    /// orders (one loop: `(b_hh + W_hh h₋) + b_ih + W_ih x`; per gate: `W_hh h₋ + (b_ih + b_hh) +
    /// W_ih x` for r and z, `gₙ = W_hn h₋ + b_hn`), so they agree to rounding, not bit for bit;
    /// a given `H` always takes the same one, so streaming and the whole-sequence forward are
    /// bit-identical, and training computes the same values as inference. The per-gate form
    /// runs in place on the sums where they do not fit in registers (`cell_in_place`), in the
    /// same order.
    #[inline(always)]
    fn cell<const KEEP: bool>(
        &self,
        x: &[T; I],
        h: &mut [T; H],
        y: &mut [T; H],
        g: &mut [[T; H]; 4],
    ) {
        if one_loop::<T, H>() {
            let mut gh = self.b_hh;
            gates_add(&self.w_hh, h, &mut gh);
            // `gh + b_i + W_i x` for r and z, `b_i + W_i x` for n, in that order either way: as
            // whole gate vectors where there is SIMD (summed per unit inside the loop below, the
            // loop stayed scalar with SSE2), per unit in the loop without (fewer loads and stores
            // on a Cortex-M).
            let start = |k: usize, u: usize| {
                if k < 2 {
                    gh[k][u] + self.b_ih[k][u]
                } else {
                    self.b_ih[k][u]
                }
            };
            let mut gi = [[T::zero(); H]; 3];
            if SIMD {
                for (k, gk) in gi.iter_mut().enumerate() {
                    for (u, v) in gk.iter_mut().enumerate() {
                        *v = start(k, u);
                    }
                }
                gates_add(&self.w_ih, x, &mut gi);
            }
            let input = |k: usize, u: usize| {
                if SIMD {
                    return gi[k][u];
                }
                let mut s = start(k, u);
                for (xj, wj) in x.iter().zip(&self.w_ih) {
                    s = xj.mul_acc(wj[k][u], s);
                }
                s
            };
            for u in 0..H {
                let r = input(0, u).fast_sigmoid();
                let z = input(1, u).fast_sigmoid();
                let n = r.mul_acc(gh[2][u], input(2, u)).fast_tanh();
                if KEEP {
                    g[0][u] = r;
                    g[1][u] = z;
                    g[2][u] = n;
                    g[3][u] = gh[2][u];
                }
                h[u] = z.mul_acc(h[u] - n, n);
            }
            *y = *h;
            return;
        }
        if !in_registers(3 * H) {
            self.cell_in_place::<KEEP>(x, h, y, g);
            return;
        }
        // The recurrent sums from zero, the biases added after (started from `b_hh`, a GRU-32's
        // sums stayed on the stack through the products with SSE2), in the same order as
        // `cell_in_place`, so that the two forms agree bit for bit (a portable host and a
        // Cortex-M may take different ones).
        let mut gh = [[T::zero(); H]; 3];
        gates_add(&self.w_hh, h, &mut gh);
        // Each gate's biases and input product are summed onto its recurrent sum (`r`, `z`) in
        // one pass (separate passes through `g` measured slower natively), then each
        // nonlinearity runs over one contiguous vector: the form that vectorises most reliably.
        for k in 0..3 {
            for u in 0..H {
                let mut s = if k < 2 {
                    gh[k][u] + (self.b_ih[k][u] + self.b_hh[k][u])
                } else {
                    self.b_ih[k][u]
                };
                for (&xj, wj) in x.iter().zip(&self.w_ih) {
                    s = xj.mul_acc(wj[k][u], s);
                }
                g[k][u] = s;
            }
        }
        sigmoids(&mut g[..2]);
        let [r, z, n, gn] = g;
        for u in 0..H {
            gn[u] = gh[2][u] + self.b_hh[2][u];
            n[u] = r[u].mul_acc(gn[u], n[u]);
        }
        map(n, T::fast_tanh);
        for u in 0..H {
            h[u] = z[u].mul_acc(h[u] - n[u], n[u]);
        }
        *y = *h;
    }

    /// [`cell`](Self::cell)'s per-gate form for gates whose sums do not all fit in registers:
    /// in place on the recurrent sums, `b_hn` added after the product, `y` written in the loop
    /// that updates `h`, the gates copied into `g` only when `KEEP`. With SSE2, every copy of a
    /// gate vector longer than 128 bytes (32 `f32`) became a `memcpy` call: five per streamed
    /// sample of a GRU-64 in the form above (scratch gates filled from `h`, `b_hn`, the output
    /// column). Portable, `cargo bench --bench paired -- gru/40 gru/64`: 1.08 → 1.00 and
    /// 1.04 → 1.02 of the expert cell; with `-C target-cpu=x86-64-v3` 1.08 → 1.02 and
    /// 1.01 → 0.98. (Where the sums fit, this form was the slower: natively, GRU-8 1.02 → 1.12.)
    #[inline(always)]
    fn cell_in_place<const KEEP: bool>(
        &self,
        x: &[T; I],
        h: &mut [T; H],
        y: &mut [T; H],
        g: &mut [[T; H]; 4],
    ) {
        let mut gh = [[T::zero(); H]; 3];
        gates_add(&self.w_hh, h, &mut gh);
        let [r, z, _] = &mut gh;
        for (k, gk) in [r, z].into_iter().enumerate() {
            for (u, v) in gk.iter_mut().enumerate() {
                let mut s = *v + (self.b_ih[k][u] + self.b_hh[k][u]);
                for (&xj, wj) in x.iter().zip(&self.w_ih) {
                    s = xj.mul_acc(wj[k][u], s);
                }
                *v = s;
            }
        }
        sigmoids(&mut gh[..2]);
        let [r, z, n] = &mut gh;
        // gₙ = W_hn h₋ + b_hn, then n = tanh(b_in + W_in x + r ⊙ gₙ), over gₙ.
        for u in 0..H {
            let gn = n[u] + self.b_hh[2][u];
            if KEEP {
                g[3][u] = gn;
            }
            let mut s = self.b_ih[2][u];
            for (&xj, wj) in x.iter().zip(&self.w_ih) {
                s = xj.mul_acc(wj[2][u], s);
            }
            n[u] = r[u].mul_acc(gn, s);
        }
        map(n, T::fast_tanh);
        for u in 0..H {
            let hu = z[u].mul_acc(h[u] - n[u], n[u]);
            h[u] = hu;
            y[u] = hu;
        }
        if KEEP {
            g[0] = gh[0];
            g[1] = gh[1];
            g[2] = gh[2];
        }
    }

    /// Forward over the columns of `x` from `h`, each step's gates into `gates` when given.
    #[inline(always)]
    fn run<const B: usize>(
        &self,
        h: &mut [T; H],
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, H, B>,
        mut gates: Option<&mut [[[T; H]; 4]; B]>,
    ) {
        let xs = x.as_slice();
        let (ys, _) = y.as_mut_slice().as_chunks_mut::<H>();
        // Streaming's scratch gates (read by the per-gate form where the sums fit in registers,
        // every element written before it is read): filled with copies of `h`, already in
        // registers, where zeros became a `memset` call per streamed sample for a GRU-40 with
        // AVX-512 (`cargo bench --bench paired -- gru/40`, natively 1.07 → 0.96 of the expert
        // cell).
        let mut scratch = [*h; 4];
        for (t, yt) in ys.iter_mut().enumerate() {
            let x = column::<T, I>(xs, t);
            match gates.as_deref_mut() {
                Some(gates) => self.cell::<true>(x, h, yt, &mut gates[t]),
                None => self.cell::<false>(x, h, yt, &mut scratch),
            }
        }
    }

    /// Backward through time (module docs): parameter gradients into `grads`, `∂L/∂x` into `dx`
    /// when given.
    #[inline(always)]
    fn bptt<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, H, B>,
        cache: &GruCache<T, H, B>,
        dy: &SMatrix<T, H, B>,
        grads: &mut Self,
        mut dx: Option<&mut SMatrix<T, I, B>>,
    ) {
        let (xs, ys, dys) = (x.as_slice(), y.as_slice(), dy.as_slice());
        let one = T::one();
        let mut dnext = [T::zero(); H];
        for t in (0..B).rev() {
            let hp: &[T; H] = if t == 0 {
                &cache.h0
            } else {
                column::<T, H>(ys, t - 1)
            };
            let [r, z, n, gn] = &cache.gates[t];
            let dyt = column::<T, H>(dys, t);
            let mut gi = [[T::zero(); H]; 3];
            let mut gh = [[T::zero(); H]; 3];
            for u in 0..H {
                let dh = dyt[u] + dnext[u];
                let dan = dh * (one - z[u]) * (one - n[u] * n[u]);
                let daz = dh * (hp[u] - n[u]) * z[u] * (one - z[u]);
                let dar = dan * gn[u] * r[u] * (one - r[u]);
                gi[0][u] = dar;
                gi[1][u] = daz;
                gi[2][u] = dan;
                gh[0][u] = dar;
                gh[1][u] = daz;
                gh[2][u] = dan * r[u];
                dnext[u] = z[u] * dh;
            }
            add_to(&mut grads.b_ih, &gi);
            add_to(&mut grads.b_hh, &gh);
            outer_add(&mut grads.w_ih, column::<T, I>(xs, t), &gi);
            outer_add(&mut grads.w_hh, hp, &gh);
            if let Some(dx) = dx.as_deref_mut() {
                let d = &mut dx.as_mut_slice()[t * I..(t + 1) * I];
                d.fill(T::zero());
                transpose_mul(&self.w_ih, &gi, d);
            }
            transpose_mul(&self.w_hh, &gh, &mut dnext);
        }
    }
}

/// r and z, both sigmoids and adjacent: one pass over 2H values where H is not a whole number of
/// vector registers (each gate's pass alone would end in a scalar tail or run padded);
/// otherwise one pass each. Chosen by `gru/40` and `gru/64` of `benches/sequences.rs` in the
/// native build (AVX-512), where one pass over 2·64 values was the slower.
#[inline(always)]
fn sigmoids<T: Scalar, const H: usize>(rz: &mut [[T; H]]) {
    if !H.is_multiple_of(lanes::<T>()) {
        map(rz.as_flattened_mut(), T::fast_sigmoid);
    } else {
        for v in rz {
            map(v, T::fast_sigmoid);
        }
    }
}

impl<const I: usize, const H: usize, T: Scalar> Signature for Gru<I, H, T> {
    type In = Const<I>;
    type OutputFor<W: Width> = Const<H>;
    type Scalar = T;
}

impl<const I: usize, const H: usize, T> Module for Gru<I, H, T> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("Gru");
        h.write_usize(I);
        h.write_usize(H);
    }
}

impl<T: Scalar, const I: usize, const H: usize> Zeroed for Gru<I, H, T> {
    fn zeroed() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const H: usize> Default for Gru<I, H, T> {
    fn default() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const H: usize> Params<T> for Gru<I, H, T> {
    const PARAMS: usize = 3 * H * (I + H + 2);
    const TENSORS: usize = 4;

    fn tensor(&self, i: usize) -> &[T] {
        match i {
            0 => self.w_ih.as_flattened().as_flattened(),
            1 => self.w_hh.as_flattened().as_flattened(),
            2 => self.b_ih.as_flattened(),
            3 => self.b_hh.as_flattened(),
            _ => panic!("Gru has 4 parameter tensors"),
        }
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.w_ih.as_flattened_mut().as_flattened_mut(),
            1 => self.w_hh.as_flattened_mut().as_flattened_mut(),
            2 => self.b_ih.as_flattened_mut(),
            3 => self.b_hh.as_flattened_mut(),
            _ => panic!("Gru has 4 parameter tensors"),
        }
    }

    fn tensor_info(i: usize) -> TensorInfo {
        let (cols, kind) = match i {
            0 => (I, TensorKind::Weight),
            1 => (H, TensorKind::Weight),
            2 | 3 => (1, TensorKind::Bias),
            _ => panic!("Gru has 4 parameter tensors"),
        };
        TensorInfo {
            rows: 3 * H,
            cols,
            kind,
            fan_in: H,
            fan_out: 3 * H,
        }
    }

    fn tensor_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        tensor_name(i, out)
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write_torch(out, "Gru", &self.w_ih, &self.w_hh, &self.b_ih, &self.b_hh)
    }
}

/// Steps over the columns of its input (module docs for the maths).
impl<T: Scalar, const I: usize, const H: usize> Layer<T, I> for Gru<I, H, T> {
    type Cache<const B: usize> = GruCache<T, H, B>;
    type State = GruState<T, H>;

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, I, B>) -> SMatrix<T, H, B> {
        let mut y = SMatrix::blank();
        self.layer_forward_into(x, &mut y);
        y
    }

    #[inline]
    fn layer_forward_into<const B: usize>(&self, x: &SMatrix<T, I, B>, y: &mut SMatrix<T, H, B>) {
        self.run(&mut [T::zero(); H], x, y, None);
    }

    #[inline]
    fn layer_step<const B: usize>(
        &self,
        state: &mut GruState<T, H>,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, H, B>,
    ) {
        self.run(&mut state.h.data.0[0], x, y, None);
    }

    forwards_from_tape!(T, I);

    #[inline]
    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut GruState<T, H>,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, H, B>,
        cache: &mut GruCache<T, H, B>,
    ) {
        cache.h0 = state.h.data.0[0];
        self.run(&mut state.h.data.0[0], x, y, Some(&mut cache.gates));
    }

    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, H, B>,
        cache: &GruCache<T, H, B>,
        dy: &SMatrix<T, H, B>,
        grads: &mut Self,
    ) -> SMatrix<T, I, B> {
        let mut dx = SMatrix::blank();
        self.bptt(x, y, cache, dy, grads, Some(&mut dx));
        dx
    }

    #[inline]
    fn layer_backward_params<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, H, B>,
        cache: &GruCache<T, H, B>,
        dy: &SMatrix<T, H, B>,
        grads: &mut Self,
    ) {
        self.bptt(x, y, cache, dy, grads, None);
    }
}
