//! The part of TensorFlow Lite's flatbuffer schema (`tensorflow/lite/schema/schema.fbs`) that a
//! fully connected int8 model uses, read with the `flatbuffers` crate.
//!
//! Each table is a thin view over the buffer. Every field read here is first checked by the
//! crate's verifier (`Verifiable` below lists the same fields with the same types), which
//! [`model`] runs on the whole buffer before returning a view: a truncated or corrupted file is
//! an error there, never an out-of-bounds read later.
#![allow(unsafe_code)]

use flatbuffers::{
    Follow, ForwardsUOffset, InvalidFlatbuffer, Table, Vector, Verifiable, Verifier,
    VerifierOptions,
};

/// `BuiltinOptions.FullyConnectedOptions`.
pub const OPTIONS_FULLY_CONNECTED: u8 = 8;

type Tables<'a, T> = Vector<'a, ForwardsUOffset<T>>;

/// Reads field `voff` of a verified table.
fn field<'a, T: Follow<'a> + 'a>(tab: &Table<'a>, voff: u16) -> Option<T::Inner> {
    // SAFETY: every table view is made from a buffer that `model` verified, and the verifier of
    // the table's type visits this field with type `T` (see the `Verifiable` impls below).
    unsafe { tab.get::<T>(voff, None) }
}

macro_rules! table {
    ($name:ident) => {
        #[derive(Clone, Copy)]
        pub struct $name<'a> {
            tab: Table<'a>,
        }

        impl<'a> Follow<'a> for $name<'a> {
            type Inner = $name<'a>;

            unsafe fn follow(buf: &'a [u8], loc: usize) -> Self {
                // SAFETY: the caller (the flatbuffers crate, on a verified buffer) gives the
                // position of a table of this type.
                Self {
                    tab: unsafe { Table::new(buf, loc) },
                }
            }
        }
    };
}

table!(Model);
table!(SubGraph);
table!(Tensor);
table!(Buffer);
table!(Operator);
table!(OperatorCode);
table!(Quantization);
table!(FullyConnectedOptions);
#[derive(Clone, Copy)]
pub struct AnyTable;

impl<'a> Follow<'a> for AnyTable {
    type Inner = AnyTable;

    unsafe fn follow(_buf: &'a [u8], _loc: usize) -> Self {
        AnyTable
    }
}

/// A table whose fields are never read (other operators' options, sparsity): only its own
/// layout is verified.
impl Verifiable for AnyTable {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?.finish();
        Ok(())
    }
}

/// The model at the root of `buf`, after verifying the whole buffer.
pub fn model(buf: &[u8]) -> Result<Model<'_>, InvalidFlatbuffer> {
    let opts = VerifierOptions::default();
    flatbuffers::root_with_opts::<Model>(&opts, buf)
}

impl Verifiable for Model<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<u32>("version", 4, false)?
            .visit_field::<ForwardsUOffset<Tables<OperatorCode>>>("operator_codes", 6, false)?
            .visit_field::<ForwardsUOffset<Tables<SubGraph>>>("subgraphs", 8, false)?
            .visit_field::<ForwardsUOffset<Tables<Buffer>>>("buffers", 12, false)?
            .finish();
        Ok(())
    }
}

impl<'a> Model<'a> {
    pub fn operator_codes(&self) -> Option<Tables<'a, OperatorCode<'a>>> {
        field::<ForwardsUOffset<Tables<OperatorCode>>>(&self.tab, 6)
    }
    pub fn subgraphs(&self) -> Option<Tables<'a, SubGraph<'a>>> {
        field::<ForwardsUOffset<Tables<SubGraph>>>(&self.tab, 8)
    }
    pub fn buffers(&self) -> Option<Tables<'a, Buffer<'a>>> {
        field::<ForwardsUOffset<Tables<Buffer>>>(&self.tab, 12)
    }
}

