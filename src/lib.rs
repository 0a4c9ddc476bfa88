#![doc = include_str!("../README.md")]
#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

pub mod data;
pub mod init;
pub mod io;
pub mod layer;
pub mod layers;
pub mod loss;
pub mod network;
pub mod optim;
pub mod scalar;
pub mod shape;
pub mod train;

pub use layer::{
    Fingerprint, Gradients, GradientsOf, InputFor, Layer, Model, Module, NetworkOf, Output, Params,
    Tape, TensorInfo, TensorKind,
};
pub use layers::{
    BatchNorm, Dense, DenseNoBias, Dropout, Elu, Gelu, GeluTanh, Identity, LeakyReLU, ReLU,
    Sigmoid, Softmax, Softplus, Tanh,
};
pub use loss::{
    BceWithLogits, BinaryCrossEntropy, CrossEntropy, CrossEntropyProb, HalfSquaredError, Huber,
    Loss, Mae, Mse,
};
pub use scalar::Scalar;

/// Re-export of the nalgebra version constnet is built on, so users name the same `SMatrix`.
pub use nalgebra;

/// Everything needed to build, run and train a network: `use constnet::prelude::*;`.
pub mod prelude {
    pub use crate::layer::{Gradients, Layer, Model, Module, Params};
    pub use crate::layers::{
        BatchNorm, Dense, DenseNoBias, Dropout, Elu, Gelu, GeluTanh, Identity, LeakyReLU, ReLU,
        Sigmoid, Softmax, Softplus, Tanh,
    };
    pub use crate::loss::{
        BceWithLogits, BinaryCrossEntropy, CrossEntropy, CrossEntropyProb, HalfSquaredError, Huber,
        Loss, Mae, Mse,
    };
    pub use crate::Scalar;
}
