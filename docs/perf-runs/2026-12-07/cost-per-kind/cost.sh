#!/bin/bash
# Server CPU per request of one kind of the mix, alone at a low rate.
# usage (from the checkout, after `cargo build --release -p rundt-bench` and
# `target/release/rundt-bench-data national-10y`):
#   docs/perf-runs/2026-12-07/cost-per-kind/cost.sh target/release/rundt-bench-load KIND RATE LABEL
# KIND is a kind of crates/rundt-bench/mix/mixed.json (team_page, dashboard_team_12m, ...).
# Prints the server's CPU ms per request over 20 s of a 40-s run, then the latency table.
set -euo pipefail
BIN=$1; KIND=$2; RATE=$3; LABEL=$4
MIX=$(mktemp --suffix=.json)
LOG=$(mktemp --suffix="-$LABEL.log")
echo "{\"about\":\"$KIND alone\",\"requests\":[{\"kind\":\"$KIND\",\"weight\":1}]}" > "$MIX"
"$BIN" national-10y --rate "$RATE" --duration 40 --warmup 5 --server-cpu 1 --client-cpu 0 \
  --mix "$MIX" > "$LOG" 2>&1 &
for _ in $(seq 120); do grep -q "running:" "$LOG" && break; sleep 1; done
PID=$(grep -o "pid [0-9]*" "$LOG" | head -1 | cut -d' ' -f2)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
sleep 8
t0=$(cpu); s0=$(date +%s.%N)
sleep 20
t1=$(cpu); s1=$(date +%s.%N)
wait
python3 -c "
ticks = $t1 - $t0; seconds = $s1 - $s0; hz = $(getconf CLK_TCK)
print('$LABEL: server CPU %.2f ms per request (%.1f %% of a core)'
      % (ticks * 1000 / hz / ($RATE * seconds), ticks * 100 / hz / seconds))"
grep -E "^(total|[a-z_0-9]+ +[0-9]+ )" "$LOG" | head -14
echo "log: $LOG"
