//! Float AD01 firmware: the autoencoder's shape in `f32` (seeded weights, 1.06 MB in flash),
//! evaluated on the int8 firmware's inputs scaled to floats. Prints each output as its f32 bits,
//! eight to a line, then the instruction counts and the peak stack use: the float figures beside
//! the int8 firmware's (`ad01`).
#![no_std]
#![no_main]

use constnet::nalgebra::SVector;
use constnet::prelude::*;
use constnet_cortex_m::ad01::{self, float_model, FloatNet};
use constnet_cortex_m::count::{self, Counter};
use constnet_cortex_m::out::{line, print, Part::*};
use constnet_cortex_m::stack;
use cortex_m_rt::entry;
use panic_semihosting as _;

/// Calls per measured input.
const CALLS: u32 = 10;

/// What one measured inference reads and writes.
struct Inference {
    model: &'static FloatNet,
    x: SVector<f32, 640>,
    y: SVector<f32, 640>,
}

/// One forward of the float AD01.
extern "C" fn infer(s: &mut Inference) {
    s.y = s.model.forward(&s.x);
}

#[entry]
fn main() -> ! {
    stack::paint();
    let model = core::hint::black_box(&float_model::MODEL);
    for k in 0..ad01::INPUTS {
        let x = core::hint::black_box(SVector::from(ad01::float_input(k)));
        let y = model.forward(&x);
        for row in y.as_slice().chunks(8) {
            for (i, v) in row.iter().enumerate() {
                print(&[S(if i == 0 { "" } else { " " }), X(v.to_bits(), 8)]);
            }
            line(&[]);
        }
    }
    let stack = stack::peak();
    constnet_cortex_m::finish(stack, |counter| report_counts(counter, model))
}

/// Calibrates the counter, measures one inference per input and prints the counts.
#[inline(never)]
fn report_counts(counter: &mut Counter, model: &'static FloatNet) {
    count::print_calibration(counter);
    let states = (0..ad01::INPUTS).map(|k| Inference {
        model,
        x: SVector::from(ad01::float_input(k)),
        y: SVector::zeros(),
    });
    count::print_per_inference(counter, CALLS, infer, states);
}
