#!/bin/sh
# The CI-sized open-loop load test (issue 17): the whole mix
# (crates/rundt-bench/mix/mixed.json) offered at 100 requests/s for 10 s to
# the real server on the generated `small` data set (SQLite), latency from
# the intended send time. Fails on any error answer, not on latency (CI
# machines are noisy); prints the summary table either way.
#
#   tests/load/ci.sh            # from anywhere in the checkout
#   RATE=200 DURATION=30 tests/load/ci.sh
set -eu
cd "$(dirname "$0")/../.."

RATE=${RATE:-100}
DURATION=${DURATION:-10}
PROFILE_DIR=${CARGO_TARGET_DIR:-target}/debug

echo "== load test: building rundt-bench (debug)"
cargo build --quiet -p rundt-bench --bin rundt-bench-data --bin rundt-bench-load

# The data set lives where rundt_bench::data_dir puts it.
if [ ! -f target/bench-data/small/generated ]; then
    echo "== load test: generating the small data set"
    "$PROFILE_DIR/rundt-bench-data" small
fi

echo "== load test: ${DURATION} s at ${RATE} req/s, SQLite, small"
"$PROFILE_DIR/rundt-bench-load" small \
    --rate "$RATE" --duration "$DURATION" --warmup 2 \
    --connections 64 --idle-connections 100
