//! Compile-time shape checks with readable errors.
//!
//! Every size in constnet is a const generic, so a shape bug is a type error. Left to itself, rustc
//! reports such errors in nalgebra's terms (`Matrix<f32, Const<3>, Const<1>, ArrayStorage<…>>`,
//! `ShapeConstraint`, `DimEq`). Instead, each place where two sizes must agree is written as a bound
//! on one of the small traits below, which are implemented only for equal sizes and carry
//! `#[diagnostic::on_unimplemented]`. A mismatch then reads, for example:
//!
//! ```text
//! error[E0277]: loss target has 2 values per sample, but the network outputs 1
//! ```
//!
//! The size checks are implemented for [`ShapeCheck`] only, and the traits that accept a value
//! (a weight array, a target, an output gradient) for the types they accept; user code never names
//! them except in generic bounds.

use nalgebra::{Const, SMatrix};

use crate::Scalar;

/// The type all shape-check traits are implemented for. It carries no data.
#[derive(Clone, Copy, Debug)]
pub struct ShapeCheck;

/// A layer's output width, as a type (`Const<N>`), with the matrix type of a batch of that width.
///
/// Layers name their output width through this trait because stable Rust cannot yet use an
/// associated constant as a const-generic argument; `Const<N>` carries the number instead, and
/// generic code recovers it with an associated-type binding
/// (`L: Signature<OutputFor<Const<I>> = Const<O>>`, part of [`Network<T, I, O>`](crate::Network)).
pub trait Width: Copy {
    /// The width as a number.
    const N: usize;
    /// A batch of `B` samples of this width: `SMatrix<T, N, B>`.
    type Matrix<T: Scalar, const B: usize>: Copy
        + core::fmt::Debug
        + PartialEq
        + crate::layer::Blank
        + crate::layer::Elements<T>;
}

impl<const N: usize> Width for Const<N> {
    const N: usize = N;
    type Matrix<T: Scalar, const B: usize> = SMatrix<T, N, B>;
}

/// `A == B` for a loss target's width (values per sample). Implemented only when they are equal.
#[diagnostic::on_unimplemented(
    message = "loss target has {B} values per sample, but the network outputs {A}",
    label = "this target has {B} rows; the network's output has {A}",
    note = "columns are samples: a target for a network with {A} outputs is an `SMatrix<T, {A}, BATCH>`"
)]
pub trait SameWidth<const A: usize, const B: usize> {
    /// Views a matrix with `B` rows as one with `A` rows (the identity, since `A == B`).
    fn rows<T: Scalar, const C: usize>(m: &SMatrix<T, B, C>) -> &SMatrix<T, A, C>;
    /// Views an array of `B` values as one of `A` values (the identity, since `A == B`).
    fn values<X>(a: &[X; B]) -> &[X; A];
}

/// `O == C` for a loss with a weight per output (class weights, positive weights): implemented
/// only when they are equal.
#[diagnostic::on_unimplemented(
    message = "{C} loss weights given for a network of {O} outputs",
    label = "a loss with {C} weights",
    note = "a weighted loss has one weight per output: `WeightedCrossEntropy::new([w; {O}])`"
)]
pub trait WeightCount<const O: usize, const C: usize> {
    /// Views `C` weights as `O` (the identity, since `O == C`).
    fn weights<X>(w: &[X; C]) -> &[X; O];
}

impl<const N: usize> WeightCount<N, N> for ShapeCheck {
    #[inline(always)]
    fn weights<X>(w: &[X; N]) -> &[X; N] {
        w
    }
}

impl<const N: usize> SameWidth<N, N> for ShapeCheck {
    #[inline(always)]
    fn rows<T: Scalar, const C: usize>(m: &SMatrix<T, N, C>) -> &SMatrix<T, N, C> {
        m
    }
    #[inline(always)]
    fn values<X>(a: &[X; N]) -> &[X; N] {
        a
    }
}

/// `A == B` for batch sizes: a target (or label array) must hold as many samples as the input.
#[diagnostic::on_unimplemented(
    message = "batch size mismatch: the network's output holds {A} samples, but the target holds {B}",
    label = "this holds {B} samples; the input batch holds {A}",
    note = "columns are samples: the target needs one column (or one label) per input column"
)]
pub trait SameBatch<const A: usize, const B: usize> {
    /// Views a matrix with `B` columns as one with `A` columns (the identity, since `A == B`).
    fn cols<T: Scalar, const R: usize>(m: &SMatrix<T, R, B>) -> &SMatrix<T, R, A>;
    /// Views an array of `B` items as one of `A` items (the identity, since `A == B`).
    fn items<X>(a: &[X; B]) -> &[X; A];
}

