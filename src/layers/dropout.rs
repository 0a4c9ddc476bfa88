//! Inverted dropout.

use core::fmt;

use nalgebra::SMatrix;

use crate::layer::{
    AnyScalar, AnyWidth, Fingerprint, Layer, Module, Params, Signature, TensorInfo, Zeroed,
};
use crate::Scalar;

/// Inverted dropout with drop probability `p`: in training, each value is zeroed with probability
/// `p` and the others are scaled by `1/(1 − p)`, so inference is the identity (PyTorch's
/// `nn.Dropout`).
///
/// The mode is explicit: [`Model::forward_train`](crate::Model::forward_train) drops,
/// [`Model::forward`](crate::Model::forward) and [`Model::forward_tape`](crate::Model::forward_tape)
/// do not. The layer owns a seeded generator (SplitMix64, a `u64` of state, so the layer is
/// `const`-constructible and can sit in a `static` network), so training is reproducible; it
/// advances on every training forward.
///
/// Backward: `∂L/∂x = ∂L/∂y ⊙ m`, with `m` the training forward's mask (`0` or `1/(1 − p)`).
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let mut drop = Dropout::new(0.5, 42);
/// let x = SMatrix::<f32, 8, 4>::repeat(1.0);
/// assert_eq!(drop.forward(&x), x); // inference: identity
/// let (y, _tape) = drop.forward_train(&x);
/// assert!(y.iter().all(|&v| v == 0.0 || v == 2.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dropout {
    p: f64,
    state: u64,
}

impl Dropout {
    /// Dropout with probability `p` of zeroing a value, its generator seeded with `seed`.
    ///
    /// # Panics
    /// If `p` is not in `[0, 1]` (at compile time in a `const` or `static`).
    pub const fn new(p: f64, seed: u64) -> Self {
        assert!(p >= 0.0 && p <= 1.0, "dropout probability is not in [0, 1]");
        Self { p, state: seed }
    }

    /// The drop probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// Reseeds the generator.
    pub fn reseed(&mut self, seed: u64) {
        self.state = seed;
    }

    /// The next uniform draw in `[0, 1)` (SplitMix64, top 53 bits).
    fn next_unit(&mut self) -> f64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

impl Zeroed for Dropout {
    fn zeroed() -> Self {
        Self::default()
    }
}

impl Default for Dropout {
    /// `p = 0.5` (PyTorch's default), seed 0. Several default dropout layers of the same width in
    /// one network then draw the same masks: give each its own seed with [`Dropout::new`].
    fn default() -> Self {
        Self::new(0.5, 0)
    }
}

impl Signature for Dropout {
    type In = AnyWidth;
    type OutputFor<W: crate::shape::Width> = W;
    type Scalar = AnyScalar;
}

impl Module for Dropout {
    fn describe(h: &mut Fingerprint) {
        h.write_str("Dropout");
    }
}

impl<T: Scalar> Params<T> for Dropout {
    const PARAMS: usize = 0;
    const TENSORS: usize = 0;
    fn tensor(&self, _i: usize) -> &[T] {
        panic!("Dropout has no parameters")
    }
    fn tensor_mut(&mut self, _i: usize) -> &mut [T] {
        panic!("Dropout has no parameters")
    }
    fn tensor_info(_i: usize) -> TensorInfo {
        panic!("Dropout has no parameters")
    }
    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "constnet::Dropout::new({:?}, {})", self.p, self.state)
    }
}

impl<T: Scalar, const N: usize> Layer<T, N> for Dropout {
    /// The mask `m` (`0` or `1/(1 − p)`; all ones in inference mode).
    type Cache<const B: usize> = SMatrix<T, N, B>;
    type State = ();

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        *x
    }

    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        mask: &mut SMatrix<T, N, B>,
    ) {
        let keep = 1.0 - self.p;
        let scale = if keep > 0.0 {
            T::cast_f64(1.0 / keep)
        } else {
            T::zero()
        };
        let p = self.p;
        for ((m, o), &v) in mask.iter_mut().zip(y.iter_mut()).zip(x.iter()) {
            *m = if self.next_unit() < p {
                T::zero()
            } else {
                scale
            };
            *o = v * *m;
        }
    }

    #[inline]
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        mask: &mut SMatrix<T, N, B>,
    ) {
        *y = *x;
        mask.fill(T::one());
    }

    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        _x: &SMatrix<T, N, B>,
        _y: &SMatrix<T, N, B>,
        mask: &SMatrix<T, N, B>,
        dy: &SMatrix<T, N, B>,
        _grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        dy.component_mul(mask)
    }
}
