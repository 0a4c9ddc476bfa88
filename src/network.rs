//! Sequential composition: a tuple of layers is a network.
//!
//! `(L0, L1, …, Ln)` implements [`Layer<T, W0>`] when every junction agrees:
//!
//! ```text
//! impl Layer<T, W0> for (L0, L1, L2)
//! where
//!     L0: Signature<OutputFor<Const<W0>> = Const<W1>>,
//!     L1: Signature<OutputFor<Const<W1>> = Const<W2>>,
//!     L2: Signature<OutputFor<Const<W2>> = Const<W3>>,
//!     L0: Layer<T, W0>,
//!     L1: Layer<T, W1>,
//!     L2: Layer<T, W2>,
//! { … }  // its output width, `OutputFor<Const<W0>>`, is `Const<W3>`
//! ```
//!
//! Tuples of 1 to 16 layers are networks, and a network is a layer, so tuples nest for any depth:
//! `((L0, …, L15), (L16, …))`. The forward pass threads the batch through the layers in order; the
//! training forward collects each layer's cache into a tuple; backward runs the layers in reverse,
//! each adding its parameter gradients into the same position of the gradient tuple.
//!
//! A junction that does not agree is an unsatisfied `Lk: Layer<T, Wk>` bound, reported with the
//! message of [`Layer`]: "shape mismatch: `Dense<4, 1>` cannot take a 3-feature `f32` input". The
//! width after each layer comes from its [`Signature::OutputFor`], which does not depend on the
//! layer taking its own input, so every junction is checked, and reported, on its own.
//!
//! # Examples
//!
//! A network as a type, so it can be a struct field or a `static`:
//!
//! ```
//! use constnet::prelude::*;
//! use nalgebra::SMatrix;
//!
//! type Net = (Dense<2, 3>, Tanh, Dense<3, 1>, Sigmoid);
//!
//! static NET: Net = (
//!     Dense::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0, 0.0, 0.0]),
//!     Tanh,
//!     Dense::from_rows([[1.0, -1.0, 0.5]], [0.0]),
//!     Sigmoid,
//! );
//!
//! let y = NET.forward(&SMatrix::<f32, 2, 1>::new(1.0, 0.5));
//! assert!(y[0] > 0.0 && y[0] < 1.0);
//! assert_eq!(<Net as Params<f32>>::PARAMS, 9 + 4);
//! ```
//!
//! Mismatched sizes do not compile:
//!
//! ```compile_fail
//! use constnet::prelude::*;
//! use nalgebra::SMatrix;
//!
//! let net = (Dense::<2, 3>::zeros(), Sigmoid, Dense::<4, 1>::zeros());
//! let _ = net.forward(&SMatrix::<f32, 2, 1>::zeros()); // `Dense<4, 1>` cannot take a 3-feature input
//! ```

use nalgebra::{Const, SMatrix};

use core::fmt;

use crate::layer::{
    AnyScalar, AnyWidth, Blank, Chained, Fingerprint, Layer, MaybeScalar, MaybeWidth, Module,
    Params, Signature, TensorInfo, Zeroed,
};
use crate::shape::{AtMost16Layers, ShapeCheck, Width, WidthIs};
use crate::Scalar;

/// A network (or a single layer) from `I` inputs to `O` outputs of scalar `T`, whose layers
/// chain: the bound to write in generic code.
///
/// It stands for `Layer<T, I> + Signature<OutputFor<Const<I>> = Const<O>> + Chained` (and so
/// `Clone`, `Params<T>` and `Module`), which is what forward, backward, the optimizers, the
/// initialisers, `io`, [`fit`](crate::train::fit) and composition into a larger network need of a
/// network. Every network whose layers chain has it; a generic function names it once:
///
/// ```
/// use constnet::prelude::*;
///
/// /// The arg-max class of one sample, for any classifier of 4 features into `K` classes.
/// fn predict<N: Network<f32, 4, K>, const K: usize>(net: &N, x: [f32; 4]) -> usize {
///     let y = net.forward(&SMatrix::<f32, 4, 1>::from(x));
///     y.argmax().0
/// }
///
/// let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::from_rows([[0.0; 8]; 3], [0.0, 1.0, 0.0]));
/// assert_eq!(predict(&net, [1.0, 2.0, 3.0, 4.0]), 1);
/// ```
///
/// Training in generic code needs the samples too: [`Trainable`](crate::train::Trainable) is the
/// bound "samples of type `S` train network `N` with loss `L` in batches of `B`" (see the
/// `generic` example).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a network from {I} inputs to {O} outputs of `{T}`",
    note = "a network's input width, output width and scalar are in its type: check the first layer's inputs, the last layer's outputs and the scalar of every layer"
)]
pub trait Network<T: Scalar, const I: usize, const O: usize>:
    Layer<T, I> + Signature<OutputFor<Const<I>> = Const<O>> + Chained
{
}

