//! The expert baseline: what a person who knows the hardware writes by hand for one fixed
//! network, in portable Rust with no `unsafe` and no intrinsics.
//!
//! * Plain arrays, weights stored input-major (`wt[i][o]`, each input's column contiguous) and
//!   activations sample-major (`[[f32; W]; B]`).
//! * A batch is a matrix product, register-blocked: a tile of `MR` outputs (two SIMD registers,
//!   four with AVX-512's 32) by 4 samples stays in registers while the inputs stream past; bias
//!   and ReLU are applied as the tile is stored, tanh and sigmoid in one pass over the output.
//! * Backward: the activation derivative is folded into the incoming gradient once
//!   (`dz = dy ⊙ f'(y)`); `∂L/∂W = dZ Xᵀ` is blocked the same way over the batch, along the longer
//!   of inputs and outputs; `Wᵀ dZ` is blocked over the batch from a transposed `dZ`; the first
//!   layer's input gradient is skipped.
//! * SGD is fused: each finished tile of `∂L/∂W` updates the weights directly (after `Wᵀ dZ` has
//!   used them), so there is no gradient buffer and no optimizer pass. Adam accumulates the
//!   gradients into buffers (it needs them all) and runs one fused moment-and-update pass.
//! * Multiply-adds are fused (`mul_add`) when the build target has FMA.
//!
//! Activations are the same `f32` functions constnet's default layers compute
//! (`constnet::fast`), so that only the kernels differ.

use super::{adam_update, fma, loss_grad, Act, AdamConstants, Loss};

/// Bytes per SIMD register of the build target.
const VECTOR: usize = if cfg!(target_feature = "avx512f") {
    64
} else if cfg!(target_feature = "avx") {
    32
} else {
    16
};
/// Outputs per register tile: four registers with AVX-512 (32 vector registers: a 4 × 4 tile of
/// accumulators hides the multiply-add latency), two elsewhere (16 registers).
const MR: usize = if cfg!(target_feature = "avx512f") {
    4
} else {
    2
} * VECTOR
    / 4;
/// Samples per register tile.
const NR: usize = 4;

/// `v ← f(v)` over a slice with the fast functions, the activation chosen once per slice so that
/// each loop vectorises.
#[inline(always)]
fn activate(a: Act, v: &mut [f32]) {
    match a {
        Act::Tanh => v.iter_mut().for_each(|x| *x = constnet::fast::tanh(*x)),
        Act::Sigmoid => v.iter_mut().for_each(|x| *x = constnet::fast::sigmoid(*x)),
        Act::Relu => v
            .iter_mut()
            .for_each(|x| *x = if *x > 0.0 { *x } else { 0.0 }),
        Act::Identity => {}
    }
}

/// `d ← d · f'(y)` over a slice (`f'` from the output), the activation chosen once.
#[inline(always)]
fn derivative(a: Act, y: &[f32], d: &mut [f32]) {
    match a {
        Act::Tanh => d.iter_mut().zip(y).for_each(|(d, &y)| *d *= 1.0 - y * y),
        Act::Sigmoid => d.iter_mut().zip(y).for_each(|(d, &y)| *d *= y * (1.0 - y)),
        Act::Relu => d
            .iter_mut()
            .zip(y)
            .for_each(|(d, &y)| *d = if y > 0.0 { *d } else { 0.0 }),
        Act::Identity => {}
    }
}

/// The register-tiled product `C = A B` (`M × N`): `A[k][m]` is `a[k·M + m]`, `B[k][n]` is
/// `b[k·sk + n·sn]`. Each finished tile column goes to `store(m0, n, values)`. Full tiles first,
/// then the edges, each call with constant sizes so that it is compiled for its own shape.
#[inline(always)]
fn gemm<const M: usize, const K: usize, const N: usize>(
    a: &[f32],
    b: &[f32],
    sk: usize,
    sn: usize,
    mut store: impl FnMut(usize, usize, &[f32]),
) {
    let (fm, fn_) = (M / MR * MR, N / NR * NR);
    let mut m0 = 0;
    while m0 < fm {
        let mut n0 = 0;
        while n0 < fn_ {
            tile::<M, K>(a, b, sk, sn, (m0, MR, n0, NR), &mut store);
            n0 += NR;
        }
        if fn_ < N {
            tile::<M, K>(a, b, sk, sn, (m0, MR, fn_, N - fn_), &mut store);
        }
        m0 += MR;
    }
    if fm < M {
        let mut n0 = 0;
        while n0 < fn_ {
            tile::<M, K>(a, b, sk, sn, (fm, M - fm, n0, NR), &mut store);
            n0 += NR;
        }
        if fn_ < N {
            tile::<M, K>(a, b, sk, sn, (fm, M - fm, fn_, N - fn_), &mut store);
        }
    }
}

