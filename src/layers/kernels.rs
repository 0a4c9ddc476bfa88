//! The dense layer's arithmetic on column-major slices: the loops an expert writes for tiny fixed
//! sizes, which LLVM vectorises (the sizes are constants).
//!
//! * One sample (`B = 1`, latency): forward starts from the bias and adds each input's weight
//!   column scaled by that input (`y += x[i] · W[:, i]`, a broadcast multiply-add over contiguous
//!   outputs); a single output is a dot product with eight accumulators instead; without SIMD
//!   registers (Cortex-M, RISC-V) four outputs are held in registers per pass over the inputs,
//!   with the same sums in the same order. `∂L/∂x` is one dot product per input (a broadcast
//!   update over a transposed copy of `W` for fewer than eight outputs).
//! * Batches (`B ≥ 2`, throughput): `W X`, `∂L/∂W = dY Xᵀ` and `∂L/∂X = Wᵀ dY` are small matrix
//!   products computed by one register-tiled kernel, [`gemm`]: a tile of `MR` rows (two SIMD
//!   registers; four with AVX-512, which has 32) by [`NR`] columns of the result stays in registers while the whole inner
//!   dimension streams past, the tile's panel of the other operand packed into a fixed-size
//!   array, so each operand is read once per tile instead of once per sample. Each product is
//!   oriented so that its longest dimension is the vectorised one. `∂L/∂W` goes through the same
//!   kernel at `B = 1` too (an outer product), handed to a [`GradSink`]: accumulated into
//!   gradient buffers, or applied to the weights as plain SGD.
//!
//! The tile height comes from the build target's vector width (SSE2/NEON 16 bytes, AVX 32,
//! AVX-512 64); it is a constant, so the compiler specialises every call.

use nalgebra::{SMatrix, SVector};

use crate::fast::SIMD;
use crate::Scalar;

/// Columns of a register tile.
const NR: usize = 4;

/// Bytes in one SIMD register of the build target (the scalar width where there is none).
pub(crate) const fn vector_bytes<T>() -> usize {
    let t = core::mem::size_of::<T>();
    let v = if cfg!(target_feature = "avx512f") {
        64
    } else if cfg!(target_feature = "avx") {
        32
    } else if cfg!(any(
        target_feature = "sse2",
        target_feature = "neon",
        target_feature = "simd128"
    )) {
        16
    } else {
        t
    };
    if v > t {
        v
    } else {
        t
    }
}

/// Bytes in the build target's SIMD register file: 32 registers under AVX-512 and on AArch64,
/// 16 elsewhere (SSE, AVX, WebAssembly; 16 scalar registers where there is no SIMD).
pub(crate) const fn register_file_bytes<T>() -> usize {
    let n = if cfg!(any(target_feature = "avx512f", target_arch = "aarch64")) {
        32
    } else {
        16
    };
    n * vector_bytes::<T>()
}

/// Values of `T` in one SIMD register of the build target (1 where there is none).
pub(crate) const fn lanes<T>() -> usize {
    vector_bytes::<T>() / core::mem::size_of::<T>()
}

/// `Σ a[k] b[k]` with eight independent accumulators, so that it vectorises without reassociating
/// a single sum.
#[inline(always)]
pub(crate) fn dot<T: Scalar>(a: &[T], b: &[T]) -> T {
    let mut acc = [T::zero(); 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] = x[k].mul_acc(y[k], acc[k]);
        }
    }
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in ra.iter().zip(rb) {
        s = x.mul_acc(*y, s);
    }
    s
}

/// The register-tiled product `C = A B` (`M × N`), handed to `store` one tile column at a time:
/// `store(m0, n, c)` receives `C[m0 .. m0 + c.len(), n]`.
///
/// `A` is `M × K` column-major (`a[k·M + m]`); `B` is read as `B[k, n] = b[k·SK + n·SN]`, so the
/// same kernel serves `W X`, `dY Xᵀ` and `Wᵀ dY` on the stored layouts without copying `B`.
#[inline(always)]
pub(crate) fn gemm<
    T: Scalar,
    const M: usize,
    const K: usize,
    const N: usize,
    const SK: usize,
    const SN: usize,
    const OUTLINE: bool,
