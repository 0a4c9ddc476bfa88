//! [`QDense`]: TFLite's int8 `FULLY_CONNECTED`, bit for bit.
//!
//! For input `x` (int8, zero point `z_x`), weights `w` (int8, symmetric: zero point 0), bias `b`
//! (int32, scale `s_x·s_w[o]`) and output zero point `z_y`, TFLite's reference kernel computes
//!
//! ```text
//! acc[o] = b[o] + Σ_j w[o][j] · (x[j] − z_x)
//! y[o]   = clamp(MultiplyByQuantizedMultiplier(acc[o], m[o], shift[o]) + z_y, lo, hi)
//! ```
//!
//! with the multiplier of `s_x·s_w[o]/s_y` ([`Multiplier`]) and the clamp of the fused
//! activation (none: `[−128, 127]`; ReLU: `[z_y, 127]`; ReLU6: `[z_y, z_y + round(6/s_y)]`).
//! Here `b[o] − z_x·Σ_j w[o][j]` is folded once, when the layer is built (as CMSIS-NN does), so
//! the inner loop is a plain int8 dot product; in wrapping 32-bit arithmetic the sum is the same
//! integer whatever the order. No floating point runs on this path.

use super::kernel;
use super::requant::{Multiplier, Rounding};
use super::QParams;

/// The activation fused into a quantized layer's output clamp (TFLite's
/// `fused_activation_function`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Activation {
    /// No clamp beyond int8's range.
    #[default]
    None,
    /// `max(0, y)`: the clamp starts at the output zero point.
    Relu,
    /// `min(max(0, y), 6)`.
    Relu6,
    /// `min(max(−1, y), 1)` (TFLite's `RELU_N1_TO_1`).
    ReluN1To1,
}

impl Activation {
    /// The int8 clamp `[lo, hi]` of this activation for an output with `params`, as TFLite's
    /// `CalculateActivationRangeQuantized` computes it (`z + round(v / s)` in `f32`, clamped to
    /// int8). Host-side: the layer stores the result.
    pub fn range(self, params: QParams) -> (i8, i8) {
        let q = |v: f32| params.zero_point as i32 + libm::roundf(v / params.scale) as i32;
        let clamp = |v: i32| v.clamp(-128, 127) as i8;
        match self {
            Activation::None => (-128, 127),
            Activation::Relu => (clamp(q(0.0)), 127),
            Activation::Relu6 => (clamp(q(0.0)), clamp(q(6.0))),
            Activation::ReluN1To1 => (clamp(q(-1.0)), clamp(q(1.0))),
        }
    }
}

/// An int8 fully connected layer of `I` inputs and `O` outputs, TFLite's arithmetic (module docs).
///
/// Built by post-training quantization ([`quantize`](crate::quant::quantize)), loaded from a
/// `.tflite` file ([`io::tflite`](crate::io)), or from its integer parts with the `const fn`
/// [`QDense::from_parts`] (what [`QNet::write_rust`](crate::quant::QNet::write_rust) writes, so a
/// quantized network can be a `static` in flash).
#[derive(Clone, Debug, PartialEq)]
pub struct QDense<const I: usize, const O: usize> {
    weights: [[i8; I]; O],
    /// `bias − z_x·Σ_j w[o][j]` (the bias itself is not kept: [`QDense::bias`] recovers it).
    acc0: [i32; O],
    multipliers: [Multiplier; O],
    input_zero_point: i8,
    output_zero_point: i8,
    lo: i8,
    hi: i8,
    rounding: Rounding,
}

impl<const I: usize, const O: usize> QDense<I, O> {
    /// A layer from TFLite's integer parameters: weights `[O][I]` (the `FULLY_CONNECTED` filter
    /// layout), int32 bias, one requantization multiplier per output channel (the same one
    /// repeated for per-tensor weights), the input and output zero points, and the output clamp
    /// (see [`Activation::range`]).
    #[allow(clippy::too_many_arguments)]
    pub const fn from_parts(
        weights: [[i8; I]; O],
        bias: [i32; O],
        multipliers: [Multiplier; O],
        input_zero_point: i8,
        output_zero_point: i8,
        clamp: (i8, i8),
        rounding: Rounding,
    ) -> Self {
        let mut acc0 = [0i32; O];
        let mut o = 0;
        while o < O {
            let mut sum = 0i32;
            let mut j = 0;
            while j < I {
                sum = sum.wrapping_add(weights[o][j] as i32);
                j += 1;
            }
            acc0[o] = bias[o].wrapping_sub((input_zero_point as i32).wrapping_mul(sum));
            o += 1;
        }
        Self {
            weights,
            acc0,
            multipliers,
            input_zero_point,
            output_zero_point,
            lo: clamp.0,
            hi: clamp.1,
            rounding,
        }
    }

    /// The weights, `[O][I]`.
    pub fn weights(&self) -> &[[i8; I]; O] {
        &self.weights
    }

    /// The int32 bias (recovered from the folded one: `acc0 + z_x·Σ_j w[o][j]`).
    pub fn bias(&self) -> [i32; O] {
        core::array::from_fn(|o| {
            let sum = self.weights[o]
                .iter()
                .fold(0i32, |s, &w| s.wrapping_add(w as i32));
            self.acc0[o].wrapping_add((self.input_zero_point as i32).wrapping_mul(sum))
        })
    }

    /// The requantization multiplier of each output channel.
    pub fn multipliers(&self) -> &[Multiplier; O] {
        &self.multipliers
    }

    /// The input and output zero points.
    pub fn zero_points(&self) -> (i8, i8) {
        (self.input_zero_point, self.output_zero_point)
    }

    /// The output clamp `(lo, hi)`.
    pub fn clamp(&self) -> (i8, i8) {
        (self.lo, self.hi)
    }

    /// How the requantization rounds.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }

    /// One sample: `y = clamp(requant(acc) + z_y)` (module docs). With the DSP extension four
    /// output rows at a time (the kernel shares each input word between them; see
    /// `src/quant/kernel.rs`).
    #[inline]
    pub fn forward(&self, x: &[i8; I]) -> [i8; O] {
        let mut y = [0i8; O];
        #[cfg(constnet_dsp)]
        let first = {
            let whole = O / 4 * 4;
            for o in (0..whole).step_by(4) {
                let d = kernel::dot4(&self.weights[o..o + 4], x);
                for k in 0..4 {
                    y[o + k] = self.output(o + k, d[k]);
                }
            }
            whole
        };
        #[cfg(not(constnet_dsp))]
        let first = 0;
        for (o, out) in y.iter_mut().enumerate().skip(first) {
            *out = self.output(o, kernel::dot(&self.weights[o], x));
        }
        y
    }

    /// Output `o` from its dot product: requantized, offset and clamped.
    #[inline(always)]
    fn output(&self, o: usize, dot: i32) -> i8 {
        let acc = self.acc0[o].wrapping_add(dot);
        let v = self.multipliers[o]
            .apply(acc, self.rounding)
            .wrapping_add(self.output_zero_point as i32);
        // TFLite's order, `min(max(v, lo), hi)`: unlike `Ord::clamp`, it cannot panic (on a
        // clamp with `lo > hi`, which `from_parts` accepts, it gives `hi`).
        v.max(self.lo as i32).min(self.hi as i32) as i8
    }
}
