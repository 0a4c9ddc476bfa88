#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the measurements that benches/run.sh takes.

    bash benches/run.sh            # measures everything, then runs this script

Reads criterion's medians (target/criterion for the portable build, target/native/criterion for
`-C target-cpu=native`), the paired ratios (target/paired.json, target/native/paired.json), the digits example's timings (target/digits-*.txt) and the PyTorch and
scikit-learn references (target/digits_reference.json, if present), and prints the whole of
BENCHMARKS.md on standard output.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "target")
BUILDS = [
    ("portable", "portable x86-64 (no `RUSTFLAGS`)", os.path.join(TARGET, "criterion")),
    ("native", "`RUSTFLAGS=\"-C target-cpu=native\"`", os.path.join(TARGET, "native", "criterion")),
]


def paired(root):
    """The paired ratios (benches/benches/paired.rs) of the build whose criterion folder is root."""
    path = os.path.join(os.path.dirname(root), "paired.json")
    return json.load(open(path)) if os.path.exists(path) else {}


def pratio(p, key):
    """A paired ratio with its quartiles, or a dash."""
    if key not in p:
        return "–"
    r = p[key]
    return f"**{r['ratio']:.2f}** ({r['q1']:.2f}–{r['q3']:.2f})"
DIGITS_TRAIN_SAMPLES = 1438  # 1797 − round(0.2 · 1797)
NETS = {"A": "A 2-16-16-1", "B": "B 8-32-32-4", "C": "C 64-64-64-10"}
# Multiply-adds of one training step on a batch of 32: forward, ∂L/∂W of every layer, ∂L/∂X of
# all but the first.
LAYERS = {"A": [(2, 16), (16, 16), (16, 1)], "B": [(8, 32), (32, 32), (32, 4)],
          "C": [(64, 64), (64, 64), (64, 10)]}


def step_macs(net, batch=32):
    layers = LAYERS[net]
    fwd = sum(i * o for i, o in layers)
    dx = sum(i * o for i, o in layers[1:])
    return batch * (2 * fwd + dx)


def median(root, group, function):
    for name in (group.replace("/", "_"), group):
        path = os.path.join(root, name, function, "new", "estimates.json")
        if os.path.exists(path):
            return json.load(open(path))["median"]["point_estimate"]
    raise FileNotFoundError(f"{root}: {group}/{function}: run benches/run.sh first")


