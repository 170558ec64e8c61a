#!/usr/bin/env bash
# The whole system's throughput (docs/demo.md): `formsender demo` with SYSTEM_COMPANIES
# companies (10,000) on the sample sites with 300 ms of latency per response, the embedded
# defaults (SQLite, local queue, local batch of runner processes). Prints the demo's report,
# then forms per minute and the peak memory of the whole process tree (demo with its sample
# sites, serve, supervisors, runners, Chromium), sampled every second.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
COMPANIES=${SYSTEM_COMPANIES:-10000}
LATENCY=${SYSTEM_LATENCY_MS:-300}
if [[ ! -x "$BUILD/formsender" ]]; then
  cmake --build "$BUILD" --target formsender >/dev/null
fi
out=$(mktemp /tmp/formsender-system-bench.XXXXXX)
trap 'rm -f "$out"' EXIT
echo "-- whole system: $COMPANIES companies, ${LATENCY} ms site latency, embedded defaults"
"$BUILD/formsender" demo --companies "$COMPANIES" --latency-ms "$LATENCY" --no-wait \
  --duration 7200 >"$out" 2>&1 &
demo=$!

# The RSS of `root` and all its descendants, and their number.
tree_rss() {
  ps -eo pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END {
      total = 0; n = 0
      for (p in parent) {
        x = p
        for (hops = 0; hops < 64 && x != root && x > 1 && (x in parent); hops++) x = parent[x]
        if (x == root) { total += rss[p]; n++ }
      }
      print total, n
    }'
}

peak_kib=0
peak_procs=0
while kill -0 "$demo" 2>/dev/null; do
  read -r kib procs < <(tree_rss "$demo")
  ((kib > peak_kib)) && peak_kib=$kib
  ((procs > peak_procs)) && peak_procs=$procs
  sleep 1
done
code=0
wait "$demo" || code=$?
sed -n '/== formsender demo report ==/,/refusal\/CAPTCHA/p' "$out"
echo "peak memory of the whole system  $((peak_kib / 1024)) MiB over at most $peak_procs processes"
if [[ $code -ne 0 ]]; then
  echo "bench/system.sh: the demo exited $code; its output:" >&2
  tail -n 40 "$out" >&2
  exit "$code"
fi
