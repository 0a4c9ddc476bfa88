//! The composition traits: parameters, forward, backward.
//!
//! # Design
//!
//! * [`Layer<T, IN>`] is implemented by a layer (or a whole network) for the input width `IN` it
//!   accepts. Its output width is the associated type [`Layer::Out`] (`Const<O>`), so a network is a
//!   chain of bounds `L0: Layer<T, W0, Out = Const<W1>>, L1: Layer<T, W1, Out = Const<W2>>, …` and a
//!   mismatch is an unsatisfied bound on the layer that cannot take its input. The trait carries
//!   `#[diagnostic::on_unimplemented]`, so the error names that layer and the width it was given.
//! * Batches are columns: every method is generic over a const batch size `B` and takes
//!   `SMatrix<T, IN, B>`. `B = 1` is a single sample; there is one code path for all batch sizes.
//! * Training forward returns what backward needs as a value ([`Layer::Cache`]), rather than
//!   storing it inside the layer: inference stays `&self` and allocation-free, and a network can be
//!   a `static` in flash while it is used.
//! * Gradients have the network's own type: the gradient of a `Dense<2, 3>` is a `Dense<2, 3>`
//!   holding ∂L/∂W and ∂L/∂b, and a network's gradient is wrapped in [`Gradients<N>`]. Gradients of
//!   one network therefore cannot be applied to another, and optimizer state (same type again)
//!   lives on the stack beside the network.
//! * Users call the methods of [`Model`], which every type has; its methods require
//!   `Self: Layer<T, IN>` in a `where` clause, which is what lets rustc report a shape mismatch
//!   with the layer's own message rather than "method exists but its trait bounds were not
//!   satisfied".

use core::marker::PhantomData;

use nalgebra::SMatrix;

use crate::shape::{TargetFor, Width};
use crate::{Loss, Scalar};

/// The output batch of layer `L` on an `IN`-wide input batch of `B` samples: `SMatrix<T, OUT, B>`.
pub type Output<L, T, const IN: usize, const B: usize> =
    <<L as Layer<T, IN>>::Out as Width>::Matrix<T, B>;

/// Trainable parameters, visited as contiguous tensors.
///
/// A layer without parameters (an activation) has `TENSORS = 0`. A tuple network has the tensors of
/// its layers in order. Tensor `i` is a slice in nalgebra's storage order (column-major); its
/// [`tensor_shape`](Params::tensor_shape) is `[rows, cols]` of that storage. For a dense layer,
/// tensor 0 is the weight matrix `O × I` and tensor 1 the bias `O × 1`.
///
/// Optimizers use this interface to update every parameter with its gradient and state (which
/// have the same type, hence the same tensors).
pub trait Params<T: Scalar>: Clone {
    /// Number of trainable scalars.
    const PARAMS: usize;
    /// Number of parameter tensors.
    const TENSORS: usize;

    /// Tensor `i` in storage (column-major) order.
    ///
    /// # Panics
    /// If `i >= Self::TENSORS`.
    fn tensor(&self, i: usize) -> &[T];

    /// Tensor `i` in storage (column-major) order, mutable.
    ///
    /// # Panics
    /// If `i >= Self::TENSORS`.
    fn tensor_mut(&mut self, i: usize) -> &mut [T];

    /// `[rows, cols]` of tensor `i` (a bias is `[O, 1]`).
    ///
    /// # Panics
    /// If `i >= Self::TENSORS`.
    fn tensor_shape(i: usize) -> [usize; 2];

    /// A copy of `self` with every parameter set to zero (gradient accumulators, optimizer state).
    #[must_use]
    fn zeros_like(&self) -> Self {
        let mut z = self.clone();
        for i in 0..Self::TENSORS {
            z.tensor_mut(i).fill(T::zero());
        }
        z
    }
}

/// A layer, or a network of layers, that takes `IN` features of scalar `T` per sample.
///
/// This is the trait to implement for a custom layer; to *use* a network, call the methods of
/// [`Model`]. Backward sits beside forward in every implementation, with the maths in its docs.
#[diagnostic::on_unimplemented(
    message = "shape mismatch: `{Self}` cannot take a {IN}-feature `{T}` input",
    label = "this gives {IN} features of `{T}` per sample",
    note = "a layer's input width must equal the previous layer's output width (or the network's input), and all layers must use the same scalar type"
)]
pub trait Layer<T: Scalar, const IN: usize>: Params<T> {
    /// The output width, `Const<OUT>`.
    type Out: Width;

    /// What the training forward keeps for backward, for a batch of `B` samples.
    type Cache<const B: usize>;

    /// Inference forward: nothing is cached, nothing is allocated.
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, IN, B>) -> Output<Self, T, IN, B>;

    /// Training forward: the output, and what [`layer_backward`](Layer::layer_backward) needs.
    fn layer_forward_train<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
    ) -> (Output<Self, T, IN, B>, Self::Cache<B>);

    /// Backward: given `dy = ∂L/∂y` for the batch, adds the parameter gradients (summed over the
    /// batch) into `grads` and returns `∂L/∂x`.
    fn layer_backward<const B: usize>(
        &self,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        grads: &mut Self,
    ) -> SMatrix<T, IN, B>;
}

/// Gradients of network `N`: a value of `N`'s own type holding ∂L/∂θ for every parameter θ.
///
/// Because the type is tied to the network's type, gradients of one network cannot be applied to
/// another (a compile error, not a runtime check). Backward *adds* into it, so gradients accumulate
/// over a batch and over several calls until [`zero`](Gradients::zero) is called.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gradients<N>(N);

impl<N> Gradients<N> {
    /// The gradients as a value of the network's type (a `Dense` holding ∂L/∂W and ∂L/∂b).
    pub fn as_network(&self) -> &N {
        &self.0
    }

