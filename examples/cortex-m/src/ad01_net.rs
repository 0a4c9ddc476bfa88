// MLPerf Tiny's AD01 autoencoder as int8 layers (shared by the firmware and its build script).
/// 640 → 128 ×4 → 8 → 128 ×4 → 640 (the batch normalisations folded, the ReLUs fused).
pub type Net = (
    (
        constnet::quant::QDense<640, 128>,
        constnet::quant::QDense<128, 128>,
        constnet::quant::QDense<128, 128>,
        constnet::quant::QDense<128, 128>,
    ),
    constnet::quant::QDense<128, 8>,
    (
        constnet::quant::QDense<8, 128>,
        constnet::quant::QDense<128, 128>,
        constnet::quant::QDense<128, 128>,
        constnet::quant::QDense<128, 128>,
    ),
    constnet::quant::QDense<128, 640>,
);

/// AD01 in `f32`, the same shape with the ReLUs as layers: the float figures beside the int8
/// ones (flash, RAM, instructions). Its weights are drawn by `Init::PyTorch` from
/// [`FLOAT_SEED`]: what it costs does not depend on their values.
pub type FloatNet = (
    (
        constnet::Dense<640, 128>,
        constnet::ReLU,
        constnet::Dense<128, 128>,
        constnet::ReLU,
        constnet::Dense<128, 128>,
        constnet::ReLU,
        constnet::Dense<128, 128>,
        constnet::ReLU,
    ),
    constnet::Dense<128, 8>,
    constnet::ReLU,
    (
        constnet::Dense<8, 128>,
        constnet::ReLU,
        constnet::Dense<128, 128>,
        constnet::ReLU,
        constnet::Dense<128, 128>,
        constnet::ReLU,
        constnet::Dense<128, 128>,
        constnet::ReLU,
    ),
    constnet::Dense<128, 640>,
);

/// The seed of [`FloatNet`]'s weights.
pub const FLOAT_SEED: u64 = 640;

/// [`FloatNet`] with its seeded weights, built by value (1.06 MB: on a thread with room for it):
/// what the build script writes into flash and the host test compares the firmware with.
pub fn float_net() -> FloatNet {
    let mut rng = <rand::rngs::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(FLOAT_SEED);
    constnet::Model::initialized(
        <FloatNet as constnet::Zeroed>::zeroed(),
        constnet::init::Init::PyTorch,
        &mut rng,
    )
}