>(
    a: &[T],
    b: &[T],
    mut store: impl FnMut(usize, usize, &[T]),
) {
    // Two registers per tile column (8 accumulators, 16 where LLVM splits AVX-512's registers
    // in two, as it does for cores that prefer 256-bit vectors, `-C target-cpu=native` on an
    // Intel Xeon: four per column there spilled accumulators to the stack in the inner loop,
    // and C's forward at batch 32 took 0.86 of the expert's time, or 2.0 when the spills
    // 4K-aliased the operands, against 0.72–0.77 with two; `cargo bench --bench paired --
    // 32`). With `OUTLINE`, large
    // products get a function of their own (the backward products: inlined into a whole training step, the tiles of 64-wide layers
    // were left unvectorised, measured 1.2–2.7× slower with AVX-512); small ones, and the
    // forward product (measured 1.2× faster inlined), are inlined.
    let outline = OUTLINE && M * K * N > OUTLINE_MACS;
    match 2 * lanes::<T>() {
        32 if outline => gemm_outlined::<T, M, K, N, SK, SN, 32>(a, b, &mut store),
        32 => gemm_mr::<T, M, K, N, SK, SN, 32>(a, b, true, &mut store),
        16 if outline => gemm_outlined::<T, M, K, N, SK, SN, 16>(a, b, &mut store),
        16 => gemm_mr::<T, M, K, N, SK, SN, 16>(a, b, true, &mut store),
        8 if outline => gemm_outlined::<T, M, K, N, SK, SN, 8>(a, b, &mut store),
        8 => gemm_mr::<T, M, K, N, SK, SN, 8>(a, b, true, &mut store),
        _ if outline => gemm_outlined::<T, M, K, N, SK, SN, 4>(a, b, &mut store),
        _ => gemm_mr::<T, M, K, N, SK, SN, 4>(a, b, true, &mut store),
    }
}

/// Products of more multiply-adds than this are not inlined.
const OUTLINE_MACS: usize = 32 * 32 * 32;

#[inline(never)]
fn gemm_outlined<
    T: Scalar,
    const M: usize,
    const K: usize,
    const N: usize,
    const SK: usize,
    const SN: usize,
    const MR: usize,
>(
    a: &[T],
    b: &[T],
    store: &mut impl FnMut(usize, usize, &[T]),
) {
    gemm_mr::<T, M, K, N, SK, SN, MR>(a, b, K <= 32, store);
}

#[inline(always)]
fn gemm_mr<
    T: Scalar,
    const M: usize,
    const K: usize,
    const N: usize,
    const SK: usize,
    const SN: usize,
    const MR: usize,
>(
    a: &[T],
    b: &[T],
    in_place: bool,
    store: &mut impl FnMut(usize, usize, &[T]),
) {
    let (full_m, full_n) = (M / MR * MR, N / NR * NR);
    if N == 1 && SK == 1 {
        // One column of B, already contiguous: no panel to pack (nor to clear).
        let mut m0 = 0;
        while m0 < full_m {
            column_tile::<T, M, K, SN, MR>(a, b, m0, MR, 0, store);
            m0 += MR;
        }
        if full_m < M {
            column_tile::<T, M, K, SN, MR>(a, b, full_m, M - full_m, 0, store);
        }
        return;
    }
    // The packed panel of B, one for all tiles (cleared once: clearing one per tile was a
    // `memset` per tile).
    let mut bp = [[T::zero(); NR]; K];
    let bp = &mut bp;
    // Full tiles, then the last partial row of tiles and column of tiles: every call has
    // constant sizes, so each is compiled for its own shape.
    let mut m0 = 0;
    while m0 < full_m {
        let mut n0 = 0;
        while n0 < full_n {
            tile::<T, M, K, SK, SN, MR>(a, b, bp, m0, MR, n0, NR, in_place, store);
            n0 += NR;
        }
        if full_n < N {
            tile::<T, M, K, SK, SN, MR>(a, b, bp, m0, MR, full_n, N - full_n, in_place, store);
        }
        m0 += MR;
    }
    if full_m < M {
        let mut n0 = 0;
        while n0 < full_n {
            tile::<T, M, K, SK, SN, MR>(a, b, bp, full_m, M - full_m, n0, NR, in_place, store);
            n0 += NR;
        }
        if full_n < N {
            tile::<T, M, K, SK, SN, MR>(
                a,
                b,
                bp,
                full_m,
                M - full_m,
                full_n,
                N - full_n,
                in_place,
                store,
            );
        }
    }
}

