//! Puts the memory layout where the linker finds it, as `memory.x` in `OUT_DIR` (no file of that
//! name is in this folder, where the linker would look first): `memory-mps2-an386.x` (QEMU
//! mps2-an386, Cortex-M4) for thumbv7em, `memory-microbit.x` (QEMU microbit, Cortex-M0) for
//! thumbv6m, which also sets `cfg(microbit)` (its CPU clock, for the instruction counts).
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let microbit = env::var("TARGET").is_ok_and(|t| t.starts_with("thumbv6m"));
    let layout = if microbit {
        "memory-microbit.x"
    } else {
        "memory-mps2-an386.x"
    };
    fs::copy(layout, out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-check-cfg=cfg(microbit)");
    if microbit {
        println!("cargo:rustc-cfg=microbit");
    }
    println!("cargo:rerun-if-changed=memory-mps2-an386.x");
    println!("cargo:rerun-if-changed=memory-microbit.x");
}
