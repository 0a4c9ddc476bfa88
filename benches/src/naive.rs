//! The straightforward baseline: row-major `[[f32; I]; O]` weights, one dot product per output,
//! the textbook backward.

use super::mlp::{Family, Kernel};
use super::{flat, flat_mut, Act};

/// A dense layer, `w[o][i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<const I: usize, const O: usize> {
    /// Weights, one row per output.
    pub w: [[f32; I]; O],
    /// Bias.
    pub b: [f32; O],
}

impl<const I: usize, const O: usize> Kernel<I, O> for Layer<I, O> {
    /// All zeros.
    fn zeros() -> Self {
        Self {
            w: [[0.0; I]; O],
            b: [0.0; O],
        }
    }

    /// `act(W x + b)`.
    #[inline]
    fn forward(&self, x: &[f32; I], act: Act) -> [f32; O] {
        let mut y = [0.0; O];
        for o in 0..O {
            let mut s = self.b[o];
            for i in 0..I {
                s += self.w[o][i] * x[i];
            }
            y[o] = act.f(s);
        }
        y
    }

    /// Adds the gradients for one sample into `g`, returns `dL/dx` (always computed: the
    /// straightforward version does not skip the first layer's).
    #[inline]
    fn backward(
        &self,
        x: &[f32; I],
        y: &[f32; O],
        dy: &[f32; O],
        act: Act,
        g: &mut Self,
        _want_dx: bool,
    ) -> [f32; I] {
        let mut dx = [0.0; I];
        for o in 0..O {
            let dz = dy[o] * act.df(y[o]);
            g.b[o] += dz;
            for i in 0..I {
                g.w[o][i] += dz * x[i];
                dx[i] += self.w[o][i] * dz;
            }
        }
        dx
    }

    fn params(&self) -> [&[f32]; 2] {
        [flat(&self.w), &self.b[..]]
    }

    fn params_mut(&mut self) -> [&mut [f32]; 2] {
        [flat_mut(&mut self.w), &mut self.b[..]]
    }
}

/// The naive kernels.
pub struct Naive;

impl Family for Naive {
    type Layer<const I: usize, const O: usize> = Layer<I, O>;
}

/// Three naive dense layers.
pub type Mlp<const I: usize, const H1: usize, const H2: usize, const O: usize> =
    super::mlp::Mlp<Naive, I, H1, H2, O>;

/// SGD or Adam state for a naive [`Mlp`].
pub type Optimizer<const I: usize, const H1: usize, const H2: usize, const O: usize> =
    super::mlp::Optimizer<Naive, I, H1, H2, O>;
