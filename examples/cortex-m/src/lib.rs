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
