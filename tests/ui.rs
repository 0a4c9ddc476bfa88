//! Compile-fail tests: every shape bug a user can make is a compile error whose first line names
//! the layer or the sizes. Each case in `tests/ui/fail` has a twin in `tests/ui/pass` that differs
//! only by the fix, so a case fails for the reason it states.
//!
//! The `.stderr` files are written by trybuild (`TRYBUILD=overwrite cargo test ui`), never by hand;
//! the toolchain is pinned in `rust-toolchain.toml` because rustc's wording changes between
//! releases.

/// rustc prints paths shorter or longer depending on the crates in the build, so the messages
/// are recorded with the README's test command, `cargo test --all-features`.
#[test]
#[cfg_attr(
    not(feature = "safetensors"),
    ignore = "compile-fail messages are recorded with --all-features"
)]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
