//! `load_safetensors` on arbitrary input never panics, and either loads finite values or leaves
//! the network untouched.
#![no_main]

use constnet::io::safetensors::{load_safetensors, load_safetensors_by_order};
use constnet::prelude::*;
use libfuzzer_sys::fuzz_target;

type Net = (Dense<3, 8>, BatchNorm<8>, ReLU, Dense<8, 2>);

fuzz_target!(|data: &[u8]| {
    for by_order in [false, true] {
        let mut net = Net::default();
        let before = net;
        let result = if by_order {
            load_safetensors_by_order(&mut net, data)
        } else {
            load_safetensors(&mut net, data)
        };
        match result {
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
    }
});
