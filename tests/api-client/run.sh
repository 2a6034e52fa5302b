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

# shellcheck source=../lib/demo-api.sh
source "$REPO_ROOT/tests/lib/demo-api.sh"
pinned_tool "$VENV" openapi-python-client "$GENERATOR_VERSION" openapi-python-client
rundt_binary
demo_server api-client

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
no_panic_logged
