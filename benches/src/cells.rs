//! Hand-written streaming cells, as an expert writes them for one fixed network: the GRU, the
//! LSTM and the causal convolution of the sequence benchmarks, each with a dense output.
//!
//! Plain arrays; the gate matrices fused (every gate's weights for one input in one contiguous
//! row, so a step is `G·H`-long broadcast updates that vectorise across all gates at once, a
//! register-sized block of sums at a time when they outnumber the vector registers); the
//! two biases added once at construction (`b_ih + b_hh`, except GRU's `b_hn`, which the candidate
//! gate needs apart); gate activations over whole contiguous vectors with constnet's fast,
//! vectorised `tanh` and `sigmoid`; multiply-adds fused where the target has FMA. No `unsafe`, no
//! intrinsics. `tests` checks each against constnet's layers.

use super::fma;
use constnet::fast::{sigmoid, tanh};

/// Whether the gates' nonlinearities run in one loop (at most 8 units: their polynomials overlap
/// in registers) or in one pass per gate (wider gates, and every width with AVX-512, which
/// vectorises 16 lanes wide and leaves a loop over 8 units scalar), as constnet chooses: by
/// trying both in `benches/sequences.rs` (`gru/*`, `lstm/*`) in the portable and the native
/// build.
const fn one_loop<const H: usize>() -> bool {
    H <= 8 && !cfg!(target_feature = "avx512f")
}

/// `v[k] ← f(v[k])` over a contiguous vector, at vector width: under AVX-512 a vector shorter
/// than 16 runs as one zero-padded 16-lane chunk (LLVM leaves shorter loops scalar there). The
/// same technique as constnet's own pass over a vector (`fast::map`), written out here.
#[inline(always)]
fn pass(v: &mut [f32], f: impl Fn(f32) -> f32) {
    if cfg!(target_feature = "avx512f") && v.len() < 16 {
        let mut pad = [0.0f32; 16];
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

/// Sums held in registers at once by [`matvec_add`]: 12 vector registers of the 16 that SSE and
/// AVX2 have, 24 of AVX-512's 32.
const BLOCK: usize = if cfg!(target_feature = "avx512f") {
    24 * 16
} else if cfg!(target_feature = "avx") {
    12 * 8
} else {
    12 * 4
};

/// `acc[k] += Σ_j x[j] · w[j][k]`, the recurrent (fused-gate) product. Where `acc` has more
/// sums than registers, a block of them at a time stays in registers through all the inputs,
/// then a third of a block at a time, then the rest (one pass over all of them spills).
#[inline(always)]
fn matvec_add<const G: usize, const H: usize, const J: usize>(
    w: &[[[f32; H]; G]; J],
    x: &[f32; J],
    acc: &mut [[f32; H]; G],
) {
    #[inline(always)]
    fn block<const M: usize, const G: usize, const H: usize, const J: usize>(
        w: &[[[f32; H]; G]; J],
        x: &[f32; J],
        acc: &mut [f32],
        start: usize,
    ) {
        let mut a = [0.0f32; M];
        a.copy_from_slice(&acc[start..start + M]);
        for (wj, &xj) in w.iter().zip(x) {
            for (s, &wk) in a.iter_mut().zip(&wj.as_flattened()[start..start + M]) {
                *s = fma(xj, wk, *s);
            }
        }
        acc[start..start + M].copy_from_slice(&a);
    }
    let n = G * H;
    let acc = acc.as_flattened_mut();
    let mut start = 0;
    if n > BLOCK {
        while n - start >= BLOCK {
            block::<BLOCK, G, H, J>(w, x, acc, start);
            start += BLOCK;
        }
        while n - start >= BLOCK / 3 {
            block::<{ BLOCK / 3 }, G, H, J>(w, x, acc, start);
            start += BLOCK / 3;
        }
    }
    for (wj, &xj) in w.iter().zip(x) {
        for (s, &wk) in acc[start..].iter_mut().zip(&wj.as_flattened()[start..]) {
            *s = fma(xj, wk, *s);
        }
    }
}

/// `Σ a·b`, four accumulators.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (p, q) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] = fma(p[k], q[k], acc[k]);
        }
    }
    let mut s = (acc[0] + acc[2]) + (acc[1] + acc[3]);
    for (p, q) in ra.iter().zip(rb) {
        s = fma(*p, *q, s);
    }
    s
}