impl Verifiable for SubGraph<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<ForwardsUOffset<Tables<Tensor>>>("tensors", 4, false)?
            .visit_field::<ForwardsUOffset<Vector<i32>>>("inputs", 6, false)?
            .visit_field::<ForwardsUOffset<Vector<i32>>>("outputs", 8, false)?
            .visit_field::<ForwardsUOffset<Tables<Operator>>>("operators", 10, false)?
            .finish();
        Ok(())
    }
}

impl<'a> SubGraph<'a> {
    pub fn tensors(&self) -> Option<Tables<'a, Tensor<'a>>> {
        field::<ForwardsUOffset<Tables<Tensor>>>(&self.tab, 4)
    }
    pub fn inputs(&self) -> Option<Vector<'a, i32>> {
        field::<ForwardsUOffset<Vector<i32>>>(&self.tab, 6)
    }
    pub fn outputs(&self) -> Option<Vector<'a, i32>> {
        field::<ForwardsUOffset<Vector<i32>>>(&self.tab, 8)
    }
    pub fn operators(&self) -> Option<Tables<'a, Operator<'a>>> {
        field::<ForwardsUOffset<Tables<Operator>>>(&self.tab, 10)
    }
}

impl Verifiable for Tensor<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<ForwardsUOffset<Vector<i32>>>("shape", 4, false)?
            .visit_field::<i8>("type", 6, false)?
            .visit_field::<u32>("buffer", 8, false)?
            .visit_field::<ForwardsUOffset<&str>>("name", 10, false)?
            .visit_field::<ForwardsUOffset<Quantization>>("quantization", 12, false)?
            .visit_field::<ForwardsUOffset<AnyTable>>("sparsity", 16, false)?
            .finish();
        Ok(())
    }
}

impl<'a> Tensor<'a> {
    pub fn shape(&self) -> Option<Vector<'a, i32>> {
        field::<ForwardsUOffset<Vector<i32>>>(&self.tab, 4)
    }
    /// `TensorType` (FLOAT32 = 0, INT32 = 2, INT8 = 9, …).
    pub fn kind(&self) -> i8 {
        field::<i8>(&self.tab, 6).unwrap_or(0)
    }
    pub fn buffer(&self) -> u32 {
        field::<u32>(&self.tab, 8).unwrap_or(0)
    }
    pub fn name(&self) -> Option<&'a str> {
        field::<ForwardsUOffset<&str>>(&self.tab, 10)
    }
    pub fn quantization(&self) -> Option<Quantization<'a>> {
        field::<ForwardsUOffset<Quantization>>(&self.tab, 12)
    }
    pub fn is_sparse(&self) -> bool {
        field::<ForwardsUOffset<AnyTable>>(&self.tab, 16).is_some()
    }
}

impl Verifiable for Quantization<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<ForwardsUOffset<Vector<f32>>>("scale", 8, false)?
            .visit_field::<ForwardsUOffset<Vector<i64>>>("zero_point", 10, false)?
            .visit_field::<u8>("details_type", 12, false)?
            .visit_field::<i32>("quantized_dimension", 16, false)?
            .finish();
        Ok(())
    }
}

impl<'a> Quantization<'a> {
    pub fn scale(&self) -> Option<Vector<'a, f32>> {
        field::<ForwardsUOffset<Vector<f32>>>(&self.tab, 8)
    }
    pub fn zero_point(&self) -> Option<Vector<'a, i64>> {
        field::<ForwardsUOffset<Vector<i64>>>(&self.tab, 10)
    }
    pub fn details_type(&self) -> u8 {
        field::<u8>(&self.tab, 12).unwrap_or(0)
    }
    pub fn quantized_dimension(&self) -> i32 {
        field::<i32>(&self.tab, 16).unwrap_or(0)
    }
}

impl Verifiable for Buffer<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<ForwardsUOffset<Vector<u8>>>("data", 4, false)?
            .visit_field::<u64>("offset", 6, false)?
            .visit_field::<u64>("size", 8, false)?
            .finish();
        Ok(())
    }
}