impl<T: Scalar, N, const I: usize, const O: usize> Network<T, I, O> for N
where
    N: Layer<T, I> + Chained,
    <N as Signature>::OutputFor<Const<I>>: WidthIs<O>,
    N: Signature<OutputFor<Const<I>> = Const<O>>,
{
}

macro_rules! tuple_network {
    // The first fixed `In` (or `Scalar`) of the layers: `L0::In.Or<L1::In.Or<…>>`.
    // The output width for an input `W`: `L2::OutputFor<L1::OutputFor<L0::OutputFor<W>>>`.
    (@out $w:ty;) => { $w };
    (@out $w:ty; $first:ident $(, $rest:ident)*) => {
        tuple_network!(@out <$first as Signature>::OutputFor<$w>; $($rest),*)
    };
    (@or $a:ident, $tr:ident; $last:ident) => { <$last as Signature>::$a };
    (@or $a:ident, $tr:ident; $first:ident, $($rest:ident),+) => {
        <<$first as Signature>::$a as $tr>::Or<tuple_network!(@or $a, $tr; $($rest),+)>
    };
    // The outputs a tuple keeps: every layer's but the last (which is the caller's `y`).
    (@hs $T:ident, $B:ident, [$($acc:ty),*]; $last:ident) => { ($($acc,)*) };
    (@hs $T:ident, $B:ident, [$($acc:ty),*]; $w:ident, $($rest:ident),+) => {
        tuple_network!(@hs $T, $B, [$($acc,)* SMatrix<$T, $w, $B>]; $($rest),+)
    };
    // Forward in order: layer `i` reads the previous output (or `x`) and writes `hs.i` (or `y`).
    (@fwd $m:ident, $self:ident, $st:ident, $x:expr, $y:ident, $hs:ident, $cs:ident; $last:tt) => {
        $self.$last.$m(&mut $st.$last, $x, $y, &mut $cs.$last);
    };
    (@fwd $m:ident, $self:ident, $st:ident, $x:expr, $y:ident, $hs:ident, $cs:ident; $i:tt, $($rest:tt),+) => {
        $self.$i.$m(&mut $st.$i, $x, &mut $hs.$i, &mut $cs.$i);
        tuple_network!(@fwd $m, $self, $st, &$hs.$i, $y, $hs, $cs; $($rest),+);
    };
    // Streaming: each layer steps from its own state, its output in `hs` (or `y`).
    (@step $self:ident, $st:ident, $x:expr, $y:ident, $hs:ident; $last:tt) => {
        $self.$last.layer_step(&mut $st.$last, $x, $y);
    };
    (@step $self:ident, $st:ident, $x:expr, $y:ident, $hs:ident; $i:tt, $($rest:tt),+) => {
        $self.$i.layer_step(&mut $st.$i, $x, &mut $hs.$i);
        tuple_network!(@step $self, $st, &$hs.$i, $y, $hs; $($rest),+);
    };
    // Pointwise fusion. `x`, `(h k)` (`hs.k`) or `y` name where a layer reads or writes; `last`
    // or `(Ln Wn)` is the next layer. A pointwise layer (an activation) after one that is not is
    // computed with it (`layer_forward_after`): that layer is skipped, its output never stored.
    // `(h k v W)`: slot `k` of the tape's tuple of outputs (training), or the local `v` of width
    // `W` (inference, where a local that no layer writes costs nothing).
    (@in $x:ident, $hs:ident; x) => { $x };
    (@in $x:ident, $hs:ident; (h $k:tt $v:ident $Wv:ident)) => { &$hs.$k };
    (@out $y:ident, $hs:ident; y) => { $y };
    (@out $y:ident, $hs:ident; (h $k:tt $v:ident $Wv:ident)) => { &mut $hs.$k };
    (@in_l $x:ident; x) => { $x };
    (@in_l $x:ident; (h $k:tt $v:ident $Wv:ident)) => { &$v };
    (@out_l $y:ident; y) => { $y };
    (@out_l $y:ident; (h $k:tt $v:ident $Wv:ident)) => { &mut $v };
    (@decl $T:ident, $B:ident; ($i:tt, $L:ident, $W:ident, $in:tt, y, $($more:tt)*)) => {};
    (@decl $T:ident, $B:ident;
        ($i:tt, $L:ident, $W:ident, $in:tt, (h $k:tt $v:ident $Wv:ident), $($more:tt)*)) => {
        let mut $v: SMatrix<$T, $Wv, $B> = Blank::blank();
    };
    (@next_fuses $T:ident, $L:ident, $W:ident; last) => { false };
    (@next_fuses $T:ident, $L:ident, $W:ident; ($Ln:ident $Wn:ident)) => {
        <$Ln as Layer<$T, $Wn>>::POINTWISE && !<$L as Layer<$T, $W>>::POINTWISE
    };
    // In training, only where the pointwise layer's backward reads only its output and the
    // layer before it does not read its own.
    (@next_fuses_train $T:ident, $L:ident, $W:ident; last) => { false };
    (@next_fuses_train $T:ident, $L:ident, $W:ident; ($Ln:ident $Wn:ident)) => {
        <$Ln as Layer<$T, $Wn>>::POINTWISE_FROM_OUTPUT
            && !<$L as Layer<$T, $W>>::POINTWISE
            && !<$L as Layer<$T, $W>>::BACKWARD_READS_OUTPUT
            && <$L as Layer<$T, $W>>::STATE_BYTES == 0
            && <$Ln as Layer<$T, $Wn>>::STATE_BYTES == 0
    };
    (@inf_first $self:ident, $x:ident, $y:ident, $hs:ident, $T:ident;
        ($i:tt, $L:ident, $W:ident, $in:tt, $out:tt, $next:tt)) => {
        if !tuple_network!(@next_fuses $T, $L, $W; $next) {
            $self.$i.layer_forward_into(
                tuple_network!(@in_l $x; $in),
                tuple_network!(@out_l $y; $out),
            );
        }
    };
    (@inf_rest $self:ident, $x:ident, $y:ident, $hs:ident, $T:ident;
        ($i:tt, $L:ident, $W:ident, $in:tt, $out:tt, $next:tt, $p:tt, $Lp:ident, $Wp:ident, $pin:tt)) => {
        if tuple_network!(@next_fuses $T, $L, $W; $next) {
        } else if <$L as Layer<$T, $W>>::POINTWISE && !<$Lp as Layer<$T, $Wp>>::POINTWISE {
            $self.$i.layer_forward_after(
                &$self.$p,
                tuple_network!(@in_l $x; $pin),
                tuple_network!(@out_l $y; $out),
            );
        } else {
            $self.$i.layer_forward_into(
                tuple_network!(@in_l $x; $in),
                tuple_network!(@out_l $y; $out),
            );
        }
    };
    (@train_first $self:ident, $st:ident, $x:ident, $y:ident, $hs:ident, $cs:ident, $T:ident;
        ($i:tt, $L:ident, $W:ident, $in:tt, $out:tt, $next:tt)) => {
        if !tuple_network!(@next_fuses_train $T, $L, $W; $next) {
            $self.$i.layer_forward_train_from(
                &mut $st.$i,
                tuple_network!(@in $x, $hs; $in),
                tuple_network!(@out $y, $hs; $out),
                &mut $cs.$i,
            );
        }
    };
    (@train_rest $self:ident, $st:ident, $x:ident, $y:ident, $hs:ident, $cs:ident, $T:ident;
        ($i:tt, $L:ident, $W:ident, $in:tt, $out:tt, $next:tt, $p:tt, $Lp:ident, $Wp:ident, $pin:tt)) => {
        if tuple_network!(@next_fuses_train $T, $L, $W; $next) {
        } else if tuple_network!(@next_fuses_train $T, $Lp, $Wp; ($L $W)) {
            $self.$i.layer_forward_train_after(
                &mut $self.$p,
                tuple_network!(@in $x, $hs; $pin),
                tuple_network!(@out $y, $hs; $out),
                &mut $cs.$p,
                &mut $cs.$i,
            );
        } else {
            $self.$i.layer_forward_train_from(
                &mut $st.$i,
                tuple_network!(@in $x, $hs; $in),
                tuple_network!(@out $y, $hs; $out),
                &mut $cs.$i,
            );
        }
    };
    // The last argument of a backward method: the layer's gradients, or the learning rate.
    (@arg grads, $g:ident, $r:tt) => { &mut $g.$r };
    (@arg sgd, $g:ident, $r:tt) => { $g };
    // Backward in reverse order, `(r p)` for layer `r` after layer `p = r − 1`, `(0)` for the
    // first; the first layer runs `$first` (which may skip its input gradient). The last layer's
    // output is the caller's `y`, the others' are in `hs`.
    (@bwd_start $mode:ident, $m:ident, $first:ident, $self:ident, $x:ident, $y:ident, $hs:ident, $cs:ident, $g:ident, $dy:ident; ($r:tt)) => {
        $self.$r.$first($x, $y, &$cs.$r, $dy, tuple_network!(@arg $mode, $g, $r))
    };
    (@bwd_start $mode:ident, $m:ident, $first:ident, $self:ident, $x:ident, $y:ident, $hs:ident, $cs:ident, $g:ident, $dy:ident; ($r:tt $p:tt), $($rest:tt),+) => {{
        let d = $self.$r.$m(&$hs.$p, $y, &$cs.$r, $dy, tuple_network!(@arg $mode, $g, $r));
        tuple_network!(@bwd $mode, $m, $first, $self, $x, $hs, $cs, $g, d; $($rest),+)
    }};
    (@bwd $mode:ident, $m:ident, $first:ident, $self:ident, $x:ident, $hs:ident, $cs:ident, $g:ident, $d:ident; ($r:tt)) => {
        $self.$r.$first($x, &$hs.$r, &$cs.$r, &$d, tuple_network!(@arg $mode, $g, $r))
    };
    (@bwd $mode:ident, $m:ident, $first:ident, $self:ident, $x:ident, $hs:ident, $cs:ident, $g:ident, $d:ident; ($r:tt $p:tt), $($rest:tt),+) => {{
        let d = match $self.$r.layer_backward_in_place(&$hs.$p, &$hs.$r, $d) {
            Ok(d) => d,
            Err(d) => $self.$r.$m(&$hs.$p, &$hs.$r, &$cs.$r, &d, tuple_network!(@arg $mode, $g, $r)),
        };
        tuple_network!(@bwd $mode, $m, $first, $self, $x, $hs, $cs, $g, d; $($rest),+)
    }};
    (
        $W0:ident, $WL:ident;
        $( ($L:ident, $i:tt, $Win:ident, $Wout:ident) ),+ ;
        rev [ $($r:tt),+ ];
        fuse $first:tt [ $($rest:tt),* ]
    ) => {
        impl<$($L: Zeroed,)+> Zeroed for ($($L,)+)
        where
            Self: Chained,
        {
            fn zeroed() -> Self {
                ($($L::zeroed(),)+)
            }
        }

        impl<$($L: Signature,)+> Signature for ($($L,)+) {
            type In = tuple_network!(@or In, MaybeWidth; $($L),+);
            type OutputFor<W: Width> = tuple_network!(@out W; $($L),+);
            type Scalar = tuple_network!(@or Scalar, MaybeScalar; $($L),+);
        }

        impl<$($L: Module,)+> Module for ($($L,)+) {
            fn describe(h: &mut Fingerprint) {
                h.write_str("(");
                $( $L::describe(h); )+
                h.write_str(")");
            }
        }

        impl<T: Scalar, $($L: Params<T>,)+> Params<T> for ($($L,)+) {
            const PARAMS: usize = 0 $(+ $L::PARAMS)+;
            const TENSORS: usize = 0 $(+ $L::TENSORS)+;

            #[allow(unused_assignments)]
            fn tensor(&self, i: usize) -> &[T] {
                let mut i = i;
                $(
                    if i < $L::TENSORS {
                        return self.$i.tensor(i);
                    }
                    i -= $L::TENSORS;
                )+
                panic!("parameter tensor index out of range")
            }

            #[allow(unused_assignments)]
            fn tensor_mut(&mut self, i: usize) -> &mut [T] {
                let mut i = i;
                $(
                    if i < $L::TENSORS {
                        return self.$i.tensor_mut(i);
                    }
                    i -= $L::TENSORS;
                )+
                panic!("parameter tensor index out of range")
            }

            const BUFFERS: usize = 0 $(+ $L::BUFFERS)+;
            const BUFFER_SCALARS: usize = 0 $(+ $L::BUFFER_SCALARS)+;

            #[allow(unused_assignments)]
            fn buffer(&self, i: usize) -> &[T] {
                let mut i = i;
                $(
                    if i < $L::BUFFERS {
                        return self.$i.buffer(i);
                    }
                    i -= $L::BUFFERS;
                )+
                panic!("buffer index out of range")
            }

            #[allow(unused_assignments)]
            fn buffer_mut(&mut self, i: usize) -> &mut [T] {
                let mut i = i;
                $(
                    if i < $L::BUFFERS {
                        return self.$i.buffer_mut(i);
                    }
                    i -= $L::BUFFERS;
                )+
                panic!("buffer index out of range")
            }

            #[allow(unused_assignments)]
            fn tensor_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
                let mut i = i;
                $(
                    if i < $L::TENSORS {
                        write!(out, "{}.", $i)?;
                        return $L::tensor_name(i, out);
                    }
                    i -= $L::TENSORS;
                )+
                panic!("parameter tensor index out of range")
            }

            #[allow(unused_assignments)]
            fn torch_shape(i: usize) -> Option<[usize; 3]> {
                let mut i = i;
                $(
                    if i < $L::TENSORS {
                        return $L::torch_shape(i);
                    }
                    i -= $L::TENSORS;
                )+
                panic!("parameter tensor index out of range")
            }

            #[allow(unused_assignments)]
            fn buffer_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
                let mut i = i;
                $(
                    if i < $L::BUFFERS {
                        write!(out, "{}.", $i)?;
                        return $L::buffer_name(i, out);
                    }
                    i -= $L::BUFFERS;
                )+
                panic!("buffer index out of range")
            }

            fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
                out.write_str("(\n")?;
                $(
                    self.$i.write_rust(out)?;
                    out.write_str(",\n")?;
                )+
                out.write_str(")")
            }

            #[allow(unused_assignments)]
            fn tensor_info(i: usize) -> TensorInfo {
                let mut i = i;
                $(
                    if i < $L::TENSORS {
                        return $L::tensor_info(i);
                    }
                    i -= $L::TENSORS;
                )+
                panic!("parameter tensor index out of range")
            }
        }

        impl<T: Scalar, const $W0: usize, $(const $Wout: usize,)+ $($L,)+> Layer<T, $W0> for ($($L,)+)
        where
            // Each junction's width comes from the layer before it whether or not that layer
            // takes its own input, so every junction that does not agree is reported.
            $( $L: Signature<OutputFor<Const<$Win>> = Const<$Wout>>, )+
            $( $L: Layer<T, $Win>, )+
        {
            /// The layers' outputs but the last (each stored once, written in place), then the
            /// layers' own caches.
            type Cache<const B: usize> = (
                tuple_network!(@hs T, B, []; $($Wout),+),
                ($(<$L as Layer<T, $Win>>::Cache<B>,)+),
            );
            /// The layers' states, in order.
            type State = ($(<$L as Layer<T, $Win>>::State,)+);

            #[inline]
            fn layer_forward<const B: usize>(&self, x: &SMatrix<T, $W0, B>) -> SMatrix<T, $WL, B> {
                if B == 1 {
                    // One sample: values small enough for registers, passed from layer to layer.
                    let h = x;
                    $( let h = &self.$i.layer_forward(h); )+
                    *h
                } else {
                    let mut y = Blank::blank();
                    self.layer_forward_into(x, &mut y);
                    y
                }
            }

            #[inline]
            fn layer_forward_into<const B: usize>(
                &self,
                x: &SMatrix<T, $W0, B>,
                y: &mut SMatrix<T, $WL, B>,
            ) {
                if B == 1 {
                    *y = self.layer_forward(x);
                    return;
                }
                tuple_network!(@decl T, B; $first);
                $( tuple_network!(@decl T, B; $rest); )*
                tuple_network!(@inf_first self, x, y, hs, T; $first);
                $( tuple_network!(@inf_rest self, x, y, hs, T; $rest); )*
            }

            #[inline(always)]
            fn layer_step<const B: usize>(
                &self,
                state: &mut Self::State,
                x: &SMatrix<T, $W0, B>,
                y: &mut SMatrix<T, $WL, B>,
            ) {
                #[allow(unused_mut, unused_variables)] // `hs` is `()` for one layer
                let mut hs: tuple_network!(@hs T, B, []; $($Wout),+) = Blank::blank();
                tuple_network!(@step self, state, x, y, hs; $($i),+);
            }

            #[inline(always)]
            fn layer_forward_train<const B: usize>(
                &mut self,
                x: &SMatrix<T, $W0, B>,
                y: &mut SMatrix<T, $WL, B>,
                cache: &mut Self::Cache<B>,
            ) {
                // Zero-sized for a feed-forward network.
                let mut state = Blank::blank();
                self.layer_forward_train_from(&mut state, x, y, cache);
            }

            #[inline(always)]
            fn layer_forward_train_from<const B: usize>(
                &mut self,
                state: &mut Self::State,
                x: &SMatrix<T, $W0, B>,
                y: &mut SMatrix<T, $WL, B>,
                cache: &mut Self::Cache<B>,
            ) {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@train_first self, state, x, y, hs, cs, T; $first);
                $( tuple_network!(@train_rest self, state, x, y, hs, cs, T; $rest); )*
            }

            #[inline(always)]
            fn layer_forward_tape<const B: usize>(
                &self,
                x: &SMatrix<T, $W0, B>,
                y: &mut SMatrix<T, $WL, B>,
                cache: &mut Self::Cache<B>,
            ) {
                let mut state = Blank::blank();
                self.layer_forward_tape_from(&mut state, x, y, cache);
            }

            #[inline(always)]
            fn layer_forward_tape_from<const B: usize>(
                &self,
                state: &mut Self::State,
                x: &SMatrix<T, $W0, B>,
                y: &mut SMatrix<T, $WL, B>,
                cache: &mut Self::Cache<B>,
            ) {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@fwd layer_forward_tape_from, self, state, x, y, hs, cs; $($i),+);
            }

            #[inline]
            fn layer_backward<const B: usize>(
                &self,
                x: &SMatrix<T, $W0, B>,
                y: &SMatrix<T, $WL, B>,
                cache: &Self::Cache<B>,
                dy: &SMatrix<T, $WL, B>,
                grads: &mut Self,
            ) -> SMatrix<T, $W0, B> {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@bwd_start grads, layer_backward, layer_backward, self, x, y, hs, cs, grads, dy; $($r),+)
            }

            #[inline]
            fn layer_backward_params<const B: usize>(
                &self,
                x: &SMatrix<T, $W0, B>,
                y: &SMatrix<T, $WL, B>,
                cache: &Self::Cache<B>,
                dy: &SMatrix<T, $WL, B>,
                grads: &mut Self,
            ) {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@bwd_start grads, layer_backward, layer_backward_params, self, x, y, hs, cs, grads, dy; $($r),+)
            }

            #[inline]
            fn layer_backward_set<const B: usize>(
                &self,
                x: &SMatrix<T, $W0, B>,
                y: &SMatrix<T, $WL, B>,
                cache: &Self::Cache<B>,
                dy: &SMatrix<T, $WL, B>,
                grads: &mut Self,
            ) -> SMatrix<T, $W0, B> {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@bwd_start grads, layer_backward_set, layer_backward_set, self, x, y, hs, cs, grads, dy; $($r),+)
            }

            #[inline]
            fn layer_backward_params_set<const B: usize>(
                &self,
                x: &SMatrix<T, $W0, B>,
                y: &SMatrix<T, $WL, B>,
                cache: &Self::Cache<B>,
                dy: &SMatrix<T, $WL, B>,
                grads: &mut Self,
            ) {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@bwd_start grads, layer_backward_set, layer_backward_params_set, self, x, y, hs, cs, grads, dy; $($r),+)
            }

            #[inline]
            fn layer_backward_sgd<const B: usize>(
                &mut self,
                x: &SMatrix<T, $W0, B>,
                y: &SMatrix<T, $WL, B>,
                cache: &Self::Cache<B>,
                dy: &SMatrix<T, $WL, B>,
                lr: T,
            ) -> SMatrix<T, $W0, B> {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@bwd_start sgd, layer_backward_sgd, layer_backward_sgd, self, x, y, hs, cs, lr, dy; $($r),+)
            }

            #[inline]
            fn layer_backward_sgd_params<const B: usize>(
                &mut self,
                x: &SMatrix<T, $W0, B>,
                y: &SMatrix<T, $WL, B>,
                cache: &Self::Cache<B>,
                dy: &SMatrix<T, $WL, B>,
                lr: T,
            ) {
                #[allow(unused_variables)] // `hs` is `()` for one layer
                let (hs, cs) = cache;
                tuple_network!(@bwd_start sgd, layer_backward_sgd, layer_backward_sgd_params, self, x, y, hs, cs, lr, dy; $($r),+)
            }
        }
    };
}

