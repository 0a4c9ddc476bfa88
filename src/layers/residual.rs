//! [`Residual`]: a skip connection, `y = x + N(x)`.
//!
//! # Maths
//!
//! ```text
//! forward:   y = x + N(x)
//! backward:  ∂L/∂x = ∂L/∂y + (∂N/∂x)ᵀ ∂L/∂y      ∂L/∂θ = ∂L/∂θ of N at ∂L/∂y
//! ```
//!
//! The inner network must give as many values as it takes; the compiler checks it, and a
//! network that changes the width is reported as such.

use core::fmt;

use nalgebra::{Const, SMatrix};

use crate::layer::Output;
use crate::layer::{Blank, Fingerprint, Layer, Module, Params, Signature, TensorInfo, Zeroed};
use crate::shape::{ShapeCheck, Width};
use crate::Scalar;

/// `y = x + N(x)`: the skip connection of amp models (`x + dense(gru(x))`), WaveNet-style
/// stacks and residual MLPs. `N` is any network from `W` values to `W` values; its state, if it
/// has one, is the residual's.
///
/// Parameters, gradients and saved tensors are `N`'s, under the same names.
///
/// ```
/// use constnet::prelude::*;
///
/// // An amp model: the input plus a correction from a GRU and a dense layer.
/// type Amp = Residual<(Gru<1, 8>, Dense<8, 1>)>;
/// let amp = Amp::zeroed();
/// let x = SMatrix::<f32, 1, 4>::new(0.1, -0.2, 0.3, 0.0);
/// assert_eq!(amp.forward(&x), x); // zero weights: the correction is zero
/// ```
///
/// An inner network that changes the width does not compile:
///
/// ```compile_fail
/// use constnet::prelude::*;
///
/// let net = Residual((Dense::<2, 3>::zeros(), Tanh));
/// let _ = net.forward(&SMatrix::<f32, 2, 1>::zeros());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Residual<N>(pub N);

/// The inner network of a [`Residual`] gives as many values as it takes: implemented for its
/// output width `Const<O>` when `O` equals the input width `W` (the check that names both).
/// User code never names it.
pub trait KeepsWidth<const W: usize>: Width {
    /// The inner network's output batch as a batch of the input's width (the same type).
    fn as_input<T: Scalar, const B: usize>(y: &Self::Matrix<T, B>) -> &SMatrix<T, W, B>;
    /// Mutably.
    fn as_input_mut<T: Scalar, const B: usize>(y: &mut Self::Matrix<T, B>)
        -> &mut SMatrix<T, W, B>;
}

/// `O == W`, for [`KeepsWidth`]; implemented only when they are equal.
#[diagnostic::on_unimplemented(
    message = "`Residual` needs an inner network that gives as many values as it takes: it takes {W} and gives {O}",
    label = "the inner network changes the width from {W} to {O}",
    note = "the skip connection adds the input to the inner network's output, so both must have {W} values per sample"
)]
pub trait SameResidualWidth<const W: usize, const O: usize> {
    /// The identity, between the two spellings of one type.
    fn cast<T: Scalar, const B: usize>(y: &SMatrix<T, O, B>) -> &SMatrix<T, W, B>;
    /// Mutably.
    fn cast_mut<T: Scalar, const B: usize>(y: &mut SMatrix<T, O, B>) -> &mut SMatrix<T, W, B>;
}

impl<const W: usize> SameResidualWidth<W, W> for ShapeCheck {
    #[inline(always)]
    fn cast<T: Scalar, const B: usize>(y: &SMatrix<T, W, B>) -> &SMatrix<T, W, B> {
        y
    }

    #[inline(always)]
    fn cast_mut<T: Scalar, const B: usize>(y: &mut SMatrix<T, W, B>) -> &mut SMatrix<T, W, B> {
        y
    }
}

impl<const W: usize, const O: usize> KeepsWidth<W> for Const<O>
where
    ShapeCheck: SameResidualWidth<W, O>,
{
    #[inline(always)]
    fn as_input<T: Scalar, const B: usize>(y: &SMatrix<T, O, B>) -> &SMatrix<T, W, B> {
        <ShapeCheck as SameResidualWidth<W, O>>::cast(y)
    }

    #[inline(always)]
    fn as_input_mut<T: Scalar, const B: usize>(y: &mut SMatrix<T, O, B>) -> &mut SMatrix<T, W, B> {
        <ShapeCheck as SameResidualWidth<W, O>>::cast_mut(y)
    }
}

impl<N: Signature> Signature for Residual<N> {
    type In = N::In;
    type OutputFor<W: Width> = W;
    type Scalar = N::Scalar;
}

impl<N: Module> Module for Residual<N> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("Residual");
        N::describe(h);
    }
}

impl<N: Zeroed> Zeroed for Residual<N> {
    fn zeroed() -> Self {
        Self(N::zeroed())
    }
}

impl<T: Scalar, N: Params<T>> Params<T> for Residual<N> {
    const PARAMS: usize = N::PARAMS;
    const TENSORS: usize = N::TENSORS;
    const BUFFERS: usize = N::BUFFERS;
    const BUFFER_SCALARS: usize = N::BUFFER_SCALARS;

