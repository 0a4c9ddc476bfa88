//! The layers: fully connected ([`Dense`], [`DenseNoBias`]), activations, [`Dropout`] and
//! [`BatchNorm`].

mod activation;
mod batchnorm;
mod dense;
mod dropout;
mod kernels;

pub use activation::{
    sigmoid, Elu, FastGeluTanh, FastSigmoid, FastTanh, Gelu, GeluTanh, Identity, LeakyReLU, ReLU,
    Sigmoid, Softmax, Softplus, Tanh,
};
pub use batchnorm::{BatchNorm, BatchNormCache};
pub use dense::{Dense, DenseNoBias};
pub use dropout::Dropout;
