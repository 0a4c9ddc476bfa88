//! The layers: fully connected ([`Dense`], [`DenseNoBias`]) and activations.

mod activation;
mod dense;

pub use activation::{
    sigmoid, Elu, Gelu, GeluTanh, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Softplus, Tanh,
};
pub use dense::{Dense, DenseNoBias};