impl<const N: usize> SameBatch<N, N> for ShapeCheck {
    #[inline(always)]
    fn cols<T: Scalar, const R: usize>(m: &SMatrix<T, R, N>) -> &SMatrix<T, R, N> {
        m
    }
    #[inline(always)]
    fn items<X>(a: &[X; N]) -> &[X; N] {
        a
    }
}

/// The weight array given to a dense layer has the layer's shape: `O` rows of `I` values.
#[diagnostic::on_unimplemented(
    message = "weights of shape [{R}][{C}] do not fit a dense layer of {I} inputs and {O} outputs, which takes [{O}][{I}]",
    label = "expected [{O}][{I}]: one row per output, one column per input",
    note = "weights are row-major `[[T; INPUTS]; OUTPUTS]`, PyTorch's `nn.Linear.weight` layout"
)]
pub trait WeightShape<const I: usize, const O: usize, const R: usize, const C: usize> {
    /// Views `[[X; C]; R]` as `[[X; I]; O]` (the identity, since the sizes are equal).
    fn rows<X: Copy>(w: [[X; C]; R]) -> [[X; I]; O];
}

impl<const I: usize, const O: usize> WeightShape<I, O, O, I> for ShapeCheck {
    #[inline(always)]
    fn rows<X: Copy>(w: [[X; I]; O]) -> [[X; I]; O] {
        w
    }
}

/// The bias array given to a dense layer has one value per output.
#[diagnostic::on_unimplemented(
    message = "a bias of {R} values does not fit a dense layer of {O} outputs",
    label = "expected {O} values, one per output"
)]
pub trait BiasShape<const O: usize, const R: usize> {
    /// Views `[X; R]` as `[X; O]` (the identity, since `O == R`).
    fn values<X: Copy>(b: [X; R]) -> [X; O];
}

impl<const O: usize> BiasShape<O, O> for ShapeCheck {
    #[inline(always)]
    fn values<X: Copy>(b: [X; O]) -> [X; O] {
        b
    }
}

/// Returns `w` as a `U`, for a `W` that the caller's bounds prove to be the type `U` itself.
///
/// The `const` constructors take their arrays and matrices as generic arguments bounded by
/// [`WeightArray`], [`BiasArray`], [`FeatureArray`], [`WeightMatrix`] or [`VectorOf`] (see there for
/// why); those bounds hold only when the argument *is* the layer's own array or matrix type, which
/// the type checker cannot see inside a generic `const fn` (trait methods cannot be called there).
/// Functions that are not `const` use the traits' safe conversions instead.
#[allow(unsafe_code)]
pub(crate) const fn same_type<W: Copy, U: Copy>(w: W) -> U {
    const {
        assert!(core::mem::size_of::<W>() == core::mem::size_of::<U>());
        assert!(core::mem::align_of::<W>() == core::mem::align_of::<U>());
    }
    // SAFETY: every caller is a `const fn` in an `impl<T: Scalar, …>` block whose bound on `W` holds
    // only when `W` is exactly `U`:
    // * `WeightArray<T, I, O>`, `BiasArray<T, O>` and `FeatureArray<T, N>` are implemented by this
    //   crate only for `[[T; C]; R]` / `[T; R]` with `T` = `f32` or `f64` and the sizes equal (the
    //   `WeightShape`, `BiasShape` and `FeatureShape` bounds, whose only implementations are for
    //   equal const arguments on `ShapeCheck`). Another crate may implement them only with a type
    //   of its own in the trait's arguments (the orphan rule), i.e. only for a `T` of its own, and
    //   `T: Scalar` is sealed to `f32` and `f64`: such an implementation can never meet a caller.
    // * `WeightMatrix<T, I, O>` and `VectorOf<T, O>` are sealed (their supertrait is private and
    //   implemented for `SMatrix` only), and this crate implements them only for `SMatrix<E, R, C>`
    //   with `E == T` (`SameScalar`, implemented only for equal types) and `R × C == O × I`, resp.
    //   `R × C == O × 1` (`MatrixShape`, `VectorShape`, `IsColumn`).
    // The const block re-checks size and alignment. Reading a `Copy` value of the same type
    // through a cast pointer to a live local is a plain copy.
    unsafe { core::ptr::read((&w as *const W).cast::<U>()) }
}

