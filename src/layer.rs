//! The composition traits: parameters, forward, backward.
//!
//! # Design
//!
//! * [`Layer<T, IN>`] is implemented by a layer (or a whole network) for the input width `IN` it
//!   accepts. Its output width for an input width `W` is [`Signature::OutputFor<W>`] (`Const<O>`
//!   for a dense layer, `W` for an activation), which does not depend on the layer taking `W`. A
//!   network is a chain of bounds `L0: Signature<OutputFor<Const<W0>> = Const<W1>> + Layer<T, W0>,
//!   L1: Signature<OutputFor<Const<W1>> = Const<W2>> + Layer<T, W1>, …`: every width is known from
//!   the types alone, and each junction that does not agree is an unsatisfied `Layer` bound on the
//!   layer that cannot take its input. The trait carries `#[diagnostic::on_unimplemented]`, so the
//!   error names that layer and the width it was given.
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

use core::fmt;
use core::marker::PhantomData;

use nalgebra::{Const, SMatrix};

use crate::shape::{OutputGradient, TargetFor, Width};
use crate::{Loss, Scalar};

/// The output batch of layer `L` on an `IN`-wide input batch of `B` samples: `SMatrix<T, OUT, B>`,
/// with `OUT` the layer's [`Signature::OutputFor`] that input width.
pub type Output<L, T, const IN: usize, const B: usize> =
    <<L as Signature>::OutputFor<Const<IN>> as Width>::Matrix<T, B>;

/// A layer or network value: the marker that gives a type the [`Model`] methods.
///
/// Implemented by every layer and every tuple of modules. A custom layer implements it with one
/// line, `impl Module for MyLayer {}`. (The marker keeps `Model` off references: calling
/// `net.forward(..)` on a `&Net` or `&mut Net` resolves to the network itself.)
pub trait Module {
    /// Feeds a description of the architecture — layer kinds and sizes, not parameter values —
    /// into `h`. Saved weights carry the resulting fingerprint, so that loading them into another
    /// architecture is an error. The default hashes the type's name; the library's layers write
    /// a stable description (e.g. `Dense` with its sizes).
    fn describe(h: &mut Fingerprint) {
        h.write_str(core::any::type_name::<Self>());
    }

    /// The architecture's fingerprint (see [`describe`](Module::describe)).
    fn fingerprint() -> u64 {
        let mut h = Fingerprint::new();
        Self::describe(&mut h);
        h.finish()
    }
}

/// What a layer or network takes and gives, as types: its input width, its output width for a
/// given input width, and its scalar.
///
/// `In` is `Const<I>` for a layer with a fixed input width (`Dense<I, O>`, `BatchNorm<N>`) and
/// [`AnyWidth`] for one that takes any width (activations, dropout); `Scalar` is the layer's
/// scalar type, or [`AnyScalar`] for layers that work in any. A tuple's signature is that of its
/// first layer that fixes each. This is what lets constnet check that a network's layers chain
/// ([`Chained`]) before it is given an input: when it is built with [`Zeroed::zeroed`],
/// initialised, given an optimizer, saved or exported.
///
/// A custom layer implements it in one line, e.g.
/// `impl Signature for MyLayer { type In = Const<4>; type OutputFor<W: Width> = Const<2>; type Scalar = f32; }`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not known to be a layer or network here",
    label = "not known to be a network",
    note = "in generic code, bound the network by what it takes and gives: `Network<T, INPUTS, OUTPUTS>` (from the prelude)",
    note = "a custom layer implements `Signature` (its input width, output width and scalar) beside `Layer`"
)]
pub trait Signature {
    /// The input width, `Const<I>` or [`AnyWidth`].
    type In: MaybeWidth;
    /// The output width for an input of width `W` (`Const<IN>`), whether or not the layer takes
    /// that width: `Const<O>` for `Dense<I, O>`, `W` for an activation. A network passes each
    /// layer's to the next, so that every junction is checked, and reported, on its own.
    type OutputFor<W: Width>: Width;
    /// The scalar type, `f32`, `f64` or [`AnyScalar`].
    type Scalar: MaybeScalar;
}

/// The input width of a layer that takes any width (see [`Signature`]).
#[derive(Clone, Copy, Debug)]
pub struct AnyWidth;

/// The scalar of a layer that works in any scalar type (see [`Signature`]).
#[derive(Clone, Copy, Debug)]
pub struct AnyScalar;

/// The recurrent state of network `N` ([`Layer::State`] at the network's own input width and
/// scalar): what [`Model::zero_state`] returns and [`Model::step`] carries.
pub type StateOf<N> = <<N as Signature>::In as StateAt<
    N,
    <<N as Signature>::Scalar as MaybeScalar>::Resolved,
>>::State;

/// `N`'s [`Layer::State`] at the input width `Self` (`Const<I>`, or width 1 for [`AnyWidth`]):
/// behind [`StateOf`]; user code never names it.
#[diagnostic::on_unimplemented(
    message = "`{N}` has no state at its input width",
    note = "the network's layers must chain (`Network<T, INPUTS, OUTPUTS>`) for it to have a state"
)]
pub trait StateAt<N, T> {
    /// The state.
    type State: Copy + Blank;
}

impl<N: Layer<T, I>, T: Scalar, const I: usize> StateAt<N, T> for Const<I> {
    type State = N::State;
}

impl<N: Layer<T, 1>, T: Scalar> StateAt<N, T> for AnyWidth {
    type State = N::State;
}

/// `Const<I>` or [`AnyWidth`]: a fixed input width, or none. (Behind [`Signature`]; user code
/// never names it.)
pub trait MaybeWidth {
    /// This width if it is fixed, else `W`.
    type Or<W: MaybeWidth>: MaybeWidth;
}

impl MaybeWidth for AnyWidth {
    type Or<W: MaybeWidth> = W;
}

impl<const N: usize> MaybeWidth for Const<N> {
    type Or<W: MaybeWidth> = Const<N>;
}

/// `f32`, `f64` or [`AnyScalar`]: a fixed scalar, or none. (Behind [`Signature`]; user code never
/// names it.)
pub trait MaybeScalar {
    /// This scalar if it is fixed, else `S`.
    type Or<S: MaybeScalar>: MaybeScalar;
    /// The scalar a check uses: this one, or `f32` for [`AnyScalar`].
    type Resolved: Scalar;
}

impl MaybeScalar for AnyScalar {
    type Or<S: MaybeScalar> = S;
    type Resolved = f32;
}

/// Every scalar is fixed; written for any `T: Scalar` (rather than for `f32` and `f64`) so that
/// the signature of a network generic over its scalar resolves to that `T`.
impl<T: Scalar> MaybeScalar for T {
    type Or<S: MaybeScalar> = T;
    type Resolved = T;
}

/// A network whose layers chain: each takes the width and scalar the previous one gives.
///
/// Implemented for every [`Signature`] type that is a [`Layer`] at its own input width and
/// scalar (a width-agnostic network is checked at width 1, a scalar-agnostic one in `f32`). A
/// junction that does not agree is reported as the layer that cannot take its input: "shape
/// mismatch: `Dense<4, 1>` cannot take a 3-feature `f32` input".
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a network whose layers chain",
    note = "in generic code, bound the network: `N: Network<T, INPUTS, OUTPUTS>` (which includes `Chained`)",
    note = "a custom layer implements `Signature` (its input width, output width and scalar) to be used as a network"
)]
pub trait Chained {}

impl<N> Chained for N
where
    N: Signature,
    N::In: ChainsFrom<N, <N::Scalar as MaybeScalar>::Resolved>,
{
}

/// `N: Layer<T, I>` for the input width `Self` (`Const<I>`, or width 1 for [`AnyWidth`]): the
/// check behind [`Chained`]; user code never names it.
#[diagnostic::on_unimplemented(
    message = "`{N}` is not known to be a network whose layers chain",
    label = "the bounds do not say that this network's layers chain",
    note = "in generic code, bound the network by what it takes and gives: `{N}: Network<T, INPUTS, OUTPUTS>`"
)]
pub trait ChainsFrom<N, T> {}

