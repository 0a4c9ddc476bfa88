#!/usr/bin/env python3
"""PyTorch and scikit-learn references for `examples/digits.rs`: training time per sample-epoch.

    pip install -r benches/requirements-reference.txt
    python3 benches/digits_reference.py            # about 15 s; --repeats N (default 3)
    python3 benches/digits_reference.py --json F   # the same, results also written to F

Trains the example's network on the example's data and split, and prints for each library the
training time in µs per sample-epoch (time of the training loop only, divided by epochs × training
samples, as the example prints it), the test accuracy, and the versions. Every configuration runs
`--repeats` times (seeds 1, 2, ...) and is reported as min–max.

What is shared with the example:
* data: examples/data/digits.csv (64 pixel columns then the label, no header), pixels / 16, f32;
* split: benches/digits_split.txt, the row indices produced by constnet's own
  `split(&mut all, 0.2, 2024)` (Xoshiro256++), so both sets are exactly the example's
  (1438 training samples, 359 test samples);
* network: 64-64-10, ReLU, cross-entropy (softmax) on the logits;
* 80 epochs of mini-batches of 32, reshuffled every epoch, the last partial batch of 30 kept as a
  smaller batch (the example's `LastBatch::Accumulate` averages the gradients of those 30 samples
  and takes one step: the same step as a batch of 30 with a mean loss).

PyTorch (one thread): He-uniform weights (`kaiming_uniform_(nonlinearity="relu")`, bound
sqrt(6/fan_in), as constnet's `Init::HeUniform`), zero biases; AdamW with constnet's
`AdamConfig::adamw()` values (lr 3e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, which are
also PyTorch's AdamW defaults apart from lr); `CosineAnnealingLR(T_max=80, eta_min=0)` stepped once
per epoch. The loop indexes the training tensors directly with a random permutation (no
DataLoader, whose per-batch overhead would dominate at this size). Three variants: the default
AdamW (PyTorch's default on CPU is the per-parameter "for-loop" implementation), `fused=True`
AdamW, and the default with `torch.set_flush_denormal(True)`.

scikit-learn's MLPClassifier (solver "adam", one BLAS thread) is the closest it offers, not the same
recipe: it has no AdamW and no learning-rate schedule for Adam, so it runs plain Adam at a constant
lr 3e-3 with its default coupled L2 penalty alpha=1e-4 (added to the loss, weights only) in place
of decoupled weight decay; it initialises with Glorot-uniform weights and non-zero biases (not
configurable). Early stopping is disabled (n_iter_no_change = max_iter) so that it runs all 80
epochs. Its time is that of `fit`, which includes input checks and initialisation (negligible).
"""
import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CSV = os.path.join(ROOT, "examples", "data", "digits.csv")
SPLIT = os.path.join(HERE, "digits_split.txt")

EPOCHS = 80
BATCH = 32
LR = 3e-3
BETAS = (0.9, 0.999)
EPS = 1e-8
WEIGHT_DECAY = 0.01
HIDDEN = 64


def load():
    """The example's training and test sets as float32 features in [0, 1] and int64 labels."""
    data = np.loadtxt(CSV, delimiter=",", dtype=np.float64)
    assert data.shape == (1797, 65), data.shape
    x = (data[:, :64] / 16.0).astype(np.float32)
    y = data[:, 64].astype(np.int64)
    parts = {}
    for line in open(SPLIT):
        if line.startswith("#") or not line.strip():
            continue
        name, indices = line.split(":", 1)
        parts[name.strip()] = np.array(indices.split(), dtype=np.int64)
    train, test = parts["train"], parts["test"]
    assert len(train) == 1438 and len(test) == 359
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(1797))
    return x[train], y[train], x[test], y[test]


def torch_run(torch, x_tr, y_tr, x_te, y_te, seed, fused):
    nn, F = torch.nn, torch.nn.functional
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
    for layer in (model[0], model[2]):
        nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
        nn.init.zeros_(layer.bias)
    opt = torch.optim.AdamW(
        model.parameters(),
        lr=LR,
        betas=BETAS,
        eps=EPS,
        weight_decay=WEIGHT_DECAY,
        fused=fused or None,
    )
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS, eta_min=0.0)
    gen = torch.Generator().manual_seed(seed)
    n = len(x_tr)
    model.train()
    start = time.perf_counter()
    for _ in range(EPOCHS):
        for idx in torch.randperm(n, generator=gen).split(BATCH):
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x_tr[idx]), y_tr[idx])
            loss.backward()
            opt.step()
        sched.step()
    elapsed = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        acc = (model(x_te).argmax(1) == y_te).double().mean().item()
    return elapsed * 1e6 / (EPOCHS * n), acc


