//! [`QLayer`]: one int8 step from an input array to an output array, for a quantized layer and
//! for a tuple of them (a quantized network), with the junctions checked by the compiler as in
//! float networks.

use super::dense::QDense;
use super::pointwise::{QFolded, QIdentity, QRelu};

/// A quantized layer or network that takes input `X` (an int8 array, `[i8; N]`).
///
/// A tuple of quantized layers is one when every layer takes the previous one's output: a
/// `QDense<2, 3>` followed by a `QDense<4, 1>` is a compile error naming both.
#[diagnostic::on_unimplemented(
    message = "shape mismatch: `{Self}` cannot take a `{X}` input",
    label = "this quantized layer or network does not take `{X}`",
    note = "a `QDense<I, O>` takes `[i8; I]` and gives `[i8; O]`; each layer of a quantized network takes what the one before it gives"
)]
pub trait QLayer<X> {
    /// What it gives (`[i8; O]`).
    type Output: Copy;

    /// Runs the layer (or every layer in order) on one sample.
    fn run(&self, x: &X) -> Self::Output;
}

impl<const I: usize, const O: usize> QLayer<[i8; I]> for QDense<I, O> {
    type Output = [i8; O];

    #[inline]
    fn run(&self, x: &[i8; I]) -> [i8; O] {
        self.forward(x)
    }
}

impl<const N: usize> QLayer<[i8; N]> for QRelu {
    type Output = [i8; N];

    #[inline]
    fn run(&self, x: &[i8; N]) -> [i8; N] {
        self.forward(x)
    }
}

/// `QLayer` for the layers that pass their input through.
macro_rules! q_pass_through {
    ($($ty:ty),*) => {$(
        impl<const N: usize> QLayer<[i8; N]> for $ty {
            type Output = [i8; N];

            #[inline(always)]
            fn run(&self, x: &[i8; N]) -> [i8; N] {
                *x
            }
        }
    )*};
}

q_pass_through!(QIdentity, QFolded);

/// `QLayer` for a tuple: each layer bound on the previous one's output.
macro_rules! q_tuple {
    ($L0:ident $($L:ident $p:ident),*; $last:ident; $($i:tt),*) => {
        impl<X, $L0: QLayer<X> $(, $L: QLayer<$p::Output>)*> QLayer<X> for ($L0, $($L,)*) {
            type Output = $last::Output;

            #[inline]
            fn run(&self, x: &X) -> Self::Output {
                let y = self.0.run(x);
                $(let y = self.$i.run(&y);)*
                y
            }
        }
    };
}

q_tuple!(L0; L0;);
q_tuple!(L0 L1 L0; L1; 1);
q_tuple!(L0 L1 L0, L2 L1; L2; 1, 2);
q_tuple!(L0 L1 L0, L2 L1, L3 L2; L3; 1, 2, 3);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3; L4; 1, 2, 3, 4);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4; L5; 1, 2, 3, 4, 5);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4, L6 L5; L6; 1, 2, 3, 4, 5, 6);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4, L6 L5, L7 L6; L7; 1, 2, 3, 4, 5, 6, 7);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4, L6 L5, L7 L6, L8 L7; L8; 1, 2, 3, 4, 5, 6, 7, 8);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4, L6 L5, L7 L6, L8 L7, L9 L8; L9; 1, 2, 3, 4, 5, 6, 7, 8, 9);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4, L6 L5, L7 L6, L8 L7, L9 L8, L10 L9; L10;
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
q_tuple!(L0 L1 L0, L2 L1, L3 L2, L4 L3, L5 L4, L6 L5, L7 L6, L8 L7, L9 L8, L10 L9, L11 L10; L11;
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
