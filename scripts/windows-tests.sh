#!/usr/bin/env bash
# The Windows suite, under wine (docs/ARCHITECTURE.md › macOS and Windows code). One command, in
# CI (.ci/run) and locally: needs wine (Debian 12: `apt-get install wine64 wine`),
# gcc-mingw-w64-x86-64 and the rustup target x86_64-pc-windows-gnu.
#
#  1. builds windows/bcryptprimitives.c (the ProcessPrng shim Rust's std needs, which wine 8
#     lacks) and windows/hold-open.c (holds a file with share mode 0) with mingw;
#  2. makes a throwaway WINEPREFIX (no Mono/Gecko), whose user has a space and non-ASCII letters;
#  3. runs the library's unit tests for x86_64-pc-windows-gnu under wine (the runner
#     scripts/wine-runner.sh puts the shim next to each test .exe);
#  4. builds login-check.exe and runs tests/windows_wine.rs (fixture profiles in the prefix's
#     Windows places, registry values, a held Cookies file; every check live).
#
# Everything it makes is under one temporary folder, removed at the end (the prefix's
# wineserver is stopped first). Pass extra arguments to the unit tests' harness after `--`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

target=x86_64-pc-windows-gnu
wine=${WINE:-wine}
for tool in "$wine" x86_64-w64-mingw32-gcc cargo; do
  command -v "$tool" >/dev/null || { echo "windows-tests: $tool not found" >&2; exit 2; }
done

started=$(date +%s)
phase() { echo "-- windows-tests: $1 (+$(($(date +%s) - started))s)"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/login-check-wine.XXXXXX")
export WINEPREFIX="$work/prefix"
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  wineserver -w >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# No debug chatter, no Mono/Gecko download dialogs; 64-bit only; a UTF-8 locale so non-ASCII
# names cross between Linux and Windows intact; a user name with a space and non-ASCII letters
# (wine names the prefix's profile folder after $USER when it makes the prefix).
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64 LANG=C.UTF-8
export USER="Zoë Ångström" USERNAME="Zoë Ångström" LOGNAME="Zoë Ångström"
export WINE="$wine"

phase "building the shim and hold-open.exe"
x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror -o "$work/bcryptprimitives.dll" \
  windows/bcryptprimitives.c -ladvapi32
x86_64-w64-mingw32-gcc -municode -O2 -Wall -Werror -o "$work/hold-open.exe" windows/hold-open.c

phase "making the wine prefix"
"$wine" wineboot -i >/dev/null 2>&1
wineserver -w
user_dir=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public ! -name root | head -1)
if [ "$(basename "$user_dir")" != "$USER" ]; then
  echo "windows-tests: the prefix's user is '$(basename "$user_dir")', not '$USER'" >&2
  exit 1
fi

export LOGIN_CHECK_WINE_SHIM="$work/bcryptprimitives.dll"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$repo/scripts/wine-runner.sh"

phase "unit tests for $target under wine"
cargo test --locked --lib --target "$target" "$@"

phase "building login-check.exe"
cargo build --locked --target "$target"
exe="$repo/target/$target/debug/login-check.exe"
cp -f "$LOGIN_CHECK_WINE_SHIM" "$(dirname "$exe")/bcryptprimitives.dll"

phase "the Windows integration suite (tests/windows_wine.rs)"
LOGIN_CHECK_WINE=1 LOGIN_CHECK_WINE_EXE="$exe" LOGIN_CHECK_WINE_HOLD_OPEN="$work/hold-open.exe" \
  LOGIN_CHECK_WINE_USER="$USER" \
  cargo test --locked --test windows_wine -- --include-ignored --test-threads 1 --nocapture

phase "passed"
