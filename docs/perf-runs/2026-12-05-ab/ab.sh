#!/bin/sh
# A/B of the supervision agenda and audit batching: the same open-loop mix
# on national-1y, SQLite and PostgreSQL, "before" and "after", 60 s each,
# server pinned to core 1, generator to core 0.
#
# BEFORE and AFTER name rundt-bench-load binaries built with
# `cargo build --release -p rundt-bench` at the two commits (6f008a8 and
# bb9ac93 for the files here); each looks for the data set under its own
# checkout's target/bench-data, so generate it there first with
# `rundt-bench-data national-1y` (and `--database-url $PG` for PostgreSQL).
#
#   BEFORE=… AFTER=… RATES="150 250" docs/perf-runs/2026-12-05-ab/ab.sh
set -eu
OUT=${OUT:-ab-out}
mkdir -p "$OUT"
PG=${PG:-postgres://rundt_ci:rundt-ci@127.0.0.1:5432/bench_1y}
RATES=${RATES:-150}
for rate in $RATES; do
  for backend in sqlite postgres; do
    for side in before after; do
      if [ "$side" = before ]; then bin=$BEFORE; else bin=$AFTER; fi
      extra=""
      [ "$backend" = postgres ] && extra="--database-url $PG"
      echo "== $(date -u +%T) $side $backend $rate req/s; load $(cut -d' ' -f1-3 /proc/loadavg)"
      "$bin" national-1y --rate "$rate" --duration 60 --warmup 10 \
        --server-cpu 1 --client-cpu 0 $extra > "$OUT/$side-$backend-$rate.txt" 2>&1 || echo "exit $?"
      tail -25 "$OUT/$side-$backend-$rate.txt"
    done
  done
done