impl<N, T: Scalar, const I: usize> ChainsFrom<N, T> for Const<I> where N: Layer<T, I> {}

impl<N, T: Scalar> ChainsFrom<N, T> for AnyWidth where N: Layer<T, 1> {}

/// A fresh value of a layer or network: zero weights, default settings (the same as `Default`,
/// which the standard library implements only for tuples of up to 12 elements; this covers
/// every network).
///
/// ```
/// use constnet::prelude::*;
///
/// type Deep = (Dense<2, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh,
///              Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 1>);
/// let net = Deep::zeroed();
/// assert_eq!(net.param_count(), 24 + 5 * 72 + 9);
/// ```
pub trait Zeroed {
    /// The fresh value.
    fn zeroed() -> Self;
}

/// A 64-bit FNV-1a hash of an architecture description (see [`Module::describe`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The empty hash.
    pub const fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds a string (with its length, so that concatenations differ).
    pub fn write_str(&mut self, s: &str) {
        self.write_usize(s.len());
        self.write(s.as_bytes());
    }

    /// Adds a size.
    pub fn write_usize(&mut self, v: usize) {
        self.write(&(v as u64).to_le_bytes());
    }

    /// The hash.
    pub const fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

/// Trainable parameters, visited as contiguous tensors.
///
/// A layer without parameters (an activation) has `TENSORS = 0`. A tuple network has the tensors of
/// its layers in order. Tensor `i` is a slice in nalgebra's storage order (column-major); its
/// [`tensor_info`](Params::tensor_info) gives the `rows × cols` of that storage. For a dense layer,
/// tensor 0 is the weight matrix `O × I` and tensor 1 the bias `O × 1`.
///
/// Optimizers use this interface to update every parameter with its gradient and state (which
/// have the same type, hence the same tensors).
///
/// The trait also carries what saving needs of each layer: its tensors' PyTorch names
/// ([`tensor_name`](Params::tensor_name), [`buffer_name`](Params::buffer_name)) and its `const`
/// constructor call ([`write_rust`](Params::write_rust)). They stay here rather than in an
/// io-side trait or a visitor because only the layer knows them: a GRU's names are
/// `weight_ih_l0`…, a batch norm's buffers `running_mean`…, and each layer's constructor is its
/// own; a visitor would need every layer to expose its parts generically and `io` to know every
/// layer. What `layers/` takes from `io` is one number-formatting helper.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not compute in `{T}`",
    label = "a layer or network of another scalar type",
    note = "a network's scalar is in its layers' types (`Dense<I, O, f64>`; `f32` when not written), and everything given to it uses the same one"
)]
pub trait Params<T: Scalar>: Clone + Module {
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

    /// Shape, role and fan-in/fan-out of tensor `i`.
    ///
    /// # Panics
    /// If `i >= Self::TENSORS`.
    fn tensor_info(i: usize) -> TensorInfo;

    /// Number of non-trainable state tensors ("buffers": batch normalisation's running
    /// statistics). Saved and loaded with the parameters, never touched by optimizers.
    const BUFFERS: usize = 0;

    /// Number of scalars in all buffers.
    const BUFFER_SCALARS: usize = 0;

    /// Buffer `i` in storage order.
    ///
    /// # Panics
    /// If `i >= Self::BUFFERS`.
    fn buffer(&self, i: usize) -> &[T] {
        let _ = i;
        panic!("this layer has no buffers")
    }

    /// Buffer `i`, mutable.
    ///
    /// # Panics
    /// If `i >= Self::BUFFERS`.
    fn buffer_mut(&mut self, i: usize) -> &mut [T] {
        let _ = i;
        panic!("this layer has no buffers")
    }

    /// Writes the name of tensor `i` as PyTorch's `state_dict` names it (`weight`, `bias`;
    /// `0.weight`, `2.bias` in a network, by position).
    ///
    /// # Errors
    /// Only those of `out`.
    fn tensor_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match Self::tensor_info(i).kind {
            TensorKind::Weight | TensorKind::Scale => out.write_str("weight"),
            TensorKind::Bias | TensorKind::Shift => out.write_str("bias"),
        }
    }

    /// PyTorch's shape of tensor `i` when it has three dimensions (a convolution's
    /// `[C_OUT, C_IN, K]`, which [`tensor_info`](Params::tensor_info) describes as the
    /// `C_OUT × (C_IN·K)` matrix of the same values in the same row-major order): what saved
    /// files record. `None` (the default) for matrices and vectors.
    fn torch_shape(i: usize) -> Option<[usize; 3]> {
        let _ = i;
        None
    }

    /// Writes the name of buffer `i` (`running_mean`, `running_var`).
    ///
    /// # Errors
    /// Only those of `out`.
    fn buffer_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        let _ = (i, out);
        panic!("this layer has no buffers")
    }

    /// Writes a Rust expression that rebuilds this value with `const` constructors (for
    /// [`io::to_rust_source`](crate::io)). The default reports an error: a custom layer without it
    /// cannot be exported as source.
    ///
    /// # Errors
    /// `fmt::Error` if the layer cannot be written, or from `out`.
    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        let _ = out;
        Err(fmt::Error)
    }

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

/// What a parameter tensor is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TensorKind {
    /// A weight matrix (`nn.Linear.weight`).
    Weight,
    /// An additive bias (`nn.Linear.bias`).
    Bias,
    /// A multiplicative scale (`BatchNorm1d.weight`, γ).
    Scale,
    /// An additive shift (`BatchNorm1d.bias`, β).
    Shift,
}

/// The shape and role of a parameter tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TensorInfo {
    /// Rows of the stored matrix (a bias has `O` rows and 1 column).
    pub rows: usize,
    /// Columns of the stored matrix.
    pub cols: usize,
    /// What the tensor is.
    pub kind: TensorKind,
    /// Inputs of the layer the tensor belongs to.
    pub fan_in: usize,
    /// Outputs of the layer the tensor belongs to.
    pub fan_out: usize,
}

impl TensorInfo {
    /// Number of scalars, `rows · cols`.
    pub const fn len(&self) -> usize {
        self.rows * self.cols
    }

