#!/usr/bin/env python3
"""Writes the benchmark tables of BENCHMARKS.md from criterion's results.

    cd benches && cargo bench && python3 report.py > ../target/benchmarks-tables.md

Reads target/criterion/<group>/<function>/new/estimates.json (medians, in ns) and prints, for each
network and measurement, constnet's time, the two baselines' and the ratios constnet/baseline.
"""
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CRITERION = os.path.join(HERE, "target", "criterion")
DIGITS_TRAIN_SAMPLES = 1438  # 1797 − round(0.2 · 1797)


def median(group, function):
    for name in (group.replace("/", "_"), group):
        path = os.path.join(CRITERION, name, function, "new", "estimates.json")
        if os.path.exists(path):
            return json.load(open(path))["median"]["point_estimate"]
    raise FileNotFoundError(f"{group}/{function}: run `cargo bench` first")


def fmt(ns):
    return f"{ns / 1000:.3f} µs" if ns >= 1000 else f"{ns:.1f} ns"


def machine():
    model = "unknown"
    flags = set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    simd = " ".join(f for f in ["sse4_2", "avx", "avx2", "fma", "avx512f"] if f in flags)
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    return model, simd, rustc


def main():
    model, simd, rustc = machine()
    out = []
    out.append(f"Machine: {model} ({os.cpu_count()} cores), {platform.system()} {platform.machine()}; "
               f"CPU flags {simd}; {rustc}; `RUSTFLAGS` {os.environ.get('RUSTFLAGS', '(none)')!r}.")
    out.append("")
    out.append("| network | measurement | constnet | straightforward | hand-tuned | constnet ÷ straightforward | constnet ÷ hand-tuned |")
    out.append("|---|---|---|---|---|---|---|")
    rows = [
        ("forward1", "forward, 1 sample", 1),
        ("forward32", "forward, batch 32, per sample", 32),
        ("train32_sgd", "training step, batch 32, SGD", 1),
        ("train32_adam", "training step, batch 32, Adam", 1),
    ]
    names = {"A": "A 2-16-16-1", "B": "B 8-32-32-4", "C": "C 64-64-64-10"}
    for net in "ABC":
        for key, label, per in rows:
            g = f"{net}/{key}"
            c, n, t = (median(g, f) / per for f in ("constnet", "naive", "tuned"))
            out.append(f"| {names[net]} | {label} | {fmt(c)} | {fmt(n)} | {fmt(t)} | {c / n:.2f} | {c / t:.2f} |")
    out.append("")
    out.append("Fast activations (network A with `FastTanh`/`FastSigmoid`, same weights):")
    out.append("")
    out.append("| measurement | constnet, fast | constnet, exact | hand-tuned (libm) | fast ÷ hand-tuned |")
    out.append("|---|---|---|---|---|")
    for key, label, per in rows[:2]:
        g = f"A_fast/{key}"
        f, e, t = (median(g, n) / per for n in ("constnet_fast", "constnet", "tuned"))
        out.append(f"| {label} | {fmt(f)} | {fmt(e)} | {fmt(t)} | {f / t:.2f} |")
    epoch = median("digits/epoch", "constnet")
    out.append("")
    per = epoch / DIGITS_TRAIN_SAMPLES
    out.append(f"Digits (64-64-10, AdamW, batches of 32, {DIGITS_TRAIN_SAMPLES} training samples): one epoch "
               f"{fmt(epoch)}, **{fmt(per)} per sample-epoch**, {99000 / per:.0f}× faster than PyTorch's 99 µs.")
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
