//! [`Lstm`]: PyTorch's `nn.LSTM` (one layer), stepped over the columns of its input.
//!
//! # Maths
//!
//! For each step, input `x`, previous hidden and cell vectors `h₋, c₋` (the state), gates
//! `i, f, g, o` stacked in that order:
//!
//! ```text
//! [aᵢ; a_f; a_g; a_o] = W_ih x + b_ih + W_hh h₋ + b_hh
//! i = σ(aᵢ)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
//! c = f ⊙ c₋ + i ⊙ g
//! h = o ⊙ tanh(c)
//! ```
//!
//! Backward through time, from the last step to the first, with `∂h`, `∂c` the gradients
//! reaching `h` (from the output and the next step) and `c` (from the next step):
//!
//! ```text
//! ∂c  += ∂h ⊙ o ⊙ (1 − tanh²c)
//! ∂a  = [∂c ⊙ g ⊙ i(1 − i); ∂c ⊙ c₋ ⊙ f(1 − f); ∂c ⊙ i ⊙ (1 − g²); ∂h ⊙ tanh c ⊙ o(1 − o)]
//! ∂W_ih += ∂a xᵀ   ∂W_hh += ∂a h₋ᵀ   ∂b_ih += ∂a   ∂b_hh += ∂a
//! ∂x  = W_ihᵀ ∂a   ∂h₋ = W_hhᵀ ∂a   ∂c₋ = ∂c ⊙ f
//! ```

use core::fmt;

use nalgebra::{Const, SMatrix, SVector};

use super::{
    add_to, column, gates_add, input_major, one_loop, outer_add, tensor_name, transpose_mul,
    write_torch, BLOCK,
};
use crate::fast::{map, SIMD};
use crate::layer::{
    Blank, Fingerprint, Layer, Module, Params, Signature, TensorInfo, TensorKind, Zeroed,
};
use crate::shape::Width;
use crate::Scalar;

/// A long short-term memory layer of `I` inputs and `H` hidden units (PyTorch's
/// `nn.LSTM(I, H)`, one layer, gates i, f, g, o), in scalar `T` (`f32` by default).
///
/// Its input is a sequence, one time step per column; its output is the hidden vector `h` after
/// each step. The hidden and cell vectors carried between calls are its [`LstmState`] (see the
/// [module docs](crate::layers::recurrent) for time, state and the parameter layout). Two in a
/// row are PyTorch's `num_layers = 2`.
///
/// ```
/// use constnet::prelude::*;
/// use constnet::init::Init;
/// use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
///
/// type Net = (Lstm<1, 4, f64>, Lstm<4, 4, f64>, Dense<4, 1, f64>);
/// let net = Net::zeroed().initialized(Init::PyTorch, &mut Xoshiro256PlusPlus::seed_from_u64(3));
/// let x = SMatrix::<f64, 1, 5>::from_column_slice(&[0.0, 0.5, 1.0, 0.5, 0.0]);
/// let mut state = net.zero_state();
/// let y = net.step(&mut state, &x);
/// assert_eq!(y, net.forward(&x)); // from zeros, the same as the whole-sequence forward
/// let (first, second) = (&state.0, &state.1); // each layer's `h` and `c`
/// assert_ne!(first.c, second.c);
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
pub struct Lstm<const I: usize, const H: usize, T = f32> {
    /// `w_ih[j][g][u]` = `weight_ih[g·H + u][j]`.
    w_ih: [[[T; H]; 4]; I],
    /// `w_hh[j][g][u]` = `weight_hh[g·H + u][j]`.
    w_hh: [[[T; H]; 4]; H],
    b_ih: [[T; H]; 4],
    b_hh: [[T; H]; 4],
}

/// The state of an [`Lstm`]: its hidden vector `h` and cell vector `c`, zeros initially.
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
pub struct LstmState<T: Scalar, const H: usize> {
    /// The hidden vector after the last step (PyTorch's `h_n`).
    pub h: SVector<T, H>,
    /// The cell vector after the last step (PyTorch's `c_n`).
    pub c: SVector<T, H>,
}

impl<T: Scalar, const H: usize> Blank for LstmState<T, H> {
    #[inline(always)]
    fn blank() -> Self {
        Self {
            h: SVector::zeros(),
            c: SVector::zeros(),
        }
    }
}

impl<T: Scalar, const H: usize> Default for LstmState<T, H> {
    fn default() -> Self {
        Self::blank()
    }
}

/// What an [`Lstm`]'s training forward keeps for backward through time: the starting hidden
/// and cell vectors and, for each of the `B` steps, `i`, `f`, `g`, `o`, `c` and `tanh c`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LstmCache<T, const H: usize, const B: usize> {
    h0: [T; H],
    c0: [T; H],
    gates: [[[T; H]; 6]; B],
}