    /// Whether the tensor has no scalars.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A layer, or a network of layers, that takes `IN` features of scalar `T` per sample.
///
/// This is the trait to implement for a custom layer, with [`Module`], [`Params`] and
/// [`Signature`] (its input width, output width and scalar); to *use* a network, call the methods
/// of [`Model`]. Backward sits beside forward in every implementation, with the maths in its docs.
///
/// # Examples
///
/// A custom layer, `y = 2x` at any width and scalar, composed with the library's layers. (A layer
/// that takes any width or scalar, `AnyWidth` / `AnyScalar`, is checked at width 1 in `f32` when
/// a network of it alone is initialised or saved.)
///
/// ```
/// use constnet::prelude::*;
/// use constnet::shape::Width;
/// use constnet::{AnyScalar, AnyWidth, Signature, TensorInfo};
///
/// #[derive(Clone, Copy, Debug, Default)]
/// struct Double;
///
/// impl Module for Double {}
///
/// impl Signature for Double {
///     type In = AnyWidth;
///     type OutputFor<W: Width> = W;
///     type Scalar = AnyScalar;
/// }
///
/// impl<T: Scalar> Params<T> for Double {
///     const PARAMS: usize = 0;
///     const TENSORS: usize = 0;
///     fn tensor(&self, _: usize) -> &[T] { unreachable!("no parameters") }
///     fn tensor_mut(&mut self, _: usize) -> &mut [T] { unreachable!("no parameters") }
///     fn tensor_info(_: usize) -> TensorInfo { unreachable!("no parameters") }
/// }
///
/// /// `y = 2x`; `∂L/∂x = 2 ∂L/∂y`.
/// impl<T: Scalar, const N: usize> Layer<T, N> for Double {
///     type Cache<const B: usize> = ();
///     type State = ();
///     fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
///         x.map(|v| v + v)
///     }
///     fn layer_forward_train<const B: usize>(&mut self, x: &SMatrix<T, N, B>, y: &mut SMatrix<T, N, B>, _: &mut ()) {
///         *y = self.layer_forward(x);
///     }
///     fn layer_forward_tape<const B: usize>(&self, x: &SMatrix<T, N, B>, y: &mut SMatrix<T, N, B>, _: &mut ()) {
///         *y = self.layer_forward(x);
///     }
///     /// Given the input `x`, the output `y` and the cache (here nothing).
///     fn layer_backward<const B: usize>(
///         &self,
///         _x: &SMatrix<T, N, B>,
///         _y: &SMatrix<T, N, B>,
///         _: &(),
///         dy: &SMatrix<T, N, B>,
///         _: &mut Self,
///     ) -> SMatrix<T, N, B> {
///         dy.map(|d| d + d)
///     }
/// }
///
/// let net = (Dense::<1, 2>::from_rows([[1.0], [-1.0]], [0.0, 0.5]), Double, Dense::<2, 1>::from_rows([[1.0, 1.0]], [0.0]));
/// let y = net.forward(&SMatrix::<f32, 1, 1>::new(3.0));
/// assert_eq!(y[0], 2.0 * 3.0 + 2.0 * (-3.0 + 0.5));
/// let mut grads = net.zero_gradients();
/// let (_, tape) = net.forward_tape(&SMatrix::<f32, 1, 1>::new(3.0));
/// let dx = net.backward(&tape, &SMatrix::<f32, 1, 1>::new(1.0), &mut grads);
/// assert_eq!(dx[0], 2.0 * 1.0 + 2.0 * -1.0);
/// ```
#[diagnostic::on_unimplemented(
    message = "shape mismatch: `{Self}` cannot take a {IN}-feature `{T}` input",
    label = "this gives {IN} features of `{T}` per sample",
    note = "a layer's input width must equal the previous layer's output width (or the network's input), and all layers must use the same scalar type",
    note = "in generic code, bound the network by what it must take and give: `N: Network<{T}, {IN}, OUTPUTS>`"
)]
pub trait Layer<T: Scalar, const IN: usize>: Params<T> + Signature {
    /// What backward needs beyond the layer's input and output, for a batch of `B` samples: `()`
    /// for dense layers and activations (backward is given `x` and `y`), a mask for dropout, the
    /// batch's statistics for batch normalisation. A network's is its layers' outputs, each
    /// stored once, and their caches.
    type Cache<const B: usize>: Blank;

    /// What a recurrent layer carries from one call to the next (a GRU's hidden vector, an
    /// LSTM's hidden and cell vectors, a causal convolution's past frames): `()` for every
    /// stateless layer, the tuple of its layers' states for a network. The state is a value the
    /// caller owns, separate from the weights: the network stays `&self` (a `static` in flash)
    /// while its state lives in RAM. [`Blank::blank`] is the initial state (zeros, PyTorch's
    /// default `h0`).
    ///
    /// Columns are samples for a stateless layer and consecutive time steps for a stateful one:
    /// a stateful layer reads the `B` columns of its input in order, as frames of one sequence
    /// (see [`layer_step`](Layer::layer_step)).
    type State: Copy + Blank;

    /// Size of [`State`](Layer::State) in bytes: the RAM a streaming network needs beside its
    /// weights (0 for a feed-forward network).
    const STATE_BYTES: usize = core::mem::size_of::<Self::State>();

