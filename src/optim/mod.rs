//! Gradient descent: optimizers, gradient clipping, regularisation and learning-rate schedules.
//!
//! Every optimizer follows PyTorch's update rule and defaults exactly (`torch.optim`, the
//! single-tensor implementations); trajectories are tested against PyTorch to 1e-9 in f64. Their
//! state (momentum buffers, moment estimates) has the network's own type and lives inline in the
//! optimizer value, on the stack: `Adam<Net>` holds three `Net`-shaped buffers and nothing else.
//! An optimizer created for one network cannot be used with another (a compile error).
//!
//! Hyperparameters are `f64` in plain config structs with `Default` (PyTorch's defaults), and
//! are rounded to the network's scalar at each step, as PyTorch does for float32 tensors. The
//! scalars derived from them at each step are computed as PyTorch computes them in Python floats
//! for f64 networks; for f32 networks they are computed in f32 (Adam's bias corrections within
//! an ulp of the f64 values rounded), so that an f32 step does no f64 arithmetic, which costs a
//! microcontroller without a double-precision FPU thousands of instructions. Only Adagrad's
//! `lr_decay`, when set, is applied in f64.
//!
//! ```
//! use constnet::prelude::*;
//! use constnet::optim::{Adam, AdamConfig, Optimizer};
//! use nalgebra::SMatrix;
//!
//! let mut net = (Dense::<1, 4>::from_rows([[0.5], [-0.3], [0.8], [0.1]], [0.0; 4]), Tanh, Dense::<4, 1>::zeros());
//! let mut adam = Adam::new(&net, AdamConfig { lr: 0.05, ..Default::default() });
//! let x = SMatrix::<f32, 1, 4>::new(-1.0, -0.5, 0.5, 1.0);
//! let t = x.map(|v| 0.5 * v);
//! let mut grads = net.zero_gradients();
//! let first = net.backprop(&Mse, &x, &t, &mut grads);
//! for _ in 0..200 {
//!     grads.zero();
//!     net.backprop(&Mse, &x, &t, &mut grads);
//!     adam.step(&mut net, &grads);
//! }
//! assert!(Mse.value(&net.forward(&x), &t) < first / 100.0);
//! ```

/// The [`Optimizer`] methods every optimizer implements the same way: its learning rate lives in
/// `self.config.lr`, its step count in `self.steps`.
macro_rules! config_accessors {
    () => {
        fn learning_rate(&self) -> f64 {
            self.config.lr
        }

        fn set_learning_rate(&mut self, lr: f64) {
            self.config.lr = lr;
        }

        fn steps(&self) -> u64 {
            self.steps
        }

        fn check(&self) -> Result<(), ConfigError> {
            self.config.check()
        }
    };
}

mod adagrad;
mod adam;
mod check;
mod clip;
mod regularize;
mod rmsprop;
pub mod schedule;
mod sgd;

pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub(crate) use check::check;
pub use check::{ConfigError, Range};
pub use clip::{clip_grad_norm, clip_grad_value};
pub use regularize::{l1_penalty, l2_penalty};
pub use rmsprop::{RmsProp, RmsPropConfig};
pub use schedule::LrSchedule;
pub use sgd::{Sgd, SgdConfig};

use crate::layer::{Gradients, GradientsOf, NetworkOf, Params};
use crate::Scalar;

/// An optimizer for network `N`: updates every parameter from its gradient.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an optimizer for network `{N}`",
    label = "an optimizer of another network",
    note = "optimizer state has its network's type: create it from the network it will train, e.g. `Adam::new(&net, AdamConfig::default())`"
)]
pub trait Optimizer<N> {
    /// One update of `net` with `grads` (the gradients of the loss, as accumulated by backward).
    ///
    /// `net` and `grads` must be the network this optimizer was created for and its gradients;
    /// anything else is a compile error.
    fn step<T, M, G>(&mut self, net: &mut M, grads: &G)
    where
        T: Scalar,
        N: Params<T>,
        M: NetworkOf<N>,
        G: GradientsOf<N>;

    /// The current learning rate.
    fn learning_rate(&self) -> f64;

    /// Sets the learning rate (what a schedule does between epochs).
    fn set_learning_rate(&mut self, lr: f64);

    /// Number of steps taken so far.
    fn steps(&self) -> u64;

    /// Checks the configuration (every optimizer here checks all its fields; the default checks
    /// the learning rate): [`fit`](crate::train::fit) calls it before training.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first field out of its range.
    fn check(&self) -> Result<(), ConfigError> {
        check("learning rate", self.learning_rate(), Range::Positive)
    }
}

/// Visits every parameter tensor of `net` (index, parameters, gradients); the optimizers index
/// their state buffers with the same tensor index.
pub(crate) fn for_each_tensor<T: Scalar, N: Params<T>>(
    net: &mut N,
    grads: &Gradients<N>,
    mut f: impl FnMut(usize, &mut [T], &[T]),
) {
    for i in 0..N::TENSORS {
        f(i, net.tensor_mut(i), grads.as_network().tensor(i));
    }
}

/// `x != 0.0` on the bits (true for NaN, false for both zeros, as the comparison), without the
/// soft-float comparison routine a processor without a double-precision FPU would call. The two
/// halves are tested separately: LLVM turns a test of the whole value back into the comparison.
#[inline(always)]
pub(crate) fn nonzero(x: f64) -> bool {
    let bits = x.to_bits();
    (((bits >> 32) as u32) << 1 | bits as u32) != 0
}

/// `a + w·(b − a)` as PyTorch's `lerp` computes it (the other form for `w ≥ ½`).
#[inline(always)]
pub(crate) fn lerp<T: Scalar>(a: T, b: T, w: T) -> T {
    if w < T::cast_f64(0.5) {
        a + w * (b - a)
    } else {
        b - (b - a) * (T::one() - w)
    }
}
