//! Int8 inference firmware: the quantized sine network in a `static` (flash), evaluated on fixed
//! int8 inputs with integer arithmetic only. Prints `x y` (the int8 values), then the instruction
//! counts (the harness's calibration and one inference, see `constnet_cortex_m::count`) and the
//! peak stack use of the inference.
#![no_std]
#![no_main]

use constnet::quant::QNet;
use constnet_cortex_m::count::{self, Counter};
use constnet_cortex_m::out::{line, Part::*};
use constnet_cortex_m::{qsine, stack};
use cortex_m_rt::entry;
use panic_semihosting as _;

/// Calls per measured input.
const CALLS: u32 = 1000;

/// What one measured inference reads and writes.
struct Inference {
    model: &'static QNet<qsine::Net>,
    x: i8,
    y: i8,
}

/// One forward of the int8 sine model.
extern "C" fn infer(s: &mut Inference) {
    s.y = s.model.forward(&[s.x])[0];
}

#[entry]
fn main() -> ! {
    stack::paint();
    // Read the model through `black_box` so that the compiler cannot fold it into the code.
    let model = core::hint::black_box(&qsine::MODEL);
    for &x in qsine::INPUTS.iter() {
        let x = core::hint::black_box(x);
        let y = model.forward(&[x])[0];
        line(&[I(x.into()), S(" "), I(y.into())]);
    }
    // The inference's own peak, before the measurement below.
    let stack = stack::peak();

    constnet_cortex_m::finish(stack, |counter| report_counts(counter, model))
}

/// Calibrates the counter, measures one inference per input and prints both. Not inlined, so
/// that its state is not on the stack while the inference's peak is measured.
#[inline(never)]
fn report_counts(counter: &mut Counter, model: &'static QNet<qsine::Net>) {
    count::print_calibration(counter);
    let states = qsine::INPUTS.iter().map(|&x| Inference { model, x, y: 0 });
    count::print_per_inference(counter, CALLS, infer, states);
}
