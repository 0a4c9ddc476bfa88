//! Fully connected layers: [`Dense`] (`y = W x + b`) and [`DenseNoBias`] (`y = W x`).
//!
//! # Maths
//!
//! For a batch `X` (`I × B`, one sample per column), weights `W` (`O × I`) and bias `b` (`O`):
//!
//! ```text
//! forward:   Y = W X + b 1ᵀ                      (O × B)
//! backward:  ∂L/∂W += (∂L/∂Y) Xᵀ                  (O × I, summed over the batch)
//!            ∂L/∂b += (∂L/∂Y) 1                   (O,     row sums)
//!            ∂L/∂X  = Wᵀ (∂L/∂Y)                  (I × B)
//! ```
//!
//! The weights are stored column-major (`SMatrix<T, O, I>`), so `W X` is a sum of weight columns
//! scaled by inputs, which vectorises well at tiny sizes. Constructors and accessors take and give
//! PyTorch's row-major `nn.Linear.weight` layout `[[T; I]; O]`.

use nalgebra::{ArrayStorage, Const, SMatrix, SVector};

use core::fmt;

use super::kernels::{
    affine, affine_into, affine_into_then, input_gradient, param_gradients, Accumulate, SgdStep,
};
use crate::io::{write_rows, write_values};
use crate::layer::{Fingerprint, Layer, Module, Params, Signature, TensorInfo, TensorKind, Zeroed};
use crate::shape::{same_type, BiasArray, VectorOf, WeightArray, WeightMatrix, Width};
use crate::Scalar;

/// Transposes row-major `[[T; I]; O]` into column-major `[[T; O]; I]` storage in a `const fn`.
///
/// # Panics
/// If `I == 0` or `O == 0` (there is no element to initialise the array from).
const fn transpose<T: Copy, const I: usize, const O: usize>(w: &[[T; I]; O]) -> [[T; O]; I] {
    let mut data = [[w[0][0]; O]; I];
    let mut r = 0;
    while r < O {
        let mut c = 0;
        while c < I {
            data[c][r] = w[r][c];
            c += 1;
        }
        r += 1;
    }
    data
}

/// A training forward of a batch, `y = f(W X + b)`, in a function of its own: inlined into a whole
/// training step with the backward products, LLVM left it unvectorised with AVX-512 (criterion's
/// `A/train32_sgd` and `B/train32_sgd` in the native build of `bash benches/run.sh` were 2–4×
/// slower inlined).
#[inline(never)]
fn train_batch<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    bias: Option<&SVector<T, O>>,
    x: &SMatrix<T, I, B>,
    y: &mut SMatrix<T, O, B>,
    f: impl Fn(T) -> T,
    cheap: bool,
) {
    affine_into_then(w, bias, x, y, f, cheap);
}

fn rows_of<T: Scalar, const I: usize, const O: usize>(w: &SMatrix<T, O, I>) -> [[T; I]; O] {
    core::array::from_fn(|r| core::array::from_fn(|c| w[(r, c)]))
}

/// `∂L/∂W += dY Xᵀ` (and `∂L/∂b += dY 1` with a bias gradient) into gradient buffers; with
/// `ADD = false`, `=` instead of `+=`.
#[inline(always)]
fn accumulate<T: Scalar, const I: usize, const O: usize, const B: usize, const ADD: bool>(
    x: &SMatrix<T, I, B>,
    dy: &SMatrix<T, O, B>,
    gw: &mut SMatrix<T, O, I>,
    gb: Option<&mut SVector<T, O>>,
) {
    let with_bias = gb.is_some();
    let mut sink = Accumulate::<T, ADD> {
        weights: gw.as_mut_slice(),
        bias: gb.map(|b| b.as_mut_slice()),
    };
    param_gradients(x, dy, with_bias, &mut sink);
}

