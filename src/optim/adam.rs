//! Adam, AMSGrad and AdamW (decoupled weight decay).

use super::{for_each_tensor, lerp, Optimizer};
use crate::layer::{GradientsOf, NetworkOf, Params};
use crate::Scalar;

/// Configuration of [`Adam`], with PyTorch's defaults. [`AdamConfig::adamw`] gives AdamW's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    /// Learning rate `η` (default `1e-3`).
    pub lr: f64,
    /// `β₁`, decay of the first-moment estimate (default `0.9`).
    pub beta1: f64,
    /// `β₂`, decay of the second-moment estimate (default `0.999`).
    pub beta2: f64,
    /// `ε` added to the denominator (default `1e-8`).
    pub eps: f64,
    /// Weight decay `λ` (default `0`): added to the gradient as `λθ`, or, with
    /// `decoupled_weight_decay`, applied to the parameters as `θ ← θ(1 − ηλ)` (AdamW).
    pub weight_decay: f64,
    /// AMSGrad: normalise by the running maximum of the second-moment estimate.
    pub amsgrad: bool,
    /// AdamW's decoupled weight decay.
    pub decoupled_weight_decay: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            decoupled_weight_decay: false,
        }
    }
}

impl AdamConfig {
    /// PyTorch's `AdamW` defaults: decoupled weight decay `0.01`, otherwise as Adam.
    pub fn adamw() -> Self {
        Self {
            weight_decay: 1e-2,
            decoupled_weight_decay: true,
            ..Self::default()
        }
    }
}

/// Adam, PyTorch's `torch.optim.Adam` (and `AdamW` with [`AdamConfig::adamw`]):
///
/// ```text
/// t ← t + 1
/// θ ← θ(1 − ηλ)                 (decoupled)      or   g ← ∇θ + λθ   (coupled)
/// m ← m + (1 − β₁)(g − m)
/// v ← β₂v + (1 − β₂)g²
/// v̂ ← max(v̂, v) (AMSGrad)
/// θ ← θ − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)      (√v̂ with AMSGrad)
/// ```
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::{Adam, AdamConfig, Optimizer};
/// use nalgebra::SMatrix;
///
/// let mut net = Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]);
/// let mut adamw = Adam::new(&net, AdamConfig { lr: 0.1, ..AdamConfig::adamw() });
/// let (x, t) = (SMatrix::<f64, 1, 1>::new(1.0), SMatrix::<f64, 1, 1>::new(3.0));
/// for _ in 0..300 {
///     let mut grads = net.zero_gradients();
///     net.backprop(&Mse, &x, &t, &mut grads);
///     adamw.step(&mut net, &grads);
/// }
/// assert!((net.forward(&x)[0] - 3.0).abs() < 0.05);
/// ```
#[derive(Clone, Debug)]
pub struct Adam<N> {
    config: AdamConfig,
    exp_avg: N,
    exp_avg_sq: N,
    max_exp_avg_sq: N,
    steps: u64,
}

impl<N> Adam<N> {
    /// Adam with the given configuration for network `net`.
    pub fn new<T: Scalar>(net: &N, config: AdamConfig) -> Self
    where
        N: Params<T>,
    {
        let zeros = net.zeros_like();
        Self {
            config,
            exp_avg: zeros.clone(),
            exp_avg_sq: zeros.clone(),
            max_exp_avg_sq: zeros,
            steps: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &AdamConfig {
        &self.config
    }
}

impl<N> Optimizer<N> for Adam<N> {
    fn step<T, M, G>(&mut self, net: &mut M, grads: &G)
    where
        T: Scalar,
        N: Params<T>,
        M: NetworkOf<N>,
        G: GradientsOf<N>,
    {
        let c = self.config;
        self.steps += 1;
        let step = self.steps as f64;
        // Scalars computed in f64, as PyTorch computes them in Python floats.
        let bias_correction1 = 1.0 - libm::pow(c.beta1, step);
        let bias_correction2 = 1.0 - libm::pow(c.beta2, step);
        let step_size = T::cast_f64(c.lr / bias_correction1);
        let bc2_sqrt = T::cast_f64(libm::sqrt(bias_correction2));
        let decay = T::cast_f64(1.0 - c.lr * c.weight_decay);
        let wd = T::cast_f64(c.weight_decay);
        let w1 = T::cast_f64(1.0 - c.beta1);
        let beta2 = T::cast_f64(c.beta2);
        let one_minus_beta2 = T::cast_f64(1.0 - c.beta2);
        let eps = T::cast_f64(c.eps);
        let (m_all, v_all, vmax_all) = (
            &mut self.exp_avg,
            &mut self.exp_avg_sq,
            &mut self.max_exp_avg_sq,
        );
        for_each_tensor(net.network_mut(), grads.gradients(), |i, p, g| {
            let m = m_all.tensor_mut(i);
            let v = v_all.tensor_mut(i);
            let vmax = vmax_all.tensor_mut(i);
            for k in 0..p.len() {
                let mut d = g[k];
                if c.weight_decay != 0.0 {
                    if c.decoupled_weight_decay {
                        p[k] *= decay;
                    } else {
                        d += wd * p[k];
                    }
                }
                m[k] = lerp(m[k], d, w1);
                v[k] = v[k] * beta2 + one_minus_beta2 * d * d;
                let second = if c.amsgrad {
                    vmax[k] = vmax[k].max(v[k]);
                    vmax[k]
                } else {
                    v[k]
                };
                let denom = second.sqrt() / bc2_sqrt + eps;
                p[k] += -step_size * m[k] / denom;
            }
        });
    }

    fn learning_rate(&self) -> f64 {
        self.config.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.config.lr = lr;
    }

    fn steps(&self) -> u64 {
        self.steps
    }
}
