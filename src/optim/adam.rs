//! Adam, AMSGrad and AdamW (decoupled weight decay).

use super::{for_each_tensor, nonzero, ConfigError, Optimizer};
use crate::layer::{Chained, GradientsOf, NetworkOf, Params};
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
    /// Set moment estimates whose magnitude falls below the smallest normal float to zero
    /// (default `false`, as PyTorch). Late in training the moments of tiny gradients become
    /// subnormal, and arithmetic on subnormals is many times slower on most processors (x86
    /// cores take a microcode assist per operation); flushing them keeps every step at full
    /// speed. The change to the trajectory is below `f32::MIN_POSITIVE` (1.2e−38) per moment.
    pub flush_subnormal: bool,
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
            flush_subnormal: false,
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
    /// The per-step constants that do not depend on the step or the learning rate, computed once.
    fixed: Fixed,
    exp_avg: N,
    exp_avg_sq: N,
    max_exp_avg_sq: N,
    steps: u64,
}

impl<N> Adam<N> {
    /// As [`new`](Adam::new), with the configuration checked first ([`AdamConfig::check`]).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first field out of its range (a learning rate that is not
    /// finite and above 0, a `β` outside `[0, 1)`, …).
    pub fn try_new<T: Scalar>(net: &N, config: AdamConfig) -> Result<Self, ConfigError>
    where
        N: Params<T> + Chained,
    {
        config.check()?;
        Ok(Self::new(net, config))
    }

