//! On-device training firmware: XOR from a seeded initialisation with the `fit` loop, no heap.
//! Prints the final loss and the four predictions (as f32 bits and in millionths), the instruction
//! counts of a training step and of an epoch (see `constnet_cortex_m::count`), then the peak
//! stack use of the training; exits with failure unless all four cases are learned.
#![no_std]
#![no_main]

use constnet::nalgebra::SMatrix;
use constnet::optim::Sgd;
use constnet::prelude::*;
use constnet_cortex_m::count::{Counter, Hundredths};
use constnet_cortex_m::out::{line, Part::*};
use constnet_cortex_m::{stack, xor};
use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;

/// Training steps measured.
const STEPS: u32 = 1000;

/// Epochs of the shorter `fit` run whose count is subtracted from the full run's.
const SHORT: usize = xor::EPOCHS / 3;

/// What one measured training step reads and updates.
struct Step {
    net: xor::Net,
    sgd: Sgd<xor::Net>,
    grads: Gradients<xor::Net>,
    x: SMatrix<f32, 2, 4>,
    t: SMatrix<f32, 1, 4>,
    loss: f32,
}

/// One optimizer step on the XOR batch: zero the gradients, forward, loss, backward, SGD update.
extern "C" fn step(s: &mut Step) {
    s.grads.zero();
    s.loss = s
        .net
        .backprop(&BinaryCrossEntropy, &s.x, &s.t, &mut s.grads);
    s.sgd.step(&mut s.net, &s.grads);
}

#[entry]
fn main() -> ! {
    stack::paint();
    let mut counter = match cortex_m::Peripherals::take() {
        Some(p) => Counter::new(p.SYST),
        None => constnet_cortex_m::exit(debug::EXIT_FAILURE),
    };
    let (long, (loss, predictions)) = counter.instructions(xor::train);
    // The training's own peak, before the measurement loops below add their state.
    let stack = stack::peak();
    line(&[
        S("loss "),
        X(loss.to_bits(), 8),
        S(" ("),
        U((loss * 1e6) as u32),
        S(" millionths)"),
    ]);
    let mut learned = true;
    for (k, p) in predictions.iter().enumerate() {
        let want = (k == 1) || (k == 2);
        learned &= (*p > 0.5) == want;
        line(&[
            S("xor "),
            U(k as u32 / 2),
            S(" "),
            U(k as u32 % 2),
            S(" -> "),
            X(p.to_bits(), 8),
            S(" ("),
            U((p * 1e6) as u32),
            S(" millionths)"),
        ]);
    }

    report_counts(&mut counter, long);
    line(&[S("stack "), U(stack as u32)]);
    constnet_cortex_m::exit(if learned {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    })
}

/// Measures a training step and an epoch, and prints them (given the full `fit` run's count). Not
/// inlined, so that its state is not on the stack while the training's peak is measured.
#[inline(never)]
fn report_counts(counter: &mut Counter, long: u32) {
    // The manual loop, from the same start as `fit`.
    let (net, sgd) = xor::start();
    let mut s = Step {
        grads: net.zero_gradients(),
        net,
        sgd,
        x: xor::inputs(),
        t: SMatrix::from_fn(|_, c| xor::DATA[c].y[0]),
        loss: 0.0,
    };
    let per_step = counter.per_call(STEPS, step, &mut s);
    line(&[
        S("instructions per training step "),
        H(per_step),
        S(" (mean of the first "),
        U(STEPS),
        S(" steps: zero, forward, loss, backward, SGD; "),
        U(xor::DATA.len() as u32),
        S("-sample batch)"),
    ]);
    // One step per epoch in `fit`; the setup and the final evaluation cancel in the difference.
    let (short, _) = counter.instructions(|| xor::train_for(SHORT));
    let epochs = (xor::EPOCHS - SHORT) as u32;
    line(&[
        S("instructions per epoch "),
        H(Hundredths::ratio(long - short, epochs)),
        S(" (fit, mean of epochs "),
        U(SHORT as u32),
        S(" to "),
        U(xor::EPOCHS as u32 - 1),
        S(": one step, the gradient norm and the bookkeeping)"),
    ]);
    line(&[
        S("instructions per fit run of "),
        U(xor::EPOCHS as u32),
        S(" epochs "),
        U(long),
        S(" (start to predictions, to within a SysTick tick)"),
    ]);
}
