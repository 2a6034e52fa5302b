#!/usr/bin/env bash
# A client generated from Rundt's OpenAPI document, and a short script on it
# (issue 18: the API as a product).
#
#   bash tests/api-client/run.sh               # builds target/debug/rundt first
#   RUNDT_BIN=/path/to/rundt bash tests/api-client/run.sh
#
# Installs openapi-python-client (pinned) from PyPI into a venv under
# target/, starts `rundt demo` + `rundt serve` on a fresh data folder and a
# free loopback port, generates the Python client from the served
# /api/openapi.json (a generator that cannot read the document fails here),
# and runs script.py with it: a manager logs in, makes a results-only token
# and reads the municipality's results with it. Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
GENERATOR_VERSION="0.29.1"
VENV="${RUNDT_API_CLIENT_VENV:-$REPO_ROOT/target/api-client-venv}"
OUT="$REPO_ROOT/target/api-client"

echo "==> openapi-python-client $GENERATOR_VERSION in $VENV"
if [[ ! -x "$VENV/bin/openapi-python-client" ]] || \
   [[ "$("$VENV/bin/openapi-python-client" --version 2>/dev/null)" != *"$GENERATOR_VERSION"* ]]; then
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "openapi-python-client==$GENERATOR_VERSION"
fi

if [[ -z "${RUNDT_BIN:-}" ]]; then
  echo "==> cargo build -p rundt-cli"
  (cd "$REPO_ROOT" && cargo build -q -p rundt-cli)
  RUNDT_BIN="$REPO_ROOT/target/debug/rundt"
fi

DATA="$(mktemp -d "${TMPDIR:-/tmp}/rundt-api-client.XXXXXX")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "==> rundt demo + rundt serve on $BASE (data in $DATA)"
unset RUNDT_DATABASE_URL
export RUNDT_DATA="$DATA" RUNDT_LOG="${RUNDT_LOG:-warn}"
"$RUNDT_BIN" demo >/dev/null
"$RUNDT_BIN" serve --listen "127.0.0.1:$PORT" --insecure-cookies >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
  sleep 1
done
curl -fsS "$BASE/healthz" >/dev/null

echo "==> the client generated from $BASE/api/openapi.json"
rm -rf "$OUT" && mkdir -p "$OUT"
curl -fsS "$BASE/api/openapi.json" -o "$OUT/openapi.json"
# The package lands in $OUT/rundt_api_client; formatting it needs ruff,
# which the generated code does not.
"$VENV/bin/openapi-python-client" generate --path "$OUT/openapi.json" \
  --output-path "$OUT/rundt_api_client" --meta none 2>&1 | grep -v "ruff is not in PATH" || true
if [[ ! -f "$OUT/rundt_api_client/client.py" ]]; then
  echo "error: the generator made no client from the document" >&2
  exit 1
fi

echo "==> script.py with the generated client"
PYTHONPATH="$OUT" "$VENV/bin/python" "$HERE/script.py" "$BASE" "$RUNDT_BIN"
if grep -q "panicked" "$DATA/server.log"; then
  echo "error: the server logged a panic:" >&2
  grep -n "panicked" "$DATA/server.log" >&2
  exit 1
fi
