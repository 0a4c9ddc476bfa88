//! Learning-rate schedules, as `torch.optim.lr_scheduler`.
//!
//! A schedule maps an epoch number (0-based) to a learning rate; the training loop asks it once
//! per epoch, in order, and sets the optimizer's rate. [`ReduceOnPlateau`] also sees the metric it
//! monitors (usually the validation loss) of the previous epoch.
//!
//! | schedule | learning rate at epoch `e` | PyTorch |
//! |---|---|---|
//! | [`Constant`] | `η₀` | — |
//! | [`StepDecay`] | `η₀ γ^⌊e/s⌋` | `StepLR(step_size=s, gamma=γ)` |
//! | [`Exponential`] | `η₀ γᵉ` | `ExponentialLR(gamma=γ)` |
//! | [`CosineAnnealing`] | `η_min + (η₀ − η_min)(1 + cos(πe/T))/2` | `CosineAnnealingLR(T_max=T, eta_min)` |
//! | [`LinearWarmup`] | `η₀ (f₀ + (f₁ − f₀) min(e, n)/n)` | `LinearLR(start_factor=f₀, end_factor=f₁, total_iters=n)` |
//! | [`ReduceOnPlateau`] | `η ← max(ηφ, η_min)` after more than `patience` epochs without improvement | `ReduceLROnPlateau` |

/// A learning-rate schedule.
pub trait LrSchedule {
    /// The learning rate for epoch `epoch` (0-based).
    ///
    /// `base_lr` is the optimizer's initial rate; `last_metric` is the value monitored at the end
    /// of epoch `epoch − 1` (NaN for epoch 0; ignored by schedules that do not adapt). Called once
    /// per epoch, in order.
    fn lr(&mut self, epoch: usize, base_lr: f64, last_metric: f64) -> f64;
}

/// The same rate every epoch.
///
/// ```
/// use constnet::optim::schedule::{Constant, LrSchedule};
/// assert_eq!(Constant.lr(7, 0.01, 0.5), 0.01);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constant;

impl LrSchedule for Constant {
    fn lr(&mut self, _epoch: usize, base_lr: f64, _last_metric: f64) -> f64 {
        base_lr
    }
}

/// Multiplies the rate by `gamma` every `step_size` epochs (`StepLR`).
///
/// ```
/// use constnet::optim::schedule::{LrSchedule, StepDecay};
/// let mut s = StepDecay { step_size: 2, gamma: 0.5 };
/// let lrs: Vec<f64> = (0..5).map(|e| s.lr(e, 1.0, f64::NAN)).collect();
/// assert_eq!(lrs, [1.0, 1.0, 0.5, 0.5, 0.25]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepDecay {
    /// Epochs between decays.
    pub step_size: usize,
    /// Factor applied at each decay.
    pub gamma: f64,
}

impl LrSchedule for StepDecay {
    fn lr(&mut self, epoch: usize, base_lr: f64, _last_metric: f64) -> f64 {
        base_lr * libm::pow(self.gamma, (epoch / self.step_size.max(1)) as f64)
    }
}

/// Multiplies the rate by `gamma` every epoch (`ExponentialLR`).
///
/// ```
/// use constnet::optim::schedule::{Exponential, LrSchedule};
/// let mut s = Exponential { gamma: 0.5 };
/// assert_eq!(s.lr(3, 1.0, f64::NAN), 0.125);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exponential {
    /// Factor per epoch.
    pub gamma: f64,
}

impl LrSchedule for Exponential {
    fn lr(&mut self, epoch: usize, base_lr: f64, _last_metric: f64) -> f64 {
        base_lr * libm::pow(self.gamma, epoch as f64)
    }
}

/// Cosine annealing from the base rate to `eta_min` over `t_max` epochs (`CosineAnnealingLR`,
/// without restarts; past `t_max` the cosine continues, as in PyTorch).
///
/// ```
/// use constnet::optim::schedule::{CosineAnnealing, LrSchedule};
/// let mut s = CosineAnnealing { t_max: 10, eta_min: 0.0 };
/// assert_eq!(s.lr(0, 0.1, f64::NAN), 0.1);
/// assert!((s.lr(5, 0.1, f64::NAN) - 0.05).abs() < 1e-15);
/// assert!(s.lr(10, 0.1, f64::NAN).abs() < 1e-15);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CosineAnnealing {
    /// Epochs from the base rate down to `eta_min`.
    pub t_max: usize,
    /// The lowest rate.
    pub eta_min: f64,
}

impl LrSchedule for CosineAnnealing {
    fn lr(&mut self, epoch: usize, base_lr: f64, _last_metric: f64) -> f64 {
        let phase = core::f64::consts::PI * epoch as f64 / self.t_max.max(1) as f64;
        self.eta_min + (base_lr - self.eta_min) * (1.0 + libm::cos(phase)) / 2.0
    }
}