/// A tile of one column, `rows ≤ MR` at `(m0, n0)`, of a `B` whose column `n0` is contiguous
/// (`SK = 1`): read in place.
#[inline(always)]
fn column_tile<T: Scalar, const M: usize, const K: usize, const SN: usize, const MR: usize>(
    a: &[T],
    b: &[T],
    m0: usize,
    rows: usize,
    n0: usize,
    store: &mut impl FnMut(usize, usize, &[T]),
) {
    let bcol = &b[n0 * SN..n0 * SN + K];
    let mut acc = [T::zero(); MR];
    for (col, &bv) in a.chunks_exact(M).zip(bcol) {
        let ak = &col[m0..m0 + rows];
        for (s, &av) in acc[..rows].iter_mut().zip(ak) {
            *s = av.mul_acc(bv, *s);
        }
    }
    store(m0, n0, &acc[..rows]);
}

/// One `rows × cols` tile (`rows ≤ MR`, `cols ≤ NR`) at `(m0, n0)`, accumulated over all of `K`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn tile<
    T: Scalar,
    const M: usize,
    const K: usize,
    const SK: usize,
    const SN: usize,
    const MR: usize,
>(
    a: &[T],
    b: &[T],
    bp: &mut [[T; NR]; K],
    m0: usize,
    rows: usize,
    n0: usize,
    cols: usize,
    in_place: bool,
    store: &mut impl FnMut(usize, usize, &[T]),
) {
    if cols == 1 && SK == 1 {
        column_tile::<T, M, K, SN, MR>(a, b, m0, rows, n0, store);
        return;
    }
    if SIMD && SK == 1 && in_place {
        // B's columns are contiguous: each read in place as a fixed-size array, nothing packed
        // (the packing loop, vectorised as masked strided loads and permutes, took as many
        // instructions as the products in a 16-row tile with AVX-512: with it, net A's forward
        // at batch 32 took 1.15 of the expert's time natively, 0.81 without, `cargo bench
        // --bench paired -- A/forward32`). Not in outlined products with more than 32 terms
        // per sum (`gemm_outlined`): C's 64-wide backward products were slower in place, its
        // Adam step 0.83 → 0.96 of the expert natively. Without SIMD the packing is plain
        // copies, and packed is the shorter (FOOTPRINT.md's XOR epoch on the Cortex-M4F). Columns
        // from `cols` on repeat the last one, unread.
        let bc: [&[T; K]; NR] = core::array::from_fn(|n| {
            let start = (n0 + n.min(cols - 1)) * SN;
            b[start..start + K].try_into().expect("a column of B")
        });
        let mut acc = [[T::zero(); MR]; NR];
        for (k, col) in a.chunks_exact(M).enumerate().take(K) {
            let ak = &col[m0..m0 + rows];
            for n in 0..cols {
                let bv = bc[n][k];
                for (s, &av) in acc[n][..rows].iter_mut().zip(ak) {
                    *s = av.mul_acc(bv, *s);
                }
            }
        }
        for (n, accn) in acc.iter().enumerate().take(cols) {
            store(m0, n0 + n, &accn[..rows]);
        }
        return;
    }
    // The tile's panel of B, packed so that the hot loop reads a fixed-size array (no strided
    // or checked loads there); its columns from `cols` on are left as they are, unread.
    for (k, bk) in bp.iter_mut().enumerate() {
        for (n, v) in bk.iter_mut().enumerate().take(cols) {
            *v = b[k * SK + (n0 + n) * SN];
        }
    }
    let mut acc = [[T::zero(); MR]; NR];
    for (col, bk) in a.chunks_exact(M).zip(bp.iter()) {
        let ak = &col[m0..m0 + rows];
        for n in 0..cols {
            let bv = bk[n];
            for (s, &av) in acc[n][..rows].iter_mut().zip(ak) {
                *s = av.mul_acc(bv, *s);
            }
        }
    }
    for (n, accn) in acc.iter().enumerate().take(cols) {
        store(m0, n0 + n, &accn[..rows]);
    }
}

