//! Recurrent layers: [`Gru`] and [`Lstm`], with PyTorch's parameter layouts and gate order.
//!
//! # Time and state
//!
//! A recurrent layer reads the columns of its input as consecutive time steps of one sequence:
//! `x` is `I × S` for `S` steps (PyTorch's unbatched `(L, H_in)` input, transposed), and the
//! output is the hidden vector after each step, `H × S`. The layers after it (a [`Dense`] head,
//! an activation) treat each column on its own, so `(Gru<1, 8>, Dense<8, 1>)` maps a signal to a
//! signal. A batch of sequences is trained by adding each sequence's gradients into the same
//! [`Gradients`](crate::Gradients) before the optimizer step.
//!
//! The state ([`Layer::State`](crate::Layer::State)) is a value the caller owns, never part of
//! the layer: [`GruState`] holds `h`, [`LstmState`] holds `h` and `c`. [`Model::forward`] starts
//! from zeros (PyTorch's default `h0`); [`Model::step`] runs from a given state and leaves the
//! state after the last column there, so a network streams one frame (or one audio block) per
//! call; [`Model::backprop_from`] trains a chunk from the state the previous chunk left
//! (truncated backpropagation through time).
//!
//! # Layout
//!
//! PyTorch stacks the gates' weights into one `[G·H, I]` matrix (`G = 3` for a GRU, `4` for an
//! LSTM). Here the weights are stored input-major, `w[j][g][u]` = PyTorch's `weight_ih[g·H + u][j]`,
//! so that one step is a sum of contiguous `G·H`-long weight rows scaled by the inputs, which
//! vectorises over all gates at once; parameter tensor `k` is that matrix in column-major order
//! with [`TensorInfo`](crate::TensorInfo) `rows = G·H`, so saving and loading (bytes,
//! safetensors) give and take PyTorch's tensors unchanged. The tensors are `weight_ih_l0`,
//! `weight_hh_l0`, `bias_ih_l0` and `bias_hh_l0`, PyTorch's names; their `fan_in` is the hidden
//! size for all four, as PyTorch's initialisation of recurrent layers reads it
//! (`Init::PyTorch` draws each from `U(±1/√H)`, as `nn.GRU` and `nn.LSTM` do).
//!
//! [`Dense`]: crate::Dense
//! [`Model::forward`]: crate::Model::forward
//! [`Model::step`]: crate::Model::step
//! [`Model::backprop_from`]: crate::Model::backprop_from

mod gru;
mod lstm;

pub use gru::{Gru, GruCache, GruState};
pub use lstm::{Lstm, LstmCache, LstmState};

use crate::fast::SIMD;
use crate::Scalar;

/// Whether a step's nonlinearities run in one loop over the units (gates of at most 32 bytes:
/// 8 `f32` units, whose three or four polynomials then overlap in registers) rather than one pass
/// per gate over its contiguous vector (wider gates, whose polynomials in one loop spill; and
/// every width with AVX-512, where LLVM leaves a loop over 8 units scalar while the passes run
/// padded to 16 lanes, see `fast::map`). Chosen by trying both in `benches/sequences.rs`
/// (`gru/*`, `lstm/*`) in the portable and the native build.
const fn one_loop<T, const H: usize>() -> bool {
    H * core::mem::size_of::<T>() <= 32 && !cfg!(target_feature = "avx512f")
}

