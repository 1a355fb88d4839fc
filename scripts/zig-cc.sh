#!/usr/bin/env bash
# A C compiler for the macOS targets: zig's clang (PyPI's `ziglang`), so that the C in the
# dependencies (SQLite, aws-lc) compiles without Apple's SDK (.ci/run: cargo clippy for
# aarch64-apple-darwin and x86_64-apple-darwin; linking would need the SDK, so CI only compiles
# and lints). Set as CC_<target>; ZIG_PYTHON is the Python with ziglang installed.
# cc-rs passes --target=<rust triple> and -mmacosx-version-min=…: zig wants its own -target.
set -euo pipefail
zig_target=""
args=()
for a in "$@"; do
  case "$a" in
    --target=aarch64-apple-darwin | --target=arm64-apple-macosx*) zig_target=aarch64-macos ;;
    --target=x86_64-apple-darwin | --target=x86_64-apple-macosx*) zig_target=x86_64-macos ;;
    --target=* | -mmacosx-version-min=*) ;;
    *) args+=("$a") ;;
  esac
done
: "${zig_target:=${ZIG_CC_TARGET:-aarch64-macos}}"
exec "${ZIG_PYTHON:-python3}" -m ziglang cc -target "$zig_target" "${args[@]}"