/// GRU(1, H) then Dense(H, 1), streamed one sample at a time.
#[derive(Clone, Debug)]
#[repr(align(64))]
pub struct GruCell<const H: usize> {
    /// Input weights per gate (r, z, n); one input.
    pub wi: [[f32; H]; 3],
    /// Recurrent weights, input-major: `wh[j]` holds every gate's weights for `h[j]`.
    pub wh: [[[f32; H]; 3]; H],
    /// `b_ih + b_hh` for r and z; `b_in` for n.
    pub bi: [[f32; H]; 3],
    /// `b_hn`.
    pub bhn: [f32; H],
    /// Dense output.
    pub wo: [f32; H],
    /// Dense bias.
    pub bo: f32,
}

impl<const H: usize> GruCell<H> {
    /// One sample: advances `h`, returns the output.
    #[inline(always)]
    pub fn step(&self, h: &mut [f32; H], x: f32) -> f32 {
        let mut gh = [[0.0f32; H]; 3];
        gh[2] = self.bhn;
        matvec_add(&self.wh, h, &mut gh);
        if one_loop::<H>() {
            for u in 0..H {
                let r = sigmoid(fma(self.wi[0][u], x, self.bi[0][u]) + gh[0][u]);
                let z = sigmoid(fma(self.wi[1][u], x, self.bi[1][u]) + gh[1][u]);
                let n = tanh(fma(r, gh[2][u], fma(self.wi[2][u], x, self.bi[2][u])));
                h[u] = fma(z, h[u] - n, n);
            }
            return self.bo + dot(&self.wo, h);
        }
        let mut r = [0.0f32; H];
        let mut z = [0.0f32; H];
        for u in 0..H {
            r[u] = fma(self.wi[0][u], x, self.bi[0][u]) + gh[0][u];
            z[u] = fma(self.wi[1][u], x, self.bi[1][u]) + gh[1][u];
        }
        // One pass per vector (a chained iterator would not vectorise).
        pass(&mut r, sigmoid);
        pass(&mut z, sigmoid);
        let mut n = [0.0f32; H];
        for u in 0..H {
            n[u] = fma(r[u], gh[2][u], fma(self.wi[2][u], x, self.bi[2][u]));
        }
        pass(&mut n, tanh);
        for u in 0..H {
            h[u] = fma(z[u], h[u] - n[u], n[u]);
        }
        self.bo + dot(&self.wo, h)
    }
}

/// LSTM(1, H) then Dense(H, 1), streamed one sample at a time.
#[derive(Clone, Debug)]
#[repr(align(64))]
pub struct LstmCell<const H: usize> {
    /// Input weights per gate (i, f, g, o); one input.
    pub wi: [[f32; H]; 4],
    /// Recurrent weights, input-major.
    pub wh: [[[f32; H]; 4]; H],
    /// `b_ih + b_hh`.
    pub b: [[f32; H]; 4],
    /// Dense output.
    pub wo: [f32; H],
    /// Dense bias.
    pub bo: f32,
}

impl<const H: usize> LstmCell<H> {
    /// One sample: advances `h` and `c`, returns the output.
    #[inline(always)]
    pub fn step(&self, h: &mut [f32; H], c: &mut [f32; H], x: f32) -> f32 {
        let mut a = [[0.0f32; H]; 4];
        for g in 0..4 {
            for u in 0..H {
                a[g][u] = fma(self.wi[g][u], x, self.b[g][u]);
            }
        }
        matvec_add(&self.wh, h, &mut a);
        if one_loop::<H>() {
            for u in 0..H {
                let (i, f) = (sigmoid(a[0][u]), sigmoid(a[1][u]));
                let (g, o) = (tanh(a[2][u]), sigmoid(a[3][u]));
                c[u] = fma(f, c[u], i * g);
                h[u] = o * tanh(c[u]);
            }
            return self.bo + dot(&self.wo, h);
        }
        // One pass per vector (a chained iterator would not vectorise); i and f are adjacent.
        // (On a copy: slicing the sums' own array kept them on the stack through the products.)
        let mut s = a;
        pass(s[..2].as_flattened_mut(), sigmoid);
        let [ai, af, ag, ao] = &mut s;
        pass(ao, sigmoid);
        pass(ag, tanh);
        let mut tc = [0.0f32; H];
        for u in 0..H {
            c[u] = fma(af[u], c[u], ai[u] * ag[u]);
            tc[u] = c[u];
        }
        pass(&mut tc, tanh);
        for u in 0..H {
            h[u] = ao[u] * tc[u];
        }
        self.bo + dot(&self.wo, h)
    }
}

