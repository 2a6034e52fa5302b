#!/bin/sh
# Issue 17's one run: every figure of docs/PERFORMANCE.md's national-scale
# table, one after the other, on one machine, with the load average noted
# before and after each step. Run it on a quiet machine (no builds, no other
# benchmarks); it takes about 30 minutes once the data sets exist.
#
#   tests/load/national.sh                 # everything
#   RATE=300 DURATION=60 tests/load/national.sh
#   SKIP_POSTGRES=1 tests/load/national.sh
#
# Needs, generated beforehand (see docs/PERFORMANCE.md, "Reproduce"):
#   target/bench-data/national-10y          rundt-bench-data national-10y
#                                           + rundt-bench-audit national-10y --scale 2
#   PostgreSQL database bench_10y           rundt-bench-data national-10y --database-url …
# The raw output of every step is kept in target/perf-run/<UTC time>/.
set -eu
cd "$(dirname "$0")/../.."

RATE=${RATE:-500}
DURATION=${DURATION:-300}
PG_URL=${PG_URL:-postgres://rundt_ci:rundt-ci@127.0.0.1:5432/bench_10y}
R=${CARGO_TARGET_DIR:-target}/release
OUT=target/perf-run/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

cargo build --release --quiet -p rundt-bench -p rundt-cli
cargo build --release --quiet -p rundt-app --example dashboard_timing

step() {
    name=$1
    shift
    echo "== $name ($(date -u +%H:%M:%S), loadavg $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/steps.txt"
    "$@" > "$OUT/$name.txt" 2>&1 || echo "   $name FAILED (exit $?)" | tee -a "$OUT/steps.txt"
    tail -n 25 "$OUT/$name.txt"
    echo "   done $(date -u +%H:%M:%S), loadavg $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/steps.txt"
}

{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
    echo "memory: $(grep MemTotal /proc/meminfo)"
    echo "commit: $(git rev-parse --short HEAD)"
    echo "rustc: $(rustc --version)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

step floor-sqlite "$R/rundt-bench-floor" sqlite --seconds 10
step floor-axum "$R/rundt-bench-floor" axum --rates "$RATE,2000,5000" --duration 10 \
    --server-cpu 1 --client-cpu 0
step load-sqlite "$R/rundt-bench-load" national-10y --rate "$RATE" --duration "$DURATION" \
    --warmup 10 --idle-connections 1000 --server-cpu 1 --client-cpu 0
if [ -z "${SKIP_POSTGRES:-}" ]; then
    step load-postgres "$R/rundt-bench-load" national-10y --rate "$RATE" --duration "$DURATION" \
        --warmup 10 --idle-connections 1000 --server-cpu 1 --client-cpu 0 --database-url "$PG_URL"
fi
# The dashboards read no audit event: a copy of the set before the audit
# log's bulk load (DASH_SET) spares copying ten gigabytes.
rm -rf "$OUT/dash-copy" && cp -r "${DASH_SET:-target/bench-data/national-10y}" "$OUT/dash-copy"
# The copy's writeback is done before the timing starts, not during it.
sync
step dashboards-sqlite "$R/examples/dashboard_timing" "$OUT/dash-copy" 200
rm -rf "$OUT/dash-copy"
step audit "$R/rundt-bench-audit" national-10y --measure --calls 100 --full

echo "all steps' output: $OUT"
