#!/bin/bash
# CPU per request of the whole mix, and the server's context switches per request.
# usage: [MIX=mix.json] cost.sh BIN SET RATE LABEL [DBURL]
#   BIN: a rundt-bench-load binary; SET: national-1y, ...; DBURL: PostgreSQL's copy of SET
#   (without it, SQLite). Writes logs/LABEL.log. Server on core 1, generator on core 0.
# Measures over 20 s of a 40-s run (after 10 s of warm-up and 8 s more): the server's CPU,
# PostgreSQL's backends' CPU (their command line names the scratch database `<db>_run`),
# and the voluntary and involuntary context switches of every thread of the server.
set -euo pipefail
BIN=$1; SET=$2; RATE=$3; LABEL=$4; URL=${5:-}
mkdir -p logs
LOG=logs/$LABEL.log
DB=(); [ -n "$URL" ] && DB=(--database-url "$URL")
"$BIN" "$SET" --rate "$RATE" --duration 40 --warmup 10 --server-cpu 1 --client-cpu 0 "${DB[@]}" ${MIX:+--mix "$MIX"} > "$LOG" 2>&1 &
for _ in $(seq 300); do grep -q "running:" "$LOG" && break; sleep 1; done
PID=$(grep -o "pid [0-9]*" "$LOG" | head -1 | cut -d' ' -f2)
sleep 8
pgcpu() { local t=0; for p in $(pgrep -f "_run 127.0.0.1" || true); do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
scpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
switches() { cat /proc/$PID/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s}'; }
a0=$(scpu); p0=$(pgcpu); c0=$(switches); s0=$(date +%s.%N)
sleep 20
a1=$(scpu); p1=$(pgcpu); c1=$(switches); s1=$(date +%s.%N)
wait
python3 -c "
hz=$(getconf CLK_TCK); sec=$s1-$s0; n=$RATE*sec
print('$LABEL: server %.2f ms/request, PostgreSQL backends %.2f ms/request, server context switches %.1f/request'
      % (($a1-$a0)*1000/hz/n, ($p1-$p0)*1000/hz/n, ($c1-$c0)/n))" | tee -a "$LOG"
grep -E "^(total|[a-z_0-9]+ +[0-9]+ )" "$LOG"
