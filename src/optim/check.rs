//! Checking configurations: [`ConfigError`], what optimizers' `try_new`, [`Optimizer::check`](super::Optimizer::check) and
//! [`fit`](crate::train::fit) report for a value that would train uphill, stall or never stop.

use core::fmt;

use super::{AdagradConfig, AdamConfig, RmsPropConfig, SgdConfig};

/// The values a configuration field may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// Finite and above 0 (a learning rate, a clipping threshold).
    Positive,
    /// Finite and at least 0 (a penalty, `ε`, a decay).
    NonNegative,
    /// In `[0, 1)` (a decay factor such as `β₁`, or a momentum).
    UnitOpen,
    /// In `[0, 1]` (a probability, a dampening).
    Unit,
    /// A count of at least 1 (patience).
    AtLeastOne,
}

impl Range {
    /// Whether `value` is in the range.
    pub fn contains(self, value: f64) -> bool {
        match self {
            Range::Positive => value.is_finite() && value > 0.0,
            Range::NonNegative => value.is_finite() && value >= 0.0,
            Range::UnitOpen => (0.0..1.0).contains(&value),
            Range::Unit => (0.0..=1.0).contains(&value),
            Range::AtLeastOne => value >= 1.0,
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Range::Positive => "a finite number above 0",
            Range::NonNegative => "a finite number of at least 0",
            Range::UnitOpen => "a number in [0, 1)",
            Range::Unit => "a number in [0, 1]",
            Range::AtLeastOne => "at least 1",
        })
    }
}

/// A configuration that cannot train as asked: which field, its value and what it should be.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A number outside the values its field may take.
    OutOfRange {
        /// The field, as written in code (`"AdamConfig::beta1"`).
        field: &'static str,
        /// The value given.
        value: f64,
        /// What it may be.
        expected: Range,
    },
    /// Nesterov momentum without momentum, or with dampening (PyTorch refuses the same).
    Nesterov,
    /// Early stopping watches the validation metric, but the configuration computes none
    /// (`Metric::None`, or MSE and MAE of class-index labels).
    MonitorNotComputed,
    /// Early stopping watches the validation metric, but there is no validation set (the
    /// metric would be NaN every epoch and training would stop after `patience` epochs).
    MonitorWithoutValidation,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::OutOfRange {
                field,
                value,
                expected,
            } => write!(f, "`{field}` is {value}, expected {expected}"),
            ConfigError::Nesterov => f.write_str(
                "Nesterov momentum needs `SgdConfig::momentum` above 0 and `dampening` 0",
            ),
            ConfigError::MonitorNotComputed => f.write_str(
                "early stopping watches the validation metric, but `FitConfig::metric` computes \
                 none for these labels (`Metric::None`, or MSE or MAE of class indices): choose \
                 a metric or watch `Monitor::ValLoss`",
            ),
            ConfigError::MonitorWithoutValidation => f.write_str(
                "early stopping watches the validation metric, but there is no validation \
                 set: give one, or watch `Monitor::ValLoss` (the training loss without one)",
            ),
        }
    }
}

impl core::error::Error for ConfigError {}

/// `Ok` if `value` is in `expected`, else the error naming `field`.
pub(crate) fn check(field: &'static str, value: f64, expected: Range) -> Result<(), ConfigError> {
    if expected.contains(value) {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange {
            field,
            value,
            expected,
        })
    }
}

impl SgdConfig {
    /// Checks every field: `lr` finite and above 0, `momentum` in `[0, 1)`, `dampening` in
    /// `[0, 1]`, `weight_decay` finite and at least 0, Nesterov only with momentum and no
    /// dampening.
    ///
    /// # Errors
    /// The first field out of its range, as a [`ConfigError`].
    pub fn check(&self) -> Result<(), ConfigError> {
        check("SgdConfig::lr", self.lr, Range::Positive)?;
        check("SgdConfig::momentum", self.momentum, Range::UnitOpen)?;
        check("SgdConfig::dampening", self.dampening, Range::Unit)?;
        check(
            "SgdConfig::weight_decay",
            self.weight_decay,
            Range::NonNegative,
        )?;
        if self.nesterov && !(self.momentum > 0.0 && self.dampening == 0.0) {
            return Err(ConfigError::Nesterov);
        }
        Ok(())
    }
}

impl AdamConfig {
    /// Checks every field: `lr` finite and above 0, `beta1` and `beta2` in `[0, 1)`, `eps` and
    /// `weight_decay` finite and at least 0.
    ///
    /// # Errors
    /// The first field out of its range, as a [`ConfigError`].
    pub fn check(&self) -> Result<(), ConfigError> {
        check("AdamConfig::lr", self.lr, Range::Positive)?;
        check("AdamConfig::beta1", self.beta1, Range::UnitOpen)?;
        check("AdamConfig::beta2", self.beta2, Range::UnitOpen)?;
        check("AdamConfig::eps", self.eps, Range::NonNegative)?;
        check(
            "AdamConfig::weight_decay",
            self.weight_decay,
            Range::NonNegative,
        )
    }
}

impl RmsPropConfig {
    /// Checks every field: `lr` finite and above 0, `alpha` in `[0, 1]`, `momentum` in
    /// `[0, 1)`, `eps` and `weight_decay` finite and at least 0.
    ///
    /// # Errors
    /// The first field out of its range, as a [`ConfigError`].
    pub fn check(&self) -> Result<(), ConfigError> {
        check("RmsPropConfig::lr", self.lr, Range::Positive)?;
        check("RmsPropConfig::alpha", self.alpha, Range::Unit)?;
        check("RmsPropConfig::momentum", self.momentum, Range::UnitOpen)?;
        check("RmsPropConfig::eps", self.eps, Range::NonNegative)?;
        check(
            "RmsPropConfig::weight_decay",
            self.weight_decay,
            Range::NonNegative,
        )
    }
}

impl AdagradConfig {
    /// Checks every field: `lr` finite and above 0, `lr_decay`, `weight_decay`,
    /// `initial_accumulator_value` and `eps` finite and at least 0.
    ///
    /// # Errors
    /// The first field out of its range, as a [`ConfigError`].
    pub fn check(&self) -> Result<(), ConfigError> {
        check("AdagradConfig::lr", self.lr, Range::Positive)?;
        check("AdagradConfig::lr_decay", self.lr_decay, Range::NonNegative)?;
        check(
            "AdagradConfig::weight_decay",
            self.weight_decay,
            Range::NonNegative,
        )?;
        check(
            "AdagradConfig::initial_accumulator_value",
            self.initial_accumulator_value,
            Range::NonNegative,
        )?;
        check("AdagradConfig::eps", self.eps, Range::NonNegative)
    }
}