mod sealed {
    pub trait Sealed {}
    impl<X, const R: usize> Sealed for [X; R] {}
    impl<E, const R: usize, const C: usize> Sealed for nalgebra::SMatrix<E, R, C> {}
}

/// A row-major weight array `[[T; I]; O]` for a dense layer with `I` inputs and `O` outputs.
///
/// Implemented for arrays `[[T; C]; R]` of `f32` or `f64` with `R == O` and `C == I`, checked
/// through [`WeightShape`] so that a wrong shape names both shapes. The constructors take the array
/// as a generic argument bounded by this trait, which lets rustc see the array's actual shape before
/// it checks the bound.
///
/// There is one implementation per scalar type (`f32`, `f64`) rather than one generic in `T`. With
/// float literals (`[[0.5, 1.0], …]`) both apply until the layer's type is known, so rustc takes
/// the layer's sizes from the declared type (`static L: Dense<3, 2> = Dense::from_rows(…)`) and
/// then checks the arrays against it, instead of inferring the sizes from the arrays and reporting
/// a type mismatch with the declaration.
#[diagnostic::on_unimplemented(
    message = "weights `{Self}` do not fit a dense layer of {I} inputs and {O} outputs in `{T}`",
    label = "expected `[[{T}; {I}]; {O}]`: one row per output, one column per input",
    note = "weights are row-major `[[T; INPUTS]; OUTPUTS]`, PyTorch's `nn.Linear.weight` layout, of the layer's scalar type"
)]
pub trait WeightArray<T, const I: usize, const O: usize>: Copy + sealed::Sealed {
    /// The array as `[[T; I]; O]` (it is that type; this is the safe view).
    fn into_rows(self) -> [[T; I]; O];
}

/// A bias array `[T; O]` for a layer with `O` outputs; sealed, and implemented per scalar type,
/// like [`WeightArray`].
#[diagnostic::on_unimplemented(
    message = "bias `{Self}` does not fit a layer of {O} outputs in `{T}`",
    label = "expected `[{T}; {O}]`, one value per output"
)]
pub trait BiasArray<T, const O: usize>: Copy + sealed::Sealed {
    /// The array as `[T; O]` (it is that type; this is the safe view).
    fn into_values(self) -> [T; O];
}

/// An array of per-feature values `[T; N]` for a layer over `N` features (batch normalisation's
/// γ, β and running statistics); sealed, and implemented per scalar type, like [`WeightArray`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not fit {N} features of `{T}`",
    label = "expected `[{T}; {N}]`, one value per feature"
)]
pub trait FeatureArray<T, const N: usize>: Copy + sealed::Sealed {
    /// The array as `[T; N]` (it is that type; this is the safe view).
    fn into_values(self) -> [T; N];
}

/// A per-feature array (batch normalisation's parameters, a sample's features) has one value per
/// feature.
#[diagnostic::on_unimplemented(
    message = "{R} values given for {N} features",
    label = "expected {N} values, one per feature"
)]
pub trait FeatureShape<const N: usize, const R: usize> {
    /// Views an array of `R` values as one of `N` (the identity, since `N == R`).
    fn array_mut<X>(a: &mut [X; R]) -> &mut [X; N];
    /// Views an array of `R` values as one of `N` (the identity, since `N == R`).
    fn values<X: Copy>(a: [X; R]) -> [X; N];
}

impl<const N: usize> FeatureShape<N, N> for ShapeCheck {
    #[inline(always)]
    fn array_mut<X>(a: &mut [X; N]) -> &mut [X; N] {
        a
    }
    #[inline(always)]
    fn values<X: Copy>(a: [X; N]) -> [X; N] {
        a
    }
}