/// `W X (+ b)`.
#[inline(always)]
pub(crate) fn affine<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    bias: Option<&SVector<T, O>>,
    x: &SMatrix<T, I, B>,
) -> SMatrix<T, O, B> {
    if B > 1 {
        let mut y = SMatrix::<T, O, B>::zeros();
        affine_into(w, bias, x, &mut y);
        return y;
    }
    one_sample(w, bias, x)
}

/// `W x (+ b)` for one sample (`B = 1`), as a value (kept in registers): the output starts as
/// the bias (or zero), one write.
#[inline(always)]
fn one_sample<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    bias: Option<&SVector<T, O>>,
    x: &SMatrix<T, I, B>,
) -> SMatrix<T, O, B> {
    let mut y = match bias {
        Some(b) => SMatrix::<T, O, B>::from_fn(|r, _| b[r]),
        None => SMatrix::<T, O, B>::zeros(),
    };
    accumulate_one(w, x, &mut y);
    y
}

/// `y = W X (+ b)`, every element of `y` overwritten (its previous values are not read).
#[inline(always)]
pub(crate) fn affine_into<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    bias: Option<&SVector<T, O>>,
    x: &SMatrix<T, I, B>,
    y: &mut SMatrix<T, O, B>,
) {
    affine_into_then(w, bias, x, y, |v| v, true);
}

/// `y = f(W X (+ b))` elementwise (a pointwise activation fused into the product): `f` applied
/// as each tile column is stored when `in_store` (a cheap `f`: ReLU there saves a pass over net
/// C's outputs), otherwise in one pass over the output while it is in cache.
#[inline(always)]
pub(crate) fn affine_into_then<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    bias: Option<&SVector<T, O>>,
    x: &SMatrix<T, I, B>,
    y: &mut SMatrix<T, O, B>,
    f: impl Fn(T) -> T,
    in_store: bool,
) {
    let ws = w.as_slice();
    if B > 1 {
        let ys = y.as_mut_slice();
        // B[i, j] = X[i, j] = x[j·I + i]
        gemm::<T, O, I, B, 1, I, false>(ws, x.as_slice(), |m0, j, c| {
            let yj = &mut ys[j * O + m0..j * O + m0 + c.len()];
            if in_store {
                match bias {
                    Some(b) => {
                        for ((y, &v), &bv) in yj.iter_mut().zip(c).zip(&b.as_slice()[m0..]) {
                            *y = f(v + bv);
                        }
                    }
                    None => {
                        for (y, &v) in yj.iter_mut().zip(c) {
                            *y = f(v);
                        }
                    }
                }
            } else {
                match bias {
                    Some(b) => {
                        for ((y, &v), &bv) in yj.iter_mut().zip(c).zip(&b.as_slice()[m0..]) {
                            *y = v + bv;
                        }
                    }
                    None => yj.copy_from_slice(c),
                }
            }
        });
        if !in_store {
            crate::fast::map(ys, f);
        }
        return;
    }
    let acc = one_sample(w, bias, x);
    crate::fast::map_into(acc.as_slice(), y.as_mut_slice(), f);
}

