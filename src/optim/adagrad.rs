//! Adagrad, with learning-rate decay and L2 weight decay.

use super::{for_each_tensor, nonzero, ConfigError, Optimizer};
use crate::layer::{Chained, GradientsOf, NetworkOf, Params};
use crate::Scalar;

/// Configuration of [`Adagrad`], with PyTorch's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdagradConfig {
    /// Learning rate `η` (default `1e-2`).
    pub lr: f64,
    /// Learning-rate decay `δ`: step `t` uses `η / (1 + (t − 1)δ)` (default `0`).
    pub lr_decay: f64,
    /// L2 penalty `λ` added to the gradient (default `0`).
    pub weight_decay: f64,
    /// Initial value of the accumulated squared gradients (default `0`).
    pub initial_accumulator_value: f64,
    /// `ε` added to the denominator (default `1e-10`).
    pub eps: f64,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
        }
    }
}

/// Adagrad, PyTorch's `torch.optim.Adagrad`:
///
/// ```text
/// t ← t + 1;  g ← ∇θ + λθ;  η_t = η / (1 + (t − 1)δ)
/// s ← s + g²
/// θ ← θ − η_t · g / (√s + ε)
/// ```
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::{Adagrad, AdagradConfig, Optimizer};
/// use nalgebra::SMatrix;
///
/// let mut net = Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]);
/// let mut opt = Adagrad::new(&net, AdagradConfig { lr: 0.5, ..Default::default() });
/// let (x, t) = (SMatrix::<f64, 1, 1>::new(1.0), SMatrix::<f64, 1, 1>::new(3.0));
/// for _ in 0..200 {
///     let mut grads = net.zero_gradients();
///     net.backprop(&Mse, &x, &t, &mut grads);
///     opt.step(&mut net, &grads);
/// }
/// assert!((net.forward(&x)[0] - 3.0).abs() < 1e-3);
/// ```
#[derive(Clone, Debug)]
pub struct Adagrad<N> {
    config: AdagradConfig,
    sum: N,
    steps: u64,
}

impl<N> Adagrad<N> {
    /// As [`new`](Adagrad::new), with the configuration checked first ([`AdagradConfig::check`]).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first field out of its range (a learning rate that is not
    /// finite and above 0, a `β` outside `[0, 1)`, …).
    pub fn try_new<T: Scalar>(net: &N, config: AdagradConfig) -> Result<Self, ConfigError>
    where
        N: Params<T> + Chained,
    {
        config.check()?;
        Ok(Self::new(net, config))
    }

    /// Adagrad with the given configuration for network `net`.
    ///
    /// The configuration is not checked here: [`try_new`](Self::try_new) checks it, and
    /// [`fit`](crate::train::fit) refuses it before training.
    pub fn new<T: Scalar>(net: &N, config: AdagradConfig) -> Self
    where
        N: Params<T> + Chained,
    {
        let mut sum = net.zeros_like();
        for i in 0..N::TENSORS {
            sum.tensor_mut(i)
                .fill(T::cast_f64(config.initial_accumulator_value));
        }
        Self {
            config,
            sum,
            steps: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &AdagradConfig {
        &self.config
    }
}

impl<N> Optimizer<N> for Adagrad<N> {
    fn step<T, M, G>(&mut self, net: &mut M, grads: &G)
    where
        T: Scalar,
        N: Params<T>,
        M: NetworkOf<N>,
        G: GradientsOf<N>,
    {
        let c = self.config;
        self.steps += 1;
        // In f64 as PyTorch (in a Python float); without decay the rate is `lr` itself, and an f32
        // step then computes no f64 arithmetic.
        let clr = if nonzero(c.lr_decay) {
            T::cast_f64(c.lr / (1.0 + (self.steps - 1) as f64 * c.lr_decay))
        } else {
            T::cast_f64(c.lr)
        };
        let decay = nonzero(c.weight_decay);
        let wd = T::cast_f64(c.weight_decay);
        let eps = T::cast_f64(c.eps);
        let sum_all = &mut self.sum;
        for_each_tensor(net.network_mut(), grads.gradients(), |i, p, g| {
            let s = sum_all.tensor_mut(i);
            for k in 0..p.len() {
                let mut d = g[k];
                if decay {
                    d += wd * p[k];
                }
                s[k] += d * d;
                let std = s[k].sqrt_ieee() + eps;
                p[k] += -clr * d / std;
            }
        });
    }

    config_accessors!();
}
