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
//! [`ShapeCheck`] is the only type these traits are implemented for; user code never names them except
//! in generic bounds.

use nalgebra::{Const, SMatrix};

use crate::Scalar;

/// The type all shape-check traits are implemented for. It carries no data.
#[derive(Clone, Copy, Debug)]
pub struct ShapeCheck;

/// A layer's output width, as a type (`Const<N>`), with the matrix type of a batch of that width.
///
/// Layers name their output width through this trait because stable Rust cannot yet use an
/// associated constant as a const-generic argument; `Const<N>` carries the number instead, and
/// generic code recovers it with an associated-type binding (`L: Layer<T, I, Out = Const<O>>`).
pub trait Width: Copy {
    /// The width as a number.
    const N: usize;
    /// A batch of `B` samples of this width: `SMatrix<T, N, B>`.
    type Matrix<T: Scalar, const B: usize>: Copy + core::fmt::Debug + PartialEq;
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
    message = "weights of shape [{R}][{C}] do not fit a dense layer with {I} inputs and {O} outputs",
    label = "expected [{O}][{I}]: one row per output, one column per input",
    note = "weights are row-major `[[T; INPUTS]; OUTPUTS]`, PyTorch's `nn.Linear.weight` layout"
)]
pub trait WeightShape<const I: usize, const O: usize, const R: usize, const C: usize> {}

impl<const I: usize, const O: usize> WeightShape<I, O, O, I> for ShapeCheck {}

/// The bias array given to a dense layer has one value per output.
#[diagnostic::on_unimplemented(
    message = "bias of length {R} does not fit a dense layer with {O} outputs",
    label = "expected {O} values, one per output"
)]
pub trait BiasShape<const O: usize, const R: usize> {}

impl<const O: usize> BiasShape<O, O> for ShapeCheck {}

mod sealed {
    pub trait Sealed {}
    impl<X, const R: usize> Sealed for [X; R] {}
}

/// A row-major weight array `[[T; I]; O]` for a dense layer with `I` inputs and `O` outputs.
///
/// Implemented (and implementable) only for arrays `[[T; C]; R]` with `R == O` and `C == I`, checked
/// through [`WeightShape`] so that a wrong shape names both shapes. The constructors take the array
/// as a generic argument bounded by this trait, which lets rustc see the array's actual shape before
/// it checks the bound.
pub trait WeightArray<T, const I: usize, const O: usize>: Copy + sealed::Sealed {}

impl<T: Copy, const I: usize, const O: usize, const R: usize, const C: usize> WeightArray<T, I, O>
    for [[T; C]; R]
where
    ShapeCheck: WeightShape<I, O, R, C>,
{
}

/// A bias array `[T; O]` for a layer with `O` outputs; sealed like [`WeightArray`].
pub trait BiasArray<T, const O: usize>: Copy + sealed::Sealed {}

impl<T: Copy, const O: usize, const R: usize> BiasArray<T, O> for [T; R] where
    ShapeCheck: BiasShape<O, R>
{
}

/// Accepts a value as a loss target of type `Tg` (the loss's own target type).
///
/// Implemented for `SMatrix<T, O2, B2>` as a target of `SMatrix<T, O, B>` when `O == O2` and
/// `B == B2`, and for `[usize; B2]` as a class-index target of batch `B`; the size checks go
/// through [`SameWidth`] and [`SameBatch`] so that a mismatch names the sizes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as this loss's target `{Tg}`",
    note = "losses on values take an `SMatrix` of the output's shape and scalar type; class-index losses take `[usize; BATCH]`"
)]
pub trait TargetFor<Tg> {
    /// The target, viewed as the loss's own target type.
    fn as_target(&self) -> &Tg;
}

impl<T: Scalar, const O: usize, const B: usize, const O2: usize, const B2: usize>
    TargetFor<SMatrix<T, O, B>> for SMatrix<T, O2, B2>
where
    ShapeCheck: SameWidth<O, O2> + SameBatch<B, B2>,
{
    #[inline(always)]
    fn as_target(&self) -> &SMatrix<T, O, B> {
        <ShapeCheck as SameBatch<B, B2>>::cols(<ShapeCheck as SameWidth<O, O2>>::rows(self))
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
