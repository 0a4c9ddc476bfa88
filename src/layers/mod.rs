//! The layers: fully connected ([`Dense`], [`DenseNoBias`]), activations, [`Dropout`] and
//! [`BatchNorm`]; recurrent layers ([`Gru`], [`Lstm`]) in [`recurrent`]; pooling over time
//! ([`MeanOverTime`], [`MaxOverTime`]), the causal convolution [`Conv1d`] and the skip
//! connection [`Residual`].

/// `Module`, `Signature` (any width, any scalar) and `Params` (none) for a parameter-free layer.
macro_rules! params_free {
    ($ty:ty) => {
        impl Zeroed for $ty {
            fn zeroed() -> Self {
                Self::default()
            }
        }

        impl Module for $ty {
            fn describe(h: &mut Fingerprint) {
                h.write_str(stringify!($ty));
            }
        }

        impl Signature for $ty {
            type In = AnyWidth;
            type OutputFor<W: crate::shape::Width> = W;
            type Scalar = AnyScalar;
        }

        impl<T: Scalar> Params<T> for $ty {
            const PARAMS: usize = 0;
            const TENSORS: usize = 0;
            fn tensor(&self, _i: usize) -> &[T] {
                panic!(concat!(stringify!($ty), " has no parameters"))
            }
            fn tensor_mut(&mut self, _i: usize) -> &mut [T] {
                panic!(concat!(stringify!($ty), " has no parameters"))
            }
            fn tensor_info(_i: usize) -> TensorInfo {
                panic!(concat!(stringify!($ty), " has no parameters"))
            }
            /// `constnet::` and the value's `Debug` form, a struct literal with public fields.
            fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
                write!(out, "constnet::{:?}", self)
            }
        }
    };
}

/// The training and tape forwards of a layer whose training forward is its inference-mode one
/// (no dropout, no batch statistics) and that carries state: `layer_forward_train`,
/// `layer_forward_train_from` and `layer_forward_tape` all run the layer's own
/// `layer_forward_tape_from` (from the initial state where none is given). `$T` and `$IN` are
/// the impl's scalar and input width.
macro_rules! forwards_from_tape {
    ($T:ident, $IN:ident) => {
        #[inline]
        fn layer_forward_train<const B: usize>(
            &mut self,
            x: &nalgebra::SMatrix<$T, $IN, B>,
            y: &mut crate::layer::Output<Self, $T, $IN, B>,
            cache: &mut Self::Cache<B>,
        ) {
            self.layer_forward_tape_from(&mut crate::layer::Blank::blank(), x, y, cache);
        }

        #[inline]
        fn layer_forward_train_from<const B: usize>(
            &mut self,
            state: &mut Self::State,
            x: &nalgebra::SMatrix<$T, $IN, B>,
            y: &mut crate::layer::Output<Self, $T, $IN, B>,
            cache: &mut Self::Cache<B>,
        ) {
            self.layer_forward_tape_from(state, x, y, cache);
        }

        #[inline]
        fn layer_forward_tape<const B: usize>(
            &self,
            x: &nalgebra::SMatrix<$T, $IN, B>,
            y: &mut crate::layer::Output<Self, $T, $IN, B>,
            cache: &mut Self::Cache<B>,
        ) {
            self.layer_forward_tape_from(&mut crate::layer::Blank::blank(), x, y, cache);
        }
    };
}

mod activation;
mod batchnorm;
pub mod conv1d;
mod dense;
mod dropout;
mod kernels;
mod pool;
pub mod recurrent;
mod residual;
mod standardize;

pub use activation::{
    sigmoid, Elu, Gelu, GeluTanh, GeluTanhExact, Identity, LeakyReLU, ReLU, Sigmoid, SigmoidExact,
    Softmax, Softplus, SoftplusExact, Tanh, TanhExact,
};
#[allow(deprecated)]
pub use activation::{FastGeluTanh, FastSigmoid, FastTanh};
pub use batchnorm::{BatchNorm, BatchNormCache};
pub use conv1d::{Conv1d, Conv1dState};
pub use dense::{Dense, DenseNoBias};
pub use dropout::Dropout;
pub use pool::{MaxOverTime, MaxOverTimeState, MeanOverTime, MeanOverTimeState};
pub use recurrent::{Gru, GruState, Lstm, LstmState};
pub use residual::{KeepsWidth, Residual, ResidualCache, SameResidualWidth};
pub use standardize::Standardize;
