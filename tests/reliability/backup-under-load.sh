#!/usr/bin/env bash
# rundt backup of a generated data set (default national-10y) while wrk loads
# the server; then restore into a fresh folder and verify. Needs wrk, sqlite3
# and `cargo build --release -p rundt-cli -p rundt-bench` + `rundt-bench-data`.
set -euo pipefail
cd "$(dirname "$0")/../.."
R=${RUNDT_BIN:-target/release/rundt}
LOGIN_LUA=tests/reliability/login.lua
export RUNDT_FIELD_KEY=$(printf '07%.0s' $(seq 1 64))
export RUNDT_LOG=warn
W=/tmp/n10; rm -rf $W /tmp/n10-copies /tmp/n10-restored; mkdir -p $W
cp -r target/bench-data/${1:-national-10y} $W/data
rm -f $W/data/generated
$R --data $W/data serve --listen 127.0.0.1:18080 > $W/serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:18080/healthz >/dev/null; do sleep 0.2; done
echo "== database: $(du -sh $W/data/rundt.sqlite3 | cut -f1)"
echo "== baseline, 30 s: reads (/healthz) and writes (failed logins)"
events() { sqlite3 "file:$W/data/rundt.sqlite3?mode=ro" "SELECT COUNT(*) FROM audit_events" 2>/dev/null || echo "?"; }
e0=$(events)
wrk -t1 -c8 -d30s http://127.0.0.1:18080/healthz > $W/r1.txt & A=$!
wrk -t1 -c4 -d30s -s $LOGIN_LUA http://127.0.0.1:18080 > $W/w1.txt & B=$!
wait $A $B
e1=$(events)
echo "reads:  $(grep Requests/sec $W/r1.txt)   latency $(grep Latency $W/r1.txt)"
echo "writes: $(grep Requests/sec $W/w1.txt)   latency $(grep Latency $W/w1.txt)  $(grep -i non-2xx $W/w1.txt)  audit events +$((e1-e0))"
echo "== the same load with rundt backup started after 5 s"
wrk -t1 -c8 -d30s http://127.0.0.1:18080/healthz > $W/r2.txt & A=$!
wrk -t1 -c4 -d30s -s $LOGIN_LUA http://127.0.0.1:18080 > $W/w2.txt & B=$!
sleep 5
/usr/bin/time -f "backup: %e s wall, %M KiB max RSS" $R --data $W/data backup --to /tmp/n10-copies/n10.sqlite3
wait $A $B
e2=$(events)
echo "reads:  $(grep Requests/sec $W/r2.txt)   latency $(grep Latency $W/r2.txt)"
echo "writes: $(grep Requests/sec $W/w2.txt)   latency $(grep Latency $W/w2.txt)  $(grep -i non-2xx $W/w2.txt)  audit events +$((e2-e1))"
echo "== restore into a fresh folder"
/usr/bin/time -f "restore: %e s wall, %M KiB max RSS" $R --data /tmp/n10-restored restore /tmp/n10-copies/n10.sqlite3
/usr/bin/time -f "audit verify (restored): %e s wall" $R --data /tmp/n10-restored audit verify