macro_rules! scalar_arrays {
    ($($t:ty),*) => {$(
        impl<const I: usize, const O: usize, const R: usize, const C: usize> WeightArray<$t, I, O>
            for [[$t; C]; R]
        where
            ShapeCheck: WeightShape<I, O, R, C>,
        {
            #[inline(always)]
            fn into_rows(self) -> [[$t; I]; O] {
                <ShapeCheck as WeightShape<I, O, R, C>>::rows(self)
            }
        }

        impl<const O: usize, const R: usize> BiasArray<$t, O> for [$t; R]
        where
            ShapeCheck: BiasShape<O, R>,
        {
            #[inline(always)]
            fn into_values(self) -> [$t; O] {
                <ShapeCheck as BiasShape<O, R>>::values(self)
            }
        }

        impl<const N: usize, const R: usize> FeatureArray<$t, N> for [$t; R]
        where
            ShapeCheck: FeatureShape<N, R>,
        {
            #[inline(always)]
            fn into_values(self) -> [$t; N] {
                <ShapeCheck as FeatureShape<N, R>>::values(self)
            }
        }
    )*};
}

scalar_arrays!(f32, f64);

/// The weight matrix given to a dense layer is `O × I`.
#[diagnostic::on_unimplemented(
    message = "a {R} × {C} weight matrix does not fit a dense layer of {I} inputs and {O} outputs, which takes {O} × {I}",
    label = "expected an `SMatrix<T, {O}, {I}>`: one row per output, one column per input",
    note = "the weight matrix is OUTPUTS × INPUTS, as PyTorch's `nn.Linear.weight`"
)]
pub trait MatrixShape<const I: usize, const O: usize, const R: usize, const C: usize> {}

impl<const I: usize, const O: usize> MatrixShape<I, O, O, I> for ShapeCheck {}

/// An `O × I` weight matrix for a dense layer with `I` inputs and `O` outputs of scalar `T`:
/// implemented for `SMatrix<E, R, C>`, checked through [`SameScalar`] and [`MatrixShape`]. (The
/// matrix is a generic argument so that rustc sees its shape before it checks the bound, as for
/// [`WeightArray`].)
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a weight matrix for a dense layer of {I} inputs and {O} outputs",
    label = "expected an `SMatrix<{T}, {O}, {I}>`"
)]
pub trait WeightMatrix<T, const I: usize, const O: usize>: Copy + sealed::Sealed {}

impl<T, E, const I: usize, const O: usize, const R: usize, const C: usize> WeightMatrix<T, I, O>
    for SMatrix<E, R, C>
where
    T: Scalar,
    E: Scalar,
    ShapeCheck: SameScalar<T, E> + MatrixShape<I, O, R, C>,
{
}

/// An `O`-vector (a bias) of scalar `T`: implemented for `SMatrix<E, R, 1>`, checked through
/// [`SameScalar`] and [`VectorShape`].
#[diagnostic::on_unimplemented(
    message = "this is not a vector of {O} values",
    label = "expected an `SVector<{T}, {O}>`"
)]
pub trait VectorOf<T, const O: usize>: Copy + sealed::Sealed {}

impl<T, E, const O: usize, const R: usize, const C: usize> VectorOf<T, O> for SMatrix<E, R, C>
where
    T: Scalar,
    E: Scalar,
    ShapeCheck: SameScalar<T, E> + IsColumn<C> + VectorShape<O, R>,
{
}

/// A matrix given as a vector (a bias) has one column.
#[diagnostic::on_unimplemented(
    message = "a bias is a column vector, but this matrix has {C} columns",
    label = "expected an `SVector<T, OUTPUTS>`: one column",
    note = "a bias row `SMatrix<T, 1, O>` is transposed: use `SVector<T, O>` (or `.transpose()`)"
)]
pub trait IsColumn<const C: usize> {}

impl IsColumn<1> for ShapeCheck {}

/// `A == B` for a vector's length (a bias, a per-feature vector).
#[diagnostic::on_unimplemented(
    message = "a vector of {B} values does not fit a layer of {A} outputs",
    label = "expected an `SVector<T, {A}>`"
)]
pub trait VectorShape<const A: usize, const B: usize> {}

impl<const N: usize> VectorShape<N, N> for ShapeCheck {}

/// `A == B` for scalar types: values of scalar `B` given where the network computes in `A`.
#[diagnostic::on_unimplemented(
    message = "mixed scalar types: these values are `{B}`, where `{A}` is expected",
    label = "`{B}` values where `{A}` is expected",
    note = "a network and everything it is given (inputs, targets, labels, weights) use one scalar type, `f32` or `f64`"
)]
pub trait SameScalar<A, B> {
    /// Views a matrix of `B` as one of `A` (the identity, since `A == B`).
    fn matrix<const R: usize, const C: usize>(m: &SMatrix<B, R, C>) -> &SMatrix<A, R, C>
    where
        A: Scalar,
        B: Scalar;
    /// Views an array of `B` as one of `A` (the identity, since `A == B`).
    fn array<const N: usize>(a: &[B; N]) -> &[A; N];
    /// Views an array of `B` as one of `A` (the identity, since `A == B`).
    fn array_mut<const N: usize>(a: &mut [B; N]) -> &mut [A; N];
}

