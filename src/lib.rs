#![doc = include_str!("../README.md")]
#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

pub mod data;
pub mod fast;
pub mod init;
pub mod io;
pub mod layer;
pub mod layers;
pub mod loss;
pub mod network;
pub mod optim;
pub mod quant;
pub mod scalar;
pub mod shape;
pub mod train;

pub use layer::{
    AnyGradients, AnyScalar, AnyWidth, Blank, Chained, Elements, Fingerprint, Gradients,
    GradientsOf, InputFor, Layer, Model, Module, NetworkOf, Output, Params, Signature, StateAt,
    StateOf, Tape, TapeOf, TensorInfo, TensorKind, Zeroed,
};
pub use layers::{
    BatchNorm, Conv1d, Dense, DenseNoBias, Dropout, Elu, Gelu, GeluTanh, GeluTanhExact, Gru,
    GruState, Identity, LeakyReLU, Lstm, LstmState, MaxOverTime, MeanOverTime, ReLU, Residual,
    Sigmoid, SigmoidExact, Softmax, Softplus, SoftplusExact, Standardize, Tanh, TanhExact,
};
#[allow(deprecated)]
pub use layers::{FastGeluTanh, FastSigmoid, FastTanh};
pub use loss::{
    BceWithLogits, BinaryCrossEntropy, CrossEntropy, CrossEntropyProb, HalfSquaredError, Huber,
    LastStep, Loss, Mae, Mse, WeightedBceWithLogits, WeightedCrossEntropy,
};
pub use network::Network;
pub use scalar::Scalar;

/// Re-export of the nalgebra version constnet is built on, so users name the same `SMatrix`. The
/// prelude brings its `SMatrix`, `SVector` and `Const`; they are the same items as a direct
/// `nalgebra` dependency of the same version, so importing both does not clash.
pub use nalgebra;

/// A batch from per-sample rows, PyTorch's `(batch, features)` layout: `batch([[1., 2.], [2., 3.],
/// [3., 4.]])` is the `2 × 3` matrix whose columns are the samples (1, 2), (2, 3) and (3, 4), as
/// every forward pass takes them. (`SMatrix::new` fills row by row, which is the transpose.)
///
/// ```
/// let x = constnet::batch([[1.0f32, 2.0], [2.0, 3.0], [3.0, 4.0]]);
/// assert_eq!(x.shape(), (2, 3));
/// assert_eq!(x.column(1).as_slice(), &[2.0, 3.0]);
/// ```
pub fn batch<T: Scalar, const I: usize, const B: usize>(
    rows: [[T; I]; B],
) -> nalgebra::SMatrix<T, I, B> {
    nalgebra::SMatrix::from_fn(|r, c| rows[c][r])
}

/// Everything needed to build, run and train a network, and to write generic code over networks:
/// `use constnet::prelude::*;`.
pub mod prelude {
    pub use crate::layer::{Chained, Gradients, Layer, Model, Module, Params, Signature, Zeroed};
    pub use crate::layers::{
        BatchNorm, Conv1d, Dense, DenseNoBias, Dropout, Elu, Gelu, GeluTanh, GeluTanhExact, Gru,
        Identity, LeakyReLU, Lstm, MaxOverTime, MeanOverTime, ReLU, Residual, Sigmoid,
        SigmoidExact, Softmax, Softplus, SoftplusExact, Standardize, Tanh, TanhExact,
    };
    pub use crate::loss::{
        BceWithLogits, BinaryCrossEntropy, CrossEntropy, CrossEntropyProb, HalfSquaredError, Huber,
        LastStep, Loss, Mae, Mse, WeightedBceWithLogits, WeightedCrossEntropy,
    };
    pub use crate::network::Network;
    pub use crate::optim::Optimizer;
    pub use crate::shape::TargetFor;
    pub use crate::train::{LabelFor, Sample, Trainable};
    pub use crate::{batch, Scalar};
    pub use nalgebra::{Const, SMatrix, SVector};
}