    /// Inference forward: nothing is cached, nothing is allocated. A stateful layer starts from
    /// the initial state ([`Blank::blank`]).
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, IN, B>) -> Output<Self, T, IN, B>;

    /// Streaming inference: the `B` columns of `x` are consecutive frames, run from `state`,
    /// which is left as it is after the last frame; the outputs go into `y` (every element
    /// overwritten). One frame in, one frame out with `B = 1`; a block of frames (an audio
    /// buffer) with `B > 1`, the same values as one call per frame. The default, for stateless
    /// layers, is [`layer_forward_into`](Layer::layer_forward_into); a stateful layer overrides
    /// it.
    #[inline(always)]
    fn layer_step<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
    ) {
        let _ = state;
        self.layer_forward_into(x, y);
    }

    /// Training forward from `state` (truncated backpropagation through time: the state after
    /// the previous chunk), leaving the state after the last frame there; the cache records
    /// the starting state, so backward needs nothing else, and no gradient flows into the state
    /// (it is detached, as `h.detach()` in PyTorch). The default, for stateless layers, is
    /// [`layer_forward_train`](Layer::layer_forward_train); a stateful layer overrides it.
    #[inline]
    fn layer_forward_train_from<const B: usize>(
        &mut self,
        state: &mut Self::State,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
        cache: &mut Self::Cache<B>,
    ) {
        let _ = state;
        self.layer_forward_train(x, y, cache);
    }

    /// Inference-mode forward recording a tape from `state` (as
    /// [`layer_forward_train_from`](Layer::layer_forward_train_from) for
    /// [`layer_forward_tape`](Layer::layer_forward_tape)).
    #[inline]
    fn layer_forward_tape_from<const B: usize>(
        &self,
        state: &mut Self::State,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
        cache: &mut Self::Cache<B>,
    ) {
        let _ = state;
        self.layer_forward_tape(x, y, cache);
    }

    /// Inference forward writing its output into `y` (every element overwritten): what a network
    /// calls, so that each layer's output is written where the next layer reads it. The default
    /// assigns [`layer_forward`](Layer::layer_forward)'s value; the library's layers write in
    /// place.
    #[inline(always)]
    fn layer_forward_into<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
    ) {
        *y = self.layer_forward(x);
    }

    /// Whether this layer applies one function to each value on its own (an activation), which
    /// the layer before it can apply as it stores its output: a network's inference forward then
    /// calls [`layer_forward_after`](Layer::layer_forward_after) instead of running the two
    /// layers one after the other. `false` by default.
    const POINTWISE: bool = false;

    /// Whether, in addition, this pointwise layer's backward reads only its output (`σ' =
    /// y(1−y)`, `tanh' = 1−y²`, ReLU), so that the training forward can fuse it too (see
    /// [`layer_forward_train_after`](Layer::layer_forward_train_after)). `false` by default.
    const POINTWISE_FROM_OUTPUT: bool = false;

    /// Whether this layer's backward reads its own output `y`. A network's training forward
    /// fuses a pointwise layer into the layer before it only when that layer's backward does not
    /// (its own output is then never stored). `true` by default; dense layers set it `false`.
    const BACKWARD_READS_OUTPUT: bool = true;

    /// Inference forward writing `f(output)` into `y`, for the next layer's pointwise function
    /// `f`. The default runs [`layer_forward_into`](Layer::layer_forward_into) and applies `f`
    /// to every value. `cheap` says that `f` costs about a comparison (ReLU): dense layers then
    /// apply it as each register tile is stored, and otherwise in one pass over the output
    /// (in the stores, a polynomial's constants compete with the tile for registers: net A's
    /// tanh batch forward, criterion's `A/forward32`, measured slower there in both builds).
    #[inline(always)]
    fn layer_forward_into_then<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
        f: impl Fn(T) -> T,
        cheap: bool,
    ) {
        let _ = cheap;
        self.layer_forward_into(x, y);
        for v in y.elements_mut() {
            *v = f(*v);
        }
    }

    /// Training forward writing `f(output)` into `y` (as
    /// [`layer_forward_into_then`](Layer::layer_forward_into_then) for
    /// [`layer_forward_train`](Layer::layer_forward_train)).
    #[inline(always)]
    fn layer_forward_train_then<const B: usize>(
        &mut self,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
        cache: &mut Self::Cache<B>,
        f: impl Fn(T) -> T,
        cheap: bool,
    ) {
        let _ = cheap;
        self.layer_forward_train(x, y, cache);
        for v in y.elements_mut() {
            *v = f(*v);
        }
    }

    /// Inference forward of `prev` (the layer before this one, given `prev`'s input `x`) and then
    /// of this layer, into `y`. A pointwise layer hands its function to
    /// `prev.layer_forward_into_then`; the default runs the two layers in turn.
    #[inline(always)]
    fn layer_forward_after<P, const PIN: usize, const B: usize>(
        &self,
        prev: &P,
        x: &SMatrix<T, PIN, B>,
        y: &mut Output<Self, T, IN, B>,
    ) where
        P: Layer<T, PIN> + Signature<OutputFor<Const<PIN>> = Const<IN>>,
    {
        let mut h = SMatrix::<T, IN, B>::blank();
        prev.layer_forward_into(x, &mut h);
        self.layer_forward_into(&h, y);
    }

    /// Training forward of `prev` and then of this layer, into `y` (`prev`'s cache into
    /// `prev_cache`; `prev`'s own output is not stored, so a network calls this only when
    /// `prev`'s backward does not read it and this layer's backward reads only its output). A
    /// pointwise layer hands its function to `prev.layer_forward_train_then`; the default runs the
    /// two layers in turn.
    #[inline(always)]
    fn layer_forward_train_after<P, const PIN: usize, const B: usize>(
        &mut self,
        prev: &mut P,
        x: &SMatrix<T, PIN, B>,
        y: &mut Output<Self, T, IN, B>,
        prev_cache: &mut P::Cache<B>,
        cache: &mut Self::Cache<B>,
    ) where
        P: Layer<T, PIN> + Signature<OutputFor<Const<PIN>> = Const<IN>>,
    {
        let mut h = SMatrix::<T, IN, B>::blank();
        prev.layer_forward_train(x, &mut h, prev_cache);
        self.layer_forward_train(&h, y, cache);
    }

    /// Training forward: writes the output into `y` and what
    /// [`layer_backward`](Layer::layer_backward) needs beyond `x` and `y` into `cache`, in place
    /// (both start as [`Blank::blank`] or as a previous step's values, and are overwritten).
    ///
    /// Training mode: dropout drops, batch normalisation uses the batch's statistics and updates
    /// its running estimates (hence `&mut self`).
    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
        cache: &mut Self::Cache<B>,
    );

    /// Inference-mode forward that also records what backward needs: the same output as
    /// [`layer_forward`](Layer::layer_forward), differentiable (input gradients of the deployed
    /// behaviour). Writes as [`layer_forward_train`](Layer::layer_forward_train) does.
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &mut Output<Self, T, IN, B>,
        cache: &mut Self::Cache<B>,
    );

    /// Backward: given the forward's input `x`, output `y` and `cache`, and `dy = ∂L/∂y` for the
    /// batch, adds the parameter gradients (summed over the batch) into `grads` and returns
    /// `∂L/∂x`.
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        grads: &mut Self,
    ) -> SMatrix<T, IN, B>;

    /// `∂L/∂x` computed over `dy` itself, for a layer without parameters whose input gradient
    /// is `dy` scaled element by element (the activations): `Ok` with the scaled `dy`, no copy
    /// of the batch made. Every other layer returns `Err(dy)` unchanged (the default), and the
    /// network then calls [`layer_backward`](Layer::layer_backward) (or its `_set` or `_sgd`
    /// form). The tuple network's backward calls it between layers, where it owns the gradient
    /// the next layer returned: copying it was a `memcpy` of the whole batch per activation
    /// in every training step.
    #[inline(always)]
    #[allow(clippy::type_complexity)]
    fn layer_backward_in_place<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        dy: Output<Self, T, IN, B>,
    ) -> Result<SMatrix<T, IN, B>, Output<Self, T, IN, B>> {
        let _ = (x, y);
        Err(dy)
    }

    /// Backward for the parameter gradients only, when `∂L/∂x` is not needed (training: the first
    /// layer's input gradient is thrown away). The default calls
    /// [`layer_backward`](Layer::layer_backward); dense layers skip the `Wᵀ dY` product.
    #[inline]
    fn layer_backward_params<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        grads: &mut Self,
    ) {
        let _ = self.layer_backward(x, y, cache, dy, grads);
    }

    /// As [`layer_backward`](Layer::layer_backward), writing the parameter gradients over
    /// `grads` instead of adding them (no zeroing needed first). The default zeroes `grads` and
    /// calls `layer_backward`; dense layers write each finished tile.
    #[inline]
    fn layer_backward_set<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        grads: &mut Self,
    ) -> SMatrix<T, IN, B> {
        for i in 0..Self::TENSORS {
            grads.tensor_mut(i).fill(T::zero());
        }
        self.layer_backward(x, y, cache, dy, grads)
    }

    /// As [`layer_backward_params`](Layer::layer_backward_params), writing over `grads`.
    #[inline]
    fn layer_backward_params_set<const B: usize>(
        &self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        grads: &mut Self,
    ) {
        for i in 0..Self::TENSORS {
            grads.tensor_mut(i).fill(T::zero());
        }
        self.layer_backward_params(x, y, cache, dy, grads);
    }

    /// Backward fused with plain gradient descent: returns `∂L/∂x` (computed with the parameters
    /// as they were) and updates every parameter by `θ ← θ − η ∂L/∂θ`, with no gradient buffer.
    /// The default computes the gradients into a zeroed copy and applies them; dense layers apply
    /// each tile of the weight gradient as soon as it is finished.
    #[inline]
    fn layer_backward_sgd<const B: usize>(
        &mut self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        lr: T,
    ) -> SMatrix<T, IN, B> {
        let mut g = self.zeros_like();
        let dx = self.layer_backward(x, y, cache, dy, &mut g);
        descend(self, &g, lr);
        dx
    }

    /// As [`layer_backward_sgd`](Layer::layer_backward_sgd), without `∂L/∂x` (the first layer).
    #[inline]
    fn layer_backward_sgd_params<const B: usize>(
        &mut self,
        x: &SMatrix<T, IN, B>,
        y: &Output<Self, T, IN, B>,
        cache: &Self::Cache<B>,
        dy: &Output<Self, T, IN, B>,
        lr: T,
    ) {
        let mut g = self.zeros_like();
        self.layer_backward_params(x, y, cache, dy, &mut g);
        descend(self, &g, lr);
    }
}

/// A batch's values as one contiguous slice (nalgebra's column-major storage): how a layer's
/// default [`Layer::layer_forward_into_then`] applies the next layer's function to its output.
pub trait Elements<T> {
    /// The values, mutable.
    fn elements_mut(&mut self) -> &mut [T];
}

impl<T: Scalar, const R: usize, const C: usize> Elements<T> for SMatrix<T, R, C> {
    #[inline(always)]
    fn elements_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

/// Storage that a training forward writes into: [`Layer::Cache`] and the outputs a network keeps.
/// `blank` gives a value to be overwritten (zeros for matrices).
///
/// Implemented for `()`, nalgebra's statically sized matrices, tuples of up to 16 `Blank`s and the
/// library's caches; a custom layer's cache type implements it.
pub trait Blank {
    /// A value to be overwritten.
    fn blank() -> Self;
}

impl Blank for () {
    #[inline(always)]
    fn blank() -> Self {}
}

impl<T: Scalar, const R: usize, const C: usize> Blank for SMatrix<T, R, C> {
    #[inline(always)]
    fn blank() -> Self {
        // An array expression rather than `zeros()` (which fills through an iterator), so that
        // the zeros are written where the value lives.
        Self::from_array_storage(nalgebra::ArrayStorage([[T::zero(); R]; C]))
    }
}

macro_rules! blank_tuple {
    ($($t:ident),+) => {
        impl<$($t: Blank),+> Blank for ($($t,)+) {
            #[inline(always)]
            fn blank() -> Self {
                ($($t::blank(),)+)
            }
        }
    };
}

blank_tuple!(A);
blank_tuple!(A, B);
blank_tuple!(A, B, C);
blank_tuple!(A, B, C, D);
blank_tuple!(A, B, C, D, E);
blank_tuple!(A, B, C, D, E, F);
blank_tuple!(A, B, C, D, E, F, G);
blank_tuple!(A, B, C, D, E, F, G, H);
blank_tuple!(A, B, C, D, E, F, G, H, I);
blank_tuple!(A, B, C, D, E, F, G, H, I, J);
blank_tuple!(A, B, C, D, E, F, G, H, I, J, K);
blank_tuple!(A, B, C, D, E, F, G, H, I, J, K, L);
blank_tuple!(A, B, C, D, E, F, G, H, I, J, K, L, M);
blank_tuple!(A, B, C, D, E, F, G, H, I, J, K, L, M, N);
blank_tuple!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O);
blank_tuple!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P);

