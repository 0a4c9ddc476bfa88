//! constnet against the expert's streaming cells (`constnet_benches::cells`), timed in
//! alternating slices (`constnet_benches::paired`) so that the ratio holds on a machine whose
//! speed drifts between criterion's one-function-at-a-time measurements. The same workloads as
//! `benches/sequences.rs` (`constnet_benches::streams`). Prints a table, and writes it as JSON to
//! `$CARGO_TARGET_DIR/paired.json` (default `target/`) for `report.py`.
//!
//! Run: `cargo bench --bench paired [-- <name filter>]`, or `bash benches/run.sh`.

use std::fmt::Write as _;
use std::time::Duration;

use constnet_benches::paired::{paired, Paired};
use constnet_benches::streams::{self, N};

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let mut rows: Vec<(&str, Paired)> = Vec::new();
    macro_rules! run {
        ($name:literal, $pair:expr) => {
            if wanted($name) {
                let (a, b) = $pair;
                let p = paired(a, b, Duration::from_micros(50), Duration::from_secs(3));
                println!(
                    "{:<10} constnet {:>9.1} ns  expert {:>9.1} ns  per sample; ratio {:.3} (quartiles {:.3}–{:.3}, {} rounds)",
                    $name,
                    p.a_ns / N as f64,
                    p.b_ns / N as f64,
                    p.ratio,
                    p.quartiles.0,
                    p.quartiles.1,
                    p.rounds
                );
                rows.push(($name, p));
            }
        };
    }
    run!("gru/8", streams::gru::<8>());
    run!("gru/16", streams::gru::<16>());
    run!("gru/32", streams::gru::<32>());
    run!("gru/40", streams::gru::<40>());
    run!("gru/64", streams::gru::<64>());
    run!("lstm/8", streams::lstm::<8>());
    run!("lstm/16", streams::lstm::<16>());
    run!("lstm/32", streams::lstm::<32>());
    run!("lstm/40", streams::lstm::<40>());
    run!("lstm/64", streams::lstm::<64>());
    run!("conv/8", streams::conv::<8>());
    run!("conv/16", streams::conv::<16>());

    let mut json = String::from("{\n");
    for (k, (name, p)) in rows.iter().enumerate() {
        let sep = if k + 1 < rows.len() { "," } else { "" };
        let _ = writeln!(
            json,
            "  \"{name}\": {{\"constnet_ns\": {:.3}, \"expert_ns\": {:.3}, \"ratio\": {:.4}, \"q1\": {:.4}, \"q3\": {:.4}, \"rounds\": {}}}{sep}",
            p.a_ns / N as f64,
            p.b_ns / N as f64,
            p.ratio,
            p.quartiles.0,
            p.quartiles.1,
            p.rounds
        );
    }
    json.push_str("}\n");
    let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let path = std::path::Path::new(&dir).join("paired.json");
    if let Err(e) = std::fs::write(&path, json) {
        eprintln!("could not write {}: {e}", path.display());
    }
}
