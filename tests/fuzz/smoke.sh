#!/usr/bin/env bash
# A short run of every fuzz target (KADER_FUZZ_SMOKE_SECONDS each, 20 by
# default; 0 skips), from fresh seeds plus the stored regression inputs.
# Needs a nightly toolchain and cargo-fuzz; without them it says why it
# skips and succeeds, so the suite still runs on stable alone. A crash, a
# timeout or running out of memory fails it. Called by tests/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

seconds=${KADER_FUZZ_SMOKE_SECONDS:-20}
targets=(parse fmt analyse lsp fingerprint)
skip() {
    echo "fuzz smoke SKIPPED: $1"
    exit 0
}
if [ "$seconds" = 0 ]; then
    skip "KADER_FUZZ_SMOKE_SECONDS=0"
fi
if ! command -v rustup > /dev/null; then
    skip "no rustup, so no nightly toolchain to build the targets with"
fi
if ! rustup toolchain list | grep -q '^nightly'; then
    skip "no nightly toolchain in \`rustup toolchain list\` (rustup toolchain install nightly)"
fi
if ! cargo +nightly fuzz --version > /dev/null 2>&1; then
    # Installing it here would add minutes to every run of the suite.
    skip "cargo-fuzz is not installed (cargo install cargo-fuzz --locked, about two minutes)"
fi

# The targets build against the lock file as committed.
cargo +nightly metadata --locked --format-version 1 > /dev/null
cargo +nightly fuzz build

seeds=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$seeds" "$log"' EXIT
sh seed.sh "$seeds" > /dev/null
for t in "${targets[@]}"; do
    dirs=("$seeds/$t")
    if [ -d "regressions/$t" ]; then
        dirs+=("regressions/$t")
    fi
    # New inputs go to the first folder only: the regressions stay as they are.
    if ! cargo +nightly fuzz run "$t" "${dirs[@]}" -- \
        -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz smoke FAILED: target $t; the input is in tests/fuzz/artifacts/$t/"
        exit 1
    fi
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
    echo "fuzz smoke $t: ${seconds} s, ${done_line:-(no DONE line)}"
done