/// `θ ← θ − η g` over every parameter tensor.
fn descend<T: Scalar, N: Params<T>>(net: &mut N, g: &N, lr: T) {
    for i in 0..N::TENSORS {
        for (p, &d) in net.tensor_mut(i).iter_mut().zip(g.tensor(i)) {
            *p -= lr * d;
        }
    }
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

    /// Multiplies every gradient by `factor` (e.g. to average accumulated gradients).
    pub fn scale<T: Scalar>(&mut self, factor: T)
    where
        N: Params<T>,
    {
        for i in 0..N::TENSORS {
            for g in self.0.tensor_mut(i) {
                *g *= factor;
            }
        }
    }

    /// Euclidean norm over all gradients (the norm `clip_grad_norm_` measures), without overflow
    /// or loss of precision to underflow: f64 gradients are summed in f64; f32 gradients in f32,
    /// and again divided by the largest magnitude when their plain sum of squares overflows or
    /// is tiny (so f32 training computes no f64 arithmetic).
    pub fn norm<T: Scalar>(&self) -> T
    where
        N: Params<T>,
    {
        let s = self.sum_of_squares(|g| g);
        if core::mem::size_of::<T>() != core::mem::size_of::<f32>() {
            return s.sqrt_ieee();
        }
        // f32. A finite sum did not overflow; above `PARAMS` times the smallest normal over the
        // machine epsilon, the squares that underflowed are below a thousandth of an ulp of it.
        let tiny = T::cast_f64(f64::from(f32::MIN_POSITIVE / f32::EPSILON))
            * T::cast_f64(N::PARAMS as f64);
        if s.is_finite() && s >= tiny {
            return s.sqrt_ieee();
        }
        if s.is_nan() {
            return s;
        }
        let mut largest = T::zero();
        for i in 0..N::TENSORS {
            for &g in self.0.tensor(i) {
                largest = largest.max(g.abs());
            }
        }
        if largest == T::zero() || !largest.is_finite() {
            return largest;
        }
        largest * self.sum_of_squares(|g| g / largest).sqrt_ieee()
    }

    /// `Σ f(g)²` over all gradients, in eight partial sums so that the loop vectorises.
    #[inline(always)]
    fn sum_of_squares<T: Scalar>(&self, f: impl Fn(T) -> T) -> T
    where
        N: Params<T>,
    {
        let mut acc = [T::zero(); 8];
        for i in 0..N::TENSORS {
            let t = self.0.tensor(i);
            let chunks = t.chunks_exact(8);
            for (k, &g) in chunks.remainder().iter().enumerate() {
                let g = f(g);
                acc[k] += g * g;
            }
            for c in chunks {
                for k in 0..8 {
                    let g = f(c[k]);
                    acc[k] += g * g;
                }
            }
        }
        ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
    }
}

/// Implemented only by [`Gradients<N>`] for its own network `N`: the bound that makes passing the
/// gradients of one network to another a compile error naming both networks.
#[diagnostic::on_unimplemented(
    message = "these are not gradients of this network: expected `Gradients<{N}>`, found `{Self}`",
    label = "gradients of a different network",
    note = "gradients have their network's type; create them with `net.zero_gradients()` from the network they belong to"
)]
pub trait GradientsOf<N> {
    /// The gradients.
    fn gradients(&self) -> &Gradients<N>;
    /// The gradients, mutable.
    fn gradients_mut(&mut self) -> &mut Gradients<N>;
}

impl<N> GradientsOf<N> for Gradients<N> {
    #[inline(always)]
    fn gradients(&self) -> &Gradients<N> {
        self
    }
    #[inline(always)]
    fn gradients_mut(&mut self) -> &mut Gradients<N> {
        self
    }
}

/// Implemented only by [`Gradients<N>`]: the bound of the functions that take gradients of any
/// network (clipping), so that passing something else — the network itself, say — is an error
/// that says what was expected.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set of gradients",
    label = "expected a `Gradients<NETWORK>`",
    note = "pass the gradients that backward filled (`let mut grads = net.zero_gradients();`), not the network"
)]
pub trait AnyGradients {
    /// The network these are gradients of.
    type Network;
    /// The gradients.
    fn gradients(&self) -> &Gradients<Self::Network>;
    /// The gradients, mutable.
    fn gradients_mut(&mut self) -> &mut Gradients<Self::Network>;
}

impl<N> AnyGradients for Gradients<N> {
    type Network = N;
    #[inline(always)]
    fn gradients(&self) -> &Gradients<N> {
        self
    }
    #[inline(always)]
    fn gradients_mut(&mut self) -> &mut Gradients<N> {
        self
    }
}

/// Implemented only by `N` itself: the bound that makes using an optimizer (or other per-network
/// state) created for one network with another a compile error naming both networks.
#[diagnostic::on_unimplemented(
    message = "this state was created for network `{N}`, not for `{Self}`",
    label = "a different network",
    note = "optimizer state has its network's type: create it from the network it will update"
)]
pub trait NetworkOf<N> {
    /// The network.
    fn network(&self) -> &N;
    /// The network, mutable.
    fn network_mut(&mut self) -> &mut N;
}

impl<N> NetworkOf<N> for N {
    #[inline(always)]
    fn network(&self) -> &N {
        self
    }
    #[inline(always)]
    fn network_mut(&mut self) -> &mut N {
        self
    }
}

/// What a network's training forward recorded for backward: tied to the network type `N`, its
/// scalar `T`, input width `IN` and batch `B`.
pub struct Tape<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> {
    input: SMatrix<T, IN, B>,
    output: Output<N, T, IN, B>,
    cache: N::Cache<B>,
    _net: PhantomData<fn() -> (N, T)>,
}

impl<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> Tape<N, T, IN, B> {
    /// Size of the tape in bytes: the input, the output and every layer's cache for `B` samples
    /// (or `B` time steps of a sequence: a recurrent layer keeps its gates for every step). A
    /// long sequence's tape can be large; [`Model::backprop_in`] takes one the caller placed
    /// (on the stack, in a `static`, or in a `Box`).
    pub const BYTES: usize = core::mem::size_of::<Self>();

    /// An empty tape (zeros), to be written by [`Model::backprop_in`].
    pub fn new() -> Self {
        Self {
            input: SMatrix::zeros(),
            output: Blank::blank(),
            cache: Blank::blank(),
            _net: PhantomData,
        }
    }

    /// A tape for input `x`, its output and cache blank (to be written by a forward).
    #[inline(always)]
    fn blank(x: &SMatrix<T, IN, B>) -> Self {
        Self {
            input: *x,
            output: Blank::blank(),
            cache: Blank::blank(),
            _net: PhantomData,
        }
    }

    /// The network's cache: for a tuple network, its layers' outputs but the last, then its
    /// layers' caches. (A dense layer's output is left blank when the activation after it was
    /// fused into it in a training forward: backward reads neither.)
    pub fn cache(&self) -> &N::Cache<B> {
        &self.cache
    }

    /// The input batch the tape was recorded on.
    pub fn input(&self) -> &SMatrix<T, IN, B> {
        &self.input
    }

    /// The output batch the network gave.
    pub fn output(&self) -> &Output<N, T, IN, B> {
        &self.output
    }
}

impl<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> Default for Tape<N, T, IN, B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> core::fmt::Debug
    for Tape<N, T, IN, B>
where
    N::Cache<B>: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Tape")
            .field("input", &self.input)
            .field("output", &self.output)
            .field("cache", &self.cache)
            .finish()
    }
}

