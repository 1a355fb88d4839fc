#!/usr/bin/env bash
# Benchmark: a full online run whose every host is black-holed ends within --timeout + 0.5 s.
#
# Inside a network namespace made here (root and iproute2 needed), 198.51.100.0/24 (TEST-NET-2)
# is routed into a tun device that no program reads, so every packet sent there vanishes: TCP
# connects hang until login-check's own limit. Nothing leaves the namespace.
#
# Usage: scripts/bench-network.sh [--timeout SECONDS] [--runs N] [--bin PATH]
# Prints each run's wall time and the budget; exits 1 if any run is over budget.
set -euo pipefail
cd "$(dirname "$0")/.."

timeout_s=2
runs=3
bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout_s="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="$PWD/target/release/login-check"
fi
if [ "$(id -u)" != "0" ] || ! command -v ip >/dev/null; then
  echo "bench-network: needs root and iproute2" >&2
  exit 2
fi

ns="lc-bench-$$"
home="$(mktemp -d)"
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT
# shellcheck source=scripts/blackhole-ns.sh
. "$PWD/scripts/blackhole-ns.sh"
make_blackhole_ns "$ns"

resolve=()
for h in auth.openai.com chatgpt.com platform.openai.com api.openai.com cdn.oaistatic.com status.openai.com \
         versionhistory.googleapis.com product-details.mozilla.org; do
  resolve+=(--resolve "$h:443:198.51.100.9")
done

budget_ms=$(awk -v t="$timeout_s" 'BEGIN { printf "%d", t * 1000 + 500 }')
worst=0
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  ip netns exec "$ns" "$bin" --home "$home" --timeout "$timeout_s" "${resolve[@]}" --format json >/dev/null || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  echo "run $i: ${ms} ms"
  [ "$ms" -gt "$worst" ] && worst=$ms
done
echo "network run against a black-holed address: worst ${worst} ms, budget ${budget_ms} ms (--timeout ${timeout_s} s + 0.5 s)"
if [ "$worst" -gt "$budget_ms" ]; then
  echo "OVER BUDGET" >&2
  exit 1
fi
