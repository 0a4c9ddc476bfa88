//! Parameter initialisation over any seeded `rand` generator (no_std).
//!
//! [`Init`] names a scheme; [`initialize`] (or [`Model::initialized`](crate::Model::initialized))
//! applies it to every weight matrix of a network, with each layer's own fan-in and fan-out. Biases
//! are set to zero, except by [`Init::PyTorch`], which reproduces `nn.Linear`'s default.
//! Batch-normalisation scales are set to one and shifts to zero, as in PyTorch.
//!
//! The same generator state gives the same parameters on every run and platform: draws are taken
//! in tensor order, one `u64` per uniform (53-bit mantissa), two uniforms per Box–Muller pair for
//! normals.
//!
//! ```
//! use constnet::prelude::*;
//! use constnet::init::Init;
//! use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
//!
//! type Net = (Dense<4, 16>, ReLU, Dense<16, 3>);
//! let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
//! let net = Net::default().initialized(Init::HeUniform, &mut rng);
//! let bound = (6.0f32 / 4.0).sqrt();
//! assert!(net.0.weights().iter().all(|w| w.abs() <= bound));
//! assert!(net.0.bias().iter().all(|&b| b == 0.0));
//!
//! // Reproducible: the same seed gives the same network.
//! let again = Net::default().initialized(Init::HeUniform, &mut Xoshiro256PlusPlus::seed_from_u64(7));
//! assert_eq!(net, again);
//! ```

use rand::{Rng, RngExt};

use crate::layer::{Params, TensorKind};
use crate::Scalar;

/// An initialisation scheme for weight matrices (`fan_in` = inputs, `fan_out` = outputs of the
/// layer).
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Init {
    /// All zeros.
    Zeros,
    /// Every weight equal to the value.
    Constant(f64),
    /// `U(low, high)`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// `N(mean, std²)`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std: f64,
    },
    /// Xavier/Glorot uniform: `U(±gain·√(6/(fan_in + fan_out)))` (`xavier_uniform_`).
    XavierUniform {
        /// Gain (1 for linear/sigmoid, 5/3 for tanh).
        gain: f64,
    },
    /// Xavier/Glorot normal: `N(0, (gain·√(2/(fan_in + fan_out)))²)` (`xavier_normal_`).
    XavierNormal {
        /// Gain (1 for linear/sigmoid, 5/3 for tanh).
        gain: f64,
    },
    /// He/Kaiming uniform for ReLU: `U(±√(6/fan_in))` (`kaiming_uniform_(nonlinearity="relu")`).
    HeUniform,
    /// He/Kaiming normal for ReLU: `N(0, 2/fan_in)` (`kaiming_normal_(nonlinearity="relu")`).
    HeNormal,
    /// LeCun uniform: `U(±√(3/fan_in))`.
    LecunUniform,
    /// LeCun normal: `N(0, 1/fan_in)` (SELU's initialisation).
    LecunNormal,
    /// PyTorch's default for `nn.Linear`: weights and biases `U(±1/√fan_in)`.
    PyTorch,
}

impl Init {
    /// Xavier uniform with gain 1 (Keras's `glorot_uniform`, the default there).
    pub const XAVIER_UNIFORM: Init = Init::XavierUniform { gain: 1.0 };
    /// Xavier normal with gain 1.
    pub const XAVIER_NORMAL: Init = Init::XavierNormal { gain: 1.0 };
}

/// A uniform draw in `[0, 1)` from the top 53 bits of one `u64`.
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    rng.random::<f64>()
}

/// A standard normal draw by Box–Muller (two uniforms, the cosine branch).
fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = 1.0 - unit(rng); // (0, 1]: ln is finite
    let u2 = unit(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
}

fn fill<T: Scalar, R: Rng + ?Sized>(slice: &mut [T], rng: &mut R, sample: impl Fn(&mut R) -> f64) {
    for v in slice {
        *v = T::cast_f64(sample(rng));
    }
}

/// Initialises every parameter tensor of `net` by `init` (see the module docs for biases and
/// normalisation parameters).
pub fn initialize<T: Scalar, N: Params<T>, R: Rng + ?Sized>(net: &mut N, init: Init, rng: &mut R) {
    for i in 0..N::TENSORS {
        let info = N::tensor_info(i);
        let (fan_in, fan_out) = (info.fan_in.max(1) as f64, info.fan_out.max(1) as f64);
        let t = net.tensor_mut(i);
        match info.kind {
            TensorKind::Scale => fill(t, rng, |_| 1.0),
            TensorKind::Shift => fill(t, rng, |_| 0.0),
            TensorKind::Bias => {
                if init == Init::PyTorch {
                    let a = 1.0 / libm::sqrt(fan_in);
                    fill(t, rng, |r| a * (2.0 * unit(r) - 1.0));
                } else {
                    fill(t, rng, |_| 0.0);
                }
            }
            TensorKind::Weight => {
                let uniform = |a: f64| move |r: &mut R| a * (2.0 * unit(r) - 1.0);
                match init {
                    Init::Zeros => fill(t, rng, |_| 0.0),
                    Init::Constant(c) => fill(t, rng, |_| c),
                    Init::Uniform { low, high } => fill(t, rng, |r| low + (high - low) * unit(r)),
                    Init::Normal { mean, std } => fill(t, rng, |r| mean + std * standard_normal(r)),
                    Init::XavierUniform { gain } => {
                        fill(t, rng, uniform(gain * libm::sqrt(6.0 / (fan_in + fan_out))))
                    }
                    Init::XavierNormal { gain } => {
                        let std = gain * libm::sqrt(2.0 / (fan_in + fan_out));
                        fill(t, rng, |r| std * standard_normal(r))
                    }
                    Init::HeUniform => fill(t, rng, uniform(libm::sqrt(6.0 / fan_in))),
                    Init::HeNormal => {
                        let std = libm::sqrt(2.0 / fan_in);
                        fill(t, rng, |r| std * standard_normal(r))
                    }
                    Init::LecunUniform => fill(t, rng, uniform(libm::sqrt(3.0 / fan_in))),
                    Init::LecunNormal => {
                        let std = libm::sqrt(1.0 / fan_in);
                        fill(t, rng, |r| std * standard_normal(r))
                    }
                    Init::PyTorch => fill(t, rng, uniform(1.0 / libm::sqrt(fan_in))),
                }
            }
        }
    }
}
