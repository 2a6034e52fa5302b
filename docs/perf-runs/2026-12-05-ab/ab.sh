#!/bin/sh
# A/B of the supervision agenda and audit batching (session 17): the same
# open-loop mix on national-1y, SQLite and PostgreSQL, before (6f008a8) and
# after, 60 s each, server pinned to core 1, generator to core 0.
set -eu
OUT=${OUT:-/work/notes/ab}
mkdir -p "$OUT"
PG=postgres://rundt_ci:rundt-ci@127.0.0.1:5432/bench_1y
RATES=${RATES:-150}
for rate in $RATES; do
  for backend in sqlite postgres; do
    for side in before after; do
      bin=/work/bin-$side/rundt-bench-load
      extra=""
      [ "$backend" = postgres ] && extra="--database-url $PG"
      echo "== $(date -u +%T) $side $backend $rate req/s; load $(cut -d' ' -f1-3 /proc/loadavg)"
      $bin national-1y --rate "$rate" --duration 60 --warmup 10 \
        --server-cpu 1 --client-cpu 0 $extra > "$OUT/$side-$backend-$rate.txt" 2>&1 || echo "exit $?"
      tail -25 "$OUT/$side-$backend-$rate.txt"
    done
  done
done
