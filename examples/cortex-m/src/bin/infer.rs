//! Inference firmware: the host-trained sine network, held in a `static` (flash), evaluated on
//! fixed inputs. Prints `x y` as the bits of each f32 (exact, and without float formatting code),
//! then the instruction counts (the harness's calibration and one inference, see
//! `constnet_cortex_m::count`) and the peak stack use of the inference.
#![no_std]
#![no_main]

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;
use constnet_cortex_m::count::{self, Counter};
use constnet_cortex_m::out::{line, Part::*};
use constnet_cortex_m::{sine, stack};
use cortex_m_rt::entry;
use panic_semihosting as _;

/// Calls per measured input.
const CALLS: u32 = 1000;

/// What one measured inference reads and writes.
struct Inference {
    model: &'static sine::Net,
    x: f32,
    y: f32,
}

/// One forward of the sine model.
extern "C" fn infer(s: &mut Inference) {
    s.y = s.model.forward(&SMatrix::<f32, 1, 1>::new(s.x))[0];
}

#[entry]
fn main() -> ! {
    stack::paint();
    // Read the model through `black_box` so that the compiler cannot fold it into the code.
    let model = core::hint::black_box(&sine::MODEL);
    for &x in sine::INPUTS.iter() {
        let x = core::hint::black_box(x);
        let y = model.forward(&SMatrix::<f32, 1, 1>::new(x))[0];
        line(&[X(x.to_bits(), 8), S(" "), X(y.to_bits(), 8)]);
    }
    // The inference's own peak, before the measurement below.
    let stack = stack::peak();

    constnet_cortex_m::finish(stack, |counter| report_counts(counter, model))
}

/// Calibrates the counter, measures one inference per input and prints both. Not inlined, so
/// that its state is not on the stack while the inference's peak is measured.
#[inline(never)]
fn report_counts(counter: &mut Counter, model: &'static sine::Net) {
    count::print_calibration(counter);
    let states = sine::INPUTS.iter().map(|&x| Inference { model, x, y: 0.0 });
    count::print_per_inference(counter, CALLS, infer, states);
}