tuple_network!(
    W0, W1;
    (L0, 0, W0, W1);
    rev [(0)];
    fuse (0, L0, W0, x, y, last) [

    ]
);
tuple_network!(
    W0, W2;
    (L0, 0, W0, W1), (L1, 1, W1, W2);
    rev [(1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), y, last, 0, L0, W0, x)
    ]
);
tuple_network!(
    W0, W3;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3);
    rev [(2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), y, last, 1, L1, W1, (h 0 h0 W1))
    ]
);
tuple_network!(
    W0, W4;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4);
    rev [(3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), y, last, 2, L2, W2, (h 1 h1 W2))
    ]
);
tuple_network!(
    W0, W5;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5);
    rev [(4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), y, last, 3, L3, W3, (h 2 h2 W3))
    ]
);
tuple_network!(
    W0, W6;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6);
    rev [(5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), y, last, 4, L4, W4, (h 3 h3 W4))
    ]
);
tuple_network!(
    W0, W7;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7);
    rev [(6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), y, last, 5, L5, W5, (h 4 h4 W5))
    ]
);
tuple_network!(
    W0, W8;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8);
    rev [(7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), y, last, 6, L6, W6, (h 5 h5 W6))
    ]
);
tuple_network!(
    W0, W9;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9);
    rev [(8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), y, last, 7, L7, W7, (h 6 h6 W7))
    ]
);
tuple_network!(
    W0, W10;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10);
    rev [(9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), y, last, 8, L8, W8, (h 7 h7 W8))
    ]
);
tuple_network!(
    W0, W11;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10), (L10, 10, W10, W11);
    rev [(10 9), (9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), (h 9 h9 W10), (L10 W10), 8, L8, W8, (h 7 h7 W8)),
        (10, L10, W10, (h 9 h9 W10), y, last, 9, L9, W9, (h 8 h8 W9))
    ]
);
tuple_network!(
    W0, W12;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10), (L10, 10, W10, W11), (L11, 11, W11, W12);
    rev [(11 10), (10 9), (9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), (h 9 h9 W10), (L10 W10), 8, L8, W8, (h 7 h7 W8)),
        (10, L10, W10, (h 9 h9 W10), (h 10 h10 W11), (L11 W11), 9, L9, W9, (h 8 h8 W9)),
        (11, L11, W11, (h 10 h10 W11), y, last, 10, L10, W10, (h 9 h9 W10))
    ]
);
tuple_network!(
    W0, W13;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10), (L10, 10, W10, W11), (L11, 11, W11, W12), (L12, 12, W12, W13);
    rev [(12 11), (11 10), (10 9), (9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), (h 9 h9 W10), (L10 W10), 8, L8, W8, (h 7 h7 W8)),
        (10, L10, W10, (h 9 h9 W10), (h 10 h10 W11), (L11 W11), 9, L9, W9, (h 8 h8 W9)),
        (11, L11, W11, (h 10 h10 W11), (h 11 h11 W12), (L12 W12), 10, L10, W10, (h 9 h9 W10)),
        (12, L12, W12, (h 11 h11 W12), y, last, 11, L11, W11, (h 10 h10 W11))
    ]
);
tuple_network!(
    W0, W14;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10), (L10, 10, W10, W11), (L11, 11, W11, W12), (L12, 12, W12, W13), (L13, 13, W13, W14);
    rev [(13 12), (12 11), (11 10), (10 9), (9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), (h 9 h9 W10), (L10 W10), 8, L8, W8, (h 7 h7 W8)),
        (10, L10, W10, (h 9 h9 W10), (h 10 h10 W11), (L11 W11), 9, L9, W9, (h 8 h8 W9)),
        (11, L11, W11, (h 10 h10 W11), (h 11 h11 W12), (L12 W12), 10, L10, W10, (h 9 h9 W10)),
        (12, L12, W12, (h 11 h11 W12), (h 12 h12 W13), (L13 W13), 11, L11, W11, (h 10 h10 W11)),
        (13, L13, W13, (h 12 h12 W13), y, last, 12, L12, W12, (h 11 h11 W12))
    ]
);
tuple_network!(
    W0, W15;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10), (L10, 10, W10, W11), (L11, 11, W11, W12), (L12, 12, W12, W13), (L13, 13, W13, W14), (L14, 14, W14, W15);
    rev [(14 13), (13 12), (12 11), (11 10), (10 9), (9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), (h 9 h9 W10), (L10 W10), 8, L8, W8, (h 7 h7 W8)),
        (10, L10, W10, (h 9 h9 W10), (h 10 h10 W11), (L11 W11), 9, L9, W9, (h 8 h8 W9)),
        (11, L11, W11, (h 10 h10 W11), (h 11 h11 W12), (L12 W12), 10, L10, W10, (h 9 h9 W10)),
        (12, L12, W12, (h 11 h11 W12), (h 12 h12 W13), (L13 W13), 11, L11, W11, (h 10 h10 W11)),
        (13, L13, W13, (h 12 h12 W13), (h 13 h13 W14), (L14 W14), 12, L12, W12, (h 11 h11 W12)),
        (14, L14, W14, (h 13 h13 W14), y, last, 13, L13, W13, (h 12 h12 W13))
    ]
);
tuple_network!(
    W0, W16;
    (L0, 0, W0, W1), (L1, 1, W1, W2), (L2, 2, W2, W3), (L3, 3, W3, W4), (L4, 4, W4, W5), (L5, 5, W5, W6), (L6, 6, W6, W7), (L7, 7, W7, W8), (L8, 8, W8, W9), (L9, 9, W9, W10), (L10, 10, W10, W11), (L11, 11, W11, W12), (L12, 12, W12, W13), (L13, 13, W13, W14), (L14, 14, W14, W15), (L15, 15, W15, W16);
    rev [(15 14), (14 13), (13 12), (12 11), (11 10), (10 9), (9 8), (8 7), (7 6), (6 5), (5 4), (4 3), (3 2), (2 1), (1 0), (0)];
    fuse (0, L0, W0, x, (h 0 h0 W1), (L1 W1)) [
        (1, L1, W1, (h 0 h0 W1), (h 1 h1 W2), (L2 W2), 0, L0, W0, x),
        (2, L2, W2, (h 1 h1 W2), (h 2 h2 W3), (L3 W3), 1, L1, W1, (h 0 h0 W1)),
        (3, L3, W3, (h 2 h2 W3), (h 3 h3 W4), (L4 W4), 2, L2, W2, (h 1 h1 W2)),
        (4, L4, W4, (h 3 h3 W4), (h 4 h4 W5), (L5 W5), 3, L3, W3, (h 2 h2 W3)),
        (5, L5, W5, (h 4 h4 W5), (h 5 h5 W6), (L6 W6), 4, L4, W4, (h 3 h3 W4)),
        (6, L6, W6, (h 5 h5 W6), (h 6 h6 W7), (L7 W7), 5, L5, W5, (h 4 h4 W5)),
        (7, L7, W7, (h 6 h6 W7), (h 7 h7 W8), (L8 W8), 6, L6, W6, (h 5 h5 W6)),
        (8, L8, W8, (h 7 h7 W8), (h 8 h8 W9), (L9 W9), 7, L7, W7, (h 6 h6 W7)),
        (9, L9, W9, (h 8 h8 W9), (h 9 h9 W10), (L10 W10), 8, L8, W8, (h 7 h7 W8)),
        (10, L10, W10, (h 9 h9 W10), (h 10 h10 W11), (L11 W11), 9, L9, W9, (h 8 h8 W9)),
        (11, L11, W11, (h 10 h10 W11), (h 11 h11 W12), (L12 W12), 10, L10, W10, (h 9 h9 W10)),
        (12, L12, W12, (h 11 h11 W12), (h 12 h12 W13), (L13 W13), 11, L11, W11, (h 10 h10 W11)),
        (13, L13, W13, (h 12 h12 W13), (h 13 h13 W14), (L14 W14), 12, L12, W12, (h 11 h11 W12)),
        (14, L14, W14, (h 13 h13 W14), (h 14 h14 W15), (L15 W15), 13, L13, W13, (h 12 h12 W13)),
        (15, L15, W15, (h 14 h14 W15), y, last, 14, L14, W14, (h 13 h13 W14))
    ]
);

