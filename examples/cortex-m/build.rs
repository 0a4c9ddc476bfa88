//! Puts the memory layout where the linker finds it, as `memory.x` in `OUT_DIR` (no file of that
//! name is in this folder, where the linker would look first): `memory-mps2-an386.x` (QEMU
//! mps2-an386, Cortex-M4) for thumbv7em, `memory-microbit.x` (QEMU microbit, Cortex-M0) for
//! thumbv6m, which also sets `cfg(microbit)` (its CPU clock, for the instruction counts).
//!
//! It also writes `ad01_model.rs` into `OUT_DIR`: MLPerf Tiny's AD01 autoencoder, loaded from
//! `tests/fixtures/quant/ad01.tflite` with `constnet::io::tflite` and written as a `static`
//! (`QNet::write_rust`), so that the firmware holds exactly the file TFLite Micro's outputs were
//! taken from; and `ad01_float_model.rs`, the same shape in `f32` with seeded weights
//! (`io::to_rust_source`). `CONSTNET_MACHINE=mps2-an385` selects the mps2 layout for a thumbv6m build (the
//! micro:bit's 256 kB of flash do not hold AD01; ARMv6-M code runs unchanged on the Cortex-M3 of
//! `mps2-an385`).
use std::{env, fs, path::PathBuf};

include!("src/ad01_net.rs");

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let model = "../../tests/fixtures/quant/ad01.tflite";
    println!("cargo:rerun-if-changed={model}");
    println!("cargo:rerun-if-changed=src/ad01_net.rs");
    println!("cargo:rerun-if-env-changed=CONSTNET_MACHINE");
    let bytes = fs::read(model).unwrap();
    // 270 kB of weights, built by value: a thread with room for them.
    let source = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let net: constnet::quant::QNet<Net> =
                constnet::io::tflite::load(&bytes).unwrap_or_else(|e| panic!("ad01.tflite: {e}"));
            let mut s = String::new();
            net.write_rust("MODEL", &mut s).unwrap();
            s
        })
        .unwrap()
        .join()
        .unwrap();
    fs::write(out.join("ad01_model.rs"), source).unwrap();
    // The float AD01: seeded weights (1.06 MB, built by value on a thread with room for them).
    let source = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let net = float_net();
            constnet::io::to_rust_source(&net, "MODEL", "FloatNet").unwrap()
        })
        .unwrap()
        .join()
        .unwrap();
    fs::write(out.join("ad01_float_model.rs"), source).unwrap();
    let microbit = env::var("TARGET").is_ok_and(|t| t.starts_with("thumbv6m"))
        && env::var("CONSTNET_MACHINE").as_deref() != Ok("mps2-an385");
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
