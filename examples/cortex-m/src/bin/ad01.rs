//! MLPerf Tiny's AD01 autoencoder in int8 from flash: two 640-value inputs through the 10 dense
//! layers (264,192 multiply-accumulates each), integers only. Prints each output as hex bytes
//! (80 per line), then the instruction counts and the peak stack use of the inference.
#![no_std]
#![no_main]

use constnet::quant::QNet;
use constnet_cortex_m::ad01::{self, model, Net};
use constnet_cortex_m::count::{self, Counter};
use constnet_cortex_m::out::{line, print, Part::*};
use constnet_cortex_m::stack;
use cortex_m_rt::entry;
use panic_semihosting as _;

/// Calls per measured input (each is about a million instructions).
const CALLS: u32 = 10;

/// What one measured inference reads and writes.
struct Inference {
    model: &'static QNet<Net>,
    x: [i8; 640],
    y: [i8; 640],
}

/// One forward of AD01.
extern "C" fn infer(s: &mut Inference) {
    s.y = s.model.forward(&s.x);
}

#[entry]
fn main() -> ! {
    stack::paint();
    let model = core::hint::black_box(&model::MODEL);
    for k in 0..ad01::INPUTS {
        let x = core::hint::black_box(ad01::input(k));
        let y = model.forward(&x);
        for row in y.chunks(80) {
            for v in row {
                print(&[X(*v as u8 as u32, 2)]);
            }
            line(&[]);
        }
    }
    let stack = stack::peak();
    constnet_cortex_m::finish(stack, |counter| report_counts(counter, model))
}

/// Calibrates the counter, measures one inference per input and prints the counts.
#[inline(never)]
fn report_counts(counter: &mut Counter, model: &'static QNet<Net>) {
    count::print_calibration(counter);
    let states = (0..ad01::INPUTS).map(|k| Inference {
        model,
        x: ad01::input(k),
        y: [0; 640],
    });
    count::print_per_inference(counter, CALLS, infer, states);
}
