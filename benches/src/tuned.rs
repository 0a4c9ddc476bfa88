//! The hand-tuned baseline: column-major weights `wt[i][o]` (each input's column contiguous),
//! forward as column-wise broadcast updates `z += x[i] · W[:, i]` that vectorise over outputs, a
//! four-accumulator dot product for a single output, and a backward whose weight-gradient update
//! and input-gradient dot products both stream contiguous columns.

use super::{adam_update, flat, flat_mut, loss_grad, Act, AdamStep, Loss};

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

impl<const I: usize, const O: usize> Layer<I, O> {
    /// All zeros.
    pub fn zeros() -> Self {
        Self {
            wt: [[0.0; O]; I],
            b: [0.0; O],
        }
    }

    /// `act(W x + b)`.
    #[inline(always)]
    pub fn forward(&self, x: &[f32; I], act: Act) -> [f32; O] {
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
    pub fn backward(
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

    fn params_mut(&mut self) -> [&mut [f32]; 2] {
        [flat_mut(&mut self.wt), &mut self.b[..]]
    }

    fn params(&self) -> [&[f32]; 2] {
        [flat(&self.wt), &self.b[..]]
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
            let d2 = self
                .l3
                .backward(&h2, &y, &dy, self.out, &mut grads.l3, true);
            let d1 = self
                .l2
                .backward(&h1, &h2, &d2, self.hidden, &mut grads.l2, true);
            self.l1
                .backward(x, &h1, &d1, self.hidden, &mut grads.l1, false);
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