impl<'a> Buffer<'a> {
    pub fn data(&self) -> Option<&'a [u8]> {
        field::<ForwardsUOffset<Vector<u8>>>(&self.tab, 4).map(|v| v.bytes())
    }
    /// Where the data sits outside the flatbuffer (models over 2 GB), or 0.
    pub fn offset(&self) -> u64 {
        field::<u64>(&self.tab, 6).unwrap_or(0)
    }
}

impl Verifiable for Operator<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<u32>("opcode_index", 4, false)?
            .visit_field::<ForwardsUOffset<Vector<i32>>>("inputs", 6, false)?
            .visit_field::<ForwardsUOffset<Vector<i32>>>("outputs", 8, false)?
            .visit_union::<u8, _>(
                "builtin_options_type",
                10,
                "builtin_options",
                12,
                false,
                |key, v, pos| match key {
                    OPTIONS_FULLY_CONNECTED => v
                        .verify_union_variant::<ForwardsUOffset<FullyConnectedOptions>>(
                            "FullyConnectedOptions",
                            pos,
                        ),
                    // Other options are never read; their table is checked as a table.
                    _ => v.verify_union_variant::<ForwardsUOffset<AnyTable>>("options", pos),
                },
            )?
            .finish();
        Ok(())
    }
}

impl<'a> Operator<'a> {
    pub fn opcode_index(&self) -> u32 {
        field::<u32>(&self.tab, 4).unwrap_or(0)
    }
    pub fn inputs(&self) -> Option<Vector<'a, i32>> {
        field::<ForwardsUOffset<Vector<i32>>>(&self.tab, 6)
    }
    pub fn outputs(&self) -> Option<Vector<'a, i32>> {
        field::<ForwardsUOffset<Vector<i32>>>(&self.tab, 8)
    }
    /// The fully connected options, if the operator's options are of that type.
    pub fn fully_connected_options(&self) -> Option<FullyConnectedOptions<'a>> {
        if field::<u8>(&self.tab, 10) != Some(OPTIONS_FULLY_CONNECTED) {
            return None;
        }
        field::<ForwardsUOffset<FullyConnectedOptions>>(&self.tab, 12)
    }
}

impl Verifiable for OperatorCode<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<i8>("deprecated_builtin_code", 4, false)?
            .visit_field::<ForwardsUOffset<&str>>("custom_code", 6, false)?
            .visit_field::<i32>("builtin_code", 10, false)?
            .finish();
        Ok(())
    }
}

impl<'a> OperatorCode<'a> {
    /// The builtin operator: the larger of the deprecated 8-bit code and the 32-bit one, as
    /// TFLite's schema utilities read it.
    pub fn builtin(&self) -> i32 {
        let old = field::<i8>(&self.tab, 4).unwrap_or(0) as i32;
        let new = field::<i32>(&self.tab, 10).unwrap_or(0);
        old.max(new)
    }
}

impl Verifiable for FullyConnectedOptions<'_> {
    fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
        v.visit_table(pos)?
            .visit_field::<i8>("fused_activation_function", 4, false)?
            .visit_field::<i8>("weights_format", 6, false)?
            .visit_field::<bool>("asymmetric_quantize_inputs", 10, false)?
            .finish();
        Ok(())
    }
}

impl FullyConnectedOptions<'_> {
    /// `ActivationFunctionType` (NONE = 0, RELU = 1, RELU_N1_TO_1 = 2, RELU6 = 3, …).
    pub fn activation(&self) -> i8 {
        field::<i8>(&self.tab, 4).unwrap_or(0)
    }
    pub fn weights_format(&self) -> i8 {
        field::<i8>(&self.tab, 6).unwrap_or(0)
    }
    pub fn asymmetric_quantize_inputs(&self) -> bool {
        field::<bool>(&self.tab, 10).unwrap_or(false)
    }
}