/// Whether one sample's `W x` sums each output's even-numbered and odd-numbered inputs apart and
/// adds the two sums at the end: for layers with at least 8 inputs and at most 64 bytes of
/// outputs (also a streamed convolution's frame, whose inputs are its taps' channels). A single
/// sample is bound by the chain of dependent multiply-adds per output register; a narrow layer
/// has too few output registers to hide it (net A's 16-16 layer: two AVX registers, each a chain
/// of 16), and two sums halve the chain (on a Xeon with AVX-512, `-C target-cpu=native`,
/// `cargo bench --bench paired -- A/forward1`: A's single-sample forward 57.5 → 47.8 ns).
/// Wider layers already have enough independent registers, and were slower split. Every path
/// sums in this order, so a target without SIMD computes the host's result bit for bit.
pub(crate) const fn split_sums<T>(inputs: usize, outputs: usize) -> bool {
    inputs >= 8 && outputs * core::mem::size_of::<T>() <= 64
}

/// `y += W x` for one sample (`B = 1`), `y` holding the bias (or zero): per output, the bias
/// plus each input's term in order; or, when [`split_sums`], the bias plus the terms of inputs
/// 0, 2, 4, … (and of the last input when `I` is odd), the terms of inputs 1, 3, 5, … summed
/// from zero, then the two sums added.
#[inline(always)]
fn accumulate_one<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    x: &SMatrix<T, I, B>,
    y: &mut SMatrix<T, O, B>,
) {
    let ws = w.as_slice();
    if !SIMD && O >= 4 {
        // One sample without SIMD registers (Cortex-M, RISC-V): four outputs at a time held in
        // floating-point registers while the inputs stream past.
        let xs = x.as_slice();
        let ys = y.as_mut_slice();
        // (Four wide with the step written out, `mac4`: at opt-level "s" LLVM leaves a loop over
        // the four accumulators rolled, with them in memory: 3,549 instructions for the sine
        // inference on the Cortex-M4F against 2,088.)
        for (q, yq) in ys.chunks_exact_mut(4).enumerate() {
            let mut a = [yq[0], yq[1], yq[2], yq[3]];
            rows::<T, I, O, 4>(ws, xs, 4 * q, &mut a, mac4);
            yq.copy_from_slice(&a);
        }
        for (o, yo) in ys.iter_mut().enumerate().skip(O / 4 * 4) {
            let mut a = [*yo];
            rows::<T, I, O, 1>(ws, xs, o, &mut a, mac);
            *yo = a[0];
        }
        return;
    }
    for (yj, xj) in y
        .as_mut_slice()
        .chunks_exact_mut(O)
        .zip(x.as_slice().chunks_exact(I))
    {
        if O == 1 {
            yj[0] += dot(ws, xj);
        } else {
            // On a local array (summed through the slice, net A's forward took 1.33 of the
            // expert's time instead of 1.01).
            let mut a: [T; O] = core::array::from_fn(|r| yj[r]);
            rows::<T, I, O, O>(ws, xj, 0, &mut a, mac);
            yj.copy_from_slice(&a);
        }
    }
}

/// `a[r] ← x w[r] + a[r]` for every accumulator.
#[inline(always)]
fn mac<T: Scalar, const R: usize>(a: &mut [T; R], x: T, w: &[T]) {
    for (s, &wr) in a.iter_mut().zip(w) {
        *s = x.mul_acc(wr, *s);
    }
}

/// [`mac`] for four accumulators, written out.
#[inline(always)]
fn mac4<T: Scalar>(a: &mut [T; 4], x: T, w: &[T]) {
    a[0] = x.mul_acc(w[0], a[0]);
    a[1] = x.mul_acc(w[1], a[1]);
    a[2] = x.mul_acc(w[2], a[2]);
    a[3] = x.mul_acc(w[3], a[3]);
}

