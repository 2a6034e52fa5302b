#!/bin/bash
# S P P S at one rate, 60 s each: SQLite national-10y against PostgreSQL bench_10y.
set -u
BIN=target/release/rundt-bench-load
RATE=$1
U=postgres://rundt_ci:rundt-ci@127.0.0.1:5432/bench_10y
for step in 1-S 2-P 3-P 4-S; do
  case $step in
    *S) $BIN national-10y --rate $RATE --duration 60 --warmup 10 --server-cpu 1 --client-cpu 0 > logs/p6-$RATE-$step.log 2>&1 ;;
    *P) $BIN national-10y --rate $RATE --duration 60 --warmup 10 --server-cpu 1 --client-cpu 0 --database-url $U > logs/p6-$RATE-$step.log 2>&1 ;;
  esac
  echo "== $step"; grep -E "^total|^offered" logs/p6-$RATE-$step.log
done