/// `W ← W − η dY Xᵀ` (and `b ← b − η dY 1`), each weight-gradient tile applied when finished.
#[inline(always)]
fn descend<T: Scalar, const I: usize, const O: usize, const B: usize>(
    x: &SMatrix<T, I, B>,
    dy: &SMatrix<T, O, B>,
    w: &mut SMatrix<T, O, I>,
    b: Option<&mut SVector<T, O>>,
    lr: T,
) {
    let with_bias = b.is_some();
    let mut sink = SgdStep {
        weights: w.as_mut_slice(),
        bias: b.map(|b| b.as_mut_slice()),
        neg_lr: -lr,
    };
    param_gradients(x, dy, with_bias, &mut sink);
}

/// `y = W x + b`: a fully connected layer with `I` inputs and `O` outputs.
///
/// # Generics
/// * `I`: inputs per sample; `O`: outputs per sample.
/// * `T`: the scalar, `f32` (default) or `f64`.
///
/// # Examples
///
/// A layer is a plain value; with the `const` constructor it can live in a `static` (flash):
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// // PyTorch layout: one row per output.
/// static LAYER: Dense<2, 3> = Dense::from_rows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0.5, 0.0, -0.5]);
///
/// let y = LAYER.forward(&SMatrix::<f32, 2, 1>::new(1.0, 1.0));
/// assert_eq!(y, SMatrix::<f32, 3, 1>::new(3.5, 7.0, 10.5));
/// assert_eq!(Dense::<2, 3>::PARAMS, 9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dense<const I: usize, const O: usize, T = f32> {
    weights: SMatrix<T, O, I>,
    bias: SVector<T, O>,
}

impl<T: Scalar, const I: usize, const O: usize> Dense<I, O, T> {
    /// Number of trainable scalars, `O·I + O`.
    pub const PARAMS: usize = O * I + O;

    /// A layer from row-major weights `[[T; I]; O]` (PyTorch's `nn.Linear.weight`) and a bias.
    ///
    /// `const`, so a trained layer can be a `static`. Arrays of the wrong shape are a compile error
    /// that names both shapes.
    ///
    /// # Panics
    /// Never for non-empty layers; a layer with `I == 0` or `O == 0` has no weights to build from
    /// and panics (at compile time in a `const` or `static`).
    pub const fn from_rows<W, Bs>(weights: W, bias: Bs) -> Self
    where
        W: WeightArray<T, I, O>,
        Bs: BiasArray<T, O>,
    {
        let weights: [[T; I]; O] = same_type(weights);
        let bias: [T; O] = same_type(bias);
        Self {
            weights: SMatrix::from_array_storage(ArrayStorage(transpose(&weights))),
            bias: SMatrix::from_array_storage(ArrayStorage([bias])),
        }
    }

    /// A layer from nalgebra matrices: `weights` is `O × I` (PyTorch's `nn.Linear.weight`),
    /// `bias` has `O` values. Matrices of another shape or scalar are a compile error that names
    /// the sizes.
    pub const fn from_matrices<W, Bv>(weights: W, bias: Bv) -> Self
    where
        W: WeightMatrix<T, I, O>,
        Bv: VectorOf<T, O>,
    {
        Self {
            weights: same_type(weights),
            bias: same_type(bias),
        }
    }

    /// A layer whose weights and bias are all zero.
    pub fn zeros() -> Self {
        Self {
            weights: SMatrix::zeros(),
            bias: SVector::zeros(),
        }
    }

    /// The weight matrix, `O × I`.
    pub fn weights(&self) -> &SMatrix<T, O, I> {
        &self.weights
    }

    /// The weight matrix, mutable.
    pub fn weights_mut(&mut self) -> &mut SMatrix<T, O, I> {
        &mut self.weights
    }

    /// The bias vector.
    pub fn bias(&self) -> &SVector<T, O> {
        &self.bias
    }

    /// The bias vector, mutable.
    pub fn bias_mut(&mut self) -> &mut SVector<T, O> {
        &mut self.bias
    }

    /// The weights as row-major `[[T; I]; O]`, PyTorch's `nn.Linear.weight` layout.
    pub fn weight_rows(&self) -> [[T; I]; O] {
        rows_of(&self.weights)
    }

    /// Sets the weights from row-major `[[T; I]; O]`; an array of another shape or scalar is a
    /// compile error that names both shapes.
    pub fn set_weight_rows<W: WeightArray<T, I, O>>(&mut self, rows: W) {
        let rows = rows.into_rows();
        self.weights = SMatrix::from_fn(|r, c| rows[r][c]);
    }

