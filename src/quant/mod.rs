//! Integer inference: int8 networks with TensorFlow Lite Micro's arithmetic, bit for bit.
//!
//! The scheme is TFLite's full-integer quantization, which TFLite Micro and CMSIS-NN implement
//! and every deployed int8 model uses:
//!
//! * activations are int8 with a scale and zero point per tensor (asymmetric):
//!   `real = scale · (q − zero_point)` ([`QParams`]);
//! * weights are int8 and symmetric (zero point 0), with a scale per output channel or one per
//!   tensor; biases are int32 with scale `s_x · s_w`;
//! * a layer accumulates in int32 and requantizes by a Q31 fixed-point multiplier and a shift
//!   ([`requant`]), then clamps to the fused activation's range ([`Activation`]).
//!
//! A quantized network is a tuple of quantized layers ([`QLayer`]) whose shapes the compiler
//! checks as it does for float networks, wrapped in a [`QNet`] that knows its input and output
//! quantization. Its inference path uses integers only (no floating point: full speed on a
//! Cortex-M0 or a RISC-V core without an FPU), allocates nothing and cannot panic. On
//! `thumbv7em` (Cortex-M4, M7) the dense kernel uses the DSP extension's dual multiply-
//! accumulate; elsewhere a portable loop, which is the reference. Its layers
//! are built by `const fn`, so a network can be a `static` in flash
//! ([`QNet::write_rust`] writes one).
//!
//! Where a quantized network comes from:
//! * post-training quantization of a trained float network on the host ([`quantize`], with
//!   `std`): the quantized type follows from the float type (`Dense` → [`QDense`], `ReLU` →
//!   [`QRelu`], `BatchNorm` folded into the dense layer before it → [`QFolded`]);
//! * a `.tflite` file from TensorFlow's converter ([`io::tflite`](crate::io), feature `tflite`).
//!
//! ```
//! use constnet::quant::{Activation, Multiplier, QDense, QNet, QParams, Rounding};
//!
//! // y = relu(x0 + x1), inputs and output with scale 0.5 and zero point 0.
//! let m = Multiplier::from_real(0.5 * 1.0 / 0.5, Rounding::Double);
//! let out = QParams { scale: 0.5, zero_point: 0 };
//! let layer = QDense::<2, 1>::from_parts(
//!     [[1, 1]], [0], [m], 0, 0, Activation::Relu.range(out), Rounding::Double,
//! );
//! let net = QNet { input: out, output: out, layers: (layer,) };
//! assert_eq!(net.forward(&[3i8, 4]), [7]);
//! assert_eq!(net.forward(&[-3i8, 1]), [0]);
//! assert_eq!(net.forward_f32(&[1.5, 2.0]), [3.5]);
//! ```

#[cfg(feature = "std")]
mod calibrate;
pub mod dense;
mod kernel;
pub mod network;
pub mod pointwise;
pub mod requant;
mod source;

#[cfg(feature = "std")]
pub use calibrate::{quantize, CalibrationSample, QuantError, QuantOptions, Quantizable};
pub use dense::{Activation, QDense};
pub use network::QLayer;
pub use pointwise::{QFolded, QIdentity, QRelu};
pub use requant::{Multiplier, Rounding};
pub use source::QuantSource;

/// An int8 input (`[i8; N]`) that quantized network `L` takes: the bound of
/// [`QNet::forward`], so that a network whose layers do not chain, or an input of another
/// width, is reported as the layer that cannot take its input.
pub trait QInput<L>: Sized {
    /// What `L` gives for it.
    type Output;

    /// Runs `layers` on this input.
    fn run_through(&self, layers: &L) -> Self::Output;
}

impl<const N: usize, L: QLayer<[i8; N]>> QInput<L> for [i8; N] {
    type Output = L::Output;

    #[inline(always)]
    fn run_through(&self, layers: &L) -> L::Output {
        layers.run(self)
    }
}

/// The quantization of one int8 tensor: `real = scale · (q − zero_point)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QParams {
    /// The real value of one step.
    pub scale: f32,
    /// The int8 value that stands for real 0.
    pub zero_point: i8,
}

impl QParams {
    /// TFLite's `QUANTIZE` of one value: `clamp(round(v / scale) + zero_point, −128, 127)`
    /// (rounding half away from zero, in `f32`).
    pub fn quantize(self, v: f32) -> i8 {
        let q = libm::roundf(v / self.scale) as i32 + self.zero_point as i32;
        q.clamp(-128, 127) as i8
    }

    /// TFLite's `DEQUANTIZE` of one value: `scale · (q − zero_point)` (the product in `f64`).
    pub fn dequantize(self, q: i8) -> f32 {
        (self.scale as f64 * (q as i32 - self.zero_point as i32) as f64) as f32
    }
}

/// A quantized network: its layers (a tuple of [`QLayer`]s) and the quantization of its input
/// and output, for the float boundaries.
#[derive(Clone, Debug, PartialEq)]
pub struct QNet<L> {
    /// The input tensor's quantization.
    pub input: QParams,
    /// The output tensor's quantization.
    pub output: QParams,
    /// The layers.
    pub layers: L,
}

impl<L> QNet<L> {
    /// Integer inference of one sample: int8 in (`[i8; I]`), int8 out, integers only.
    #[inline]
    pub fn forward<X: QInput<L>>(&self, x: &X) -> X::Output {
        x.run_through(&self.layers)
    }

    /// Quantizes a float input with the network's input quantization.
    pub fn quantize_input<const I: usize>(&self, x: &[f32; I]) -> [i8; I] {
        x.map(|v| self.input.quantize(v))
    }

    /// Dequantizes an int8 output with the network's output quantization.
    pub fn dequantize_output<const O: usize>(&self, y: &[i8; O]) -> [f32; O] {
        y.map(|q| self.output.dequantize(q))
    }

    /// Float in, float out: quantize, integer inference, dequantize (the boundaries use floating
    /// point; the layers do not).
    pub fn forward_f32<const I: usize, const O: usize>(&self, x: &[f32; I]) -> [f32; O]
    where
        L: QLayer<[i8; I], Output = [i8; O]>,
    {
        self.dequantize_output(&self.forward(&self.quantize_input(x)))
    }
}
