//! On-device training firmware: XOR from a seeded initialisation with the `fit` loop, no heap.
//! Prints the final loss and the four predictions (as f32 bits and in millionths), then the peak
//! stack use; exits with failure unless all four cases are learned.
#![no_std]
#![no_main]

use constnet_cortex_m::{stack, xor};
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use panic_semihosting as _;

#[entry]
fn main() -> ! {
    stack::paint();
    let (loss, predictions) = xor::train();
    hprintln!(
        "loss {:08x} ({} millionths)",
        loss.to_bits(),
        (loss * 1e6) as u32
    );
    let mut learned = true;
    for (k, p) in predictions.iter().enumerate() {
        let want = (k == 1) || (k == 2);
        learned &= (*p > 0.5) == want;
        hprintln!(
            "xor {} {} -> {:08x} ({} millionths)",
            k / 2,
            k % 2,
            p.to_bits(),
            (p * 1e6) as u32
        );
    }
    hprintln!("stack {}", stack::peak());
    debug::exit(if learned {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