/// One `rows × cols` register tile at `(m0, n0)`, accumulated over all of `K`.
#[inline(always)]
fn tile<const M: usize, const K: usize>(
    a: &[f32],
    b: &[f32],
    sk: usize,
    sn: usize,
    (m0, rows, n0, cols): (usize, usize, usize, usize),
    store: &mut impl FnMut(usize, usize, &[f32]),
) {
    // B's panel for this tile, packed into a fixed-size array.
    let mut bp = [[0.0f32; NR]; K];
    for (k, bk) in bp.iter_mut().enumerate() {
        for n in 0..cols {
            bk[n] = b[k * sk + (n0 + n) * sn];
        }
    }
    let mut acc = [[0.0f32; MR]; NR];
    for (col, bk) in a.chunks_exact(M).zip(&bp) {
        let ak = &col[m0..m0 + rows];
        for n in 0..cols {
            let bv = bk[n];
            for (s, &av) in acc[n][..rows].iter_mut().zip(ak) {
                *s = fma(av, bv, *s);
            }
        }
    }
    for n in 0..cols {
        store(m0, n0 + n, &acc[n][..rows]);
    }
}

/// A dense layer, `wt[i][o]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<const I: usize, const O: usize> {
    /// Weights, one column (contiguous) per input.
    pub wt: [[f32; O]; I],
    /// Bias.
    pub b: [f32; O],
}

impl<const I: usize, const O: usize> Layer<I, O> {
    fn zeros() -> Self {
        Self {
            wt: [[0.0; O]; I],
            b: [0.0; O],
        }
    }

    /// One sample, `act(W x + b)`: broadcast column updates (a dot product for one output); a
    /// narrow layer (at most 16 outputs, at least 8 inputs) sums even and odd inputs apart, which
    /// halves the chain of dependent multiply-adds that bounds one sample's latency.
    #[inline(always)]
    fn forward1(&self, x: &[f32; I], a: Act) -> [f32; O] {
        let mut z = self.b;
        if O == 1 {
            let w = self.wt.as_flattened();
            let mut acc = [0.0f32; 8];
            let (cw, cx) = (w.chunks_exact(8), x.chunks_exact(8));
            let (rw, rx) = (cw.remainder(), cx.remainder());
            for (p, q) in cw.zip(cx) {
                for k in 0..8 {
                    acc[k] = fma(p[k], q[k], acc[k]);
                }
            }
            let mut s =
                ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
            for (p, q) in rw.iter().zip(rx) {
                s = fma(*p, *q, s);
            }
            z[0] += s;
        } else if I >= 8 && O <= 16 {
            let mut odd = [0.0f32; O];
            for i in (0..I - 1).step_by(2) {
                let (x0, x1) = (x[i], x[i + 1]);
                let (c0, c1) = (&self.wt[i], &self.wt[i + 1]);
                for o in 0..O {
                    z[o] = fma(x0, c0[o], z[o]);
                    odd[o] = fma(x1, c1[o], odd[o]);
                }
            }
            if I % 2 == 1 {
                for o in 0..O {
                    z[o] = fma(x[I - 1], self.wt[I - 1][o], z[o]);
                }
            }
            for o in 0..O {
                z[o] += odd[o];
            }
        } else {
            for i in 0..I {
                let xi = x[i];
                let col = &self.wt[i];
                for o in 0..O {
                    z[o] = fma(xi, col[o], z[o]);
                }
            }
        }
        activate(a, &mut z);
        z
    }

    /// A batch, `act(W X + b)`, register-blocked; the bias, and ReLU, applied as each tile
    /// column is stored; tanh and sigmoid in one pass over the output afterwards (in the stores,
    /// their polynomials' constants compete with the tile for registers: measured slower).
    #[inline(always)]
    fn forward<const B: usize>(&self, x: &[[f32; I]; B], a: Act, y: &mut [[f32; O]; B]) {
        let in_store = matches!(a, Act::Relu | Act::Identity);
        gemm::<O, I, B>(
            self.wt.as_flattened(),
            x.as_flattened(),
            1,
            I,
            |m0, j, c| {
                let out = &mut y[j][m0..m0 + c.len()];
                for ((o, &v), &b) in out.iter_mut().zip(c).zip(&self.b[m0..]) {
                    *o = v + b;
                }
                if in_store {
                    activate(a, out);
                }
            },
        );
        if !in_store {
            activate(a, y.as_flattened_mut());
        }
    }