impl<T: Scalar, const H: usize, const B: usize> Blank for LstmCache<T, H, B> {
    #[inline(always)]
    fn blank() -> Self {
        Self {
            h0: [T::zero(); H],
            c0: [T::zero(); H],
            gates: [[[T::zero(); H]; 6]; B],
        }
    }
}

impl<T: Scalar, const I: usize, const H: usize> Lstm<I, H, T> {
    /// An LSTM with every parameter zero (initialise it with
    /// [`Model::initialized`](crate::Model::initialized), or load trained weights).
    pub fn zeros() -> Self {
        Self {
            w_ih: [[[T::zero(); H]; 4]; I],
            w_hh: [[[T::zero(); H]; 4]; H],
            b_ih: [[T::zero(); H]; 4],
            b_hh: [[T::zero(); H]; 4],
        }
    }

    /// A layer from PyTorch's tensors, gate by gate (i, f, g, o): `weight_ih.reshape(4, H, I)`,
    /// `weight_hh.reshape(4, H, H)`, `bias_ih.reshape(4, H)`, `bias_hh.reshape(4, H)`. A
    /// `const fn`, so that a trained layer can be a `static` (what
    /// [`io::to_rust_source`](crate::io::to_rust_source) writes).
    ///
    /// # Panics
    /// If `I` or `H` is 0.
    pub const fn from_torch(
        weight_ih: [[[T; I]; H]; 4],
        weight_hh: [[[T; H]; H]; 4],
        bias_ih: [[T; H]; 4],
        bias_hh: [[T; H]; 4],
    ) -> Self {
        Self {
            w_ih: input_major(&weight_ih),
            w_hh: input_major(&weight_hh),
            b_ih: bias_ih,
            b_hh: bias_hh,
        }
    }

    /// Element `[g·H + u][j]` of PyTorch's `weight_ih` (`g` = 0, 1, 2, 3 for i, f, g, o).
    pub fn weight_ih(&self, row: usize, col: usize) -> T {
        self.w_ih[col][row / H][row % H]
    }

    /// Element `[g·H + u][j]` of PyTorch's `weight_hh`.
    pub fn weight_hh(&self, row: usize, col: usize) -> T {
        self.w_hh[col][row / H][row % H]
    }

    /// One step: `h` and `c` advanced in place, `[i, f, g, o, c, tanh c]` written into `keep`
    /// when given (training keeps them for backward; streaming keeps nothing, and has no
    /// scratch array to clear: a zeroed one cost a `memset` call per streamed sample). The
    /// nonlinearities run in one loop over the units or in one pass per gate, as `one_loop`
    /// chooses for `H`; both compute the same values.
    #[inline(always)]
    fn cell(
        &self,
        x: &[T; I],
        h: &mut [T; H],
        c: &mut [T; H],
        y: &mut [T; H],
        mut keep: Option<&mut [[T; H]; 6]>,
    ) {
        if SIMD && 4 * H > BLOCK + BLOCK / 3 {
            self.cell_in_place(x, h, c, y, keep);
            return;
        }
        let mut a = self.b_ih;
        add_to(&mut a, &self.b_hh);
        gates_add(&self.w_ih, x, &mut a);
        gates_add(&self.w_hh, h, &mut a);
        if one_loop::<T, H>() {
            for u in 0..H {
                let i = a[0][u].fast_sigmoid();
                let f = a[1][u].fast_sigmoid();
                let g = a[2][u].fast_tanh();
                let o = a[3][u].fast_sigmoid();
                let cn = f.mul_acc(c[u], i * g);
                let tc = cn.fast_tanh();
                if let Some(s) = keep.as_deref_mut() {
                    s[0][u] = i;
                    s[1][u] = f;
                    s[2][u] = g;
                    s[3][u] = o;
                    s[4][u] = cn;
                    s[5][u] = tc;
                }
                c[u] = cn;
                h[u] = o * tc;
            }
            *y = *h;
            return;
        }
        // Each nonlinearity in place over one contiguous vector: the form that vectorises most
        // reliably; i and f, both sigmoids and adjacent, as one pass over 2H values.
        let mut q = a;
        map(q[..2].as_flattened_mut(), T::fast_sigmoid);
        let [i, f, g, o] = &mut q;
        map(o, T::fast_sigmoid);
        map(g, T::fast_tanh);
        for u in 0..H {
            c[u] = f[u].mul_acc(c[u], i[u] * g[u]);
        }
        let mut tc = *c;
        map(&mut tc, T::fast_tanh);
        for u in 0..H {
            h[u] = o[u] * tc[u];
        }
        if let Some(s) = keep {
            *s = [q[0], q[1], q[2], q[3], *c, tc];
        }
        *y = *h;
    }

