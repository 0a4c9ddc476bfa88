// A `.tflite` file loaded into a quantized network type that has a layer the file cannot hold.
use constnet::quant::{QDense, QRelu};

fn main() {
    let bytes = std::fs::read("model.tflite").unwrap_or_default();
    let _ = constnet::io::tflite::load::<(QDense<4, 16>, QRelu, QDense<16, 3>)>(&bytes);
}
