//! Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay.

use super::{for_each_tensor, nonzero, ConfigError, Optimizer};
use crate::layer::{Chained, GradientsOf, NetworkOf, Params};
use crate::Scalar;

/// Configuration of [`Sgd`], with PyTorch's defaults (`lr` has none there; `0.01` here).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdConfig {
    /// Learning rate `η`.
    pub lr: f64,
    /// Momentum `μ` (0 disables the buffer).
    pub momentum: f64,
    /// Dampening `τ` of the gradient added to the buffer.
    pub dampening: f64,
    /// L2 penalty `λ`, added to the gradient as `λθ` (coupled weight decay).
    pub weight_decay: f64,
    /// Nesterov momentum (needs `momentum > 0` and `dampening = 0`).
    pub nesterov: bool,
}

impl Default for SgdConfig {
    fn default() -> Self {
        Self {
            lr: 0.01,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        }
    }
}

/// SGD, PyTorch's `torch.optim.SGD`:
///
/// ```text
/// g ← ∇θ + λθ
/// if μ ≠ 0:  b ← g (first step),  b ← μb + (1 − τ)g (after);   g ← g + μb (Nesterov) or g ← b
/// θ ← θ − ηg
/// ```
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::{Optimizer, Sgd, SgdConfig};
/// use nalgebra::SMatrix;
///
/// let mut net = Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]);
/// let mut sgd = Sgd::new(&net, SgdConfig { lr: 0.1, momentum: 0.9, ..Default::default() });
/// let (x, t) = (SMatrix::<f64, 1, 1>::new(1.0), SMatrix::<f64, 1, 1>::new(3.0));
/// for _ in 0..200 {
///     let mut grads = net.zero_gradients();
///     net.backprop(&Mse, &x, &t, &mut grads);
///     sgd.step(&mut net, &grads);
/// }
/// assert!((net.forward(&x)[0] - 3.0).abs() < 1e-3);
/// ```
#[derive(Clone, Debug)]
pub struct Sgd<N> {
    config: SgdConfig,
    /// `1 − τ`, computed once (in f64, as PyTorch computes it in a Python float).
    one_minus_dampening: f64,
    momentum_buffer: N,
    steps: u64,
}

impl<N> Sgd<N> {
    /// As [`new`](Sgd::new), with the configuration checked first ([`SgdConfig::check`]).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first field out of its range (a learning rate that is not
    /// finite and above 0, a `β` outside `[0, 1)`, …).
    pub fn try_new<T: Scalar>(net: &N, config: SgdConfig) -> Result<Self, ConfigError>
    where
        N: Params<T> + Chained,
    {
        config.check()?;
        Ok(Self::new(net, config))
    }

    /// SGD with the given configuration for network `net`.
    ///
    /// The configuration is not checked here: [`try_new`](Self::try_new) checks it, and
    /// [`fit`](crate::train::fit) refuses it before training.
    ///
    /// # Panics
    /// If `nesterov` is set without momentum or with dampening (PyTorch refuses the same).
    pub fn new<T: Scalar>(net: &N, config: SgdConfig) -> Self
    where
        N: Params<T> + Chained,
    {
        assert!(
            !config.nesterov || (config.momentum > 0.0 && config.dampening == 0.0),
            "Nesterov momentum requires a momentum and zero dampening"
        );
        Self {
            config,
            one_minus_dampening: 1.0 - config.dampening,
            momentum_buffer: net.zeros_like(),
            steps: 0,
        }
    }

    /// Plain SGD (no momentum, no weight decay) with learning rate `lr` for network `net`.
    pub fn with_lr<T: Scalar>(net: &N, lr: f64) -> Self
    where
        N: Params<T> + Chained,
    {
        Self::new(
            net,
            SgdConfig {
                lr,
                ..Default::default()
            },
        )
    }

    /// The configuration.
    pub fn config(&self) -> &SgdConfig {
        &self.config
    }
}

impl<N> Optimizer<N> for Sgd<N> {
    fn step<T, M, G>(&mut self, net: &mut M, grads: &G)
    where
        T: Scalar,
        N: Params<T>,
        M: NetworkOf<N>,
        G: GradientsOf<N>,
    {
        // Only conversions of the configuration here: no f64 arithmetic per step.
        let c = self.config;
        let (lr, mu, wd) = (
            T::cast_f64(c.lr),
            T::cast_f64(c.momentum),
            T::cast_f64(c.weight_decay),
        );
        let k = SgdConstants {
            lr,
            mu,
            wd,
            one_minus_damp: T::cast_f64(self.one_minus_dampening),
            first: self.steps == 0,
        };
        let bufs = &mut self.momentum_buffer;
        for_each_tensor(net.network_mut(), grads.gradients(), |i, p, g| {
            let b = bufs.tensor_mut(i);
            // The configuration picks one straight-line loop per tensor, which vectorises.
            match (nonzero(c.momentum), nonzero(c.weight_decay), c.nesterov) {
                (false, false, _) => update::<T, false, false, false>(p, g, b, &k),
                (false, true, _) => update::<T, false, true, false>(p, g, b, &k),
                (true, false, false) => update::<T, true, false, false>(p, g, b, &k),
                (true, true, false) => update::<T, true, true, false>(p, g, b, &k),
                (true, false, true) => update::<T, true, false, true>(p, g, b, &k),
                (true, true, true) => update::<T, true, true, true>(p, g, b, &k),
            }
        });
        self.steps += 1;
    }

    config_accessors!();
}

/// One step's constants, in the network's scalar.
struct SgdConstants<T> {
    lr: T,
    mu: T,
    wd: T,
    one_minus_damp: T,
    first: bool,
}

/// The element loop of one SGD step over one tensor.
#[inline(always)]
fn update<T: Scalar, const MOMENTUM: bool, const DECAY: bool, const NESTEROV: bool>(
    p: &mut [T],
    g: &[T],
    b: &mut [T],
    k: &SgdConstants<T>,
) {
    let n = p.len();
    let (g, b) = (&g[..n], &mut b[..n]);
    for i in 0..n {
        let mut d = g[i];
        if DECAY {
            d += k.wd * p[i];
        }
        if MOMENTUM {
            b[i] = if k.first {
                d
            } else {
                b[i] * k.mu + k.one_minus_damp * d
            };
            d = if NESTEROV { d + k.mu * b[i] } else { b[i] };
        }
        p[i] += -k.lr * d;
    }
}
