//! Feature standardisation as a layer: [`Standardize`], so that a deployed network takes raw
//! features and its statistics travel with its weights.

use core::fmt;

use nalgebra::{ArrayStorage, Const, SMatrix, SVector};

use crate::data::Standardizer;
use crate::io::write_values;
use crate::layer::{Fingerprint, Layer, Module, Params, Signature, TensorInfo, Zeroed};
use crate::shape::{same_type, FeatureArray, Width};
use crate::Scalar;

/// `y = (x − mean) / std` per feature, with fixed statistics (Keras's `Normalization` layer
/// after `adapt`): the first layer of a network trained on standardised features, so that the
/// network takes raw ones. The statistics are buffers, not parameters: no optimizer changes them,
/// and every io format saves and loads them with the weights (`to_bytes`, Rust source,
/// safetensors as `mean` and `std`).
///
/// ```text
/// forward:   y = (x − μ) / σ
/// backward:  ∂L/∂x = (∂L/∂y) / σ
/// ```
///
/// ```
/// use constnet::prelude::*;
/// use constnet::data::Standardizer;
///
/// let train = [Sample::new([1.0f32, 10.0], 0usize), Sample::new([3.0, 30.0], 1)];
/// let s = Standardizer::fit(&train).unwrap();
/// let net = (Standardize::from(&s), Dense::<2, 1>::from_rows([[1.0, 1.0]], [0.0]));
/// let y = net.forward(&SMatrix::<f32, 2, 1>::new(3.0, 30.0));
/// assert_eq!(y[0], 2.0); // (3 − 2)/1 + (30 − 20)/10
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardize<const N: usize, T = f32> {
    mean: SVector<T, N>,
    std: SVector<T, N>,
}

impl<T: Scalar, const N: usize> Standardize<N, T> {
    /// The identity: mean 0, deviation 1.
    pub fn new() -> Self {
        Self {
            mean: SVector::zeros(),
            std: SVector::repeat(T::one()),
        }
    }

    /// From the mean and the standard deviation of each feature. `const`, for `static`
    /// networks; arrays of another length or scalar are a compile error that names the sizes.
    pub const fn from_parts<M: FeatureArray<T, N>, S: FeatureArray<T, N>>(mean: M, std: S) -> Self {
        let mean: [T; N] = same_type(mean);
        let std: [T; N] = same_type(std);
        Self {
            mean: SVector::from_array_storage(ArrayStorage([mean])),
            std: SVector::from_array_storage(ArrayStorage([std])),
        }
    }

    /// The means.
    pub fn mean(&self) -> &SVector<T, N> {
        &self.mean
    }

    /// The standard deviations.
    pub fn std(&self) -> &SVector<T, N> {
        &self.std
    }

    /// The statistics as a [`Standardizer`] (to standardise samples outside the network).
    pub fn standardizer(&self) -> Standardizer<T, N> {
        Standardizer {
            mean: self.mean.data.0[0],
            std: self.std.data.0[0],
        }
    }
}

impl<T: Scalar, const N: usize> From<&Standardizer<T, N>> for Standardize<N, T> {
    fn from(s: &Standardizer<T, N>) -> Self {
        Self {
            mean: SVector::from_array_storage(ArrayStorage([s.mean])),
            std: SVector::from_array_storage(ArrayStorage([s.std])),
        }
    }
}

impl<T: Scalar, const N: usize> Default for Standardize<N, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Scalar, const N: usize> Zeroed for Standardize<N, T> {
    /// The identity (a zero deviation would divide by zero).
    fn zeroed() -> Self {
        Self::new()
    }
}

impl<const N: usize, T: Scalar> Signature for Standardize<N, T> {
    type In = Const<N>;
    type OutputFor<W: Width> = Const<N>;
    type Scalar = T;
}

impl<const N: usize, T> Module for Standardize<N, T> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("Standardize");
        h.write_usize(N);
    }
}

impl<T: Scalar, const N: usize> Params<T> for Standardize<N, T> {
    const PARAMS: usize = 0;
    const TENSORS: usize = 0;

    fn tensor(&self, _: usize) -> &[T] {
        panic!("Standardize has no parameter tensors")
    }

    fn tensor_mut(&mut self, _: usize) -> &mut [T] {
        panic!("Standardize has no parameter tensors")
    }

    fn tensor_info(_: usize) -> TensorInfo {
        panic!("Standardize has no parameter tensors")
    }

    const BUFFERS: usize = 2;
    const BUFFER_SCALARS: usize = 2 * N;

    fn buffer(&self, i: usize) -> &[T] {
        match i {
            0 => self.mean.as_slice(),
            1 => self.std.as_slice(),
            _ => panic!("Standardize has 2 buffers"),
        }
    }

    fn buffer_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.mean.as_mut_slice(),
            1 => self.std.as_mut_slice(),
            _ => panic!("Standardize has 2 buffers"),
        }
    }

    fn buffer_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match i {
            0 => out.write_str("mean"),
            1 => out.write_str("std"),
            _ => panic!("Standardize has 2 buffers"),
        }
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(
            out,
            "constnet::Standardize::<{N}, {}>::from_parts(",
            T::NAME
        )?;
        write_values(out, self.mean.as_slice())?;
        out.write_str(", ")?;
        write_values(out, self.std.as_slice())?;
        out.write_str(")")
    }
}

impl<T: Scalar, const N: usize> Standardize<N, T> {
    fn apply<const B: usize>(&self, x: &SMatrix<T, N, B>, y: &mut SMatrix<T, N, B>) {
        for (mut yc, xc) in y.column_iter_mut().zip(x.column_iter()) {
            for f in 0..N {
                yc[f] = (xc[f] - self.mean[f]) / self.std[f];
            }
        }
    }
}

impl<T: Scalar, const N: usize> Layer<T, N> for Standardize<N, T> {
    type Cache<const B: usize> = ();
    type State = ();

    /// Backward reads only `∂L/∂y`.
    const BACKWARD_READS_OUTPUT: bool = false;

    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        let mut y = *x;
        self.apply(x, &mut y);
        y
    }

    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        _: &mut (),
    ) {
        self.apply(x, y);
    }

    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        _: &mut (),
    ) {
        self.apply(x, y);
    }

    fn layer_backward<const B: usize>(
        &self,
        _x: &SMatrix<T, N, B>,
        _y: &SMatrix<T, N, B>,
        _: &(),
        dy: &SMatrix<T, N, B>,
        _grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        let mut dx = *dy;
        for mut col in dx.column_iter_mut() {
            for f in 0..N {
                col[f] /= self.std[f];
            }
        }
        dx
    }
}
