//! Shared pieces of the firmware binaries: the sine model held in flash, XOR training, stack
//! measurement by painting, and instruction counting.
#![no_std]

pub mod count;
pub mod sine;
pub mod stack;
pub mod xor;