    /// Mutable access, e.g. for custom clipping.
    pub fn as_network_mut(&mut self) -> &mut N {
        &mut self.0
    }

    /// Sets every gradient to zero.
    pub fn zero<T: Scalar>(&mut self)
    where
        N: Params<T>,
    {
        for i in 0..N::TENSORS {
            self.0.tensor_mut(i).fill(T::zero());
        }
    }

    /// Euclidean norm over all gradients (the norm `clip_grad_norm_` measures), computed in `T`.
    pub fn norm<T: Scalar>(&self) -> T
    where
        N: Params<T>,
    {
        let mut s = T::zero();
        for i in 0..N::TENSORS {
            for &g in self.0.tensor(i) {
                s += g * g;
            }
        }
        s.sqrt()
    }
}

/// What a network's training forward recorded for backward: tied to the network type `N`, its
/// scalar `T`, input width `IN` and batch `B`.
pub struct Tape<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> {
    cache: N::Cache<B>,
    _net: PhantomData<fn() -> (N, T)>,
}

impl<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> Tape<N, T, IN, B> {
    /// The per-layer cache (a tuple for tuple networks).
    pub fn cache(&self) -> &N::Cache<B> {
        &self.cache
    }
}

impl<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> core::fmt::Debug
    for Tape<N, T, IN, B>
where
    N::Cache<B>: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Tape").field("cache", &self.cache).finish()
    }
}

/// The methods a user calls on a network (any [`Layer`], including tuples of layers).
///
/// Implemented for every type; each method requires `Self: Layer<T, IN>`, so calling it on a
/// network whose sizes do not chain, or with an input of the wrong width, is a compile error that
/// names the layer and the sizes.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let net = (
///     Dense::<2, 3>::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0, 0.1, 0.2]),
///     Sigmoid,
///     Dense::<3, 1>::from_rows([[0.7, 0.8, 0.9]], [0.3]),
///     Sigmoid,
/// );
/// // A batch of 3 samples, one per column.
/// let x = SMatrix::<f32, 2, 3>::new(1.0, 2.0, 3.0, 2.0, 3.0, 4.0);
/// let t = SMatrix::<f32, 1, 3>::new(1.0, 0.0, 1.0);
///
/// let mut grads = net.zero_gradients();
/// let loss = net.backprop(&HalfSquaredError, &x, &t, &mut grads);
/// assert!(loss > 0.0);
/// assert_eq!(grads.as_network().0.weights().shape(), (3, 2));
/// ```
pub trait Model: Sized {
    /// Inference forward on a batch (columns are samples).
    fn forward<T: Scalar, const IN: usize, const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
    ) -> Output<Self, T, IN, B>
    where
        Self: Layer<T, IN>,
    {
        self.layer_forward(x)
    }

    /// Training forward: the output and a [`Tape`] for [`backward`](Model::backward).
    fn forward_train<T: Scalar, const IN: usize, const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
    ) -> (Output<Self, T, IN, B>, Tape<Self, T, IN, B>)
    where
        Self: Layer<T, IN>,
    {
        let (y, cache) = self.layer_forward_train(x);
        (
            y,
            Tape {
                cache,
                _net: PhantomData,
            },
        )
    }

    /// Backward by the chain rule: adds ∂L/∂θ into `grads` and returns ∂L/∂x.
    ///
    /// `dy` is ∂L/∂y for the output batch (a loss's [`gradient`](Loss::gradient)).
    fn backward<T: Scalar, const IN: usize, const B: usize>(
        &self,
        tape: &Tape<Self, T, IN, B>,
        dy: &Output<Self, T, IN, B>,
        grads: &mut Gradients<Self>,
    ) -> SMatrix<T, IN, B>
    where
        Self: Layer<T, IN>,
    {
        self.layer_backward(&tape.cache, dy, &mut grads.0)
    }

    /// Zeroed gradients for this network.
    fn zero_gradients<T: Scalar>(&self) -> Gradients<Self>
    where
        Self: Params<T>,
    {
        Gradients(self.zeros_like())
    }

    /// Forward, loss and backward in one call: adds the batch's gradients into `grads` and returns
    /// the loss.
    fn backprop<T, L, Tg, const IN: usize, const O: usize, const B: usize>(
        &self,
        loss: &L,
        x: &SMatrix<T, IN, B>,
        target: &Tg,
        grads: &mut Gradients<Self>,
    ) -> T
    where
        T: Scalar,
        Self: Layer<T, IN, Out = nalgebra::Const<O>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
    {
        let (y, tape) = self.forward_train(x);
        let t = target.as_target();
        let value = loss.loss(&y, t);
        let dy = loss.loss_gradient(&y, t);
        self.backward(&tape, &dy, grads);
        value
    }

    /// ∂L/∂x, the gradient of the loss with respect to the input batch (saliency, explanation,
    /// adversarial examples). Parameter gradients are computed and discarded.
    fn input_gradient<T, L, Tg, const IN: usize, const O: usize, const B: usize>(
        &self,
        loss: &L,
        x: &SMatrix<T, IN, B>,
        target: &Tg,
    ) -> SMatrix<T, IN, B>
    where
        T: Scalar,
        Self: Layer<T, IN, Out = nalgebra::Const<O>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
    {
        let (y, tape) = self.forward_train(x);
        let dy = loss.loss_gradient(&y, target.as_target());
        let mut scratch = self.zero_gradients();
        self.backward(&tape, &dy, &mut scratch)
    }

    /// Number of trainable scalars (the same as `<Self as Params<T>>::PARAMS`).
    fn param_count<T: Scalar>(&self) -> usize
    where
        Self: Params<T>,
    {
        Self::PARAMS
    }
}

impl<N> Model for N {}