    /// [`cell`](Self::cell) where the gate sums are more than a block and a third of the
    /// registers' (`gates_add`): the same operations in the same order (so the two agree bit
    /// for bit), in place on the sums, with `tanh(c)` computed over the input gate's row once it
    /// is spent and `y` written in the loop that updates `h`. With SSE2, every copy of a gate
    /// vector longer than 128 bytes (32 `f32`) became a `memcpy` call: four per streamed sample
    /// of an LSTM-64 (the biases, the sums before the nonlinearities, `c`, the output column).
    /// `cargo bench --bench paired -- lstm`, constnet ÷ expert cell: portable LSTM-40
    /// 1.05 → 1.00, LSTM-64 1.06 → 1.02; with `-C target-cpu=x86-64-v3` 1.05 → 0.85 and
    /// 0.92 → 0.86. (LSTM-32, whose 128 sums are a block and a third with AVX2, measured 1.00
    /// in the copying form and 1.04 in this one.)
    #[inline(always)]
    fn cell_in_place(
        &self,
        x: &[T; I],
        h: &mut [T; H],
        c: &mut [T; H],
        y: &mut [T; H],
        mut keep: Option<&mut [[T; H]; 6]>,
    ) {
        let mut a: [[T; H]; 4] =
            core::array::from_fn(|k| core::array::from_fn(|u| self.b_ih[k][u] + self.b_hh[k][u]));
        gates_add(&self.w_ih, x, &mut a);
        gates_add(&self.w_hh, h, &mut a);
        map(a[..2].as_flattened_mut(), T::fast_sigmoid);
        let [i, f, g, o] = &mut a;
        map(o, T::fast_sigmoid);
        map(g, T::fast_tanh);
        if let Some(s) = keep.as_deref_mut() {
            s[0] = *i;
            s[1] = *f;
            s[2] = *g;
            s[3] = *o;
        }
        for u in 0..H {
            let cn = f[u].mul_acc(c[u], i[u] * g[u]);
            c[u] = cn;
            i[u] = cn;
        }
        map(i, T::fast_tanh);
        for u in 0..H {
            let hu = o[u] * i[u];
            h[u] = hu;
            y[u] = hu;
        }
        if let Some(s) = keep {
            s[4] = *c;
            s[5] = *i;
        }
    }

    /// Forward over the columns of `x` from `(h, c)`, each step's values into `steps` when
    /// given.
    #[inline(always)]
    fn run<const B: usize>(
        &self,
        h: &mut [T; H],
        c: &mut [T; H],
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, H, B>,
        mut steps: Option<&mut [[[T; H]; 6]; B]>,
    ) {
        let xs = x.as_slice();
        let (ys, _) = y.as_mut_slice().as_chunks_mut::<H>();
        for (t, yt) in ys.iter_mut().enumerate() {
            let x = column::<T, I>(xs, t);
            self.cell(x, h, c, yt, steps.as_deref_mut().map(|s| &mut s[t]));
        }
    }

    /// Backward through time (module docs): parameter gradients into `grads`, `∂L/∂x` into `dx`
    /// when given.
    #[inline(always)]
    fn bptt<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, H, B>,
        cache: &LstmCache<T, H, B>,
        dy: &SMatrix<T, H, B>,
        grads: &mut Self,
        mut dx: Option<&mut SMatrix<T, I, B>>,
    ) {
        let (xs, ys, dys) = (x.as_slice(), y.as_slice(), dy.as_slice());
        let one = T::one();
        let mut dh_next = [T::zero(); H];
        let mut dc_next = [T::zero(); H];
        for t in (0..B).rev() {
            let hp: &[T; H] = if t == 0 {
                &cache.h0
            } else {
                column::<T, H>(ys, t - 1)
            };
            let cp: &[T; H] = if t == 0 {
                &cache.c0
            } else {
                &cache.gates[t - 1][4]
            };
            let [i, f, g, o, _, tc] = &cache.gates[t];
            let dyt = column::<T, H>(dys, t);
            let mut da = [[T::zero(); H]; 4];
            for u in 0..H {
                let dh = dyt[u] + dh_next[u];
                let dc = dc_next[u] + dh * o[u] * (one - tc[u] * tc[u]);
                da[0][u] = dc * g[u] * i[u] * (one - i[u]);
                da[1][u] = dc * cp[u] * f[u] * (one - f[u]);
                da[2][u] = dc * i[u] * (one - g[u] * g[u]);
                da[3][u] = dh * tc[u] * o[u] * (one - o[u]);
                dc_next[u] = dc * f[u];
                dh_next[u] = T::zero();
            }
            add_to(&mut grads.b_ih, &da);
            add_to(&mut grads.b_hh, &da);
            outer_add(&mut grads.w_ih, column::<T, I>(xs, t), &da);
            outer_add(&mut grads.w_hh, hp, &da);
            if let Some(dx) = dx.as_deref_mut() {
                let d = &mut dx.as_mut_slice()[t * I..(t + 1) * I];
                d.fill(T::zero());
                transpose_mul(&self.w_ih, &da, d);
            }
            transpose_mul(&self.w_hh, &da, &mut dh_next);
        }
    }
}

