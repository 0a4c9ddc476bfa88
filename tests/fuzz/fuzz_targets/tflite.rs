//! `io::tflite::load` on arbitrary input never panics: it loads a network that runs, or returns
//! an error that displays.
#![no_main]

use constnet::quant::{QDense, QNet};
use libfuzzer_sys::fuzz_target;

type Net = (QDense<4, 16>, QDense<16, 8>, QDense<8, 3>);

fuzz_target!(|data: &[u8]| {
    match constnet::io::tflite::load::<Net>(data) {
        Ok(net) => {
            let net: QNet<Net> = net;
            let _ = net.forward(&[0, 127, -128, 5]);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