/// `a[r] += Σᵢ W[m0 + r, i] x[i]` for the `R` rows from `m0` (`W` column-major with `O` rows),
/// in [`accumulate_one`]'s order, each input's multiply-adds by `step` ([`mac`] or [`mac4`]).
#[inline(always)]
fn rows<T: Scalar, const I: usize, const O: usize, const R: usize>(
    ws: &[T],
    xs: &[T],
    m0: usize,
    a: &mut [T; R],
    step: impl Fn(&mut [T; R], T, &[T]),
) {
    if split_sums::<T>(I, O) {
        let mut odd = [T::zero(); R];
        let mut pairs = ws.chunks_exact(2 * O);
        let mut xp = xs.chunks_exact(2);
        for (w2, x2) in (&mut pairs).zip(&mut xp) {
            step(a, x2[0], &w2[m0..m0 + R]);
            step(&mut odd, x2[1], &w2[O + m0..O + m0 + R]);
        }
        if let (Some(&xl), Some(wl)) = (xp.remainder().first(), pairs.remainder().get(m0..m0 + R)) {
            step(a, xl, wl);
        }
        // `a + 1·odd`: the same bits as `a + odd` (the product is exact), through `step` so
        // that the four-wide form stays written out.
        step(a, T::one(), &odd);
        return;
    }
    for (col, &xi) in ws.chunks_exact(O).zip(xs) {
        step(a, xi, &col[m0..m0 + R]);
    }
}

/// Where the backward pass puts the finished weight and bias gradients.
pub(crate) trait GradSink<T> {
    /// The weight gradient of the stored elements `start .. start + g.len()` (contiguous).
    fn weights(&mut self, start: usize, g: &[T]);
    /// The weight gradient of the stored element `at`.
    fn weight(&mut self, at: usize, g: T);
    /// The bias gradient.
    fn bias(&mut self, g: &[T]);
}

/// Accumulates into gradient buffers: `∂L/∂θ += g`.
pub(crate) struct Accumulate<'a, T, const ADD: bool = true> {
    /// The weight gradient buffer (column-major, as the weights).
    pub weights: &'a mut [T],
    /// The bias gradient buffer, if the layer has a bias.
    pub bias: Option<&'a mut [T]>,
}

/// `ADD`: added into the buffers (`false`: written over them, which needs no zeroing first).
impl<T: Scalar, const ADD: bool> GradSink<T> for Accumulate<'_, T, ADD> {
    #[inline(always)]
    fn weights(&mut self, start: usize, g: &[T]) {
        let s = &mut self.weights[start..start + g.len()];
        if ADD {
            for (s, &v) in s.iter_mut().zip(g) {
                *s += v;
            }
        } else {
            s.copy_from_slice(g);
        }
    }
    #[inline(always)]
    fn weight(&mut self, at: usize, g: T) {
        if ADD {
            self.weights[at] += g;
        } else {
            self.weights[at] = g;
        }
    }
    #[inline(always)]
    fn bias(&mut self, g: &[T]) {
        if let Some(b) = self.bias.as_deref_mut() {
            if ADD {
                for (s, &v) in b.iter_mut().zip(g) {
                    *s += v;
                }
            } else {
                b.copy_from_slice(g);
            }
        }
    }
}

/// Plain SGD fused into the backward pass: `θ ← θ − η g` as each gradient is finished, with no
/// gradient buffer.
pub(crate) struct SgdStep<'a, T> {
    /// The weights (column-major).
    pub weights: &'a mut [T],
    /// The bias, if the layer has one.
    pub bias: Option<&'a mut [T]>,
    /// `−η`.
    pub neg_lr: T,
}

impl<T: Scalar> GradSink<T> for SgdStep<'_, T> {
    #[inline(always)]
    fn weights(&mut self, start: usize, g: &[T]) {
        for (p, &v) in self.weights[start..start + g.len()].iter_mut().zip(g) {
            *p = v.mul_acc(self.neg_lr, *p);
        }
    }
    #[inline(always)]
    fn weight(&mut self, at: usize, g: T) {
        self.weights[at] = g.mul_acc(self.neg_lr, self.weights[at]);
    }
    #[inline(always)]
    fn bias(&mut self, g: &[T]) {
        let neg_lr = self.neg_lr;
        if let Some(b) = self.bias.as_deref_mut() {
            for (p, &v) in b.iter_mut().zip(g) {
                *p = v.mul_acc(neg_lr, *p);
            }
        }
    }
}