    /// The bias as an array.
    pub fn bias_array(&self) -> [T; O] {
        self.bias.into()
    }

    /// Sets the bias from an array of `O` values.
    pub fn set_bias_array<Bs: BiasArray<T, O>>(&mut self, bias: Bs) {
        self.bias = SVector::from(bias.into_values());
    }
}

impl<const I: usize, const O: usize, T: Scalar> Signature for Dense<I, O, T> {
    type In = Const<I>;
    type OutputFor<W: Width> = Const<O>;
    type Scalar = T;
}

impl<const I: usize, const O: usize, T> Module for Dense<I, O, T> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("Dense");
        h.write_usize(I);
        h.write_usize(O);
    }
}

impl<T: Scalar, const I: usize, const O: usize> Zeroed for Dense<I, O, T> {
    fn zeroed() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const O: usize> Default for Dense<I, O, T> {
    fn default() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const O: usize> Params<T> for Dense<I, O, T> {
    const PARAMS: usize = O * I + O;
    const TENSORS: usize = 2;

    fn tensor(&self, i: usize) -> &[T] {
        match i {
            0 => self.weights.as_slice(),
            1 => self.bias.as_slice(),
            _ => panic!("Dense has 2 parameter tensors"),
        }
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.weights.as_mut_slice(),
            1 => self.bias.as_mut_slice(),
            _ => panic!("Dense has 2 parameter tensors"),
        }
    }

    fn tensor_info(i: usize) -> TensorInfo {
        let (rows, cols, kind) = match i {
            0 => (O, I, TensorKind::Weight),
            1 => (O, 1, TensorKind::Bias),
            _ => panic!("Dense has 2 parameter tensors"),
        };
        TensorInfo {
            rows,
            cols,
            kind,
            fan_in: I,
            fan_out: O,
        }
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        self.write_rust_expr(out)
    }
}

impl<T: Scalar, const I: usize, const O: usize> Dense<I, O, T> {
    fn write_rust_expr(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        // The argument types spelled out: rustc then types every literal from them instead of
        // inferring a type for the whole array through the `WeightArray` bound, which took
        // minutes for the 1.06 MB float AD01 model (`cargo build --release --bin ad01f` in
        // `examples/cortex-m`, whose build script writes it with this function; seconds now).
        let t = T::NAME;
        write!(
            out,
            "constnet::Dense::<{I}, {O}, {t}>::from_rows::<[[{t}; {I}]; {O}], [{t}; {O}]>("
        )?;
        write_rows(out, &self.weight_rows())?;
        out.write_str(", ")?;
        write_values(out, &self.bias_array())?;
        out.write_str(")")
    }
}

impl<T: Scalar, const I: usize, const O: usize> Layer<T, I> for Dense<I, O, T> {
    /// Nothing: backward is given the input batch `X`, for `∂L/∂W = (∂L/∂Y) Xᵀ`.
    type Cache<const B: usize> = ();
    type State = ();

    /// Backward reads the input and `∂L/∂y`, not the output.
    const BACKWARD_READS_OUTPUT: bool = false;

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, I, B>) -> SMatrix<T, O, B> {
        affine(&self.weights, Some(&self.bias), x)
    }

    #[inline]
    fn layer_forward_into<const B: usize>(&self, x: &SMatrix<T, I, B>, y: &mut SMatrix<T, O, B>) {
        affine_into(&self.weights, Some(&self.bias), x, y);
    }

    /// Streaming: one frame always inlined into the network's step (a `Dense<64, 1>` head after
    /// a GRU-64 or an LSTM-64 was left as a call; inlined, the streamed sample went from 1.05 to
    /// 0.98 of the expert cell's time for the GRU, 0.98 to 0.92 for the LSTM, with
    /// `-C target-cpu=x86-64-v3`, `cargo bench --bench paired -- gru/64 lstm/64`); a block of
    /// frames as [`layer_forward_into`](Layer::layer_forward_into).
    #[inline(always)]
    fn layer_step<const B: usize>(
        &self,
        _: &mut (),
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
    ) {
        if B == 1 {
            affine_into(&self.weights, Some(&self.bias), x, y);
        } else {
            self.layer_forward_into(x, y);
        }
    }