/// A causal Conv1d(C, C, K = 3) over frames of `C` channels, one frame at a time, keeping the
/// last two frames in place (shifted at each step).
#[derive(Clone, Debug)]
pub struct ConvCell<const C: usize> {
    /// `w[k][i][o]`, tap `k` reading the frame `2 − k` steps back.
    pub w: [[[f32; C]; C]; 3],
    /// Bias.
    pub b: [f32; C],
}

/// The convolution's state: the last two frames.
#[derive(Clone, Copy, Debug)]
pub struct ConvState<const C: usize> {
    /// `past[0]` one step back, `past[1]` two.
    pub past: [[f32; C]; 2],
}

impl<const C: usize> ConvCell<C> {
    /// One frame in, one out.
    #[inline(always)]
    pub fn step(&self, s: &mut ConvState<C>, x: &[f32; C]) -> [f32; C] {
        let mut y = self.b;
        // Even and odd channels summed apart (at most 16 outputs): half the dependent chain.
        let mut odd = [0.0f32; C];
        let split = C <= 16;
        for (tap, frame) in [(0, &s.past[1]), (1, &s.past[0]), (2, x)] {
            let w = &self.w[tap];
            let mut i = 0;
            while split && i + 1 < C {
                let (x0, x1) = (frame[i], frame[i + 1]);
                for o in 0..C {
                    y[o] = fma(x0, w[i][o], y[o]);
                    odd[o] = fma(x1, w[i + 1][o], odd[o]);
                }
                i += 2;
            }
            while i < C {
                for o in 0..C {
                    y[o] = fma(frame[i], w[i][o], y[o]);
                }
                i += 1;
            }
        }
        for o in 0..C {
            y[o] += odd[o];
        }
        s.past[1] = s.past[0];
        s.past[0] = *x;
        y
    }
}

use constnet::{Conv1d, Dense, Gru, Lstm, Params};

fn dense_out<const H: usize>(d: &Dense<H, 1>) -> ([f32; H], f32) {
    let w = Params::<f32>::tensor(d, 0);
    (
        core::array::from_fn(|j| w[j]),
        Params::<f32>::tensor(d, 1)[0],
    )
}

impl<const H: usize> GruCell<H> {
    /// The cell of constnet's `(Gru<1, H>, Dense<H, 1>)` (PyTorch's tensors, re-laid out).
    pub fn new(gru: &Gru<1, H>, out: &Dense<H, 1>) -> Self {
        let t = |i| Params::<f32>::tensor(gru, i);
        let (wih, whh, bih, bhh) = (t(0), t(1), t(2), t(3));
        let (wo, bo) = dense_out(out);
        let g = 3 * H;
        Self {
            wi: core::array::from_fn(|q| core::array::from_fn(|u| wih[q * H + u])),
            wh: core::array::from_fn(|j| {
                core::array::from_fn(|q| core::array::from_fn(|u| whh[j * g + q * H + u]))
            }),
            bi: core::array::from_fn(|q| {
                core::array::from_fn(|u| bih[q * H + u] + if q < 2 { bhh[q * H + u] } else { 0.0 })
            }),
            bhn: core::array::from_fn(|u| bhh[2 * H + u]),
            wo,
            bo,
        }
    }
}

impl<const H: usize> LstmCell<H> {
    /// The cell of constnet's `(Lstm<1, H>, Dense<H, 1>)`.
    pub fn new(lstm: &Lstm<1, H>, out: &Dense<H, 1>) -> Self {
        let t = |i| Params::<f32>::tensor(lstm, i);
        let (wih, whh, bih, bhh) = (t(0), t(1), t(2), t(3));
        let (wo, bo) = dense_out(out);
        let g = 4 * H;
        Self {
            wi: core::array::from_fn(|q| core::array::from_fn(|u| wih[q * H + u])),
            wh: core::array::from_fn(|j| {
                core::array::from_fn(|q| core::array::from_fn(|u| whh[j * g + q * H + u]))
            }),
            b: core::array::from_fn(|q| core::array::from_fn(|u| bih[q * H + u] + bhh[q * H + u])),
            wo,
            bo,
        }
    }
}

impl<const C: usize> ConvCell<C> {
    /// The cell of constnet's `Conv1d<C, C, 3>`.
    pub fn new(conv: &Conv1d<C, C, 3>) -> Self {
        Self {
            w: core::array::from_fn(|k| {
                core::array::from_fn(|i| core::array::from_fn(|o| conv.weight(o, i, k)))
            }),
            b: core::array::from_fn(|o| Params::<f32>::tensor(conv, 1)[o]),
        }
    }
}
