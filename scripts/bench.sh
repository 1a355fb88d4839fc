#!/usr/bin/env bash
# Performance benchmark and budget (docs/performance.md).
#
# Builds a heavy synthetic home (examples/gen-home.rs: 6 Chromium-family browsers × 5 profiles and
# 3 Firefox profiles, cookie stores at the browsers' caps, 60 extensions per profile, Preferences
# over 1 MB) and a "huge" one (200,000 cookies per store), then measures with hyperfine and
# /usr/bin/time:
#   - `login-check --offline --format json` on the heavy home: median wall time, peak memory, and
#     the time of each check and category alone (`--only`);
#   - side by side, the same home's cookies read by yt-dlp's extractor, rookiepy and
#     browser_cookie3 (from PyPI, in a venv made here) and by the sqlite3 CLI doing only the cookie
#     queries (the floor), with ratios;
#   - the huge home: wall time and peak memory;
#   - a full online run on the heavy home in a network namespace made here: a loopback HTTPS server
#     (examples/bench-server.rs) answers every host but one, whose address is black-holed; and
#     scripts/bench-network.sh (every host black-holed). Nothing leaves the namespace.
# Then checks the budget and exits 1 if any part is over it:
#   offline heavy ≤ 1.5 × the sqlite3 floor and faster than each Python tool reading one browser
#   profile; peak memory < 25 MB; a one-profile home (one Chrome profile of the heavy home) ≤ 15 ms;
#   huge < 2 s and < 100 MB; online ≤ --timeout + 0.5 s.
#
# Usage: scripts/bench.sh [--quick] [--runs N] [--timeout S] [--bin PATH] [--install]
#                         [--report-only] [--no-huge] [--no-python] [--no-network]
#   --quick     fewer runs (CI): 5 per measurement, 3 per check, 2 for the huge home
#   --bin PATH  measure this login-check instead of building target/release/login-check
#   --report-only  print the budget lines but exit 0 when one is over (for a CI that records)
#   --install   apt-get the Debian tools it needs (hyperfine, time, sqlite3, python3-venv,
#               dbus-daemon, iproute2) when missing (also done when CI is set and we are root)
# Results in <target>/bench/ (target: $CARGO_TARGET_DIR or ./target): summary.md (the tables of
# docs/performance.md), budget.json, and each hyperfine run's JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

runs=10
check_runs=5
huge_runs=3
timeout_s=2
bin=""
do_huge=1
do_python=1
do_network=1
install=0
quick=0
report_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; runs=5; check_runs=3; huge_runs=2; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --install) install=1; shift ;;
    --report-only) report_only=1; shift ;;
    --no-huge) do_huge=0; shift ;;
    --no-python) do_python=0; shift ;;
    --no-network) do_network=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench: unknown argument: $1" >&2; exit 2 ;;
  esac
done

