//! `load_bytes` on arbitrary input never panics, and either loads finite values or leaves the
//! network untouched; `bytes_classes` never panics and yields only what it counted.
#![no_main]

use constnet::io::{bytes_classes, load_bytes};
use constnet::prelude::*;
use libfuzzer_sys::fuzz_target;

type Net = (Dense<3, 8>, BatchNorm<8>, ReLU, Dense<8, 2>);

fuzz_target!(|data: &[u8]| {
    let mut net = Net::default();
    let before = net;
    match load_bytes(&mut net, data) {
        Ok(()) => {
            for i in 0..<Net as Params<f32>>::TENSORS {
                assert!(net.tensor(i).iter().all(|v| v.is_finite()));
            }
        }
        Err(e) => {
            assert_eq!(net, before, "a refused load changed the network: {e}");
            let _ = e.to_string();
        }
    }
    if let Ok(names) = bytes_classes(data) {
        let n = names.len();
        assert_eq!(names.count(), n);
    }
});