impl<T> SameScalar<T, T> for ShapeCheck {
    #[inline(always)]
    fn matrix<const R: usize, const C: usize>(m: &SMatrix<T, R, C>) -> &SMatrix<T, R, C>
    where
        T: Scalar,
    {
        m
    }
    #[inline(always)]
    fn array<const N: usize>(a: &[T; N]) -> &[T; N] {
        a
    }
    #[inline(always)]
    fn array_mut<const N: usize>(a: &mut [T; N]) -> &mut [T; N] {
        a
    }
}

/// `A == B` for the width of ∂L/∂y given to backward: one value per network output.
#[diagnostic::on_unimplemented(
    message = "the output gradient has {B} values per sample, but the network outputs {A}",
    label = "∂L/∂y with {B} rows; the network's output has {A}",
    note = "∂L/∂y has the output's shape: pass `loss.gradient(&y, &target)` for the `y` of this tape"
)]
pub trait GradWidth<const A: usize, const B: usize> {
    /// Views a matrix with `B` rows as one with `A` rows (the identity, since `A == B`).
    fn rows<T: Scalar, const C: usize>(m: &SMatrix<T, B, C>) -> &SMatrix<T, A, C>;
}

impl<const N: usize> GradWidth<N, N> for ShapeCheck {
    #[inline(always)]
    fn rows<T: Scalar, const C: usize>(m: &SMatrix<T, N, C>) -> &SMatrix<T, N, C> {
        m
    }
}

/// `A == B` for the batch of ∂L/∂y given to backward: one column per sample of the tape's batch.
#[diagnostic::on_unimplemented(
    message = "the output gradient holds {B} samples, but the tape was recorded on a batch of {A}",
    label = "∂L/∂y for {B} samples; the forward pass saw {A}",
    note = "backward takes the tape and ∂L/∂y of the same forward pass"
)]
pub trait GradBatch<const A: usize, const B: usize> {
    /// Views a matrix with `B` columns as one with `A` columns (the identity, since `A == B`).
    fn cols<T: Scalar, const R: usize>(m: &SMatrix<T, R, B>) -> &SMatrix<T, R, A>;
}

impl<const N: usize> GradBatch<N, N> for ShapeCheck {
    #[inline(always)]
    fn cols<T: Scalar, const R: usize>(m: &SMatrix<T, R, N>) -> &SMatrix<T, R, N> {
        m
    }
}

/// Accepts a value as ∂L/∂y for an output batch of type `Y` (`SMatrix<T, O, B>`): a matrix of the
/// same scalar, width and batch, each checked with a message that names the sizes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an output gradient ∂L/∂y",
    label = "expected a matrix of the network output's shape",
    note = "∂L/∂y has the output's shape: pass `loss.gradient(&y, &target)`, not the loss value"
)]
pub trait OutputGradient<Y> {
    /// The gradient, viewed as the output's type.
    fn as_output(&self) -> &Y;
}

impl<T, E, const O: usize, const B: usize, const O2: usize, const B2: usize>
    OutputGradient<SMatrix<T, O, B>> for SMatrix<E, O2, B2>
where
    T: Scalar,
    E: Scalar,
    ShapeCheck: SameScalar<T, E> + GradWidth<O, O2> + GradBatch<B, B2>,
{
    #[inline(always)]
    fn as_output(&self) -> &SMatrix<T, O, B> {
        <ShapeCheck as GradBatch<B, B2>>::cols(<ShapeCheck as GradWidth<O, O2>>::rows(
            <ShapeCheck as SameScalar<T, E>>::matrix(self),
        ))
    }
}

/// `A == B` for a network's output width, where a generic bound states it
/// ([`Network<T, I, O>`](crate::Network)).
#[diagnostic::on_unimplemented(
    message = "the network outputs {B} values per sample, but {A} are required here",
    label = "a network with {B} outputs",
    note = "a network's output width is that of its last layer with a fixed output (a `Dense<_, {B}>` gives {B})"
)]
pub trait OutputWidth<const A: usize, const B: usize> {}

