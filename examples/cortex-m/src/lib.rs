//! Shared pieces of the firmware binaries: the sine model held in flash, XOR training, and stack
//! measurement by painting.
#![no_std]

pub mod sine;
pub mod stack;
pub mod xor;
