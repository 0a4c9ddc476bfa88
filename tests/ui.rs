//! Compile-fail tests: every shape bug a user can make is a compile error whose first line names
//! the layer or the sizes. Each case in `tests/ui/fail` has a twin in `tests/ui/pass` that differs
//! only by the fix, so a case fails for the reason it states. `tests/ui/limits` holds the mistakes
//! for which rustc reports its own error before any bound of constnet's can be checked (see
//! `tests/ui/README.md`); they are recorded too, so a rustc that does better shows up.
//! `tests/ui/sealed` proves that the traits the `unsafe` conversions rely on cannot be implemented
//! outside constnet.
//!
//! The `.stderr` files are written by trybuild (`TRYBUILD=overwrite cargo test ui`), never by hand;
//! the toolchain is pinned in `rust-toolchain.toml` because rustc's wording changes between
//! releases.

use std::fs;
use std::path::Path;

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
    t.compile_fail("tests/ui/limits/*.rs");
    t.compile_fail("tests/ui/sealed/*.rs");
}

/// Words that show a first error line speaks rustc's or nalgebra's internals rather than the user's
/// terms.
const JARGON: &[&str] = &[
    "Matrix<",
    "ArrayStorage",
    "ShapeConstraint",
    "Const<",
    "DimEq",
    "the trait bound",
    "is not satisfied",
    "mismatched types",
    "type mismatch resolving",
    "arguments to this function are incorrect",
    "type annotations needed",
    "no function or associated item",
    "exists but its trait bounds were not satisfied",
    "EpochRunner",
    "ChainsFrom",
    "ShapeCheck",
    "_-feature",
];

/// What a first line in plain words names: a size, a scalar or a kind of label, a layer, a network
/// or what was passed.
const NAMES: &[&str] = &[
    "f32",
    "f64",
    "usize",
    "class indices",
    "labels",
    "gradients",
    "tape",
    "optimizer",
    "network",
    "layer",
];

/// Whether the first error line of a `.stderr` file is in plain words: no jargon, and it names
/// sizes (a number), a scalar, a label kind, a layer or a network.
fn plain_words(first: &str) -> bool {
    let message = first.split_once("]: ").map_or(first, |(_, m)| m);
    !JARGON.iter().any(|j| message.contains(j))
        && (message.chars().any(|c| c.is_ascii_digit())
            || NAMES.iter().any(|n| message.contains(n)))
}

/// The share of `tests/ui/fail` cases whose first error line is in plain words; CI keeps it at
/// 100 %. (`cargo test --all-features --test lib plain_words -- --nocapture` prints it.)
#[test]
fn first_lines_in_plain_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/fail");
    let mut cases = 0;
    let mut failing = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    entries.sort();
    for rs in entries {
        let stderr = rs.with_extension("stderr");
        let text = fs::read_to_string(&stderr)
            .unwrap_or_else(|_| panic!("{} has no .stderr", rs.display()));
        let first = text
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or_else(|| panic!("{} records no error", stderr.display()));
        cases += 1;
        if !plain_words(first) {
            failing.push(format!(
                "{}: {first}",
                rs.file_name().unwrap().to_string_lossy()
            ));
        }
        // Every case has a twin that compiles.
        let twin = dir.with_file_name("pass").join(rs.file_name().unwrap());
        assert!(twin.exists(), "{} has no passing twin", rs.display());
    }
    let plain = cases - failing.len();
    println!(
        "tests/ui/fail: {plain} of {cases} first error lines in plain words ({:.1} %)",
        100.0 * plain as f64 / cases as f64
    );
    assert!(
        failing.is_empty(),
        "first error lines not in plain words:\n{}",
        failing.join("\n")
    );
    assert!(cases >= 150, "only {cases} compile-fail cases");
}

#[test]
fn the_plain_words_check_can_fail() {
    assert!(plain_words(
        "error[E0277]: shape mismatch: `constnet::Dense<4, 1>` cannot take a 3-feature `f32` input"
    ));
    assert!(plain_words(
        "error[E0277]: `constnet::Mse` does not take class indices, but the labels are class indices (`usize`)"
    ));
    assert!(!plain_words("error[E0308]: mismatched types"));
    assert!(!plain_words(
        "error[E0271]: type mismatch resolving `<Dense<8, 2> as Layer<f32, 8>>::Out == Const<3>`"
    ));
    assert!(!plain_words(
        "error[E0277]: the trait bound `u8: Label<f32, Const<3>>` is not satisfied"
    ));
    assert!(!plain_words(
        "error[E0599]: no function or associated item named `zeroed` found for tuple"
    ));
    assert!(!plain_words(
        "error[E0277]: shape mismatch: `constnet::Dense<4, 1>` cannot take a _-feature `f64` input"
    ));
}
