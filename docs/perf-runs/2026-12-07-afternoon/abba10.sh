#!/bin/bash
set -u
U=postgres://rundt_ci:rundt-ci@127.0.0.1:5432/bench_10y_nostats
for step in 1-A 2-B 3-B 4-A; do
  case $step in *A) BIN=A/rundt-bench-load ;; *B) BIN=target/release/rundt-bench-load ;; esac
  $BIN national-10y --rate 350 --duration 60 --warmup 10 --server-cpu 1 --client-cpu 0 --database-url $U > logs/pg10y-abba-$step.log 2>&1
  echo "== $step"; grep -E "^total|^offered|^team_page|^family_file" logs/pg10y-abba-$step.log
done