    #[inline]
    fn layer_forward_into_then<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        f: impl Fn(T) -> T,
        cheap: bool,
    ) {
        affine_into_then(&self.weights, Some(&self.bias), x, y, f, cheap);
    }

    #[inline]
    fn layer_forward_train_then<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        _: &mut (),
        f: impl Fn(T) -> T,
        cheap: bool,
    ) {
        if B > 1 {
            train_batch(&self.weights, Some(&self.bias), x, y, f, cheap);
        } else {
            affine_into_then(&self.weights, Some(&self.bias), x, y, f, cheap);
        }
    }

    #[inline]
    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        cache: &mut (),
    ) {
        self.layer_forward_tape(x, y, cache);
    }

    #[inline]
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        _: &mut (),
    ) {
        if B > 1 {
            train_batch(&self.weights, Some(&self.bias), x, y, |v| v, true);
        } else {
            affine_into(&self.weights, Some(&self.bias), x, y);
        }
    }

    /// `∂L/∂W += dY Xᵀ`, `∂L/∂b += dY 1`, returns `Wᵀ dY`.
    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, O, B>,
        cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) -> SMatrix<T, I, B> {
        let dx = input_gradient(&self.weights, dy);
        self.layer_backward_params(x, y, cache, dy, grads);
        dx
    }

    /// As `layer_backward`, without computing `Wᵀ dY` (the first layer of a network).
    #[inline]
    fn layer_backward_params<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        _y: &SMatrix<T, O, B>,
        _cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) {
        accumulate::<T, I, O, B, true>(x, dy, &mut grads.weights, Some(&mut grads.bias));
    }

    /// As `layer_backward`, writing the gradients over `grads` instead of adding them.
    #[inline]
    fn layer_backward_set<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, O, B>,
        cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) -> SMatrix<T, I, B> {
        let dx = input_gradient(&self.weights, dy);
        self.layer_backward_params_set(x, y, cache, dy, grads);
        dx
    }

    /// As `layer_backward_params`, writing the gradients over `grads`.
    #[inline]
    fn layer_backward_params_set<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        _y: &SMatrix<T, O, B>,
        _cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) {
        accumulate::<T, I, O, B, false>(x, dy, &mut grads.weights, Some(&mut grads.bias));
    }

    /// `Wᵀ dY` with the weights before the step, then `W ← W − η dY Xᵀ`, `b ← b − η dY 1`, each
    /// tile of the weight gradient applied as soon as it is finished.
    #[inline]
    fn layer_backward_sgd<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, O, B>,
        cache: &(),
        dy: &SMatrix<T, O, B>,
        lr: T,
    ) -> SMatrix<T, I, B> {
        let dx = input_gradient(&self.weights, dy);
        self.layer_backward_sgd_params(x, y, cache, dy, lr);
        dx
    }

    /// As `layer_backward_sgd`, without `Wᵀ dY`.
    #[inline]
    fn layer_backward_sgd_params<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        _y: &SMatrix<T, O, B>,
        _cache: &(),
        dy: &SMatrix<T, O, B>,
        lr: T,
    ) {
        descend(x, dy, &mut self.weights, Some(&mut self.bias), lr);
    }
}

/// `y = W x`: a fully connected layer without bias.
///
/// Same layout and maths as [`Dense`], without `b`.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let layer = DenseNoBias::<2, 1, f64>::from_rows([[0.5, -1.5]]);
/// let z = layer.forward(&SMatrix::<f64, 2, 1>::new(1.0, 2.0));
/// assert_eq!(z[0], -2.5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DenseNoBias<const I: usize, const O: usize, T = f32> {
    weights: SMatrix<T, O, I>,
}

impl<T: Scalar, const I: usize, const O: usize> DenseNoBias<I, O, T> {
    /// Number of trainable scalars, `O·I`.
    pub const PARAMS: usize = O * I;

