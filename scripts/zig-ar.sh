#!/usr/bin/env bash
# The archiver for the macOS targets (see scripts/zig-cc.sh): zig's ar. Set as AR_<target>.
set -euo pipefail
exec "${ZIG_PYTHON:-python3}" -m ziglang ar "$@"
