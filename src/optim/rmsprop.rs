//! RMSprop, plain or centred, with momentum and L2 weight decay.

use super::{for_each_tensor, lerp, nonzero, ConfigError, Optimizer};
use crate::layer::{Chained, GradientsOf, NetworkOf, Params};
use crate::Scalar;

/// Configuration of [`RmsProp`], with PyTorch's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RmsPropConfig {
    /// Learning rate `η` (default `1e-2`).
    pub lr: f64,
    /// Smoothing constant `α` (default `0.99`).
    pub alpha: f64,
    /// `ε` added to the denominator (default `1e-8`).
    pub eps: f64,
    /// L2 penalty `λ` added to the gradient (default `0`).
    pub weight_decay: f64,
    /// Momentum `μ` (default `0`).
    pub momentum: f64,
    /// Centred RMSprop: normalise by an estimate of the gradient's variance (default `false`).
    pub centered: bool,
}

impl Default for RmsPropConfig {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
        }
    }
}

/// RMSprop, PyTorch's `torch.optim.RMSprop`:
///
/// ```text
/// g ← ∇θ + λθ
/// s ← αs + (1 − α)g²
/// centred: ḡ ← ḡ + (1 − α)(g − ḡ);  d ← √(s − ḡ²) + ε      else  d ← √s + ε
/// μ > 0:   b ← μb + g/d;  θ ← θ − ηb                       else  θ ← θ − ηg/d
/// ```
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::{Optimizer, RmsProp, RmsPropConfig};
/// use nalgebra::SMatrix;
///
/// let mut net = Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]);
/// let mut opt = RmsProp::new(&net, RmsPropConfig { centered: true, momentum: 0.5, ..Default::default() });
/// let (x, t) = (SMatrix::<f64, 1, 1>::new(1.0), SMatrix::<f64, 1, 1>::new(3.0));
/// for _ in 0..500 {
///     let mut grads = net.zero_gradients();
///     net.backprop(&Mse, &x, &t, &mut grads);
///     opt.step(&mut net, &grads);
/// }
/// assert!((net.forward(&x)[0] - 3.0).abs() < 0.05);
/// ```
#[derive(Clone, Debug)]
pub struct RmsProp<N> {
    config: RmsPropConfig,
    /// `1 − α`, computed once (in f64, as PyTorch in a Python float).
    one_minus_alpha: f64,
    square_avg: N,
    grad_avg: N,
    momentum_buffer: N,
    steps: u64,
}

impl<N> RmsProp<N> {
    /// As [`new`](RmsProp::new), with the configuration checked first ([`RmsPropConfig::check`]).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first field out of its range (a learning rate that is not
    /// finite and above 0, a `β` outside `[0, 1)`, …).
    pub fn try_new<T: Scalar>(net: &N, config: RmsPropConfig) -> Result<Self, ConfigError>
    where
        N: Params<T> + Chained,
    {
        config.check()?;
        Ok(Self::new(net, config))
    }

    /// RMSprop with the given configuration for network `net`.
    ///
    /// The configuration is not checked here: [`try_new`](Self::try_new) checks it, and
    /// [`fit`](crate::train::fit) refuses it before training.
    pub fn new<T: Scalar>(net: &N, config: RmsPropConfig) -> Self
    where
        N: Params<T> + Chained,
    {
        let zeros = net.zeros_like();
        Self {
            config,
            one_minus_alpha: 1.0 - config.alpha,
            square_avg: zeros.clone(),
            grad_avg: zeros.clone(),
            momentum_buffer: zeros,
            steps: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &RmsPropConfig {
        &self.config
    }
}

impl<N> Optimizer<N> for RmsProp<N> {
    fn step<T, M, G>(&mut self, net: &mut M, grads: &G)
    where
        T: Scalar,
        N: Params<T>,
        M: NetworkOf<N>,
        G: GradientsOf<N>,
    {
        let c = self.config;
        let lr = T::cast_f64(c.lr);
        let alpha = T::cast_f64(c.alpha);
        let one_minus_alpha = T::cast_f64(self.one_minus_alpha);
        let (decay, momentum) = (nonzero(c.weight_decay), c.momentum > 0.0);
        let eps = T::cast_f64(c.eps);
        let wd = T::cast_f64(c.weight_decay);
        let mu = T::cast_f64(c.momentum);
        let (sq_all, ga_all, buf_all) = (
            &mut self.square_avg,
            &mut self.grad_avg,
            &mut self.momentum_buffer,
        );
        for_each_tensor(net.network_mut(), grads.gradients(), |i, p, g| {
            let sq = sq_all.tensor_mut(i);
            let ga = ga_all.tensor_mut(i);
            let buf = buf_all.tensor_mut(i);
            for k in 0..p.len() {
                let mut d = g[k];
                if decay {
                    d += wd * p[k];
                }
                sq[k] = sq[k] * alpha + one_minus_alpha * d * d;
                let avg = if c.centered {
                    ga[k] = lerp(ga[k], d, one_minus_alpha);
                    (sq[k] + -ga[k] * ga[k]).sqrt_ieee() + eps
                } else {
                    sq[k].sqrt_ieee() + eps
                };
                if momentum {
                    buf[k] = buf[k] * mu + d / avg;
                    p[k] += -lr * buf[k];
                } else {
                    p[k] += -lr * d / avg;
                }
            }
        });
        self.steps += 1;
    }

    config_accessors!();
}
