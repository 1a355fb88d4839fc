#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu under wine (scripts/windows-tests.sh sets
# CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER to this): copies the bcryptprimitives shim
# (windows/bcryptprimitives.c, built by that script into $LOGIN_CHECK_WINE_SHIM) next to the .exe,
# so Rust's standard library finds ProcessPrng, then runs the .exe with wine in $WINEPREFIX.
set -euo pipefail
exe="$1"
shift
: "${LOGIN_CHECK_WINE_SHIM:?set by scripts/windows-tests.sh: the built bcryptprimitives.dll}"
: "${WINEPREFIX:?set by scripts/windows-tests.sh: a throwaway wine prefix}"
cp -f "$LOGIN_CHECK_WINE_SHIM" "$(dirname "$exe")/bcryptprimitives.dll"
exec "${WINE:-wine}" "$exe" "$@"
