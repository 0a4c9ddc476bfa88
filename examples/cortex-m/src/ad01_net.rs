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
