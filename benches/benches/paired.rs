//! constnet against the expert's kernels, timed in alternating slices
//! (`constnet_benches::paired`) so that the ratio holds on a machine whose speed drifts between
//! criterion's one-function-at-a-time measurements: networks A, B and C (`benches/networks.rs`:
//! forward of one sample and of 32, an SGD and an Adam training step on 32, restarted every
//! 1,000 steps; `constnet_benches::expert`) and the streaming cells (`benches/sequences.rs`,
//! `constnet_benches::streams` and `cells`), per call for the networks and per sample for the
//! streams. Prints a table and, for a whole run (no name filter), writes it as JSON to
//! `$CARGO_TARGET_DIR/paired.json` (default `target/`) for `report.py`: a filtered run leaves the
//! file alone rather than replace it with part of the table.
//!
//! Run: `cargo bench --bench paired [-- <name filter>]`, or `bash benches/run.sh`.

use std::fmt::Write as _;
use std::time::Duration;

use std::hint::black_box;

use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet_benches::paired::{paired, Paired};
use constnet_benches::setup::{data, init, NetA, NetB, NetC, ThreeLayers as _};
use constnet_benches::streams::{self, N};
use constnet_benches::workloads::{expert_step, restarting};
use constnet_benches::{constnet_step, Loss};

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    // (name, per: calls' share of the reported time, result)
    let mut rows: Vec<(&str, usize, Paired)> = Vec::new();
    macro_rules! run {
        ($name:expr, $per:expr, $pair:expr) => {
            if wanted($name) {
                let (a, b) = $pair;
                let p = paired(a, b, Duration::from_micros(50), Duration::from_secs(3));
                println!(
                    "{:<20} constnet {:>9.1} ns  expert {:>9.1} ns  ratio {:.3} (quartiles {:.3}–{:.3}, {} rounds)",
                    $name,
                    p.a_ns / $per as f64,
                    p.b_ns / $per as f64,
                    p.ratio,
                    p.quartiles.0,
                    p.quartiles.1,
                    p.rounds
                );
                rows.push(($name, $per, p));
            }
        };
        ($name:literal, $pair:expr) => {
            run!($name, N, $pair)
        };
    }
    macro_rules! network {
        ($tag:literal, $net:ty, $I:literal, $O:literal, $loss:expr) => {{
            let net: $net = init(1);
            let ex = net.expert();
            let b = data::<$I, $O, 32>(2);
            let x1 = b.x.fixed_columns::<1>(0).into_owned();
            let x1a = b.xs[0];
            run!(
                concat!($tag, "/forward1"),
                1,
                (
                    || net.forward(black_box(&x1)),
                    || ex.forward(black_box(&x1a))
                )
            );
            run!(
                concat!($tag, "/forward32"),
                1,
                (
                    || net.forward(black_box(&b.x)),
                    || ex.forward_batch(black_box(&b.xs))
                )
            );
            for (adam, name) in [
                (false, concat!($tag, "/train32_sgd")),
                (true, concat!($tag, "/train32_adam")),
            ] {
                let ours = restarting(
                    || {
                        (
                            net,
                            net.zero_gradients(),
                            Adam::new(&net, AdamConfig::default()),
                        )
                    },
                    |state| constnet_step!(state, b, $loss, adam),
                );
                let theirs = restarting(
                    || (ex.clone(), ex.adam()),
                    |state| expert_step(state, &b, $loss, adam),
                );
                run!(name, 1, (ours, theirs));
            }
        }};
    }
    network!("A", NetA, 2, 1, Loss::Mse);
    network!("B", NetB, 8, 4, Loss::Mse);
    network!("C", NetC, 64, 10, Loss::CrossEntropy);
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
    for (k, (name, per, p)) in rows.iter().enumerate() {
        let sep = if k + 1 < rows.len() { "," } else { "" };
        let _ = writeln!(
            json,
            "  \"{name}\": {{\"constnet_ns\": {:.3}, \"expert_ns\": {:.3}, \"ratio\": {:.4}, \"q1\": {:.4}, \"q3\": {:.4}, \"rounds\": {}}}{sep}",
            p.a_ns / *per as f64,
            p.b_ns / *per as f64,
            p.ratio,
            p.quartiles.0,
            p.quartiles.1,
            p.rounds
        );
    }
    json.push_str("}\n");
    let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let path = std::path::Path::new(&dir).join("paired.json");
    if !filter.is_empty() {
        eprintln!("a filtered run: {} left as it was", path.display());
    } else if let Err(e) = std::fs::write(&path, json) {
        eprintln!("could not write {}: {e}", path.display());
    }
}
