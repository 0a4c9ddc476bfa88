//! Quantized networks as Rust source: a `static` in flash, built by `const fn`.

use core::fmt::{self, Write};

use super::dense::QDense;
use super::pointwise::{QFolded, QIdentity, QRelu};
use super::requant::Rounding;
use super::{QNet, QParams};

/// A quantized layer or network that can write itself as Rust source (its type and a constant
/// expression of it).
pub trait QuantSource {
    /// Writes the type, e.g. `constnet::quant::QDense<2, 8>`.
    ///
    /// # Errors
    /// Whatever `out` returns.
    fn write_type(out: &mut dyn Write) -> fmt::Result;

    /// Writes a constant expression of this value.
    ///
    /// # Errors
    /// Whatever `out` returns.
    fn write_value(&self, out: &mut dyn Write) -> fmt::Result;
}

impl<const I: usize, const O: usize> QuantSource for QDense<I, O> {
    fn write_type(out: &mut dyn Write) -> fmt::Result {
        write!(out, "constnet::quant::QDense<{I}, {O}>")
    }

    fn write_value(&self, out: &mut dyn Write) -> fmt::Result {
        out.write_str("constnet::quant::QDense::from_parts(\n    [")?;
        for row in self.weights() {
            out.write_str("\n        [")?;
            for (j, w) in row.iter().enumerate() {
                if j > 0 {
                    out.write_str(", ")?;
                }
                write!(out, "{w}")?;
            }
            out.write_str("],")?;
        }
        out.write_str("\n    ],\n    [")?;
        for (o, b) in self.bias().iter().enumerate() {
            if o > 0 {
                out.write_str(", ")?;
            }
            write!(out, "{b}")?;
        }
        out.write_str("],\n    [")?;
        for m in self.multipliers() {
            write!(
                out,
                "\n        constnet::quant::Multiplier {{ multiplier: {}, shift: {} }},",
                m.multiplier, m.shift
            )?;
        }
        let (zx, zy) = self.zero_points();
        let (lo, hi) = self.clamp();
        let rounding = match self.rounding() {
            Rounding::Double => "Double",
            Rounding::Single => "Single",
        };
        write!(
            out,
            "\n    ],\n    {zx},\n    {zy},\n    ({lo}, {hi}),\n    constnet::quant::Rounding::{rounding},\n)"
        )
    }
}

impl QuantSource for QRelu {
    fn write_type(out: &mut dyn Write) -> fmt::Result {
        out.write_str("constnet::quant::QRelu")
    }

    fn write_value(&self, out: &mut dyn Write) -> fmt::Result {
        write!(
            out,
            "constnet::quant::QRelu {{ zero_point: {} }}",
            self.zero_point
        )
    }
}

/// `QuantSource` for the unit structs: their path is both type and value.
macro_rules! unit_source {
    ($($ty:ident),*) => {$(
        impl QuantSource for $ty {
            fn write_type(out: &mut dyn Write) -> fmt::Result {
                out.write_str(concat!("constnet::quant::", stringify!($ty)))
            }

            fn write_value(&self, out: &mut dyn Write) -> fmt::Result {
                Self::write_type(out)
            }
        }
    )*};
}

unit_source!(QFolded, QIdentity);

macro_rules! source_tuple {
    ($($L:ident $i:tt),+) => {
        impl<$($L: QuantSource),+> QuantSource for ($($L,)+) {
            fn write_type(out: &mut dyn Write) -> fmt::Result {
                out.write_str("(")?;
                $($L::write_type(out)?; out.write_str(", ")?;)+
                out.write_str(")")
            }

            fn write_value(&self, out: &mut dyn Write) -> fmt::Result {
                out.write_str("(\n")?;
                $(self.$i.write_value(out)?; out.write_str(",\n")?;)+
                out.write_str(")")
            }
        }
    };
}

source_tuple!(L0 0);
source_tuple!(L0 0, L1 1);
source_tuple!(L0 0, L1 1, L2 2);
source_tuple!(L0 0, L1 1, L2 2, L3 3);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8, L9 9);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8, L9 9, L10 10);
source_tuple!(L0 0, L1 1, L2 2, L3 3, L4 4, L5 5, L6 6, L7 7, L8 8, L9 9, L10 10, L11 11);

fn write_params(out: &mut dyn Write, p: QParams) -> fmt::Result {
    write!(
        out,
        "constnet::quant::QParams {{ scale: {:?}, zero_point: {} }}",
        p.scale, p.zero_point
    )
}

impl<L: QuantSource> QNet<L> {
    /// Writes `pub static {name}: QNet<…> = …;` (marked `#[rustfmt::skip]`), a `static` that
    /// firmware compiles into flash.
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write_rust(&self, name: &str, out: &mut dyn Write) -> fmt::Result {
        write!(
            out,
            "#[rustfmt::skip]\npub static {name}: constnet::quant::QNet<"
        )?;
        L::write_type(out)?;
        out.write_str("> = constnet::quant::QNet {\n    input: ")?;
        write_params(out, self.input)?;
        out.write_str(",\n    output: ")?;
        write_params(out, self.output)?;
        out.write_str(",\n    layers: ")?;
        self.layers.write_value(out)?;
        out.write_str(",\n};\n")
    }
}
