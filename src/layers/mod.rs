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

mod activation;
mod batchnorm;
pub mod conv1d;
mod dense;
mod dropout;
mod kernels;
mod pool;
pub mod recurrent;
mod residual;

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