target="${CARGO_TARGET_DIR:-$repo/target}"
work="$target/bench"
mkdir -p "$work"
# Nothing of an earlier run may be reported as this run's.
rm -f "$work"/*.json "$work"/*.jsonl "$work"/*.txt "$work"/*.rss "$work"/summary.md

# ---------------------------------------------------------------------------------------------
# Tools
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v dbus-daemon >/dev/null || missing+=(dbus-daemon)
command -v ip >/dev/null || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  if { [ "$install" = 1 ] || [ -n "${CI:-}" ]; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bench: missing ${missing[*]} (Debian packages; run with --install as root)" >&2
    for t in hyperfine sqlite3; do command -v "$t" >/dev/null || exit 2; done
    [ -x /usr/bin/time ] || exit 2
  fi
fi

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"

# ---------------------------------------------------------------------------------------------
# Build and generate
echo "== building (release)"
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet --bin login-check --example gen-home --example bench-server
  bin="$target/release/login-check"
else
  cargo build --release --locked --quiet --example gen-home --example bench-server
fi
gen="$target/release/examples/gen-home"
server="$target/release/examples/bench-server"
"$bin" --version

heavy="$target/bench-home/heavy"
huge="$target/bench-home/huge"
"$gen" --out "$heavy" --force
if [ "$do_huge" = 1 ]; then "$gen" --out "$huge" --variant huge --force; fi
# The one-profile home: the heavy home's first Chrome profile alone.
one="$target/bench-home/one"
rm -rf "$one" && mkdir -p "$one/home/.config/google-chrome" "$one/root"
cp "$heavy/home/.config/google-chrome/Local State" "$one/home/.config/google-chrome/" 2>/dev/null || true
cp -r "$heavy/home/.config/google-chrome/Default" "$one/home/.config/google-chrome/"

export LOGIN_CHECK_NOW=2026-11-24T12:00:00Z
unset XDG_CONFIG_HOME CHROME_CONFIG_HOME HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy NO_COLOR || true
# A closed Firefox leaves no cookies.sqlite-wal/-shm; a tool that opens the WAL database in place
# creates them, so every run starts from the closed-browser state.
clean() { find "$1/home" \( -name '*-wal' -o -name '*-shm' \) -delete; }
lc() { echo "$bin --home $1/home --root $1/root --os linux --format json"; }

hf() { # hyperfine without a shell, exporting JSON to $work/$1.json
  local name="$1"; shift
  hyperfine -N -i --style basic --export-json "$work/$name.json" "$@" >"$work/$name.log" 2>&1 || {
    cat "$work/$name.log" >&2
    return 1
  }
}

peak_kb() { # peak RSS (KB) over 3 runs of a command, after `clean $home`
  local home="$1"; shift
  local worst=0 kb
  for _ in 1 2 3; do
    clean "$home"
    /usr/bin/time -o "$work/time.out" -f '%M' "$@" >/dev/null 2>&1 || true
    kb=$(tail -1 "$work/time.out")
    [ "$kb" -gt "$worst" ] && worst=$kb
  done
  echo "$worst"
}

# ---------------------------------------------------------------------------------------------
# Offline, heavy home
echo "== offline report on the heavy home ($runs runs)"
hf heavy_full --runs "$runs" --warmup 2 --prepare "find $heavy/home ( -name *-wal -o -name *-shm ) -delete" \
  -n login-check "$(lc "$heavy") --offline"
echo "$(peak_kb "$heavy" $(lc "$heavy") --offline)" >"$work/heavy_full.rss"

echo "== offline report on a one-profile home ($runs runs)"
hf one_full --runs "$runs" --warmup 2 -n "login-check, one profile" "$(lc "$one") --offline"

echo "== each check and category alone ($check_runs runs each)"
ids=$("$bin" --list-checks | awk '{print $1}' | paste -sd, -)
cats=$({ "$bin" --only no-such-check 2>&1 || true; } | sed -n 's/^ *categories: //p' | tr -d ' ')
[ -n "$cats" ] || cats="browsers,cookies,extensions,settings,network,account"
hf per_check --runs "$check_runs" --warmup 1 --prepare "find $heavy/home ( -name *-wal -o -name *-shm ) -delete" \
  -L check "$ids" -n '{check}' "$(lc "$heavy") --offline --only {check}"
hf per_category --runs "$check_runs" --warmup 1 --prepare "find $heavy/home ( -name *-wal -o -name *-shm ) -delete" \
  -L cat "$cats" -n '{cat}' "$(lc "$heavy") --offline --only {cat}"

echo "== sqlite3 floor: the cookie queries alone"
python3 - "$heavy" "$work" <<'EOF'
import json, sys
home, work = sys.argv[1], sys.argv[2]
sites = ["openai.com", "chatgpt.com", "oaistatic.com", "oaiusercontent.com"]
def filt(col):  # the sign-in sites' filter login-check uses (src/hosts.rs sql_domain_filter)
    return " OR ".join(f"({col} LIKE '%{s}' AND ({col} = '{s}' OR {col} = '.{s}' OR {col} LIKE '%.{s}'))"
                       for s in sites)
m = json.load(open(f"{home}/manifest.json"))
one = open(f"{work}/floor-one.sql", "w")
per = open(f"{work}/floor-per-db.sh", "w")
for p in m["profiles"]:
    db = p["cookie_db"]
    if p["family"] == "chromium":
        q = ("SELECT host_key, name, path, expires_utc, last_access_utc, creation_utc, is_persistent, "
             "top_frame_site_key, length(CAST(value AS BLOB)), length(encrypted_value), "
             f"CAST(substr(encrypted_value, 1, 3) AS TEXT) FROM cookies WHERE {filt('host_key')};")
    else:
        q = ("SELECT host, name, path, expiry, lastAccessed, creationTime, originAttributes, "
             f"length(CAST(value AS BLOB)) FROM moz_cookies WHERE {filt('host')};")
    one.write(f".open --readonly '{db}'\n{q}\n")
    per.write(f"sqlite3 -readonly '{db}' \"{q}\" >/dev/null\n")
EOF
hf floor --runs "$runs" --warmup 2 --prepare "find $heavy/home ( -name *-wal -o -name *-shm ) -delete" \
  -n "sqlite3, one process" "sqlite3 -batch :memory: .read\ $work/floor-one.sql" \
  -n "sqlite3, one process per database" "bash $work/floor-per-db.sh"
rows=$(sqlite3 -batch :memory: ".read $work/floor-one.sql" | wc -l)
echo "   floor returns $rows sign-in cookie rows"

# ---------------------------------------------------------------------------------------------
# The Python tools
dbus_pid=""
cleanup_dbus() { [ -n "$dbus_pid" ] && kill "$dbus_pid" 2>/dev/null || true; }
if [ "$do_python" = 1 ]; then
  venv="$target/bench-venv"
  echo "== Python tools (venv $venv)"
  if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
  "$venv/bin/pip" install -q --disable-pip-version-check \
    yt-dlp==2026.10.26 pycryptodomex==3.24.2 rookiepy==0.5.6 browser-cookie3==0.20.1
  # A desktop session has a D-Bus session bus; this one has no keyring on it, as on a desktop
  # where Chromium uses its basic store (`v10`, "peanuts"). browser_cookie3 fails without a bus.
  dbus_env=()
  if command -v dbus-daemon >/dev/null; then
    out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
    dbus_env=("DBUS_SESSION_BUS_ADDRESS=$(echo "$out" | sed -n 1p)")
    dbus_pid=$(echo "$out" | sed -n 2p)
  fi
  trap cleanup_dbus EXIT
  py() { echo "env -i PATH=/usr/bin:/bin HOME=$heavy/home ${dbus_env[*]} $venv/bin/python $repo/scripts/bench_cookie_tools.py"; }
  chrome_default="$heavy/home/.config/google-chrome/Default"
  # Quoted for hyperfine's and eval's word splitting ("Profile 1").
  chrome_all=$(python3 -c "import json, shlex; print(' '.join(shlex.quote(p['profile_dir']) for p in json.load(open('$heavy/manifest.json'))['profiles'] if p['browser'] == 'chrome'))")
  firefox_default=$(python3 -c "import json,sys; print([p['profile_dir'] for p in json.load(open('$heavy/manifest.json'))['profiles'] if p['browser']=='firefox'][0])")
  : >"$work/tools_counts.jsonl"
  cmds=()
  for tool in yt-dlp rookiepy browser_cookie3; do
    clean "$heavy"
    $(py) "$tool" chromium chrome "$chrome_default" | sed "s/^{/{\"case\": \"$tool, Chrome, 1 profile\", /" >>"$work/tools_counts.jsonl"
    cmds+=(-n "$tool, Chrome, 1 profile" "$(py) $tool chromium chrome $chrome_default")
    if [ "$quick" = 0 ]; then
      eval "$(py) $tool chromium chrome $chrome_all" | sed "s/^{/{\"case\": \"$tool, Chrome, 5 profiles\", /" >>"$work/tools_counts.jsonl"
      cmds+=(-n "$tool, Chrome, 5 profiles" "$(py) $tool chromium chrome $chrome_all")
    fi
    $(py) "$tool" firefox firefox "$firefox_default" | sed "s/^{/{\"case\": \"$tool, Firefox, 1 profile\", /" >>"$work/tools_counts.jsonl"
    cmds+=(-n "$tool, Firefox, 1 profile" "$(py) $tool firefox firefox $firefox_default")
  done
  hf tools --runs "$runs" --warmup 1 --prepare "find $heavy/home ( -name *-wal -o -name *-shm ) -delete" "${cmds[@]}"
  : >"$work/tools.rss"
  for tool in yt-dlp rookiepy browser_cookie3; do
    echo "$tool $(peak_kb "$heavy" $(py) "$tool" chromium chrome "$chrome_default")" >>"$work/tools.rss"
  done
fi

# ---------------------------------------------------------------------------------------------
# Huge home
if [ "$do_huge" = 1 ]; then
  echo "== offline report on the huge home ($huge_runs runs)"
  hf huge_full --runs "$huge_runs" --warmup 1 --prepare "find $huge/home ( -name *-wal -o -name *-shm ) -delete" \
    -n login-check "$(lc "$huge") --offline"
  echo "$(peak_kb "$huge" $(lc "$huge") --offline)" >"$work/huge_full.rss"
  python3 - "$huge" "$work" <<'EOF'
import sys
home, work = sys.argv[1], sys.argv[2]
text = open(f"{work}/floor-one.sql").read().replace("/bench-home/heavy/", "/bench-home/huge/")
open(f"{work}/floor-huge.sql", "w").write(text)
EOF
  hf huge_floor --runs "$huge_runs" --prepare "find $huge/home ( -name *-wal -o -name *-shm ) -delete" \
    -n "sqlite3, one process" "sqlite3 -batch :memory: .read\ $work/floor-huge.sql"
fi

# ---------------------------------------------------------------------------------------------
# Online: a loopback server and one black-holed host, in a network namespace made here
if [ "$do_network" = 1 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null; then
    echo "bench: the online run needs root and iproute2 (or pass --no-network)" >&2
    exit 2
  fi
  echo "== online report on the heavy home: loopback server, cdn.oaistatic.com black-holed, --timeout $timeout_s"
  ns="lc-bench-online-$$"
  server_pid=""
  cleanup_net() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    cleanup_dbus
  }
  trap cleanup_net EXIT
  # shellcheck source=scripts/blackhole-ns.sh
  . "$repo/scripts/blackhole-ns.sh"
  make_blackhole_ns "$ns"
  rm -f "$work/server.port"
  ip netns exec "$ns" "$server" --ca-out "$work/bench-ca.pem" --seconds 900 >"$work/server.port" &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$work/server.port" ] && break; sleep 0.1; done
  port=$(head -1 "$work/server.port")
  resolve=()
  for h in auth.openai.com chatgpt.com platform.openai.com api.openai.com status.openai.com \
           versionhistory.googleapis.com product-details.mozilla.org; do
    resolve+=(--resolve "$h:443:127.0.0.1:$port")
  done
  resolve+=(--resolve "cdn.oaistatic.com:443:198.51.100.9")
  : >"$work/online.txt"
  online_runs=3
  for i in $(seq "$online_runs"); do
    clean "$heavy"
    start=$(date +%s%N)
    ip netns exec "$ns" env -u LOGIN_CHECK_NOW $(lc "$heavy") --timeout "$timeout_s" --ca-file "$work/bench-ca.pem" "${resolve[@]}" \
      >"$work/online-report.json" 2>/dev/null || true
    end=$(date +%s%N)
    echo "$timeout_s $(( (end - start) / 1000000 ))" >>"$work/online.txt"
  done
  if [ "$quick" = 0 ]; then
    clean "$heavy"
    start=$(date +%s%N)
    ip netns exec "$ns" env -u LOGIN_CHECK_NOW $(lc "$heavy") --ca-file "$work/bench-ca.pem" "${resolve[@]}" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "8 $(( (end - start) / 1000000 ))" >>"$work/online.txt"
  fi
  python3 - "$work/online-report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["checks"]:
    if c["category"] == "network":
        print(f"   {c['id']:26} {c['status']:7} {c['title'][:90]}")
EOF
  kill "$server_pid" 2>/dev/null || true
  server_pid=""
  echo "== every host black-holed (scripts/bench-network.sh)"
  # Exit 1 is "over budget" (reported in the summary); anything else is a broken run.
  bn=0
  scripts/bench-network.sh --bin "$bin" --timeout "$timeout_s" --runs 3 >"$work/blackhole.txt" 2>&1 || bn=$?
  cat "$work/blackhole.txt"
  if [ "$bn" != 0 ] && [ "$bn" != 1 ]; then
    echo "bench: scripts/bench-network.sh failed (exit $bn)" >&2
    exit "$bn"
  fi
fi

# The huge home takes 2 GB: kept for the next run, except in --quick (CI) mode.
if [ "$quick" = 1 ] && [ "$do_huge" = 1 ]; then rm -rf "$huge"; fi
echo "== measured in $SECONDS s"

# ---------------------------------------------------------------------------------------------
# Summary and budget
status=0
python3 - "$work" "$heavy" <<'EOF' || status=$?
import json, os, statistics, sys
work, heavy = sys.argv[1], sys.argv[2]

def load(name):
    p = f"{work}/{name}.json"
    return json.load(open(p))["results"] if os.path.exists(p) else []

def med(r):
    return statistics.median(r["times"]) * 1000

def rss(name):
    p = f"{work}/{name}.rss"
    return int(open(p).read().split()[-1]) / 1024 if os.path.exists(p) else None

out = []
fails = []
def line(s=""):
    out.append(s)

m = json.load(open(f"{heavy}/manifest.json"))
line(f"Heavy home: {len(m['profiles'])} profiles, {sum(p['cookies'] for p in m['profiles'])} cookie rows, "
     f"{m['files']} files, {m['bytes'] / 1e6:.0f} MB (examples/gen-home.rs)")
line()
full = load("heavy_full")[0]
lc = med(full)
lc_rss = rss("heavy_full")
line("| Measurement (heavy home) | Median | Min–max | Peak RSS | login-check ÷ this |")
line("| --- | ---: | ---: | ---: | ---: |")
line(f"| login-check --offline --format json (all checks) | {lc:.0f} ms | {min(full['times'])*1000:.0f}–{max(full['times'])*1000:.0f} ms | {lc_rss:.1f} MB | 1.00 |")
floors = {r["command"]: r for r in load("floor")}
for name, r in floors.items():
    line(f"| {name} (33 cookie queries) | {med(r):.0f} ms | {min(r['times'])*1000:.0f}–{max(r['times'])*1000:.0f} ms | | {lc / med(r):.2f} |")
tools = load("tools")
counts = {}
if os.path.exists(f"{work}/tools_counts.jsonl"):
    for l in open(f"{work}/tools_counts.jsonl"):
        if l.strip():
            d = json.loads(l)
            counts[d["case"]] = d
tool_rss = {}
if os.path.exists(f"{work}/tools.rss"):
    for l in open(f"{work}/tools.rss"):
        t, kb = l.split()
        tool_rss[t] = int(kb) / 1024
for r in tools:
    c = counts.get(r["command"], {})
    what = f"{c.get('rows', '?')} rows, {c.get('decrypted', '?')} values" if not c.get("error") else f"failed: {c['error'].splitlines()[0][:60]}"
    t = r["command"].split(",")[0]
    peak = f"{tool_rss[t]:.1f} MB" if r["command"].endswith("Chrome, 1 profile") and t in tool_rss else ""
    line(f"| {r['command']} ({what}) | {med(r):.0f} ms | {min(r['times'])*1000:.0f}–{max(r['times'])*1000:.0f} ms | {peak} | {lc / med(r):.2f} |")
line()

# Budget
one = floors.get("sqlite3, one process")
if one:
    ok = lc <= 1.5 * med(one)
    line(f"- Offline heavy ≤ 1.5 × sqlite3 floor (one process): {lc:.0f} ms vs {1.5 * med(one):.0f} ms ({lc / med(one):.2f} ×): {'OK' if ok else 'OVER'}")
    if not ok: fails.append("offline heavy > 1.5 × sqlite3 floor")
one_full = load("one_full")
if one_full:
    o = med(one_full[0])
    ok = o <= 15
    line(f"- One-profile home ≤ 15 ms: {o:.1f} ms: {'OK' if ok else 'OVER'}")
    if not ok: fails.append("one-profile home > 15 ms")
for r in tools:
    if not r["command"].endswith("1 profile"):
        continue
    c = counts.get(r["command"], {})
    if c.get("error"):
        line(f"- Faster than {r['command']}: not comparable, the tool failed ({c['error'].splitlines()[0][:80]})")
        continue
    ok = lc < med(r)
    line(f"- Faster than {r['command']}: {lc:.0f} ms vs {med(r):.0f} ms: {'OK' if ok else 'OVER'}")
    if not ok: fails.append(f"slower than {r['command']}")
ok = lc_rss < 25
line(f"- Peak memory < 25 MB: {lc_rss:.1f} MB: {'OK' if ok else 'OVER'}")
if not ok: fails.append("heavy peak memory ≥ 25 MB")
huge = load("huge_full")
if huge:
    h, h_rss = med(huge[0]), rss("huge_full")
    hf = load("huge_floor")
    floor_txt = f" (sqlite3 floor {med(hf[0]):.0f} ms)" if hf else ""
    ok = h < 2000 and h_rss < 100
    line(f"- Huge home < 2 s and < 100 MB: {h:.0f} ms, {h_rss:.1f} MB{floor_txt}: {'OK' if ok else 'OVER'}")
    if not ok: fails.append("huge home over 2 s or 100 MB")
if os.path.exists(f"{work}/online.txt"):
    by_timeout = {}
    for l in open(f"{work}/online.txt"):
        t, ms = l.split()
        by_timeout.setdefault(t, []).append(int(ms))
    for t, times in by_timeout.items():
        budget = float(t) * 1000 + 500
        ok = max(times) <= budget
        line(f"- Online, one host black-holed, --timeout {t}: {', '.join(map(str, times))} ms (worst {max(times)}) vs {budget:.0f} ms: {'OK' if ok else 'OVER'}")
        if not ok: fails.append(f"online run over --timeout {t} + 0.5 s")
if os.path.exists(f"{work}/blackhole.txt"):
    txt = open(f"{work}/blackhole.txt").read()
    last = [l for l in txt.splitlines() if l.startswith("network run")]
    if last:
        ok = "OVER" not in txt
        line(f"- Online, every host black-holed: {last[-1].split(': ', 1)[1]}: {'OK' if ok else 'OVER'}")
        if not ok: fails.append("online run with every host black-holed over budget")
line()
line("| Check or category alone (`--only`) | Median | Min–max |")
line("| --- | ---: | ---: |")
for name in ("per_category", "per_check"):
    for r in load(name):
        line(f"| {r['command']} | {med(r):.0f} ms | {min(r['times'])*1000:.0f}–{max(r['times'])*1000:.0f} ms |")
text = "\n".join(out)
print(text)
open(f"{work}/summary.md", "w").write(text + "\n")
json.dump({"fails": fails}, open(f"{work}/budget.json", "w"))
print()
print("BUDGET: " + ("OK" if not fails else "OVER: " + "; ".join(fails)))
sys.exit(10 if fails else 0)
EOF
# 10: a budget line is over; anything else non-zero: the summary itself broke.
if [ "$status" = 10 ]; then
  if [ "$report_only" = 1 ]; then
    echo "bench: over budget (not failing: --report-only)"
    exit 0
  fi
  exit 1
fi
exit "$status"
