//! The quantized forms of the float network's parameter-free and folded layers.
//!
//! Post-training quantization maps a float network to a quantized one layer for layer, so that
//! the quantized type follows from the float type: `Dense` becomes [`QDense`](super::QDense),
//! `ReLU` becomes [`QRelu`], `BatchNorm` (folded into the dense layer before it) becomes
//! [`QFolded`], and `Identity` and `Dropout` (identity at inference) become [`QIdentity`].

/// ReLU on int8 values with zero point `z`: `max(x, z)` (TFLite's int8 `RELU` when its input and
/// output share a scale). After a dense layer whose clamp already starts at `z` (the fused
/// activation), it changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QRelu {
    /// The zero point of the values it clamps.
    pub zero_point: i8,
}

impl QRelu {
    /// `max(x, z)` per element.
    #[inline]
    pub fn forward<const N: usize>(&self, x: &[i8; N]) -> [i8; N] {
        x.map(|v| v.max(self.zero_point))
    }
}

/// A batch normalisation folded into the dense layer before it: passes its input through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct QFolded;

/// Identity (and dropout, which is identity at inference): passes its input through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct QIdentity;