/// Tuples of 17 to 32 layers: every network trait is implemented (in `f32`) under a bound that never holds,
/// so that using one reports "a network tuple holds at most 16 layers" (see
/// [`AtMost16Layers`]) rather than a missing method.
macro_rules! too_many_layers {
    ($n:literal; $($L:ident),+) => {
        impl<$($L: Module,)+> Module for ($($L,)+) {}

        impl<$($L: Signature,)+> Signature for ($($L,)+) {
            type In = AnyWidth;
            type OutputFor<W: Width> = W;
            type Scalar = AnyScalar;
        }

        // `Self:` here (rustc then names this bound when `zeroed` is not found), `ShapeCheck:`
        // below (rustc then reports the layer count rather than the trait it was checking).
        impl<$($L: Module + Signature,)+> Zeroed for ($($L,)+)
        where
            Self: AtMost16Layers<$n>,
        {
            fn zeroed() -> Self {
                unreachable!()
            }
        }

        // `f32` only: with a generic scalar, a call that leaves it to inference (`Sgd::new`,
        // `zero_gradients`) would report "does not compute in `_`" instead of the layer count.
        impl<$($L: Module + Signature,)+> Params<f32> for ($($L,)+)
        where
            Self: Clone,
            ShapeCheck: AtMost16Layers<$n, Self>,
        {
            const PARAMS: usize = 0;
            const TENSORS: usize = 0;
            fn tensor(&self, _: usize) -> &[f32] {
                unreachable!()
            }
            fn tensor_mut(&mut self, _: usize) -> &mut [f32] {
                unreachable!()
            }
            fn tensor_info(_: usize) -> TensorInfo {
                unreachable!()
            }
        }

        impl<const IN: usize, $($L: Module + Signature,)+> Layer<f32, IN> for ($($L,)+)
        where
            Self: Clone,
            ShapeCheck: AtMost16Layers<$n, Self>,
        {
            type Cache<const B: usize> = ();
            type State = ();
            fn layer_forward<const B: usize>(&self, _: &SMatrix<f32, IN, B>) -> SMatrix<f32, IN, B> {
                unreachable!()
            }
            fn layer_forward_train<const B: usize>(
                &mut self,
                _: &SMatrix<f32, IN, B>,
                _: &mut SMatrix<f32, IN, B>,
                _: &mut (),
            ) {
                unreachable!()
            }
            fn layer_forward_tape<const B: usize>(
                &self,
                _: &SMatrix<f32, IN, B>,
                _: &mut SMatrix<f32, IN, B>,
                _: &mut (),
            ) {
                unreachable!()
            }
            fn layer_backward<const B: usize>(
                &self,
                _: &SMatrix<f32, IN, B>,
                _: &SMatrix<f32, IN, B>,
                _: &(),
                _: &SMatrix<f32, IN, B>,
                _: &mut Self,
            ) -> SMatrix<f32, IN, B> {
                unreachable!()
            }
        }
    };
}

too_many_layers!(17; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16);
too_many_layers!(18; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17);
too_many_layers!(19; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18);
too_many_layers!(20; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19);
too_many_layers!(21; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20);
too_many_layers!(22; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21);
too_many_layers!(23; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22);
too_many_layers!(24; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23);
too_many_layers!(25; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24);
too_many_layers!(26; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25);
too_many_layers!(27; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26);
too_many_layers!(28; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27);
too_many_layers!(29; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28);
too_many_layers!(30; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29);
too_many_layers!(31; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30);
too_many_layers!(32; L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31);
