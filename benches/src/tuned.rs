//! The hand-tuned baseline: column-major weights `wt[i][o]` (each input's column contiguous),
//! forward as column-wise broadcast updates `z += x[i] · W[:, i]` that vectorise over outputs, a
//! four-accumulator dot product for a single output, and a backward whose weight-gradient update
//! and input-gradient dot products both stream contiguous columns.

use super::mlp::{Family, Kernel};
use super::{flat, flat_mut, Act};

/// A dot product with eight independent accumulators (vectorises without reassociation).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// A dense layer with column-major weights `wt[i][o]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<const I: usize, const O: usize> {
    /// Weights, one column (contiguous) per input.
    pub wt: [[f32; O]; I],
    /// Bias.
    pub b: [f32; O],
}

impl<const I: usize, const O: usize> Kernel<I, O> for Layer<I, O> {
    /// All zeros.
    fn zeros() -> Self {
        Self {
            wt: [[0.0; O]; I],
            b: [0.0; O],
        }
    }

    /// `act(W x + b)`.
    #[inline(always)]
    fn forward(&self, x: &[f32; I], act: Act) -> [f32; O] {
        let mut z = self.b;
        if O == 1 {
            // A single output: a dot product with several accumulators.
            let w: &[f32] = self.wt.as_flattened();
            z[0] += dot(w, x);
        } else {
            for i in 0..I {
                let xi = x[i];
                let col = &self.wt[i];
                for o in 0..O {
                    z[o] += xi * col[o];
                }
            }
        }
        for v in &mut z {
            *v = act.f(*v);
        }
        z
    }

    /// Adds the gradients for one sample into `g`, returns `dL/dx` (zeros unless `want_dx`: the
    /// first layer's input gradient is not needed in training).
    #[inline(always)]
    fn backward(
        &self,
        x: &[f32; I],
        y: &[f32; O],
        dy: &[f32; O],
        act: Act,
        g: &mut Self,
        want_dx: bool,
    ) -> [f32; I] {
        let mut dz = [0.0; O];
        for o in 0..O {
            dz[o] = dy[o] * act.df(y[o]);
            g.b[o] += dz[o];
        }
        let mut dx = [0.0; I];
        for i in 0..I {
            let xi = x[i];
            let gcol = &mut g.wt[i];
            for o in 0..O {
                gcol[o] += xi * dz[o];
            }
            if want_dx {
                dx[i] = dot(&self.wt[i], &dz);
            }
        }
        dx
    }

    fn params(&self) -> [&[f32]; 2] {
        [flat(&self.wt), &self.b[..]]
    }

    fn params_mut(&mut self) -> [&mut [f32]; 2] {
        [flat_mut(&mut self.wt), &mut self.b[..]]
    }
}

/// The tuned kernels.
pub struct Tuned;

impl Family for Tuned {
    type Layer<const I: usize, const O: usize> = Layer<I, O>;
}

/// Three tuned dense layers.
pub type Mlp<const I: usize, const H1: usize, const H2: usize, const O: usize> =
    super::mlp::Mlp<Tuned, I, H1, H2, O>;

/// SGD or Adam state for a tuned [`Mlp`].
pub type Optimizer<const I: usize, const H1: usize, const H2: usize, const O: usize> =
    super::mlp::Optimizer<Tuned, I, H1, H2, O>;