/// A [`Tape`] recorded by network `N`: the bound [`Model::backward`] puts on its tape, so that a
/// tape of another network is a compile error naming both.
#[diagnostic::on_unimplemented(
    message = "this is not a tape recorded by network `{N}`",
    label = "not this network's tape",
    note = "backward takes the tape that this network's `forward_train` (or `forward_tape`) returned"
)]
pub trait TapeOf<N> {
    /// The input batch the tape was recorded on, `SMatrix<T, IN, B>` (the type of ∂L/∂x).
    type Input;
    /// The output batch, `SMatrix<T, OUT, B>` (the type of ∂L/∂y).
    type Output;

    /// Backward through `net`: adds parameter gradients into `grads`, returns ∂L/∂x.
    fn backward(&self, net: &N, dy: &Self::Output, grads: &mut Gradients<N>) -> Self::Input;

    /// Backward through `net` for the parameter gradients only.
    fn backward_params(&self, net: &N, dy: &Self::Output, grads: &mut Gradients<N>);

    /// Backward through `net` fused with plain gradient descent at learning rate `lr` (rounded to
    /// the network's scalar): every parameter θ becomes `θ − lr · ∂L/∂θ`, no gradients are kept.
    fn descend(&self, net: &mut N, dy: &Self::Output, lr: f64);
}

impl<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize> TapeOf<N> for Tape<N, T, IN, B> {
    type Input = SMatrix<T, IN, B>;
    type Output = Output<N, T, IN, B>;

    #[inline(always)]
    fn backward(&self, net: &N, dy: &Self::Output, grads: &mut Gradients<N>) -> Self::Input {
        net.layer_backward(&self.input, &self.output, &self.cache, dy, &mut grads.0)
    }

    #[inline(always)]
    fn backward_params(&self, net: &N, dy: &Self::Output, grads: &mut Gradients<N>) {
        net.layer_backward_params(&self.input, &self.output, &self.cache, dy, &mut grads.0);
    }

    #[inline(always)]
    fn descend(&self, net: &mut N, dy: &Self::Output, lr: f64) {
        net.layer_backward_sgd_params(&self.input, &self.output, &self.cache, dy, T::cast_f64(lr));
    }
}

/// An input batch for network `N`: implemented for `SMatrix<T, IN, B>` whenever
/// `N: Layer<T, IN>`.
///
/// [`Model`]'s methods take their input as a generic `X: InputFor<Self>` rather than as
/// `SMatrix<T, IN, B>` directly. This is what makes an input of the wrong width a readable error:
/// rustc learns the input's type from the argument first, then reports the unsatisfied
/// `Layer<T, IN>` bound of the first layer that cannot take it ("`Dense<2, 3>` cannot take a
/// 3-feature `f32` input"), instead of a type mismatch between nalgebra matrices.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an input batch for network `{N}`",
    label = "expected an `SMatrix<T, INPUTS, BATCH>` with one sample per column",
    note = "inputs are nalgebra matrices: `SMatrix::<f32, INPUTS, BATCH>::from_column_slice(..)`"
)]
pub trait InputFor<N>: Sized {
    /// The scalar type.
    type Scalar: Scalar;
    /// The network's output for this batch, `SMatrix<T, OUT, B>`.
    type Output;
    /// The training forward's record, [`Tape<N, T, IN, B>`]; backward goes through its
    /// [`TapeOf`].
    type Tape: TapeOf<N, Input = Self, Output = Self::Output>;

    /// The network's recurrent state ([`Layer::State`]).
    type State: Copy + Blank;

    /// Inference forward of `net` on this batch.
    fn forward(net: &N, x: &Self) -> Self::Output;

    /// Streaming forward of `net` from `state` (the columns are consecutive frames).
    fn step(net: &N, state: &mut Self::State, x: &Self) -> Self::Output;

    /// Training forward of `net` on this batch.
    fn forward_train(net: &mut N, x: &Self) -> (Self::Output, Self::Tape);

    /// Inference-mode forward of `net` on this batch, recording a tape.
    fn forward_tape(net: &N, x: &Self) -> (Self::Output, Self::Tape);