    /// A layer from row-major weights `[[T; I]; O]` (PyTorch's `nn.Linear(bias=False).weight`).
    ///
    /// # Panics
    /// Never for non-empty layers; a layer with `I == 0` or `O == 0` panics.
    pub const fn from_rows<W>(weights: W) -> Self
    where
        W: WeightArray<T, I, O>,
    {
        let weights: [[T; I]; O] = same_type(weights);
        Self {
            weights: SMatrix::from_array_storage(ArrayStorage(transpose(&weights))),
        }
    }

    /// A layer from an `O × I` nalgebra matrix; another shape or scalar is a compile error that
    /// names the sizes.
    pub const fn from_matrix<W: WeightMatrix<T, I, O>>(weights: W) -> Self {
        Self {
            weights: same_type(weights),
        }
    }

    /// A layer whose weights are all zero.
    pub fn zeros() -> Self {
        Self {
            weights: SMatrix::zeros(),
        }
    }

    /// The weight matrix, `O × I`.
    pub fn weights(&self) -> &SMatrix<T, O, I> {
        &self.weights
    }

    /// The weight matrix, mutable.
    pub fn weights_mut(&mut self) -> &mut SMatrix<T, O, I> {
        &mut self.weights
    }

    /// The weights as row-major `[[T; I]; O]`.
    pub fn weight_rows(&self) -> [[T; I]; O] {
        rows_of(&self.weights)
    }

    /// Sets the weights from row-major `[[T; I]; O]`; an array of another shape or scalar is a
    /// compile error that names both shapes.
    pub fn set_weight_rows<W: WeightArray<T, I, O>>(&mut self, rows: W) {
        let rows = rows.into_rows();
        self.weights = SMatrix::from_fn(|r, c| rows[r][c]);
    }
}

impl<const I: usize, const O: usize, T: Scalar> Signature for DenseNoBias<I, O, T> {
    type In = Const<I>;
    type OutputFor<W: Width> = Const<O>;
    type Scalar = T;
}

impl<const I: usize, const O: usize, T> Module for DenseNoBias<I, O, T> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("DenseNoBias");
        h.write_usize(I);
        h.write_usize(O);
    }
}

impl<T: Scalar, const I: usize, const O: usize> Zeroed for DenseNoBias<I, O, T> {
    fn zeroed() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const O: usize> Default for DenseNoBias<I, O, T> {
    fn default() -> Self {
        Self::zeros()
    }
}

impl<T: Scalar, const I: usize, const O: usize> Params<T> for DenseNoBias<I, O, T> {
    const PARAMS: usize = O * I;
    const TENSORS: usize = 1;

    fn tensor(&self, i: usize) -> &[T] {
        assert!(i == 0, "DenseNoBias has 1 parameter tensor");
        self.weights.as_slice()
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        assert!(i == 0, "DenseNoBias has 1 parameter tensor");
        self.weights.as_mut_slice()
    }

    fn tensor_info(i: usize) -> TensorInfo {
        assert!(i == 0, "DenseNoBias has 1 parameter tensor");
        TensorInfo {
            rows: O,
            cols: I,
            kind: TensorKind::Weight,
            fan_in: I,
            fan_out: O,
        }
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        self.write_rust_expr(out)
    }
}

impl<T: Scalar, const I: usize, const O: usize> DenseNoBias<I, O, T> {
    fn write_rust_expr(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        // The argument type spelled out, as for `Dense`.
        let t = T::NAME;
        write!(
            out,
            "constnet::DenseNoBias::<{I}, {O}, {t}>::from_rows::<[[{t}; {I}]; {O}]>("
        )?;
        write_rows(out, &self.weight_rows())?;
        out.write_str(")")
    }
}

impl<T: Scalar, const I: usize, const O: usize> Layer<T, I> for DenseNoBias<I, O, T> {
    /// Nothing: backward is given the input batch `X`.
    type Cache<const B: usize> = ();
    type State = ();

    /// Backward reads the input and `∂L/∂y`, not the output.
    const BACKWARD_READS_OUTPUT: bool = false;