    /// Adam with the given configuration for network `net`.
    ///
    /// The configuration is not checked here: [`try_new`](Self::try_new) checks it, and
    /// [`fit`](crate::train::fit) refuses it before training.
    pub fn new<T: Scalar>(net: &N, config: AdamConfig) -> Self
    where
        N: Params<T> + Chained,
    {
        let zeros = net.zeros_like();
        Self {
            config,
            fixed: Fixed {
                one_minus_beta1: 1.0 - config.beta1,
                one_minus_beta2: 1.0 - config.beta2,
                ln_beta1: libm::log(libm::fabs(config.beta1)),
                ln_beta2: libm::log(libm::fabs(config.beta2)),
                negative: (config.beta1 < 0.0, config.beta2 < 0.0),
            },
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
        let f = self.fixed;
        self.steps += 1;
        let (step_size, bc2_sqrt) = step_scalars::<T>(&c, &f, self.steps);
        let decay = if c.decoupled_weight_decay && nonzero(c.weight_decay) {
            T::one() - T::cast_f64(c.lr) * T::cast_f64(c.weight_decay)
        } else {
            T::one()
        };
        let wd = T::cast_f64(c.weight_decay);
        let w1 = T::cast_f64(f.one_minus_beta1);
        let beta2 = T::cast_f64(c.beta2);
        let one_minus_beta2 = T::cast_f64(f.one_minus_beta2);
        let eps = T::cast_f64(c.eps);
        // Below `tiny` a moment is flushed to zero; zero never flushes anything.
        let tiny = if c.flush_subnormal {
            T::MIN_NORMAL
        } else {
            T::zero()
        };
        let (m_all, v_all, vmax_all) = (
            &mut self.exp_avg,
            &mut self.exp_avg_sq,
            &mut self.max_exp_avg_sq,
        );
        let k = Constants {
            step_size,
            inv_bc2_sqrt: T::one() / bc2_sqrt,
            decay,
            wd,
            w1,
            beta2,
            one_minus_beta2,
            eps,
            tiny,
        };
        for_each_tensor(net.network_mut(), grads.gradients(), |i, p, g| {
            let (m, v, vmax) = (
                m_all.tensor_mut(i),
                v_all.tensor_mut(i),
                vmax_all.tensor_mut(i),
            );
            // Branches on the configuration are taken once per tensor, so that the element loop
            // is straight-line code that vectorises.
            match (c.amsgrad, nonzero(c.weight_decay), c.decoupled_weight_decay) {
                (false, false, _) => update::<T, false, 0>(p, g, m, v, vmax, &k),
                (false, true, false) => update::<T, false, 1>(p, g, m, v, vmax, &k),
                (false, true, true) => update::<T, false, 2>(p, g, m, v, vmax, &k),
                (true, false, _) => update::<T, true, 0>(p, g, m, v, vmax, &k),
                (true, true, false) => update::<T, true, 1>(p, g, m, v, vmax, &k),
                (true, true, true) => update::<T, true, 2>(p, g, m, v, vmax, &k),
            }
        });
    }

    config_accessors!();
}

/// What [`Adam::new`] computes once from the configuration (in f64, as PyTorch in Python floats).
#[derive(Clone, Copy, Debug)]
struct Fixed {
    one_minus_beta1: f64,
    one_minus_beta2: f64,
    /// `ln |β₁|`, `ln |β₂|`.
    ln_beta1: f64,
    ln_beta2: f64,
    /// Whether `β₁`, `β₂` are negative (PyTorch refuses them; here `βᵗ` keeps its sign).
    negative: (bool, bool),
}

/// The step size `η/(1 − β₁ᵗ)` and `√(1 − β₂ᵗ)` of step `t`.
///
/// For f64 in f64 with `pow`, as PyTorch computes them in Python floats. For f32 in f32 (no f64
/// arithmetic at each step, which costs some 19 000 instructions on a Cortex-M4 without a double
/// FPU): `1 − βᵗ` as `−expm1(t ln β)`, which, unlike `1 − βᵗ` in f32, loses no digits to
/// cancellation: within an ulp of the f64 values rounded (tested).
#[inline(always)]
fn step_scalars<T: Scalar>(c: &AdamConfig, f: &Fixed, steps: u64) -> (T, T) {
    if core::mem::size_of::<T>() == core::mem::size_of::<f32>() {
        let t = nalgebra::convert::<f32, T>(steps as f32);
        let odd = steps % 2 == 1;
        let one_minus_power = |ln_abs: f64, negative: bool| {
            let e = t * T::cast_f64(ln_abs);
            if negative && odd {
                T::one() + e.exp()
            } else {
                -e.exp_m1()
            }
        };
        let bc1 = one_minus_power(f.ln_beta1, f.negative.0);
        let bc2 = one_minus_power(f.ln_beta2, f.negative.1);
        (T::cast_f64(c.lr) / bc1, bc2.sqrt_ieee())
    } else {
        let step = steps as f64;
        let bias_correction1 = 1.0 - libm::pow(c.beta1, step);
        let bias_correction2 = 1.0 - libm::pow(c.beta2, step);
        (
            T::cast_f64(c.lr / bias_correction1),
            T::cast_f64(libm::sqrt(bias_correction2)),
        )
    }
}

/// One step's constants, in the network's scalar.
struct Constants<T> {
    step_size: T,
    inv_bc2_sqrt: T,
    decay: T,
    wd: T,
    w1: T,
    beta2: T,
    one_minus_beta2: T,
    eps: T,
    tiny: T,
}

/// The element loop of one Adam step over one tensor. `DECAY`: 0 none, 1 coupled (L2 added to the
/// gradient), 2 decoupled (AdamW). The two run-time choices inside the loop (which form of the
/// lerp, and whether subnormal moments are flushed) are taken here once, so that the element loop
/// carries neither a select between the lerp's forms nor the flush's compares when off.
#[inline(always)]
fn update<T: Scalar, const AMSGRAD: bool, const DECAY: u8>(
    p: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    vmax: &mut [T],
    k: &Constants<T>,
) {
    let low = k.w1 < T::cast_f64(0.5);
    let flush = k.tiny > T::zero();
    match (low, flush) {
        (true, false) => update_elements::<T, AMSGRAD, DECAY, true, false>(p, g, m, v, vmax, k),
        (true, true) => update_elements::<T, AMSGRAD, DECAY, true, true>(p, g, m, v, vmax, k),
        (false, false) => update_elements::<T, AMSGRAD, DECAY, false, false>(p, g, m, v, vmax, k),
        (false, true) => update_elements::<T, AMSGRAD, DECAY, false, true>(p, g, m, v, vmax, k),
    }
}

/// [`update`]'s loop for one form of the lerp (`LOW`: `w < ½`) and one flush setting.
#[inline(always)]
fn update_elements<
    T: Scalar,
    const AMSGRAD: bool,
    const DECAY: u8,
    const LOW: bool,
    const FLUSH: bool,
>(
    p: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    vmax: &mut [T],
    k: &Constants<T>,
) {
    let n = p.len();
    let (g, m, v, vmax) = (&g[..n], &mut m[..n], &mut v[..n], &mut vmax[..n]);
    let one_minus_w1 = T::one() - k.w1;
    for i in 0..n {
        let mut d = g[i];
        if DECAY == 1 {
            d += k.wd * p[i];
        } else if DECAY == 2 {
            p[i] *= k.decay;
        }
        // PyTorch's lerp, m + w(d − m), in its two forms.
        let mi = if LOW {
            m[i] + k.w1 * (d - m[i])
        } else {
            d - (d - m[i]) * one_minus_w1
        };
        let vi = v[i] * k.beta2 + k.one_minus_beta2 * d * d;
        // Selects and unconditional stores, so that the loop stays vectorised.
        if FLUSH {
            m[i] = if mi.abs() < k.tiny { T::zero() } else { mi };
            v[i] = if vi < k.tiny { T::zero() } else { vi };
        } else {
            m[i] = mi;
            v[i] = vi;
        }
        let second = if AMSGRAD {
            vmax[i] = vmax[i].max(v[i]);
            vmax[i]
        } else {
            v[i]
        };
        let denom = second.sqrt_ieee() * k.inv_bc2_sqrt + k.eps;
        p[i] += -k.step_size * m[i] / denom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f32, b: f32) -> u32 {
        a.to_bits().abs_diff(b.to_bits())
    }

    /// The f32 step scalars (no f64 arithmetic) stay within 2 ulp of the f64 ones rounded (1 ulp
    /// measured), where `1 − βᵗ` computed in f32 is off by over 100 ulp for β = 0.999.
    #[test]
    fn f32_step_scalars_are_the_f64_ones_rounded_within_a_few_ulp() {
        let mut worst = 0;
        for (beta1, beta2) in [
            (0.9, 0.999),
            (0.5, 0.99),
            (0.0, 0.9999),
            (0.95, 0.98),
            (-0.5, 0.9),
        ] {
            let c = AdamConfig {
                lr: 3e-3,
                beta1,
                beta2,
                ..AdamConfig::default()
            };
            let net = crate::Dense::<1, 1, f32>::zeros();
            let f = Adam::new(&net, c).fixed;
            for t in (1..2000).chain((2000..1_000_000).step_by(997)) {
                let (s32, r32) = step_scalars::<f32>(&c, &f, t);
                let (s64, r64) = step_scalars::<f64>(&c, &f, t);
                worst = worst.max(ulps(s32, s64 as f32)).max(ulps(r32, r64 as f32));
            }
        }
        assert!(worst <= 2, "{worst} ulp");
    }
}