/// `y[g][u] += Σ_j x[j] · w[j][g][u]`: gate pre-activations, one contiguous `G·H` row per input;
/// with SIMD, all the sums on a local copy where they fit in [`BLOCK`], else a register-sized
/// block of sums at a time.
/// (With AVX-512 every benchmarked cell fits in one block; blocks of 128 sums there were tried
/// in `benches/sequences.rs`: faster for GRU-64, slower for LSTM-40 and LSTM-64.)
#[inline(always)]
fn gates_add<T: Scalar, const J: usize, const G: usize, const H: usize>(
    w: &[[[T; H]; G]; J],
    x: &[T; J],
    y: &mut [[T; H]; G],
) {
    if in_registers(G * H) {
        // Every sum fits in registers: on a local copy (summed in place, a one-input product
        // was vectorised in overlapping pieces of 2, 8 and 4 sums through the stack, stalling
        // each load on the store before it: an LSTM-8 step at 1.21 of the expert's cell with
        // AVX2+FMA, `cargo bench --bench paired -- lstm/8`, against 1.01 now).
        let mut acc = *y;
        for (wj, &xj) in w.iter().zip(x) {
            for (a, &wk) in acc.as_flattened_mut().iter_mut().zip(wj.as_flattened()) {
                *a = xj.mul_acc(wk, *a);
            }
        }
        *y = acc;
        return;
    }
    let y = y.as_flattened_mut();
    let mut start = 0;
    if SIMD {
        // More sums than registers: a block of them at a time, kept in registers through all
        // the inputs (one pass over them all spilled to the stack, in a loop that LLVM also
        // filled with register moves), then a third of a block at a time, then the rest below
        // (fewer than a third of a block). The same sums in the same order either way.
        while G * H - start >= BLOCK {
            add_block::<T, J, G, H, BLOCK>(w, x, y, start);
            start += BLOCK;
        }
        while G * H - start >= BLOCK / 3 {
            add_block::<T, J, G, H, { BLOCK / 3 }>(w, x, y, start);
            start += BLOCK / 3;
        }
    }
    for (wj, &xj) in w.iter().zip(x) {
        for (yk, &wk) in y[start..].iter_mut().zip(&wj.as_flattened()[start..]) {
            *yk = xj.mul_acc(wk, *yk);
        }
    }
}

/// Whether [`gates_add`] holds `sums` gate sums in registers all at once (on a local copy)
/// rather than a block at a time: with SIMD, at most [`BLOCK`] of them.
const fn in_registers(sums: usize) -> bool {
    SIMD && sums <= BLOCK
}

/// [`gates_add`] for the `N` sums from `start`, held in a local array (in registers) through
/// all the inputs.
#[inline(always)]
fn add_block<T: Scalar, const J: usize, const G: usize, const H: usize, const N: usize>(
    w: &[[[T; H]; G]; J],
    x: &[T; J],
    y: &mut [T],
    start: usize,
) {
    let mut acc = [T::zero(); N];
    acc.copy_from_slice(&y[start..start + N]);
    for (wj, &xj) in w.iter().zip(x) {
        for (a, &wk) in acc.iter_mut().zip(&wj.as_flattened()[start..start + N]) {
            *a = xj.mul_acc(wk, *a);
        }
    }
    y[start..start + N].copy_from_slice(&acc);
}

/// `f32` sums that [`gates_add`] keeps in registers at once where there is SIMD: 12 vector
/// registers of the 16 that SSE and AVX2 have (the rest hold the input, a weight and
/// addresses), 24 of AVX-512's 32; 12 of NEON's and WebAssembly's too (AArch64 has 32, so a
/// cell there could take more; not measured). `f64` sums take twice the registers, so its
/// blocks spill (f64 cells are for checking, not speed). Without SIMD the sums stay one pass: a
/// Cortex-M4's single-precision registers hold a narrow cell's sums as they are.
const BLOCK: usize = if cfg!(target_feature = "avx512f") {
    24
} else {
    12
} * crate::layers::kernels::lanes::<f32>();

/// `gw[j][g][u] += x[j] · d[g][u]`: a weight gradient, one outer product per step.
#[inline(always)]
fn outer_add<T: Scalar, const J: usize, const G: usize, const H: usize>(
    gw: &mut [[[T; H]; G]; J],
    x: &[T; J],
    d: &[[T; H]; G],
) {
    let d = d.as_flattened();
    for (gj, &xj) in gw.iter_mut().zip(x) {
        for (gk, &dk) in gj.as_flattened_mut().iter_mut().zip(d) {
            *gk = xj.mul_acc(dk, *gk);
        }
    }
}

/// `out[j] = add[j] + Σ_{g,u} w[j][g][u] · d[g][u]`: the gradient flowing to an input (or to
/// the previous hidden vector), a dot product per input over contiguous weights.
#[inline(always)]
fn transpose_mul<T: Scalar, const J: usize, const G: usize, const H: usize>(
    w: &[[[T; H]; G]; J],
    d: &[[T; H]; G],
    out: &mut [T],
) {
    let d = d.as_flattened();
    for (o, wj) in out.iter_mut().zip(w) {
        let mut acc = [T::zero(); 4];
        let (wc, dc) = (wj.as_flattened().chunks_exact(4), d.chunks_exact(4));
        let (wr, dr) = (wc.remainder(), dc.remainder());
        for (p, q) in wc.zip(dc) {
            for k in 0..4 {
                acc[k] = p[k].mul_acc(q[k], acc[k]);
            }
        }
        let mut s = (acc[0] + acc[2]) + (acc[1] + acc[3]);
        for (p, q) in wr.iter().zip(dr) {
            s = p.mul_acc(*q, s);
        }
        *o += s;
    }
}

