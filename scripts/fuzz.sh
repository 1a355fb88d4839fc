#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for a bounded time with cargo-fuzz (libFuzzer).
# The stable toolchain is used with RUSTC_BOOTSTRAP=1, which lets cargo-fuzz pass its -Z flags;
# AddressSanitizer is off (`--sanitizer none`): the parsers are safe Rust, and a panic is what we
# look for. Seeds come from fuzz/seeds/<target>/.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# On a crash it exits 1 and names the input under fuzz/artifacts/<target>/: fix the bug, then
# keep the input as a regression test in fuzz/regressions/<target>/ (tests/fuzz_regressions.rs
# replays them all).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(prefs_js profiles_ini binarycookies patterns json_extractors redact)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  echo "== fuzzing $t for ${secs}s"
  if ! cargo fuzz run --sanitizer none "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$secs" -max_len=65536 -timeout=10 -print_final_stats=1 2>&1 | tail -n 15; then
    echo "fuzz target $t FAILED: see fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
