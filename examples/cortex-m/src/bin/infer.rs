//! Inference firmware: the host-trained sine network, held in a `static` (flash), evaluated on
//! fixed inputs. Prints `x y` as the bits of each f32 (exact, and without float formatting code),
//! then the peak stack use.
#![no_std]
#![no_main]

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;
use constnet_cortex_m::{sine, stack};
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use panic_semihosting as _;

#[entry]
fn main() -> ! {
    stack::paint();
    // Read the model through `black_box` so that the compiler cannot fold it into the code.
    let model = core::hint::black_box(&sine::MODEL);
    for &x in sine::INPUTS.iter() {
        let x = core::hint::black_box(x);
        let y = model.forward(&SMatrix::<f32, 1, 1>::new(x))[0];
        hprintln!("{:08x} {:08x}", x.to_bits(), y.to_bits());
    }
    hprintln!("stack {}", stack::peak());
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