impl<const I: usize, const H: usize, T: Scalar> Signature for Lstm<I, H, T> {
    type In = Const<I>;
    type OutputFor<W: Width> = Const<H>;
    type Scalar = T;
}

impl<const I: usize, const H: usize, T> Module for Lstm<I, H, T> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("Lstm");
        h.write_usize(I);
        h.write_usize(H);
    }
}

impl<T: Scalar, const I: usize, const H: usize> Zeroed for Lstm<I, H, T> {
    fn zeroed() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const H: usize> Default for Lstm<I, H, T> {
    fn default() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const H: usize> Params<T> for Lstm<I, H, T> {
    const PARAMS: usize = 4 * H * (I + H + 2);
    const TENSORS: usize = 4;

    fn tensor(&self, i: usize) -> &[T] {
        match i {
            0 => self.w_ih.as_flattened().as_flattened(),
            1 => self.w_hh.as_flattened().as_flattened(),
            2 => self.b_ih.as_flattened(),
            3 => self.b_hh.as_flattened(),
            _ => panic!("Lstm has 4 parameter tensors"),
        }
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.w_ih.as_flattened_mut().as_flattened_mut(),
            1 => self.w_hh.as_flattened_mut().as_flattened_mut(),
            2 => self.b_ih.as_flattened_mut(),
            3 => self.b_hh.as_flattened_mut(),
            _ => panic!("Lstm has 4 parameter tensors"),
        }
    }

    fn tensor_info(i: usize) -> TensorInfo {
        let (cols, kind) = match i {
            0 => (I, TensorKind::Weight),
            1 => (H, TensorKind::Weight),
            2 | 3 => (1, TensorKind::Bias),
            _ => panic!("Lstm has 4 parameter tensors"),
        };
        TensorInfo {
            rows: 4 * H,
            cols,
            kind,
            fan_in: H,
            fan_out: 4 * H,
        }
    }

    fn tensor_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        tensor_name(i, out)
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write_torch(out, "Lstm", &self.w_ih, &self.w_hh, &self.b_ih, &self.b_hh)
    }
}

/// Steps over the columns of its input (module docs for the maths).
impl<T: Scalar, const I: usize, const H: usize> Layer<T, I> for Lstm<I, H, T> {
    type Cache<const B: usize> = LstmCache<T, H, B>;
    type State = LstmState<T, H>;

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, I, B>) -> SMatrix<T, H, B> {
        let mut y = SMatrix::blank();
        self.layer_forward_into(x, &mut y);
        y
    }

    #[inline]
    fn layer_forward_into<const B: usize>(&self, x: &SMatrix<T, I, B>, y: &mut SMatrix<T, H, B>) {
        self.run(&mut [T::zero(); H], &mut [T::zero(); H], x, y, None);
    }

    #[inline]
    fn layer_step<const B: usize>(
        &self,
        state: &mut LstmState<T, H>,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, H, B>,
    ) {
        let LstmState { h, c } = state;
        self.run(&mut h.data.0[0], &mut c.data.0[0], x, y, None);
    }

    forwards_from_tape!(T, I);

    #[inline]
    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut LstmState<T, H>,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, H, B>,
        cache: &mut LstmCache<T, H, B>,
    ) {
        cache.h0 = state.h.data.0[0];
        cache.c0 = state.c.data.0[0];
        let LstmState { h, c } = state;
        self.run(
            &mut h.data.0[0],
            &mut c.data.0[0],
            x,
            y,
            Some(&mut cache.gates),
        );
    }

    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, H, B>,
        cache: &LstmCache<T, H, B>,
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
        cache: &LstmCache<T, H, B>,
        dy: &SMatrix<T, H, B>,
        grads: &mut Self,
    ) {
        self.bptt(x, y, cache, dy, grads, None);
    }
}