/// `a[g][u] += b[g][u]`.
#[inline(always)]
fn add_to<T: Scalar, const G: usize, const H: usize>(a: &mut [[T; H]; G], b: &[[T; H]; G]) {
    for (x, &y) in a.as_flattened_mut().iter_mut().zip(b.as_flattened()) {
        *x += y;
    }
}

/// Column `t` of a column-major `R × B` slice.
#[inline(always)]
fn column<T, const R: usize>(m: &[T], t: usize) -> &[T; R] {
    // As an array, so that the loops over it have a fixed trip count.
    &m.as_chunks::<R>().0[t]
}

/// PyTorch's gate-stacked weights `[G][H][J]` (`weight_ih.reshape(G, H, J)`) as input-major
/// storage `[J][G][H]`, in a `const fn`.
///
/// # Panics
/// If a dimension is 0 (there is no element to start the array from).
const fn input_major<T: Copy, const J: usize, const G: usize, const H: usize>(
    w: &[[[T; J]; H]; G],
) -> [[[T; H]; G]; J] {
    let mut out = [[[w[0][0][0]; H]; G]; J];
    let mut g = 0;
    while g < G {
        let mut u = 0;
        while u < H {
            let mut j = 0;
            while j < J {
                out[j][g][u] = w[g][u][j];
                j += 1;
            }
            u += 1;
        }
        g += 1;
    }
    out
}

/// Writes a recurrent layer's constructor call: `constnet::{name}::<I, H, T>::from_torch(...)`
/// with the weights as `[G][H][J]` arrays (PyTorch's rows, gate by gate) and the biases as
/// `[G][H]`.
fn write_torch<T: Scalar, const G: usize, const I: usize, const H: usize>(
    out: &mut dyn core::fmt::Write,
    name: &str,
    w_ih: &[[[T; H]; G]; I],
    w_hh: &[[[T; H]; G]; H],
    b_ih: &[[T; H]; G],
    b_hh: &[[T; H]; G],
) -> core::fmt::Result {
    use crate::io::{write_rows, write_values};
    #[allow(clippy::needless_range_loop)] // `g` indexes the middle dimension
    fn weights<T: Scalar, const G: usize, const J: usize, const H: usize>(
        out: &mut dyn core::fmt::Write,
        w: &[[[T; H]; G]; J],
    ) -> core::fmt::Result {
        out.write_str("[")?;
        for g in 0..G {
            if g > 0 {
                out.write_str(", ")?;
            }
            let rows: [[T; J]; H] = core::array::from_fn(|u| core::array::from_fn(|j| w[j][g][u]));
            write_rows(out, &rows)?;
        }
        out.write_str("]")
    }
    fn biases<T: Scalar, const G: usize, const H: usize>(
        out: &mut dyn core::fmt::Write,
        b: &[[T; H]; G],
    ) -> core::fmt::Result {
        out.write_str("[")?;
        for (g, gate) in b.iter().enumerate() {
            if g > 0 {
                out.write_str(", ")?;
            }
            write_values(out, gate)?;
        }
        out.write_str("]")
    }
    write!(
        out,
        "constnet::{name}::<{I}, {H}, {}>::from_torch(",
        T::NAME
    )?;
    weights(out, w_ih)?;
    out.write_str(", ")?;
    weights(out, w_hh)?;
    out.write_str(", ")?;
    biases(out, b_ih)?;
    out.write_str(", ")?;
    biases(out, b_hh)?;
    out.write_str(")")
}

/// Writes the three names PyTorch gives a recurrent layer's tensors (`weight_ih_l0`, …).
fn tensor_name(i: usize, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
    out.write_str(match i {
        0 => "weight_ih_l0",
        1 => "weight_hh_l0",
        2 => "bias_ih_l0",
        _ => "bias_hh_l0",
    })
}