/// Linear warm-up: the rate's factor goes from `start_factor` to `end_factor` over `total_iters`
/// epochs, then stays (`LinearLR`; defaults `1/3`, `1`, `5`).
///
/// ```
/// use constnet::optim::schedule::{LinearWarmup, LrSchedule};
/// let mut s = LinearWarmup { start_factor: 0.25, end_factor: 1.0, total_iters: 3 };
/// let lrs: Vec<f64> = (0..5).map(|e| s.lr(e, 0.4, f64::NAN)).collect();
/// assert_eq!(lrs, [0.1, 0.2, 0.30000000000000004, 0.4, 0.4]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearWarmup {
    /// Factor at epoch 0.
    pub start_factor: f64,
    /// Factor from epoch `total_iters` on.
    pub end_factor: f64,
    /// Length of the ramp in epochs.
    pub total_iters: usize,
}

impl Default for LinearWarmup {
    fn default() -> Self {
        Self {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
        }
    }
}

impl LrSchedule for LinearWarmup {
    fn lr(&mut self, epoch: usize, base_lr: f64, _last_metric: f64) -> f64 {
        let n = self.total_iters.max(1);
        let progress = epoch.min(n) as f64 / n as f64;
        base_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
    }
}

/// Whether a smaller or a larger metric is better, for [`ReduceOnPlateau`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Smaller is better (a loss).
    Min,
    /// Larger is better (an accuracy).
    Max,
}

/// Configuration of [`ReduceOnPlateau`], with PyTorch's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlateauConfig {
    /// Whether smaller or larger is better (default `Min`).
    pub mode: Mode,
    /// Factor applied at each reduction (default `0.1`).
    pub factor: f64,
    /// Epochs without improvement tolerated (default `10`).
    pub patience: usize,
    /// Relative improvement that counts (default `1e-4`).
    pub threshold: f64,
    /// Epochs to wait after a reduction (default `0`).
    pub cooldown: usize,
    /// Lowest rate (default `0`).
    pub min_lr: f64,
    /// Smallest reduction applied (default `1e-8`).
    pub eps: f64,
}

impl Default for PlateauConfig {
    fn default() -> Self {
        Self {
            mode: Mode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }
}

/// Multiplies the rate by `factor` when the monitored metric has not improved for more than
/// `patience` epochs (`ReduceLROnPlateau` with `threshold_mode="rel"`).
///
/// An epoch improves on the best so far when its metric is below `best · (1 − threshold)` (mode
/// `Min`) or above `best · (1 + threshold)` (mode `Max`). After a reduction, `cooldown` epochs pass
/// before bad epochs are counted again. A reduction smaller than `eps` is skipped.
///
/// ```
/// use constnet::optim::schedule::{LrSchedule, PlateauConfig, ReduceOnPlateau};
/// let mut s = ReduceOnPlateau::new(PlateauConfig { patience: 1, ..Default::default() });
/// let losses = [f64::NAN, 1.0, 0.5, 0.5, 0.5, 0.5];
/// let lrs: Vec<f64> = losses.iter().enumerate().map(|(e, &m)| s.lr(e, 1.0, m)).collect();
/// assert_eq!(lrs, [1.0, 1.0, 1.0, 1.0, 0.1, 0.1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReduceOnPlateau {
    config: PlateauConfig,
    lr: f64,
    best: f64,
    bad_epochs: usize,
    cooldown_left: usize,
}

impl Default for ReduceOnPlateau {
    fn default() -> Self {
        Self::new(PlateauConfig::default())
    }
}

impl ReduceOnPlateau {
    /// A plateau schedule with the given configuration.
    pub fn new(config: PlateauConfig) -> Self {
        Self {
            config,
            lr: f64::NAN,
            best: f64::NAN,
            bad_epochs: 0,
            cooldown_left: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &PlateauConfig {
        &self.config
    }

    fn improves(&self, metric: f64) -> bool {
        match self.config.mode {
            Mode::Min => metric < self.best * (1.0 - self.config.threshold),
            Mode::Max => metric > self.best * (1.0 + self.config.threshold),
        }
    }
}

impl LrSchedule for ReduceOnPlateau {
    fn lr(&mut self, epoch: usize, base_lr: f64, last_metric: f64) -> f64 {
        if epoch == 0 || self.lr.is_nan() {
            self.lr = base_lr;
            self.best = match self.config.mode {
                Mode::Min => f64::INFINITY,
                Mode::Max => f64::NEG_INFINITY,
            };
            self.bad_epochs = 0;
            self.cooldown_left = 0;
            if epoch == 0 {
                return self.lr;
            }
        }
        if self.improves(last_metric) {
            self.best = last_metric;
            self.bad_epochs = 0;
        } else {
            self.bad_epochs += 1;
        }
        if self.cooldown_left > 0 {
            self.cooldown_left -= 1;
            self.bad_epochs = 0;
        }
        if self.bad_epochs > self.config.patience {
            let new_lr = (self.lr * self.config.factor).max(self.config.min_lr);
            if self.lr - new_lr > self.config.eps {
                self.lr = new_lr;
            }
            self.cooldown_left = self.config.cooldown;
            self.bad_epochs = 0;
        }
        self.lr
    }
}
