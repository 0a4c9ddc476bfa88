//! The three-layer network both baselines share; only the dense-layer kernel differs
//! ([`naive::Layer`](crate::naive::Layer) or [`tuned::Layer`](crate::tuned::Layer)).

use super::{adam_update, loss_grad, Act, AdamConstants, AdamStep, Loss};

/// A dense-layer kernel of one baseline.
pub trait Kernel<const I: usize, const O: usize>: Clone {
    /// All zeros.
    fn zeros() -> Self;
    /// `act(W x + b)`.
    fn forward(&self, x: &[f32; I], act: Act) -> [f32; O];
    /// Adds one sample's gradients into `g` and returns `dL/dx` (only needed when `want_dx`; a
    /// kernel may compute it anyway).
    fn backward(
        &self,
        x: &[f32; I],
        y: &[f32; O],
        dy: &[f32; O],
        act: Act,
        g: &mut Self,
        want_dx: bool,
    ) -> [f32; I];
    /// Weights and bias.
    fn params(&self) -> [&[f32]; 2];
    /// Weights and bias, mutable.
    fn params_mut(&mut self) -> [&mut [f32]; 2];
}

/// A family of kernels, one per shape.
pub trait Family {
    /// The kernel for `I` inputs and `O` outputs.
    type Layer<const I: usize, const O: usize>: Kernel<I, O>;
}

/// Three dense layers: `I → H1 → H2 → O`.
pub struct Mlp<F: Family, const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// First layer.
    pub l1: F::Layer<I, H1>,
    /// Second layer.
    pub l2: F::Layer<H1, H2>,
    /// Output layer.
    pub l3: F::Layer<H2, O>,
    /// Activation after the first two layers.
    pub hidden: Act,
    /// Activation after the last.
    pub out: Act,
}

impl<F: Family, const I: usize, const H1: usize, const H2: usize, const O: usize> Clone
    for Mlp<F, I, H1, H2, O>
{
    fn clone(&self) -> Self {
        Self {
            l1: self.l1.clone(),
            l2: self.l2.clone(),
            l3: self.l3.clone(),
            hidden: self.hidden,
            out: self.out,
        }
    }
}

/// SGD or Adam state for an [`Mlp`].
pub enum Optimizer<F: Family, const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// Plain SGD.
    Sgd(f32),
    /// Adam with PyTorch's defaults: first and second moments.
    Adam(Box<(Mlp<F, I, H1, H2, O>, Mlp<F, I, H1, H2, O>)>, AdamStep),
}

impl<F: Family, const I: usize, const H1: usize, const H2: usize, const O: usize>
    Mlp<F, I, H1, H2, O>
{
    /// A zeroed network (gradient buffers).
    pub fn zeros(hidden: Act, out: Act) -> Self {
        Self {
            l1: Kernel::zeros(),
            l2: Kernel::zeros(),
            l3: Kernel::zeros(),
            hidden,
            out,
        }
    }

    /// Fresh optimizer state for this network: Adam with PyTorch's defaults, or SGD with `lr`.
    pub fn optimizer(&self, adam: bool, lr: f32) -> Optimizer<F, I, H1, H2, O> {
        if adam {
            let zeros = Self::zeros(self.hidden, self.out);
            Optimizer::Adam(Box::new((zeros.clone(), zeros)), AdamStep { t: 0 })
        } else {
            Optimizer::Sgd(lr)
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
        opt: &mut Optimizer<F, I, H1, H2, O>,
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
                let k = AdamConstants::at(step.t);
                let (m, v) = &mut **state;
                for (((p, g), m), v) in self
                    .params_mut()
                    .into_iter()
                    .zip(grads.params())
                    .zip(m.params_mut())
                    .zip(v.params_mut())
                {
                    adam_update(p, g, m, v, &k);
                }
            }
        }
        total
    }
}