/// `∂L/∂X = Wᵀ dY`.
#[inline(always)]
pub(crate) fn input_gradient<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    dy: &SMatrix<T, O, B>,
) -> SMatrix<T, I, B> {
    let mut dx = SMatrix::<T, I, B>::zeros();
    let dys = dy.as_slice();
    if B > 1 {
        let dxs = dx.as_mut_slice();
        if B < I {
            // dXᵀ = dYᵀ W: vectorised over the batch, with dY transposed (the smaller copy).
            // (Built in place: nalgebra's `transpose` returned its result through a `memcpy`.)
            let d = &dy.data.0;
            let dyt: [[T; B]; O] = core::array::from_fn(|o| core::array::from_fn(|j| d[j][o]));
            // B[o, i] = W[o, i] = w[i·O + o]
            gemm::<T, B, O, I, 1, O, true>(dyt.as_flattened(), w.as_slice(), |m0, i, c| {
                for (m, &v) in c.iter().enumerate() {
                    dxs[(m0 + m) * I + i] = v;
                }
            });
        } else {
            // dX = Wᵀ dY: vectorised over the inputs, with W transposed.
            let w = &w.data.0;
            let wt: [[T; I]; O] = core::array::from_fn(|o| core::array::from_fn(|i| w[i][o]));
            // B[o, j] = dY[o, j] = dy[j·O + o]
            gemm::<T, I, O, B, 1, O, true>(wt.as_flattened(), dys, |m0, j, c| {
                dxs[j * I + m0..j * I + m0 + c.len()].copy_from_slice(c);
            });
        }
        return dx;
    }
    let ws = w.as_slice();
    if O < 8 {
        let wt = w.transpose();
        for (dxj, dyj) in dx
            .as_mut_slice()
            .chunks_exact_mut(I)
            .zip(dys.chunks_exact(O))
        {
            for (&d, wtcol) in dyj.iter().zip(wt.as_slice().chunks_exact(I)) {
                for (v, &wv) in dxj.iter_mut().zip(wtcol) {
                    *v = d.mul_acc(wv, *v);
                }
            }
        }
    } else {
        for (dxj, dyj) in dx
            .as_mut_slice()
            .chunks_exact_mut(I)
            .zip(dys.chunks_exact(O))
        {
            for (v, wi) in dxj.iter_mut().zip(ws.chunks_exact(O)) {
                *v = dot(wi, dyj);
            }
        }
    }
    dx
}

/// Hands `dY Xᵀ` (the weight gradient, `O × I`, in the weights' column-major order) and the row
/// sums of `dY` (the bias gradient) to `sink`.
#[inline(always)]
pub(crate) fn param_gradients<T: Scalar, const I: usize, const O: usize, const B: usize>(
    x: &SMatrix<T, I, B>,
    dy: &SMatrix<T, O, B>,
    with_bias: bool,
    sink: &mut impl GradSink<T>,
) {
    let xs = x.as_slice();
    let dys = dy.as_slice();
    if with_bias {
        let mut sum = SVector::<T, O>::zeros();
        for dyj in dys.chunks_exact(O) {
            for (s, &d) in sum.as_mut_slice().iter_mut().zip(dyj) {
                *s += d;
            }
        }
        sink.bias(sum.as_slice());
    }
    if O >= I {
        // ∂L/∂W = dY Xᵀ, vectorised over the outputs: B[j, i] = X[i, j] = x[j·I + i].
        gemm::<T, O, B, I, I, 1, true>(dys, xs, |m0, i, c| sink.weights(i * O + m0, c));
    } else {
        // ∂L/∂Wᵀ = X dYᵀ, vectorised over the inputs: B[j, o] = dY[o, j] = dy[j·O + o].
        gemm::<T, I, B, O, O, 1, true>(xs, dys, |m0, o, c| {
            for (m, &g) in c.iter().enumerate() {
                sink.weight((m0 + m) * O + o, g);
            }
        });
    }
}
