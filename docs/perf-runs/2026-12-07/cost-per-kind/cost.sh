#!/bin/bash
# usage: cost.sh BIN MIX RATE LABEL  -> CPU ms per request of the server (20 s window) + latency table
BIN=$1; MIX=$2; RATE=$3; LABEL=$4
LOG=/tmp/cost-$LABEL.log
cd /work/main
$BIN national-10y --rate $RATE --duration 40 --warmup 5 --server-cpu 1 --client-cpu 0 --mix $MIX > $LOG 2>&1 &
for i in $(seq 120); do grep -q "running:" $LOG 2>/dev/null && break; sleep 1; done
PID=$(grep -o "pid [0-9]*" $LOG | head -1 | cut -d' ' -f2)
sleep 8
t0=$(awk '{print $14+$15}' /proc/$PID/stat); s0=$(date +%s.%N)
sleep 20
t1=$(awk '{print $14+$15}' /proc/$PID/stat); s1=$(date +%s.%N)
wait
python3 -c "
ticks=$t1-$t0; el=$s1-$s0
print('$LABEL: server CPU %.2f ms per request (%.1f %% of a core)' % (ticks*10/($RATE*el), ticks/el))"
grep -E "^(total|[a-z_0-9]+ +[0-9]+ )" $LOG | head -14