    /// `dz = dy ⊙ f'(y)`, in place.
    #[inline(always)]
    fn fold_derivative<const B: usize>(y: &[[f32; O]; B], dy: &mut [[f32; O]; B], a: Act) {
        derivative(a, y.as_flattened(), dy.as_flattened_mut());
    }

    /// `Wᵀ dZ`, blocked over the batch (from `dZ` transposed, sample index contiguous).
    #[inline(always)]
    fn input_gradient<const B: usize>(&self, dz: &[[f32; O]; B], dx: &mut [[f32; I]; B]) {
        let mut dzt = [[0.0f32; B]; O];
        for j in 0..B {
            for o in 0..O {
                dzt[o][j] = dz[j][o];
            }
        }
        let dxs = dx.as_flattened_mut();
        gemm::<B, O, I>(
            dzt.as_flattened(),
            self.wt.as_flattened(),
            1,
            O,
            |m0, i, c| {
                for (m, &v) in c.iter().enumerate() {
                    dxs[(m0 + m) * I + i] = v;
                }
            },
        );
    }

    /// `∂L/∂W = dZ Xᵀ` and `∂L/∂b = dZ 1`, blocked over the batch, each finished element handed
    /// to `take(weight or bias, gradient)`.
    #[inline(always)]
    fn param_gradients<const B: usize>(
        x: &[[f32; I]; B],
        dz: &[[f32; O]; B],
        wt: &mut [[f32; O]; I],
        b: &mut [f32; O],
        take: impl Fn(&mut f32, f32),
    ) {
        let mut db = [0.0f32; O];
        for j in 0..B {
            for o in 0..O {
                db[o] += dz[j][o];
            }
        }
        for o in 0..O {
            take(&mut b[o], db[o]);
        }
        if O >= I {
            let (xs, dzs, w) = (x.as_flattened(), dz.as_flattened(), wt.as_flattened_mut());
            gemm::<O, B, I>(dzs, xs, I, 1, |m0, i, c| {
                for (p, &g) in w[i * O + m0..i * O + m0 + c.len()].iter_mut().zip(c) {
                    take(p, g);
                }
            });
        } else {
            let (xs, dzs, w) = (x.as_flattened(), dz.as_flattened(), wt.as_flattened_mut());
            gemm::<I, B, O>(xs, dzs, O, 1, |m0, o, c| {
                for (m, &g) in c.iter().enumerate() {
                    take(&mut w[(m0 + m) * O + o], g);
                }
            });
        }
    }
}

/// The backward pass of an [`Mlp`] from the last layer's `dZ`: each layer's input gradient
/// (with its weights before any update), then its parameter gradients handed to `take` with the
/// matching element of the destination layers (the network's own for fused SGD, gradient
/// buffers for Adam); the first layer's input gradient is skipped.
macro_rules! backward {
    ($net:ident, $x:expr, $h1:expr, $h2:expr, $dz3:expr, [$d1:expr, $d2:expr, $d3:expr], $take:expr) => {{
        let mut dz2 = [[0.0; H2]; B];
        $net.l3.input_gradient(&$dz3, &mut dz2);
        Layer::param_gradients(&$h2, &$dz3, &mut $d3.wt, &mut $d3.b, $take);
        Layer::<H1, H2>::fold_derivative(&$h2, &mut dz2, $net.hidden);
        let mut dz1 = [[0.0; H1]; B];
        $net.l2.input_gradient(&dz2, &mut dz1);
        Layer::param_gradients(&$h1, &dz2, &mut $d2.wt, &mut $d2.b, $take);
        Layer::<I, H1>::fold_derivative(&$h1, &mut dz1, $net.hidden);
        Layer::param_gradients($x, &dz1, &mut $d1.wt, &mut $d1.b, $take);
    }};
}

/// Three dense layers, `I → H1 → H2 → O`.
#[derive(Clone, Debug)]
pub struct Mlp<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// First layer.
    pub l1: Layer<I, H1>,
    /// Second layer.
    pub l2: Layer<H1, H2>,
    /// Output layer.
    pub l3: Layer<H2, O>,
    /// Activation after the first two layers.
    pub hidden: Act,
    /// Activation after the last.
    pub out: Act,
}

