//! Streaming firmware: the host-trained guitar-effect model (GRU-8, dense output, input skip) in
//! a `static` (flash), its state in RAM, run one sample per call as an audio callback would.
//! Prints `x y` as the bits of each f32 (exact), then the instructions per streamed sample, the
//! state's size and the peak stack use of the stream.
#![no_std]
#![no_main]

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;
use constnet_cortex_m::amp::{self, Amp};
use constnet_cortex_m::count::{Counter, Hundredths};
use constnet_cortex_m::out::{line, Part::*};
use constnet_cortex_m::stack;
use cortex_m_rt::entry;
use panic_semihosting as _;

#[entry]
fn main() -> ! {
    stack::paint();
    // Read the model through `black_box` so that the compiler cannot fold it into the code.
    let model: &'static Amp = core::hint::black_box(&amp::MODEL);
    let mut state = model.zero_state();
    for t in 0..amp::SAMPLES {
        let x = core::hint::black_box(amp::input(t));
        let y = model.step(&mut state, &SMatrix::<f32, 1, 1>::new(x))[0];
        line(&[X(x.to_bits(), 8), S(" "), X(y.to_bits(), 8)]);
    }
    let stack = stack::peak();

    line(&[
        S("state "),
        U(<Amp as Layer<f32, 1>>::STATE_BYTES as u32),
        S(" bytes"),
    ]);
    constnet_cortex_m::finish(stack, |counter| report_counts(counter, model))
}

/// Streams the input once more, counting the instructions of the whole stream.
#[inline(never)]
fn report_counts(counter: &mut Counter, model: &'static Amp) {
    let mut state = model.zero_state();
    let (n, acc) = counter.instructions(|| {
        let mut acc = 0.0f32;
        for t in 0..amp::SAMPLES {
            let x = core::hint::black_box(amp::input(t));
            acc += model.step(&mut state, &SMatrix::<f32, 1, 1>::new(x))[0];
        }
        acc
    });
    core::hint::black_box(acc);
    line(&[
        S("instructions per streamed sample "),
        H(Hundredths::ratio(n, amp::SAMPLES as u32)),
        S(" ("),
        U(amp::SAMPLES as u32),
        S(" samples, input generation included)"),
    ]);
}
