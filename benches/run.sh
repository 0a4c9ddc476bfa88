#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: criterion and the paired ratios in the portable and the native build,
# the digits example five times in each (and five times without flushing subnormals), the PyTorch
# and scikit-learn references when they are installed, then benches/report.py. About 15 minutes;
# run it on a quiet machine (nothing else building or running).
#
#   bash benches/run.sh
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
mkdir -p target

cargo bench --bench networks
cargo bench --bench sequences
cargo bench --bench paired
RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR=target/native cargo bench --bench networks
RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR=target/native cargo bench --bench sequences
RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR=target/native cargo bench --bench paired

(cd "$root" && cargo build --release --example digits)
(cd "$root" && RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR=benches/target/native-examples \
    cargo build --release --example digits)
: > target/digits-portable.txt
: > target/digits-native.txt
: > target/digits-portable-noflush.txt
for _ in 1 2 3 4 5; do
    "$root/target/release/examples/digits" >> target/digits-portable.txt
    target/native-examples/release/examples/digits >> target/digits-native.txt
    "$root/target/release/examples/digits" --no-flush >> target/digits-portable-noflush.txt
done

if python3 -c "import torch, sklearn" 2> /dev/null; then
    python3 digits_reference.py --json target/digits_reference.json
else
    echo "PyTorch or scikit-learn missing: pip install -r benches/requirements-reference.txt" >&2
    rm -f target/digits_reference.json
fi

python3 report.py > "$root/BENCHMARKS.md"
echo "wrote BENCHMARKS.md"
