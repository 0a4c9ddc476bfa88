//! Peak stack use, measured by painting: fill the unused stack with a pattern, run, and find the
//! lowest word that no longer holds it.

use core::ptr::{addr_of, read_volatile, write_volatile};

const PAINT: u32 = 0xC0FF_EE42;

extern "C" {
    // Provided by cortex-m-rt's link.x: the start of the free RAM above .data and .bss, and the
    // top of the stack.
    static __sheap: u32;
    static _stack_start: u32;
}

fn bottom() -> usize {
    // Only the address of the linker symbol is taken; it is never read as a value.
    addr_of!(__sheap) as usize
}

fn top() -> usize {
    addr_of!(_stack_start) as usize
}

/// Paints the free RAM between the end of `.bss` and 256 bytes below the current stack pointer.
pub fn paint() {
    let sp = cortex_m::register::msp::read() as usize;
    let mut addr = (bottom() + 3) & !3;
    while addr + 4 <= sp - 256 {
        // SAFETY: `addr` is word-aligned free RAM between the static data and the live stack
        // (256 bytes of margin below the stack pointer); nothing else uses it.
        unsafe { write_volatile(addr as *mut u32, PAINT) };
        addr += 4;
    }
}

/// Peak stack use in bytes since [`paint`]: from the top of RAM down to the lowest overwritten
/// word.
pub fn peak() -> usize {
    let mut addr = (bottom() + 3) & !3;
    // SAFETY: reads word-aligned RAM in the painted range (and, past it, the live stack).
    while unsafe { read_volatile(addr as *const u32) } == PAINT {
        addr += 4;
    }
    top() - addr
}
