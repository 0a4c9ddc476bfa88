//! Hand-written baselines for the benchmarks, one pair per network shape: a straightforward
//! version over plain row-major arrays (`[[f32; I]; O]`, one dot product per output, manual
//! backward), and a hand-tuned kernel (column-major weights, column-wise broadcast updates that
//! vectorise, several accumulators for single outputs). Both compute exactly what constnet computes
//! (same activations through libm, same losses, PyTorch's SGD and Adam), so that the benchmarks
//! compare like with like; `tests` below checks that they agree with constnet.

#![allow(clippy::needless_range_loop)]

/// The activations the benchmarked networks use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// `tanh`.
    Tanh,
    /// `max(0, x)`.
    Relu,
    /// The logistic sigmoid.
    Sigmoid,
    /// `x`.
    Identity,
}

impl Act {
    /// `f(x)`, as constnet computes it.
    #[inline(always)]
    pub fn f(self, x: f32) -> f32 {
        match self {
            Act::Tanh => libm::tanhf(x),
            Act::Relu => {
                if x > 0.0 {
                    x
                } else {
                    0.0
                }
            }
            Act::Sigmoid => {
                if x >= 0.0 {
                    1.0 / (1.0 + libm::expf(-x))
                } else {
                    let e = libm::expf(x);
                    e / (1.0 + e)
                }
            }
            Act::Identity => x,
        }
    }

    /// `f'` from the output `y` (all four have one).
    #[inline(always)]
    pub fn df(self, y: f32) -> f32 {
        match self {
            Act::Tanh => 1.0 - y * y,
            Act::Relu => {
                if y > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Act::Sigmoid => y * (1.0 - y),
            Act::Identity => 1.0,
        }
    }
}

/// The loss of a benchmarked training step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Mean squared error over all outputs (PyTorch's `MSELoss`).
    Mse,
    /// Softmax cross-entropy with class indices, mean over the batch.
    CrossEntropy,
}

/// `dL/dy` for one sample of a batch of `b` (and the loss), for target vector `t` or class `k`.
#[inline(always)]
fn loss_grad<const O: usize>(
    loss: Loss,
    y: &[f32; O],
    t: &[f32; O],
    class: usize,
    b: usize,
    dy: &mut [f32; O],
) -> f32 {
    match loss {
        Loss::Mse => {
            let n = (O * b) as f32;
            let mut l = 0.0;
            for o in 0..O {
                let d = y[o] - t[o];
                l += d * d;
                dy[o] = 2.0 * d / n;
            }
            l / n
        }
        Loss::CrossEntropy => {
            let m = y.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut s = 0.0;
            for o in 0..O {
                s += constnet::fast::exp(y[o] - m);
            }
            let lse = libm::logf(s);
            for o in 0..O {
                dy[o] = constnet::fast::exp(y[o] - m - lse) / b as f32;
            }
            dy[class] -= 1.0 / b as f32;
            (m + lse - y[class]) / b as f32
        }
    }
}

/// Adam's hyperparameters and step count (PyTorch's defaults, `lr` 1e-3).
#[derive(Clone, Copy, Debug)]
pub struct AdamStep {
    /// Steps taken.
    pub t: u64,
}

/// One Adam step's constants (PyTorch's defaults, `lr` 1e-3), computed once per step.
#[derive(Clone, Copy, Debug)]
struct AdamConstants {
    step: f32,
    bc2_sqrt: f32,
    w1: f32,
    b2: f32,
    w2: f32,
    eps: f32,
}

impl AdamConstants {
    /// The constants of step `t`.
    fn at(t: u64) -> Self {
        let (lr, b1, b2) = (1e-3f64, 0.9f64, 0.999f64);
        Self {
            step: (lr / (1.0 - b1.powi(t as i32))) as f32,
            bc2_sqrt: (1.0 - b2.powi(t as i32)).sqrt() as f32,
            w1: (1.0 - b1) as f32,
            b2: b2 as f32,
            w2: (1.0 - b2) as f32,
            eps: 1e-8,
        }
    }
}

/// One Adam update of a tensor: one pass over the elements.
#[inline(always)]
fn adam_update(p: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32], k: &AdamConstants) {
    for i in 0..p.len() {
        m[i] += k.w1 * (g[i] - m[i]);
        v[i] = v[i] * k.b2 + k.w2 * g[i] * g[i];
        p[i] += -k.step * m[i] / (v[i].sqrt() / k.bc2_sqrt + k.eps);
    }
}

fn flat_mut<const A: usize, const B: usize>(x: &mut [[f32; A]; B]) -> &mut [f32] {
    x.as_flattened_mut()
}

fn flat<const A: usize, const B: usize>(x: &[[f32; A]; B]) -> &[f32] {
    x.as_flattened()
}

/// Multiply-adds per call of [`peak`].
pub const PEAK_MACS: usize = 1024 * 12 * 16;

/// The machine's multiply-add throughput in this build, the bound the kernels are measured
/// against: 192 independent accumulators (enough in flight to hide the latency of a
/// multiply-add on any current core), each updated `a ← a·y + x` 1024 times — fused where the
/// target has FMA, a multiply and an add otherwise. [`PEAK_MACS`] multiply-adds per call.
#[inline(never)]
pub fn peak(x: &[f32; 16], y: &[f32; 16]) -> f32 {
    if cfg!(target_feature = "fma") {
        // One flat run of accumulators: LLVM keeps them in vector registers (nested arrays
        // were compiled to scatters with `-C target-cpu=native` on AMD Zen 5).
        let xs: [f32; 192] = core::array::from_fn(|i| x[i % 16]);
        let ys: [f32; 192] = core::array::from_fn(|i| y[i % 16]);
        let mut acc = [0.0f32; 192];
        for _ in 0..1024 {
            for ((a, &x), &y) in acc.iter_mut().zip(&xs).zip(&ys) {
                *a = a.mul_add(y, x);
            }
        }
        acc.iter().sum()
    } else {
        // Twelve arrays of 16, which fit in sixteen SSE registers.
        let mut acc = [[0.0f32; 16]; 12];
        for _ in 0..1024 {
            for a in acc.iter_mut() {
                for l in 0..16 {
                    a[l] = a[l] * y[l] + x[l];
                }
            }
        }
        acc.iter().flatten().sum()
    }
}

/// `a·b + c`, one fused multiply-add where the build target has FMA (the baselines' and
/// constnet's kernels fuse exactly when it does).
#[inline(always)]
pub(crate) fn fma(a: f32, b: f32, c: f32) -> f32 {
    if cfg!(target_feature = "fma") {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

pub mod cells;
pub mod expert;
pub mod mlp;
pub mod naive;
pub mod paired;
pub mod setup;
pub mod streams;
pub mod tuned;
pub mod workloads;

#[cfg(test)]
mod tests;