/// Adam's state: gradient buffers and the two moments, and the step count.
pub struct AdamState<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    g: Box<Mlp<I, H1, H2, O>>,
    m: Box<Mlp<I, H1, H2, O>>,
    v: Box<Mlp<I, H1, H2, O>>,
    t: u64,
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Mlp<I, H1, H2, O> {
    fn zeros(hidden: Act, out: Act) -> Self {
        Self {
            l1: Layer::zeros(),
            l2: Layer::zeros(),
            l3: Layer::zeros(),
            hidden,
            out,
        }
    }

    /// Fresh Adam state (PyTorch's defaults, lr 1e-3).
    pub fn adam(&self) -> AdamState<I, H1, H2, O> {
        let z = || Box::new(Self::zeros(self.hidden, self.out));
        AdamState {
            g: z(),
            m: z(),
            v: z(),
            t: 0,
        }
    }

    fn params_mut(&mut self) -> [&mut [f32]; 6] {
        [
            self.l1.wt.as_flattened_mut(),
            &mut self.l1.b[..],
            self.l2.wt.as_flattened_mut(),
            &mut self.l2.b[..],
            self.l3.wt.as_flattened_mut(),
            &mut self.l3.b[..],
        ]
    }

    /// One sample.
    #[inline]
    pub fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let h1 = self.l1.forward1(x, self.hidden);
        let h2 = self.l2.forward1(&h1, self.hidden);
        self.l3.forward1(&h2, self.out)
    }

    /// A batch.
    #[inline]
    pub fn forward_batch<const B: usize>(&self, x: &[[f32; I]; B]) -> [[f32; O]; B] {
        let mut h1 = [[0.0; H1]; B];
        let mut h2 = [[0.0; H2]; B];
        let mut y = [[0.0; O]; B];
        self.l1.forward(x, self.hidden, &mut h1);
        self.l2.forward(&h1, self.hidden, &mut h2);
        self.l3.forward(&h2, self.out, &mut y);
        y
    }

    /// Forward and the backward to the last layer's `dZ`; returns the activations, `dZ` and the
    /// loss.
    #[inline(always)]
    #[allow(clippy::type_complexity)]
    fn forward_loss<const B: usize>(
        &self,
        x: &[[f32; I]; B],
        targets: &[[f32; O]; B],
        classes: &[usize; B],
        loss: Loss,
    ) -> ([[f32; H1]; B], [[f32; H2]; B], [[f32; O]; B], f32) {
        let mut h1 = [[0.0; H1]; B];
        let mut h2 = [[0.0; H2]; B];
        let mut y = [[0.0; O]; B];
        self.l1.forward(x, self.hidden, &mut h1);
        self.l2.forward(&h1, self.hidden, &mut h2);
        self.l3.forward(&h2, self.out, &mut y);
        let mut dz = [[0.0; O]; B];
        let mut total = 0.0;
        for j in 0..B {
            total += loss_grad(loss, &y[j], &targets[j], classes[j], B, &mut dz[j]);
        }
        Layer::<H2, O>::fold_derivative(&y, &mut dz, self.out);
        (h1, h2, dz, total)
    }

    /// One SGD step on the batch, fused into backward. Returns the loss.
    pub fn train_step_sgd<const B: usize>(
        &mut self,
        x: &[[f32; I]; B],
        targets: &[[f32; O]; B],
        classes: &[usize; B],
        loss: Loss,
        lr: f32,
    ) -> f32 {
        let (h1, h2, dz3, total) = self.forward_loss(x, targets, classes, loss);
        let step = |p: &mut f32, g: f32| *p = fma(g, -lr, *p);
        backward!(self, x, h1, h2, dz3, [self.l1, self.l2, self.l3], step);
        total
    }

    /// One Adam step on the batch: gradients into buffers, then one fused update pass.
    pub fn train_step_adam<const B: usize>(
        &mut self,
        x: &[[f32; I]; B],
        targets: &[[f32; O]; B],
        classes: &[usize; B],
        loss: Loss,
        state: &mut AdamState<I, H1, H2, O>,
    ) -> f32 {
        let (h1, h2, dz3, total) = self.forward_loss(x, targets, classes, loss);
        let set = |p: &mut f32, g: f32| *p = g;
        let g = &mut *state.g;
        backward!(self, x, h1, h2, dz3, [g.l1, g.l2, g.l3], set);
        state.t += 1;
        let k = AdamConstants::at(state.t);
        for (((p, g), m), v) in self
            .params_mut()
            .into_iter()
            .zip(state.g.params_mut())
            .zip(state.m.params_mut())
            .zip(state.v.params_mut())
        {
            adam_update(p, g, m, v, &k);
        }
        total
    }
}
