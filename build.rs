//! Sets `cfg(constnet_dsp)` for targets whose cores all have the Armv7E-M DSP extension
//! (`thumbv7em-*`: Cortex-M4 and M7), where the int8 kernel uses `SMLAD` (`src/quant/kernel.rs`).
//! Stable Rust exposes no `target_feature` for it.
fn main() {
    println!("cargo:rustc-check-cfg=cfg(constnet_dsp)");
    println!("cargo:rerun-if-env-changed=TARGET");
    if std::env::var("TARGET").is_ok_and(|t| t.starts_with("thumbv7em")) {
        println!("cargo:rustc-cfg=constnet_dsp");
    }
}