    /// A training step without a [`Tape`] value: training forward from `state` (left as it is
    /// after the last frame), `loss` (the loss and its gradient at the output), and backward
    /// adding the parameter gradients into `grads`. Returns the loss. What [`Model::backprop`] runs: the layers write their outputs in place
    /// and the input is not copied.
    fn backprop_with<V>(
        net: &mut N,
        state: &mut Self::State,
        x: &Self,
        grads: &mut Gradients<N>,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V;

    /// As [`backprop_with`](InputFor::backprop_with), with the forward's output and caches
    /// written into `tape` (the caller's storage) instead of locals (see [`Model::backprop_in`]).
    fn backprop_in_with<V>(
        net: &mut N,
        tape: &mut Self::Tape,
        state: &mut Self::State,
        x: &Self,
        grads: &mut Gradients<N>,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V;

    /// As [`backprop_with`](InputFor::backprop_with), writing the gradients over `grads` instead
    /// of adding them (see [`Model::gradients`]).
    fn gradients_with<V>(
        net: &mut N,
        state: &mut Self::State,
        x: &Self,
        grads: &mut Gradients<N>,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V;

    /// As [`backprop_with`](InputFor::backprop_with), fused with plain gradient descent at
    /// learning rate `lr` (see [`Model::backprop_sgd`]).
    fn descend_with<V>(
        net: &mut N,
        state: &mut Self::State,
        x: &Self,
        lr: f64,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V;
}

impl<N, T, const IN: usize, const B: usize> InputFor<N> for SMatrix<T, IN, B>
where
    T: Scalar,
    N: Layer<T, IN>,
{
    type Scalar = T;
    type Output = Output<N, T, IN, B>;
    type Tape = Tape<N, T, IN, B>;
    type State = N::State;

    #[inline(always)]
    fn forward(net: &N, x: &Self) -> Self::Output {
        net.layer_forward(x)
    }

    #[inline(always)]
    fn step(net: &N, state: &mut N::State, x: &Self) -> Self::Output {
        let mut y = Blank::blank();
        net.layer_step(state, x, &mut y);
        y
    }

    #[inline(always)]
    fn forward_train(net: &mut N, x: &Self) -> (Self::Output, Self::Tape) {
        let mut tape = Tape::blank(x);
        net.layer_forward_train(x, &mut tape.output, &mut tape.cache);
        (tape.output, tape)
    }

    #[inline(always)]
    fn forward_tape(net: &N, x: &Self) -> (Self::Output, Self::Tape) {
        let mut tape = Tape::blank(x);
        net.layer_forward_tape(x, &mut tape.output, &mut tape.cache);
        (tape.output, tape)
    }

    #[inline(always)]
    fn backprop_with<V>(
        net: &mut N,
        state: &mut Self::State,
        x: &Self,
        grads: &mut Gradients<N>,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V {
        train_step(net, state, x, loss, |net, y, cache, dy| {
            net.layer_backward_params(x, y, cache, dy, &mut grads.0);
        })
    }

    #[inline(always)]
    fn backprop_in_with<V>(
        net: &mut N,
        tape: &mut Self::Tape,
        state: &mut N::State,
        x: &Self,
        grads: &mut Gradients<N>,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V {
        tape.input = *x;
        train_step_into(
            net,
            state,
            x,
            &mut tape.output,
            &mut tape.cache,
            loss,
            |net, y, cache, dy| net.layer_backward_params(x, y, cache, dy, &mut grads.0),
        )
    }

    // A function of its own, not inlined into the caller's loop: inlined, the step's matrices
    // were copied between stack temporaries by `memcpy` calls (`perf record` of
    // `C/train32_adam` in `benches/benches/networks.rs`), and outlined it measured faster there
    // in both builds.
    #[inline(never)]
    fn gradients_with<V>(
        net: &mut N,
        state: &mut Self::State,
        x: &Self,
        grads: &mut Gradients<N>,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V {
        train_step(net, state, x, loss, |net, y, cache, dy| {
            net.layer_backward_params_set(x, y, cache, dy, &mut grads.0);
        })
    }

    // (Outlined like `gradients_with`, network B's fused SGD step, `B/train32_sgd`, measured
    // faster in the portable build but slower with `-C target-cpu=native`: left inlined.)
    #[inline(always)]
    fn descend_with<V>(
        net: &mut N,
        state: &mut Self::State,
        x: &Self,
        lr: f64,
        loss: impl FnOnce(&Self::Output) -> (V, Self::Output),
    ) -> V {
        train_step(net, state, x, loss, |net, y, cache, dy| {
            net.layer_backward_sgd_params(x, y, cache, dy, T::cast_f64(lr));
        })
    }
}

/// Training forward from `state` into local storage (no `Tape` value, the input not copied), `loss`, then
/// `backward(net, y, cache, dy)`; returns the loss.
#[inline(always)]
fn train_step<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize, V>(
    net: &mut N,
    state: &mut N::State,
    x: &SMatrix<T, IN, B>,
    loss: impl FnOnce(&Output<N, T, IN, B>) -> (V, Output<N, T, IN, B>),
    backward: impl FnOnce(&mut N, &Output<N, T, IN, B>, &N::Cache<B>, &Output<N, T, IN, B>),
) -> V {
    let mut y = Blank::blank();
    let mut cache = Blank::blank();
    train_step_into(net, state, x, &mut y, &mut cache, loss, backward)
}

/// [`train_step`] into the caller's output and cache (a [`Tape`]'s).
#[inline(always)]
fn train_step_into<N: Layer<T, IN>, T: Scalar, const IN: usize, const B: usize, V>(
    net: &mut N,
    state: &mut N::State,
    x: &SMatrix<T, IN, B>,
    y: &mut Output<N, T, IN, B>,
    cache: &mut N::Cache<B>,
    loss: impl FnOnce(&Output<N, T, IN, B>) -> (V, Output<N, T, IN, B>),
    backward: impl FnOnce(&mut N, &Output<N, T, IN, B>, &N::Cache<B>, &Output<N, T, IN, B>),
) -> V {
    net.layer_forward_train_from(state, x, y, cache);
    let (value, dy) = loss(y);
    backward(net, y, cache, &dy);
    value
}

/// The methods a user calls on a network (any [`Layer`], including tuples of layers).
///
/// Implemented for every type; each method requires the input to be an [`InputFor<Self>`], which
/// holds when `Self: Layer<T, IN>`. Calling a method on a network whose sizes do not chain, or with
/// an input of the wrong width, is a compile error that names the layer and the sizes.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let mut net = (
///     Dense::<2, 3>::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0, 0.1, 0.2]),
///     Sigmoid,
///     Dense::<3, 1>::from_rows([[0.7, 0.8, 0.9]], [0.3]),
///     Sigmoid,
/// );
/// // A batch of 3 samples, one per column.
/// let x = SMatrix::<f32, 2, 3>::new(1.0, 2.0, 3.0, 2.0, 3.0, 4.0);
/// let t = SMatrix::<f32, 1, 3>::new(1.0, 0.0, 1.0);
///
/// // Step by step: forward keeping a tape, the loss gradient, backward.
/// let (y, tape) = net.forward_train(&x);
/// let dy = HalfSquaredError.gradient(&y, &t);
/// let mut grads = net.zero_gradients();
/// let dx = net.backward(&tape, &dy, &mut grads);
/// assert_eq!(dx.shape(), (2, 3));
///
/// // Or in one call.
/// let mut again = net.zero_gradients();
/// let loss = net.backprop(&HalfSquaredError, &x, &t, &mut again);
/// assert_eq!(loss, HalfSquaredError.value(&y, &t));
/// assert_eq!(grads, again);
/// ```
pub trait Model: Sized {
    /// Inference forward on a batch (columns are samples).
    #[inline(always)]
    fn forward<X: InputFor<Self>>(&self, x: &X) -> X::Output {
        X::forward(self, x)
    }

    /// Streaming inference: the columns of `x` are consecutive frames, run from `state`, which
    /// is left as it is after the last one. With one column, one frame in and one frame out; a
    /// feed-forward network (state `()`) gives what [`forward`](Model::forward) gives.
    ///
    /// ```
    /// use constnet::prelude::*;
    /// use constnet::init::Init;
    /// use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
    ///
    /// let net = (Gru::<1, 4, f64>::zeros(), Dense::<4, 1, f64>::zeros())
    ///     .initialized(Init::PyTorch, &mut Xoshiro256PlusPlus::seed_from_u64(1));
    /// let x = SMatrix::<f64, 1, 6>::from_column_slice(&[0.1, 0.5, -0.2, 0.3, 0.0, 1.0]);
    /// // The whole sequence at once, from the initial state …
    /// let y = net.forward(&x);
    /// // … or frame by frame, the state carried between calls.
    /// let mut state = net.zero_state();
    /// for t in 0..6 {
    ///     let yt = net.step(&mut state, &SMatrix::<f64, 1, 1>::new(x[t]));
    ///     assert_eq!(yt[0], y[t]);
    /// }
    /// ```
    #[inline(always)]
    fn step<X: InputFor<Self>>(&self, state: &mut X::State, x: &X) -> X::Output {
        X::step(self, state, x)
    }

    /// The initial state of this network ([`Layer::State`] at its own input width and scalar):
    /// zeros, as PyTorch's default `h0`; `()`s for a feed-forward network.
    fn zero_state(&self) -> StateOf<Self>
    where
        Self: Signature,
        <Self as Signature>::In:
            StateAt<Self, <<Self as Signature>::Scalar as MaybeScalar>::Resolved>,
    {
        Blank::blank()
    }

    /// Training forward: the output and a [`Tape`] for [`backward`](Model::backward).
    ///
    /// Training mode (dropout active, batch statistics); `&mut self` because batch normalisation
    /// updates its running estimates and dropout advances its random generator.
    #[inline(always)]
    fn forward_train<X: InputFor<Self>>(&mut self, x: &X) -> (X::Output, X::Tape) {
        X::forward_train(self, x)
    }

    /// Inference-mode forward that records a [`Tape`]: the output equals
    /// [`forward`](Model::forward)'s, and [`backward`](Model::backward) then differentiates the
    /// deployed behaviour (input gradients, sensitivity analysis).
    #[inline(always)]
    fn forward_tape<X: InputFor<Self>>(&self, x: &X) -> (X::Output, X::Tape) {
        X::forward_tape(self, x)
    }

    /// Backward for the parameter gradients only (∂L/∂θ added into `grads`), skipping the
    /// network's input gradient: what training needs, a little faster than
    /// [`backward`](Model::backward).
    #[inline(always)]
    fn backward_params<Tp, Dy, G>(&self, tape: &Tp, dy: &Dy, grads: &mut G)
    where
        Tp: TapeOf<Self>,
        Dy: OutputGradient<Tp::Output>,
        G: GradientsOf<Self>,
    {
        tape.backward_params(self, dy.as_output(), grads.gradients_mut());
    }

    /// Backward by the chain rule: adds ∂L/∂θ into `grads` and returns ∂L/∂x.
    ///
    /// `tape` is what [`forward_train`](Model::forward_train) (or
    /// [`forward_tape`](Model::forward_tape)) of this network returned, `dy` is ∂L/∂y for its
    /// output batch (a loss's [`gradient`](Loss::gradient)), `grads` this network's
    /// [`Gradients`]. A tape of another network, a `dy` of another width, batch or scalar, and
    /// gradients of another network are compile errors that say which.
    #[inline(always)]
    fn backward<Tp, Dy, G>(&self, tape: &Tp, dy: &Dy, grads: &mut G) -> Tp::Input
    where
        Tp: TapeOf<Self>,
        Dy: OutputGradient<Tp::Output>,
        G: GradientsOf<Self>,
    {
        tape.backward(self, dy.as_output(), grads.gradients_mut())
    }

    /// Zeroed gradients for this network.
    fn zero_gradients<T: Scalar>(&self) -> Gradients<Self>
    where
        Self: Params<T>,
    {
        Gradients(self.zeros_like())
    }

    /// Forward, loss and backward in one call: adds the batch's gradients into `grads` and returns
    /// the loss. The target's shape is checked against the output's at compile time.
    fn backprop<T, X, L, Tg, G, const O: usize, const B: usize>(
        &mut self,
        loss: &L,
        x: &X,
        target: &Tg,
        grads: &mut G,
    ) -> T
    where
        T: Scalar,
        X: InputFor<Self, Output = SMatrix<T, O, B>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
        G: GradientsOf<Self>,
    {
        X::backprop_with(self, &mut Blank::blank(), x, grads.gradients_mut(), |y| {
            loss.loss_and_gradient(y, target.as_target())
        })
    }

    /// [`backprop`](Model::backprop) from a carried state: truncated backpropagation through
    /// time. The training forward starts from `state` and leaves there the state after the last
    /// frame, for the next chunk of the same signal; gradients do not flow into it (it is
    /// detached, as `h.detach()` in PyTorch). With `state` blank, the same as `backprop`.
    fn backprop_from<T, X, L, Tg, G, const O: usize, const B: usize>(
        &mut self,
        state: &mut X::State,
        loss: &L,
        x: &X,
        target: &Tg,
        grads: &mut G,
    ) -> T
    where
        T: Scalar,
        X: InputFor<Self, Output = SMatrix<T, O, B>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
        G: GradientsOf<Self>,
    {
        X::backprop_with(self, state, x, grads.gradients_mut(), |y| {
            loss.loss_and_gradient(y, target.as_target())
        })
    }

    /// [`backprop_from`](Model::backprop_from) with the training tape in the caller's storage:
    /// the forward writes its output and every layer's cache into `tape` rather than into locals
    /// on the stack. A recurrent network keeps its gates for every step, so a long chunk's tape
    /// is large ([`Tape::BYTES`]); place it where it fits — a `static`, or a `Box` on std — and
    /// reuse it for every chunk.
    ///
    /// ```
    /// use constnet::prelude::*;
    /// use constnet::Tape;
    ///
    /// type Amp = Residual<(Gru<1, 8>, Dense<8, 1>)>;
    /// type Chunk = Tape<Amp, f32, 1, 4096>;
    /// assert!(Chunk::BYTES > 500_000); // half a megabyte: not for a small thread's stack
    /// let mut tape = Box::new(Chunk::new());
    /// let mut amp = Amp::zeroed();
    /// let (mut state, mut grads) = (amp.zero_state(), amp.zero_gradients());
    /// let x = SMatrix::<f32, 1, 4096>::repeat(0.1);
    /// let loss = amp.backprop_in(&mut *tape, &mut state, &Mse, &x, &x, &mut grads);
    /// assert_eq!(loss, 0.0); // zero weights: the skip connection is the identity
    /// ```
    #[allow(clippy::too_many_arguments)]
    fn backprop_in<T, X, L, Tg, G, const O: usize, const B: usize>(
        &mut self,
        tape: &mut X::Tape,
        state: &mut X::State,
        loss: &L,
        x: &X,
        target: &Tg,
        grads: &mut G,
    ) -> T
    where
        T: Scalar,
        X: InputFor<Self, Output = SMatrix<T, O, B>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
        G: GradientsOf<Self>,
    {
        X::backprop_in_with(self, tape, state, x, grads.gradients_mut(), |y| {
            loss.loss_and_gradient(y, target.as_target())
        })
    }

    /// Forward, loss and backward in one call, *writing* the batch's gradients into `grads`
    /// (rather than adding them, as [`backprop`](Model::backprop) does): the same values as
    /// `grads.zero()` then `backprop`, without the zeroing, and each finished tile of `∂L/∂W`
    /// stored rather than added. Returns the loss. What a training step that starts from fresh
    /// gradients calls (`fit` does, for every full batch).
    ///
    /// ```
    /// use constnet::prelude::*;
    /// use nalgebra::SMatrix;
    ///
    /// let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    /// let (x, t) = (SMatrix::<f32, 2, 4>::repeat(0.5), SMatrix::<f32, 1, 4>::repeat(1.0));
    /// let mut grads = net.zero_gradients();
    /// net.backprop(&Mse, &x, &t, &mut grads);
    /// let mut written = net.zero_gradients();
    /// written.scale(7.0); // whatever it held is overwritten
    /// net.gradients(&Mse, &x, &t, &mut written);
    /// assert_eq!(grads, written);
    /// ```
    fn gradients<T, X, L, Tg, G, const O: usize, const B: usize>(
        &mut self,
        loss: &L,
        x: &X,
        target: &Tg,
        grads: &mut G,
    ) -> T
    where
        T: Scalar,
        X: InputFor<Self, Output = SMatrix<T, O, B>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
        G: GradientsOf<Self>,
    {
        X::gradients_with(self, &mut Blank::blank(), x, grads.gradients_mut(), |y| {
            loss.loss_and_gradient(y, target.as_target())
        })
    }

    /// One step of plain gradient descent, fused: forward, loss, and a backward pass that updates
    /// every parameter by `θ ← θ − lr · ∂L/∂θ` as soon as its gradient is finished, with no
    /// gradient buffer and no separate optimizer pass. Returns the loss before the step.
    ///
    /// The same update as [`Sgd`](crate::optim::Sgd) without momentum or weight decay after
    /// [`backprop`](Model::backprop) into zeroed gradients, up to rounding (the product
    /// `lr · ∂L/∂θ` is fused into the update where the target has FMA); the fastest training step
    /// the library has. For momentum, Adam, clipping or gradient accumulation use `backprop`
    /// and an optimizer.
    ///
    /// ```
    /// use constnet::prelude::*;
    /// use nalgebra::SMatrix;
    ///
    /// let mut net = Dense::<1, 1, f64>::from_rows([[1.0]], [0.0]);
    /// let (x, t) = (SMatrix::<f64, 1, 1>::new(1.0), SMatrix::<f64, 1, 1>::new(3.0));
    /// for _ in 0..200 {
    ///     net.backprop_sgd(&Mse, &x, &t, 0.1);
    /// }
    /// assert!((net.forward(&x)[0] - 3.0).abs() < 1e-6);
    /// ```
    fn backprop_sgd<T, X, L, Tg, const O: usize, const B: usize>(
        &mut self,
        loss: &L,
        x: &X,
        target: &Tg,
        lr: f64,
    ) -> T
    where
        T: Scalar,
        X: InputFor<Self, Output = SMatrix<T, O, B>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
    {
        X::descend_with(self, &mut Blank::blank(), x, lr, |y| {
            loss.loss_and_gradient(y, target.as_target())
        })
    }

    /// ∂L/∂x, the gradient of the loss with respect to the input batch (saliency, explanation,
    /// adversarial examples), in inference mode. Parameter gradients are computed and discarded.
    fn input_gradient<T, X, L, Tg, const O: usize, const B: usize>(
        &self,
        loss: &L,
        x: &X,
        target: &Tg,
    ) -> X
    where
        T: Scalar,
        X: InputFor<Self, Output = SMatrix<T, O, B>>,
        L: Loss<T, O>,
        Tg: TargetFor<L::Target<B>>,
        Self: Params<T>,
    {
        let (y, tape) = X::forward_tape(self, x);
        let dy = loss.loss_gradient(&y, target.as_target());
        let mut scratch = self.zero_gradients();
        tape.backward(self, &dy, &mut scratch)
    }

    /// This network with every parameter initialised by `init` from `rng` (see [`crate::init`]).
    #[must_use]
    fn initialized<T, R>(mut self, init: crate::init::Init, rng: &mut R) -> Self
    where
        T: Scalar,
        Self: Params<T> + Chained,
        R: rand::Rng + ?Sized,
    {
        crate::init::initialize(&mut self, init, rng);
        self
    }

    /// Initialises every parameter in place by `init` from `rng` (see [`crate::init`]).
    fn initialize<T, R>(&mut self, init: crate::init::Init, rng: &mut R)
    where
        T: Scalar,
        Self: Params<T> + Chained,
        R: rand::Rng + ?Sized,
    {
        crate::init::initialize(self, init, rng);
    }

    /// Number of trainable scalars (the same as `<Self as Params<T>>::PARAMS`).
    fn param_count<T: Scalar>(&self) -> usize
    where
        Self: Params<T>,
    {
        Self::PARAMS
    }
}

impl<N: Module> Model for N {}
