#!/bin/bash
# usage: pgcost.sh BIN SET DBURL RATE LABEL [MIX]
set -euo pipefail
BIN=$1; SET=$2; URL=$3; RATE=$4; LABEL=$5; MIX=${6:-}
LOG=logs/$LABEL.log
EXTRA=(); [ -n "$MIX" ] && EXTRA=(--mix "$MIX")
"$BIN" "$SET" --rate "$RATE" --duration 40 --warmup 10 --server-cpu 1 --client-cpu 0 --database-url "$URL" "${EXTRA[@]}" > "$LOG" 2>&1 &
for _ in $(seq 300); do grep -q "running:" "$LOG" && break; sleep 1; done
PID=$(grep -o "pid [0-9]*" "$LOG" | head -1 | cut -d' ' -f2)
sleep 8
pgcpu() { local t=0; for p in $(pgrep -f "_run 127.0.0.1"); do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
scpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
a0=$(scpu); p0=$(pgcpu); s0=$(date +%s.%N)
sleep 20
a1=$(scpu); p1=$(pgcpu); s1=$(date +%s.%N)
wait
python3 -c "
hz=$(getconf CLK_TCK); sec=$s1-$s0; n=$RATE*sec
print('$LABEL: server %.2f ms/request, PostgreSQL backends %.2f ms/request' % (($a1-$a0)*1000/hz/n, ($p1-$p0)*1000/hz/n))" | tee -a "$LOG"
grep -E "^(total|[a-z_0-9]+ +[0-9]+ )" "$LOG"
