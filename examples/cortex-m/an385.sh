#!/usr/bin/env bash
# `cargo "$@"` for a thumbv6m (ARMv6-M) build run on QEMU's mps2-an385, whose Cortex-M3 executes
# ARMv6-M code unchanged and whose 4 MiB of flash hold what the micro:bit's 256 kB do not (AD01).
# Its own target folder, so that the micro:bit builds keep their memory layout.
#
#   bash an385.sh run --release --bin ad01
set -euo pipefail
cd "$(dirname "$0")"
CONSTNET_MACHINE=mps2-an385 CARGO_TARGET_DIR=target/an385 exec cargo "$1" --target thumbv6m-none-eabi \
    --config 'target.thumbv6m-none-eabi.runner="qemu-system-arm -machine mps2-an385 -cpu cortex-m3 -icount shift=0 -semihosting-config enable=on,target=native -nographic -monitor none -serial none -kernel"' \
    "${@:2}"