def sklearn_run(x_tr, y_tr, x_te, y_te, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        activation="relu",
        solver="adam",
        alpha=1e-4,  # coupled L2 (sklearn's default); sklearn has no decoupled weight decay
        batch_size=BATCH,
        learning_rate_init=LR,  # constant: sklearn's Adam takes no schedule
        max_iter=EPOCHS,
        shuffle=True,
        random_state=seed,
        tol=0.0,
        n_iter_no_change=EPOCHS,  # never stop early
        early_stopping=False,
        beta_1=BETAS[0],
        beta_2=BETAS[1],
        epsilon=EPS,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # "maximum iterations reached"
        start = time.perf_counter()
        clf.fit(x_tr, y_tr)
        elapsed = time.perf_counter() - start
    assert clf.n_iter_ == EPOCHS, clf.n_iter_
    assert clf.coefs_[0].dtype == np.float32, clf.coefs_[0].dtype
    acc = float(np.mean(clf.predict(x_te) == y_te))
    return elapsed * 1e6 / (EPOCHS * len(x_tr)), acc


RESULTS = {}


def summary(name, runs):
    us = [r[0] for r in runs]
    acc = [100 * r[1] for r in runs]
    RESULTS[name] = {"us_per_sample_epoch": us, "test_accuracy_percent": acc}
    print(
        f"{name:<44} {min(us):6.2f} – {max(us):6.2f} µs   "
        f"{min(acc):5.2f} – {max(acc):5.2f} %"
    )


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per configuration (seeds)")
    parser.add_argument("--json", help="also write the results to this file (for report.py)")
    args = parser.parse_args()
    seeds = range(1, args.repeats + 1)

    import sklearn
    import threadpoolctl
    import torch

    torch.set_num_threads(1)
    x_tr, y_tr, x_te, y_te = load()
    tx_tr, ty_tr = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
    tx_te, ty_te = torch.from_numpy(x_te), torch.from_numpy(y_te)

    print(f"python {platform.python_version()}, torch {torch.__version__}, "
          f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    print(f"cpu: {cpu_model()}, {os.cpu_count()} logical cores; torch threads "
          f"{torch.get_num_threads()}, torch CPU capability {torch.backends.cpu.get_cpu_capability()}")
    print(f"data: {len(x_tr)} training, {len(x_te)} test samples (benches/digits_split.txt); "
          f"64-{HIDDEN}-10 ReLU, {EPOCHS} epochs, batch {BATCH}; {args.repeats} runs each (seeds "
          f"1..{args.repeats})")
    print()
    print(f"{'':<44} {'µs per sample-epoch':>21}   {'test accuracy':>15}")

    # One untimed short run so that one-off costs (lazy initialisation, first allocations) fall
    # outside the measurements.
    torch_run(torch, tx_tr[:256], ty_tr[:256], tx_te, ty_te, 0, False)

    configs = [
        ("PyTorch AdamW (default, for-loop)", False, False),
        ("PyTorch AdamW fused=True", True, False),
        ("PyTorch AdamW (default), flush denormals", False, True),
    ]
    for name, fused, flush in configs:
        if flush and not torch.set_flush_denormal(True):
            print(f"{name:<44} skipped: flushing denormals is not supported on this CPU")
            continue
        runs = [torch_run(torch, tx_tr, ty_tr, tx_te, ty_te, s, fused) for s in seeds]
        torch.set_flush_denormal(False)
        summary(name, runs)

    with threadpoolctl.threadpool_limits(limits=1):
        runs = [sklearn_run(x_tr, y_tr, x_te, y_te, s) for s in seeds]
    summary("scikit-learn MLPClassifier (Adam, const lr)", runs)
    if args.json:
        import json

        versions = {"python": platform.python_version(), "torch": torch.__version__,
                    "scikit-learn": sklearn.__version__, "numpy": np.__version__}
        with open(args.json, "w") as f:
            json.dump({"versions": versions, "cpu": cpu_model(), "results": RESULTS}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