    #[inline]
    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, I, B>) -> SMatrix<T, O, B> {
        affine(&self.weights, None, x)
    }

    #[inline]
    fn layer_forward_into<const B: usize>(&self, x: &SMatrix<T, I, B>, y: &mut SMatrix<T, O, B>) {
        affine_into(&self.weights, None, x, y);
    }

    /// Streaming: one frame always inlined into the network's step (a `Dense<64, 1>` head after
    /// a GRU-64 or an LSTM-64 was left as a call; inlined, the streamed sample went from 1.05 to
    /// 0.98 of the expert cell's time for the GRU, 0.98 to 0.92 for the LSTM, with
    /// `-C target-cpu=x86-64-v3`, `cargo bench --bench paired -- gru/64 lstm/64`); a block of
    /// frames as [`layer_forward_into`](Layer::layer_forward_into).
    #[inline(always)]
    fn layer_step<const B: usize>(
        &self,
        _: &mut (),
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
    ) {
        if B == 1 {
            affine_into(&self.weights, None, x, y);
        } else {
            self.layer_forward_into(x, y);
        }
    }

    #[inline]
    fn layer_forward_into_then<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        f: impl Fn(T) -> T,
        cheap: bool,
    ) {
        affine_into_then(&self.weights, None, x, y, f, cheap);
    }

    #[inline]
    fn layer_forward_train_then<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        _: &mut (),
        f: impl Fn(T) -> T,
        cheap: bool,
    ) {
        affine_into_then(&self.weights, None, x, y, f, cheap);
    }

    #[inline]
    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        cache: &mut (),
    ) {
        self.layer_forward_tape(x, y, cache);
    }

    #[inline]
    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &mut SMatrix<T, O, B>,
        _: &mut (),
    ) {
        affine_into(&self.weights, None, x, y);
    }

    /// `∂L/∂W += dY Xᵀ`, returns `Wᵀ dY`.
    #[inline]
    fn layer_backward<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, O, B>,
        cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) -> SMatrix<T, I, B> {
        let dx = input_gradient(&self.weights, dy);
        self.layer_backward_params(x, y, cache, dy, grads);
        dx
    }

    /// As `layer_backward`, without computing `Wᵀ dY` (the first layer of a network).
    #[inline]
    fn layer_backward_params<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        _y: &SMatrix<T, O, B>,
        _cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) {
        accumulate::<T, I, O, B, true>(x, dy, &mut grads.weights, None);
    }

    /// As `layer_backward`, writing the gradients over `grads` instead of adding them.
    #[inline]
    fn layer_backward_set<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, O, B>,
        cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) -> SMatrix<T, I, B> {
        let dx = input_gradient(&self.weights, dy);
        self.layer_backward_params_set(x, y, cache, dy, grads);
        dx
    }

    /// As `layer_backward_params`, writing the gradients over `grads`.
    #[inline]
    fn layer_backward_params_set<const B: usize>(
        &self,
        x: &SMatrix<T, I, B>,
        _y: &SMatrix<T, O, B>,
        _cache: &(),
        dy: &SMatrix<T, O, B>,
        grads: &mut Self,
    ) {
        accumulate::<T, I, O, B, false>(x, dy, &mut grads.weights, None);
    }

    /// `Wᵀ dY` with the weights before the step, then `W ← W − η dY Xᵀ`.
    #[inline]
    fn layer_backward_sgd<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        y: &SMatrix<T, O, B>,
        cache: &(),
        dy: &SMatrix<T, O, B>,
        lr: T,
    ) -> SMatrix<T, I, B> {
        let dx = input_gradient(&self.weights, dy);
        self.layer_backward_sgd_params(x, y, cache, dy, lr);
        dx
    }

    /// As `layer_backward_sgd`, without `Wᵀ dY`.
    #[inline]
    fn layer_backward_sgd_params<const B: usize>(
        &mut self,
        x: &SMatrix<T, I, B>,
        _y: &SMatrix<T, O, B>,
        _cache: &(),
        dy: &SMatrix<T, O, B>,
        lr: T,
    ) {
        descend(x, dy, &mut self.weights, None, lr);
    }
}