def fmt(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def machine():
    model, family, flags = "unknown", "", set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            if line.startswith("cpu family") and not family:
                family = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    if family:
        model += f" (CPU family {family})"
    simd = " ".join(f for f in ["sse4_2", "avx", "avx2", "fma", "avx512f"] if f in flags)
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    return model, simd, rustc


def digits_runs(name):
    path = os.path.join(TARGET, f"digits-{name}.txt")
    if not os.path.exists(path):
        return None
    text = open(path).read()
    us = [float(v) for v in re.findall(r"([0-9.]+) µs per sample-epoch", text)]
    acc = [float(v) for v in re.findall(r"test: .* accuracy ([0-9.]+) %", text)]
    return us, acc


def build_table(out, root):
    p = paired(root)
    out.append("| network | measurement | constnet | expert | constnet ÷ expert, paired (quartiles) | criterion's ratio | hand-tuned (libm) | straightforward |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    rows = [("forward1", "forward, 1 sample", 1), ("forward32", "forward, batch 32, per sample", 32),
            ("train32_sgd", "training step, batch 32, SGD", 1),
            ("train32_adam", "training step, batch 32, Adam", 1)]
    for net in "ABC":
        for key, label, per in rows:
            g = f"{net}/{key}"
            c, e, t, n = (median(root, g, f) / per for f in ("constnet", "expert", "tuned", "naive"))
            out.append(f"| {NETS[net]} | {label} | {fmt(c)} | {fmt(e)} | {pratio(p, g)} | {c / e:.2f} | {fmt(t)} | {fmt(n)} |")
    out.append("")
    peak = median(root, "peak", "multiply_adds")
    macs_per_ns = 196608 / peak
    out.append(f"This build's multiply-add peak (`peak/multiply_adds`: 192 independent accumulators): "
               f"**{macs_per_ns:.1f} per ns**. Against it:")
    out.append("")
    out.append("| network | multiply-adds per training step | bound | constnet SGD step | ÷ bound | constnet, unfused SGD (`backprop` + `Sgd::step`) |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for net in "ABC":
        m = step_macs(net)
        bound = m / macs_per_ns
        c = median(root, f"{net}/train32_sgd", "constnet")
        u = median(root, f"{net}/train32_sgd", "constnet_unfused")
        out.append(f"| {NETS[net]} | {m:,} | {fmt(bound)} | {fmt(c)} | {c / bound:.1f}× | {fmt(u)} |")
    out.append("")
    out.append("Network A, libm's activations (`TanhExact`, `SigmoidExact`) against the default ones:")
    out.append("")
    out.append("| measurement | constnet (default: fast tanh, sigmoid) | constnet, `TanhExact`/`SigmoidExact` | hand-tuned (libm) | default ÷ hand-tuned |")
    out.append("|---|---:|---:|---:|---:|")
    for key, label, per in rows[:2]:
        g = f"A_exact/{key}"
        f, e, t = (median(root, g, n) / per for n in ("constnet", "constnet_exact", "tuned"))
        out.append(f"| {label} | {fmt(f)} | {fmt(e)} | {fmt(t)} | **{f / t:.2f}** |")
    out.append("")
    epoch = median(root, "digits/epoch", "constnet")
    out.append(f"Digits, criterion `digits/epoch` (one epoch from the initial network, AdamW, batches of "
               f"32): {fmt(epoch)}, {epoch / DIGITS_TRAIN_SAMPLES / 1000:.3f} µs per sample-epoch.")
    return macs_per_ns


def span(values, unit):
    return f"{min(values):.2f}–{max(values):.2f}{unit}" if values else "—"


def main():
    model, simd, rustc = machine()
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Generated by `bash benches/run.sh` (about 15 minutes on a quiet machine: criterion and the")
    w("paired ratios in both builds, the digits example five times in each, the PyTorch and")
    w("scikit-learn references, then")
    w("`benches/report.py`). Nothing here is typed by hand.")
    w("")
    w(f"Machine: {model}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}; CPU flags "
      f"{simd}; {rustc}. Cargo's default release settings; one thread.")
    w("")
    w("constnet against three hand-written baselines for each fixed network, f32, measured side by")
    w("side in one criterion run per build (`benches/src/`, which `benches/src/tests.rs` checks compute")
    w("what constnet computes, over five SGD and five Adam steps):")
    w("")
    w("* **expert** (`expert.rs`): what a person who knows the hardware writes for that network in")
    w("  portable Rust: plain arrays, weights input-major, batches as register-blocked matrix")
    w("  products (a tile of two SIMD registers × 4 samples, four registers with AVX-512, in")
    w("  registers while the inner dimension streams past, the other operand's panel packed), bias and")
    w("  ReLU applied as each tile is stored (tanh and sigmoid in one pass over the output), the")
    w("  activation derivative folded into the incoming gradient, `Wᵀ dZ` blocked over the")
    w("  batch, the first layer's input gradient skipped, **SGD fused into the backward pass** (each")
    w("  finished tile of `∂L/∂W` updates the weights), Adam as one pass over gradient buffers written")
    w("  (not accumulated), `mul_add` where the target has FMA, and constnet's fast activations; a")
    w("  single sample through a narrow layer (at most 16 outputs, at least 8 inputs) summed as two")
    w("  interleaved sums (even and odd inputs), which halves its chain of dependent multiply-adds;")
    w("* **hand-tuned** (`tuned.rs`): per-sample column-wise kernels with libm's `tanhf`/`expf` — the")
    w("  libm-based kernel the activation figures compare against;")
    w("* **straightforward** (`naive.rs`): row-major weights, one dot product per output.")
    w("")
    w("The ratios against the expert come from a second, **paired** measurement")
    w("(`benches/benches/paired.rs`, `cargo bench --bench paired`): constnet and the expert run in")
    w("alternating slices of 50–100 µs for 3 s per workload (the order swapped every round), and")
    w("the figure is the median of the per-round ratios, with its quartiles. Criterion times one")
    w("function for seconds and then the next; on a shared virtual machine the core's speed drifts by")
    w("tens of percent over seconds, and criterion's medians for the same binary moved that much")
    w("between runs, while the paired ratios repeat within about 0.01. The absolute times are")
    w("criterion's medians; criterion's own ratio is shown beside the paired one.")
    w("")
    w("Networks: **A** 2-16-16-1 (tanh, sigmoid output, MSE), **B** 8-32-32-4 (ReLU, MSE), **C**")
    w("64-64-64-10 (ReLU, cross-entropy). A training step is forward, loss, backward and the")
    w("optimizer's update on a batch of 32; constnet's SGD step is `Model::backprop_sgd` (the fused")
    w("step), its Adam step `Model::gradients` (written, not added) and `Adam::step`. Every training")
    w("benchmark, constnet's and the baselines', starts again from the initial network and")
    w("optimizer every 1,000 steps (untimed): on the one batch it trains on, network C's loss")
    w("reaches exactly zero within 15,000 Adam steps (a test in `benches/src/tests.rs`), and from")
    w("then on the moment estimates decay through subnormal values that slow every implementation")
    w("down, at a step that depends on its rounding. Every benchmarked path is allocation-free")
    w("(`tests/alloc_free.rs` counts allocations on forward, backward, the fused step, the losses")
    w("and whole training runs).")
    for tag, label, root in BUILDS:
        w("")
        w(f"## {tag.capitalize()} build: {label}")
        w("")
        if not os.path.isdir(root):
            w("Not measured.")
            continue
        build_table(out, root)
    w("")
    w("## Digits, per sample-epoch, side by side")
    w("")
    w("The digits example (`examples/digits.rs`: 64-64-10 ReLU, AdamW lr 3e-3 with a cosine schedule,")
    w("batches of 32, 80 epochs, 1438 training samples) against PyTorch and scikit-learn on the same")
    w("network, data and split (`benches/digits_split.txt`, the example's own split) on this machine,")
    w("one thread each (`benches/digits_reference.py`; the script documents what each library runs).")
    w("constnet's figure is the example's own (the whole `fit` call over 80 epochs ÷ samples × epochs),")
    w("five runs:")
    w("")
    w("| run | µs per sample-epoch | test accuracy |")
    w("|---|---:|---:|")
    best = None
    for name, label in [("portable", "constnet, portable build"),
                        ("native", "constnet, `-C target-cpu=native`"),
                        ("portable-noflush", "constnet, portable, `--no-flush` (subnormal moments kept)")]:
        r = digits_runs(name)
        if r:
            w(f"| {label} | {span(r[0], '')} (median {statistics.median(r[0]):.2f}) | {span(r[1], ' %')} |")
            if name == "portable":
                best = statistics.median(r[0])
    ref_path = os.path.join(TARGET, "digits_reference.json")
    if os.path.exists(ref_path):
        ref = json.load(open(ref_path))
        for name, r in ref["results"].items():
            us, acc = r["us_per_sample_epoch"], r["test_accuracy_percent"]
            ratio = f"; constnet is {min(us) / best:.1f}–{max(us) / best:.1f}× faster" if best else ""
            w(f"| {name} | {span(us, '')}{ratio} | {span(acc, ' %')} |")
        v = ref["versions"]
        w("")
        w(f"References: PyTorch {v['torch']}, scikit-learn {v['scikit-learn']}, numpy {v['numpy']}, "
          f"Python {v['python']}; three runs each (seeds 1–3).")
    else:
        w("")
        w("PyTorch and scikit-learn were not measured (`pip install -r benches/requirements-reference.txt`).")
    w("")
    digits_macs = 2 * (64 * 64 + 64 * 10) + 64 * 10
    w(f"The multiply-add floor of a sample-epoch is {digits_macs:,} multiply-adds (forward, `∂L/∂W`, one")
    w("`∂L/∂X`); divide by the build's peak above for its time.")
    w("")
    w("`AdamConfig::flush_subnormal` (the example sets it) zeroes moment estimates that fall below")
    w("`f32::MIN_POSITIVE`: late in training the moments of tiny gradients turn subnormal, and")
    w("arithmetic on subnormals takes a microcode assist on x86 cores. The `--no-flush` row shows what")
    w("it saves on this machine; the test accuracy is the same.")
    w("")
    sequences(out)
    w("")
    w(COMPILE_TIME)
    w("")
    w("## Activations")
    w("")
    w("`Tanh`, `Sigmoid`, `GeluTanh` and `Softplus` compute `constnet::fast`'s `f32` functions (and")
    w("the cross-entropies and `Softmax` its `exp`), vectorised over each column; `TanhExact`,")
    w("`SigmoidExact`, `GeluTanhExact` and `SoftplusExact` call libm. Maximum error against libm over")
    w("every `f32` (`cargo test --release --all-features --test lib everywhere -- --ignored`): `exp`")
    w("1 ulp, `tanh` 6 ulp, sigmoid 2 ulp, softplus 3 ulp (ranges in `src/fast.rs`), far inside the")
    w("1e-4 of the PyTorch comparisons. The exact GELU (`Gelu`, with `erf`) has no fast form yet.")
    print("\n".join(out))


RTNEURAL = {  # ns per streamed sample, RTNeural measured on a 2-core AMD EPYC (AVX2+FMA, -march=native)
    "gru": {8: 65, 16: 94, 32: 225, 40: 321, 64: 772},
    "lstm": {8: 68, 16: 132, 32: 285, 40: 392, 64: 1037},
    "conv": {8: 27, 16: 53.5},
    "model": 103,
}


def sequences(out):
    """The streaming tables of benches/benches/sequences.rs, per sample, both builds."""
    w = out.append
    w("## Streaming sequence models, per sample")
    w("")
    w("`benches/benches/sequences.rs`: each iteration streams 64 consecutive samples (frames) of a")
    w("seeded signal through the state, one `Model::step` per sample; the figures are per sample.")
    w("**expert** is `benches/src/cells.rs`, an expert's cell for the same fixed network: fused gate")
    w("rows (one contiguous `G·H` row per input), the recurrent sums a register-sized block at a")
    w("time where they outnumber the vector registers, both biases added once at construction, the")
    w("nonlinearities as vectorised passes with constnet's fast `tanh` and sigmoid (one loop over the")
    w("units up to 8 units, except with AVX-512, where every width runs as passes, those shorter than")
    w("16 lanes padded to 16), `mul_add` with FMA, plain arrays; the convolution keeps its last frames")
    w("in fixed places and shifts them, and sums even and odd input channels apart (at most 16")
    w("outputs). `benches/src/tests.rs` checks each cell against constnet's")
    w("layers. GRU(1, H) and LSTM(1, H) have a Dense(H, 1) output; conv is a causal")
    w("Conv1d(C, C, kernel 3) whose every output channel is kept (`black_box`); the model is")
    w("RTNeural's benchmark, Dense(1, 8) – tanh – Conv1d(8, 4, k3, d2) – tanh – GRU(4, 8) –")
    w("Dense(8, 1). The ratios are the paired measurement's (constnet and the cell in alternating")
    w("slices, as for the networks above). RTNeural's figures are the ones")
    w("measured for it on a 2-core AMD EPYC with AVX2+FMA (g++ -O3 -march=native, its best backend),")
    w("not in this run: compare them with the native column.")
    w("")
    rows = [(f"gru/{h}", f"GRU-{h}", RTNEURAL["gru"][h]) for h in (8, 16, 32, 40, 64)]
    rows += [(f"lstm/{h}", f"LSTM-{h}", RTNEURAL["lstm"][h]) for h in (8, 16, 32, 40, 64)]
    rows += [(f"conv/{c}", f"Conv1d {c} channels", RTNEURAL["conv"][c]) for c in (8, 16)]
    w("| network | portable: constnet | expert | ratio, paired (quartiles) | native: constnet | expert | ratio, paired (quartiles) | RTNeural |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|")
    for group, label, rt in rows:
        cells = []
        for _, _, root in BUILDS:
            try:
                c = median(root, group, "constnet") / 64
                e = median(root, group, "expert") / 64
                cells += [fmt(c), fmt(e), pratio(paired(root), group)]
            except FileNotFoundError:
                cells += ["–", "–", "–"]
        w(f"| {label} | " + " | ".join(cells) + f" | {rt:g} ns |")
    model = []
    for _, _, root in BUILDS:
        try:
            model.append(fmt(median(root, "model", "constnet") / 64))
        except FileNotFoundError:
            model.append("–")
    w(f"| RTNeural's model | {model[0]} | | | {model[1]} | | | {RTNEURAL['model']} ns |")
    block = []
    for _, _, root in BUILDS:
        try:
            block.append(fmt(median(root, "block", "gru8") / 64))
        except FileNotFoundError:
            block.append("–")
    w("")
    w(f"The amp model `Residual<(Gru<1, 8>, Dense<8, 1>)>` over a 64-sample block in one `step` call:")
    w(f"{block[0]} per sample portable, {block[1]} native. At 48 kHz a sample has 20.8 µs.")


COMPILE_TIME = """## Compile time

Measured by hand (not by `run.sh`) as wall-clock time on a quiet 2-core machine, the release
before the readable-errors work (commit `acebff7`) and the one after it side by side in one
session (median of 5 runs, of 3 for the suites):

| what | command | before | after |
|---|---|---:|---:|
| clean release build of the dependencies, the library and the 16-layer, 32-wide example | `CARGO_TARGET_DIR=target/ct cargo build --release --example deep16` from empty | 15.9 s | 15.7 s |
| the 16-layer example alone, library built | `touch examples/deep16.rs && cargo build --release --example deep16` | 0.40 s | 0.41 s |
| a small example alone, for comparison | `touch examples/xor.rs && cargo build --release --example xor` | 0.25 s | 0.27 s |
| the compile-fail suite's 28 cases of before, warm | `cargo test --all-features --test lib ui::ui` with only those files | 2.30 s | 2.35 s |
| the whole compile-fail suite, warm (28 cases before; 351 after: 157 fail, 18 limits, 1 sealed, 175 pass) | `cargo test --all-features --test lib ui::ui` | 2.30 s | 31.3 s |

Keep these from regressing: rerun the commands when the composition traits or the tuple macro
change."""


if __name__ == "__main__":
    sys.exit(main())