impl<const N: usize> OutputWidth<N, N> for ShapeCheck {}

/// The output width of a layer (`Const<B>`) is `A`: the check behind
/// [`Network<T, I, A>`](crate::Network), keyed by the output width so that a mismatch names both;
/// user code never names it.
pub trait WidthIs<const A: usize> {}

impl<const A: usize, const B: usize> WidthIs<A> for Const<B> where ShapeCheck: OutputWidth<A, B> {}

/// More than 16 layers in one flat tuple: tuples of 17 to 32 layers implement the network traits
/// under this bound (on the tuple, or on `ShapeCheck` with the tuple as `Tuple`), which no type
/// satisfies, only to report it. (Tuples of 33 or more get rustc's
/// own errors.)
#[diagnostic::on_unimplemented(
    message = "a network tuple holds at most 16 layers, and this one has {N}",
    label = "{N} layers in one tuple",
    note = "tuples nest: write a deep network as a tuple of tuples, e.g. `((L0, …, L15), (L16, …))`; a network is a layer"
)]
pub trait AtMost16Layers<const N: usize, Tuple = ()> {}

/// Accepts a value as a loss target of type `Tg` (the loss's own target type).
///
/// Implemented for `SMatrix<T, O2, B2>` as a target of `SMatrix<T, O, B>` when `O == O2` and
/// `B == B2`, and for `[usize; B2]` as a class-index target of batch `B`; the size checks go
/// through [`SameWidth`] and [`SameBatch`] so that a mismatch names the sizes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a loss target",
    label = "not a target",
    note = "losses on values take an `SMatrix<T, OUTPUTS, BATCH>` of the output's shape and scalar (one column per sample); `CrossEntropy` takes class indices `[usize; BATCH]`"
)]
pub trait TargetFor<Tg> {
    /// The target, viewed as the loss's own target type.
    fn as_target(&self) -> &Tg;
}

impl<T, E, const O: usize, const B: usize, const O2: usize, const B2: usize>
    TargetFor<SMatrix<T, O, B>> for SMatrix<E, O2, B2>
where
    T: Scalar,
    E: Scalar,
    ShapeCheck: SameScalar<T, E> + SameWidth<O, O2> + SameBatch<B, B2>,
{
    #[inline(always)]
    fn as_target(&self) -> &SMatrix<T, O, B> {
        <ShapeCheck as SameBatch<B, B2>>::cols(<ShapeCheck as SameWidth<O, O2>>::rows(
            <ShapeCheck as SameScalar<T, E>>::matrix(self),
        ))
    }
}

impl<const B: usize, const B2: usize> TargetFor<[usize; B]> for [usize; B2]
where
    ShapeCheck: SameBatch<B, B2>,
{
    #[inline(always)]
    fn as_target(&self) -> &[usize; B] {
        <ShapeCheck as SameBatch<B, B2>>::items(self)
    }
}

/// A matrix of values given to a loss that takes class indices: implemented by no type, so that
/// the mistake is reported in these words.
#[diagnostic::on_unimplemented(
    message = "this loss takes class indices `[usize; {B}]`, but the target is a matrix of values",
    label = "a matrix of target values",
    note = "for one-hot or probability targets use `CrossEntropyProb`; for `CrossEntropy`, give one `usize` class per sample"
)]
pub trait ClassIndicesExpected<const B: usize> {}

/// Class indices given to a loss that takes values: implemented by no type, so that the mistake
/// is reported in these words.
#[diagnostic::on_unimplemented(
    message = "this loss takes target values (an `SMatrix` with {O} rows and {B} columns), but the target is class indices",
    label = "class indices",
    note = "for class indices use `CrossEntropy`; for this loss, give a target matrix (one-hot rows for classes)"
)]
pub trait ValuesExpected<const O: usize, const B: usize> {}

impl<E, const B: usize, const R: usize, const C: usize> TargetFor<[usize; B]> for SMatrix<E, R, C>
where
    E: Scalar,
    ShapeCheck: ClassIndicesExpected<B>,
{
    fn as_target(&self) -> &[usize; B] {
        unreachable!()
    }
}

impl<T, const O: usize, const B: usize, const B2: usize> TargetFor<SMatrix<T, O, B>> for [usize; B2]
where
    T: Scalar,
    ShapeCheck: ValuesExpected<O, B>,
{
    fn as_target(&self) -> &SMatrix<T, O, B> {
        unreachable!()
    }
}
