//! Shared pieces of the firmware binaries: the sine (float and int8) and amp models held in
//! flash, XOR training, stack measurement by painting, instruction counting, and printing
//! without `core::fmt`.
#![no_std]

pub mod ad01;
pub mod amp;
pub mod count;
pub mod out;
pub mod qsine;
pub mod sine;
pub mod stack;
pub mod xor;

/// Ends the QEMU run with `code` (semihosting exit).
pub fn exit(code: cortex_m_semihosting::debug::ExitStatus) -> ! {
    cortex_m_semihosting::debug::exit(code);
    loop {
        cortex_m::asm::wfi();
    }
}

/// The end of a measuring firmware: takes SysTick, runs `report` with the instruction counter,
/// prints the peak stack measured before (`stack`, from [`stack::peak`] while only the measured
/// code had run) and exits with success (failure if SysTick is taken already).
pub fn finish(stack: usize, report: impl FnOnce(&mut count::Counter)) -> ! {
    use cortex_m_semihosting::debug;
    match cortex_m::Peripherals::take() {
        Some(p) => report(&mut count::Counter::new(p.SYST)),
        None => exit(debug::EXIT_FAILURE),
    }
    out::line(&[out::Part::S("stack "), out::Part::U(stack as u32)]);
    exit(debug::EXIT_SUCCESS)
}
