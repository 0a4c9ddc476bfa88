//! The layers: fully connected ([`Dense`], [`DenseNoBias`]), activations, [`Dropout`] and
//! [`BatchNorm`]; recurrent layers ([`Gru`], [`Lstm`]) in [`recurrent`].

mod activation;
mod batchnorm;
mod dense;
mod dropout;
mod kernels;
pub mod recurrent;

pub use activation::{
    sigmoid, Elu, Gelu, GeluTanh, GeluTanhExact, Identity, LeakyReLU, ReLU, Sigmoid, SigmoidExact,
    Softmax, Softplus, SoftplusExact, Tanh, TanhExact,
};
#[allow(deprecated)]
pub use activation::{FastGeluTanh, FastSigmoid, FastTanh};
pub use batchnorm::{BatchNorm, BatchNormCache};
pub use dense::{Dense, DenseNoBias};
pub use dropout::Dropout;
pub use recurrent::{Gru, GruState, Lstm, LstmState};
