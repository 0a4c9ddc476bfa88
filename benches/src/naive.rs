//! The straightforward baseline: row-major `[[f32; I]; O]` weights, one dot product per output,
//! the textbook backward.

use super::{adam_update, flat, flat_mut, loss_grad, Act, AdamStep, Loss};

/// A dense layer, `w[o][i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<const I: usize, const O: usize> {
    /// Weights, one row per output.
    pub w: [[f32; I]; O],
    /// Bias.
    pub b: [f32; O],
}

impl<const I: usize, const O: usize> Layer<I, O> {
    /// All zeros.
    pub fn zeros() -> Self {
        Self {
            w: [[0.0; I]; O],
            b: [0.0; O],
        }
    }

    /// `act(W x + b)`.
    #[inline]
    pub fn forward(&self, x: &[f32; I], act: Act) -> [f32; O] {
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

    /// Adds the gradients for one sample into `g`, returns `dL/dx`.
    #[inline]
    pub fn backward(
        &self,
        x: &[f32; I],
        y: &[f32; O],
        dy: &[f32; O],
        act: Act,
        g: &mut Self,
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

    fn params_mut(&mut self) -> [&mut [f32]; 2] {
        [flat_mut(&mut self.w), &mut self.b[..]]
    }

    fn params(&self) -> [&[f32]; 2] {
        [flat(&self.w), &self.b[..]]
    }
}

/// Three dense layers: `I → H1 → H2 → O`.
#[derive(Clone, Debug, PartialEq)]
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

/// SGD or Adam state for an [`Mlp`].
#[derive(Clone, Debug)]
pub enum Optimizer<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// Plain SGD.
    Sgd(f32),
    /// Adam with PyTorch's defaults.
    Adam(Box<(Mlp<I, H1, H2, O>, Mlp<I, H1, H2, O>)>, AdamStep),
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> Mlp<I, H1, H2, O> {
    /// A zeroed network (gradient buffers).
    pub fn zeros(hidden: Act, out: Act) -> Self {
        Self {
            l1: Layer::zeros(),
            l2: Layer::zeros(),
            l3: Layer::zeros(),
            hidden,
            out,
        }
    }

    /// One sample.
    #[inline]
    pub fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let h1 = self.l1.forward(x, self.hidden);
        let h2 = self.l2.forward(&h1, self.hidden);
        self.l3.forward(&h2, self.out)
    }

    /// A batch, sample by sample.
    pub fn forward_batch<const B: usize>(&self, xs: &[[f32; I]; B]) -> [[f32; O]; B] {
        core::array::from_fn(|j| self.forward(&xs[j]))
    }

    fn params_mut(&mut self) -> [&mut [f32]; 6] {
        let [a, b] = self.l1.params_mut();
        let [c, d] = self.l2.params_mut();
        let [e, f] = self.l3.params_mut();
        [a, b, c, d, e, f]
    }

    fn params(&self) -> [&[f32]; 6] {
        let [a, b] = self.l1.params();
        let [c, d] = self.l2.params();
        let [e, f] = self.l3.params();
        [a, b, c, d, e, f]
    }

    /// Zeroes the gradients, runs forward and backward over the batch, and updates: one training
    /// step. Returns the loss.
    pub fn train_step<const B: usize>(
        &mut self,
        xs: &[[f32; I]; B],
        targets: &[[f32; O]; B],
        classes: &[usize; B],
        loss: Loss,
        grads: &mut Self,
        opt: &mut Optimizer<I, H1, H2, O>,
    ) -> f32 {
        for p in grads.params_mut() {
            p.fill(0.0);
        }
        let mut total = 0.0;
        for j in 0..B {
            let x = &xs[j];
            let h1 = self.l1.forward(x, self.hidden);
            let h2 = self.l2.forward(&h1, self.hidden);
            let y = self.l3.forward(&h2, self.out);
            let mut dy = [0.0; O];
            total += loss_grad(loss, &y, &targets[j], classes[j], B, &mut dy);
            let d2 = self.l3.backward(&h2, &y, &dy, self.out, &mut grads.l3);
            let d1 = self.l2.backward(&h1, &h2, &d2, self.hidden, &mut grads.l2);
            self.l1.backward(x, &h1, &d1, self.hidden, &mut grads.l1);
        }
        match opt {
            Optimizer::Sgd(lr) => {
                for (p, g) in self.params_mut().into_iter().zip(grads.params()) {
                    for k in 0..p.len() {
                        p[k] -= *lr * g[k];
                    }
                }
            }
            Optimizer::Adam(state, step) => {
                step.t += 1;
                let (m, v) = &mut **state;
                for (((p, g), m), v) in self
                    .params_mut()
                    .into_iter()
                    .zip(grads.params())
                    .zip(m.params_mut())
                    .zip(v.params_mut())
                {
                    adam_update(p, g, m, v, step.t);
                }
            }
        }
        total
    }
}