    fn tensor(&self, i: usize) -> &[T] {
        self.0.tensor(i)
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        self.0.tensor_mut(i)
    }

    fn tensor_info(i: usize) -> TensorInfo {
        N::tensor_info(i)
    }

    fn buffer(&self, i: usize) -> &[T] {
        self.0.buffer(i)
    }

    fn buffer_mut(&mut self, i: usize) -> &mut [T] {
        self.0.buffer_mut(i)
    }

    fn tensor_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        N::tensor_name(i, out)
    }

    fn buffer_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        N::buffer_name(i, out)
    }

    fn torch_shape(i: usize) -> Option<[usize; 3]> {
        N::torch_shape(i)
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str("constnet::Residual(")?;
        self.0.write_rust(out)?;
        out.write_str(")")
    }
}

/// What [`Residual`]'s backward needs: the inner network's output and cache.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResidualCache<Y, C> {
    inner_output: Y,
    inner: C,
}

impl<Y: Blank, C: Blank> Blank for ResidualCache<Y, C> {
    fn blank() -> Self {
        Self {
            inner_output: Y::blank(),
            inner: C::blank(),
        }
    }
}

impl<T: Scalar, N, const W: usize> Layer<T, W> for Residual<N>
where
    N: Layer<T, W>,
    <N as Signature>::OutputFor<Const<W>>: KeepsWidth<W>,
{
    type Cache<const B: usize> = ResidualCache<Output<N, T, W, B>, N::Cache<B>>;
    type State = N::State;

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, W, B>) -> SMatrix<T, W, B> {
        let inner = self.0.layer_forward(x);
        x + Self::same(&inner)
    }

    #[inline]
    fn layer_step<const B: usize>(
        &self,
        state: &mut N::State,
        x: &SMatrix<T, W, B>,
        y: &mut SMatrix<T, W, B>,
    ) {
        let mut inner = Blank::blank();
        self.0.layer_step(state, x, &mut inner);
        *y = x + Self::same(&inner);
    }

    #[inline]
    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, W, B>,
        y: &mut SMatrix<T, W, B>,
        cache: &mut Self::Cache<B>,
    ) {
        self.layer_forward_train_from(&mut Blank::blank(), x, y, cache);
    }

    #[inline]
    fn layer_forward_train_from<const B: usize>(
        &mut self,
        state: &mut N::State,
        x: &SMatrix<T, W, B>,
        y: &mut SMatrix<T, W, B>,
        cache: &mut Self::Cache<B>,
    ) {
        self.0
            .layer_forward_train_from(state, x, &mut cache.inner_output, &mut cache.inner);
        *y = x + Self::same(&cache.inner_output);
    }

    #[inline]
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, W, B>,
        y: &mut SMatrix<T, W, B>,
        cache: &mut Self::Cache<B>,
    ) {
        self.layer_forward_tape_from(&mut Blank::blank(), x, y, cache);
    }

    #[inline]
    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut N::State,
        x: &SMatrix<T, W, B>,
        y: &mut SMatrix<T, W, B>,
        cache: &mut Self::Cache<B>,
    ) {
        self.0
            .layer_forward_tape_from(state, x, &mut cache.inner_output, &mut cache.inner);
        *y = x + Self::same(&cache.inner_output);
    }

    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, W, B>,
        _y: &SMatrix<T, W, B>,
        cache: &Self::Cache<B>,
        dy: &SMatrix<T, W, B>,
        grads: &mut Self,
    ) -> SMatrix<T, W, B> {
        let mut d = Blank::blank();
        *Self::same_mut(&mut d) = *dy;
        self.0
            .layer_backward(x, &cache.inner_output, &cache.inner, &d, &mut grads.0)
            + dy
    }

    #[inline]
    fn layer_backward_params<const B: usize>(
        &self,
        x: &SMatrix<T, W, B>,
        _y: &SMatrix<T, W, B>,
        cache: &Self::Cache<B>,
        dy: &SMatrix<T, W, B>,
        grads: &mut Self,
    ) {
        let mut d = Blank::blank();
        *Self::same_mut(&mut d) = *dy;
        self.0
            .layer_backward_params(x, &cache.inner_output, &cache.inner, &d, &mut grads.0);
    }
}

impl<N: Signature> Residual<N> {
    #[inline(always)]
    fn same<T: Scalar, const W: usize, const B: usize>(
        y: &<N::OutputFor<Const<W>> as Width>::Matrix<T, B>,
    ) -> &SMatrix<T, W, B>
    where
        N::OutputFor<Const<W>>: KeepsWidth<W>,
    {
        <N::OutputFor<Const<W>> as KeepsWidth<W>>::as_input(y)
    }

    #[inline(always)]
    fn same_mut<T: Scalar, const W: usize, const B: usize>(
        y: &mut <N::OutputFor<Const<W>> as Width>::Matrix<T, B>,
    ) -> &mut SMatrix<T, W, B>
    where
        N::OutputFor<Const<W>>: KeepsWidth<W>,
    {
        <N::OutputFor<Const<W>> as KeepsWidth<W>>::as_input_mut(y)
    }
}
