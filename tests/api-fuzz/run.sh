#!/usr/bin/env bash
# Schemathesis against Rundt's OpenAPI document, as every role.
#
#   bash tests/api-fuzz/run.sh                 # builds target/debug/rundt first
#   RUNDT_BIN=/path/to/rundt bash tests/api-fuzz/run.sh
#   RUNDT_API_FUZZ_EXAMPLES=200 bash tests/api-fuzz/run.sh   # a longer run
#
# Installs schemathesis (pinned) from PyPI into a venv under target/, starts
# `rundt demo` + `rundt serve` on a fresh data folder and a free loopback
# port, creates a personal API token for one demo account of each role, and
# runs `schemathesis run /api/openapi.json` as each with the checks: no server
# error, status codes, content types and response bodies as documented.
# Reports land in target/api-fuzz/<role>/. Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
SCHEMATHESIS_VERSION="4.32.5"
VENV="${RUNDT_API_FUZZ_VENV:-$REPO_ROOT/target/api-fuzz-venv}"
EXAMPLES="${RUNDT_API_FUZZ_EXAMPLES:-20}"
SEED="${RUNDT_API_FUZZ_SEED:-11}"
REPORTS="$REPO_ROOT/target/api-fuzz"

# One account of each role of the demo (README.md).
ROLES=(
  "supervisor:mette.supervisor"
  "therapist:jonas.therapist"
  "consultant:dk.consultant"
  "municipal_caseworker:aarhus.caseworker"
  "municipal_manager:aarhus.manager"
  "auditor:dk.auditor"
  "national_admin:dk.admin"
  "crisis_caseworker:anders.crisis"
  "psychiatrist:bjorn.psychiatrist"
)

echo "==> schemathesis $SCHEMATHESIS_VERSION in $VENV"
if [[ ! -x "$VENV/bin/schemathesis" ]] || \
   [[ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* ]]; then
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

if [[ -z "${RUNDT_BIN:-}" ]]; then
  echo "==> cargo build -p rundt-cli"
  (cd "$REPO_ROOT" && cargo build -q -p rundt-cli)
  RUNDT_BIN="$REPO_ROOT/target/debug/rundt"
fi

DATA="$(mktemp -d "${TMPDIR:-/tmp}/rundt-api-fuzz.XXXXXX")"
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
# No per-token rate: one token per role sends the whole run (429 is in the
# document for every operation; the rate itself is tested in api_tokens.rs).
"$RUNDT_BIN" serve --listen "127.0.0.1:$PORT" --insecure-cookies --api-token-rate 0 >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
  sleep 1
done
curl -fsS "$BASE/healthz" >/dev/null

echo "==> an API token for each role"
usernames=()
for pair in "${ROLES[@]}"; do usernames+=("${pair#*:}"); done
declare -A TOKEN
while IFS=$'\t' read -r username secret; do TOKEN[$username]="$secret"; done \
  < <(python3 "$HERE/tokens.py" "$BASE" "$RUNDT_BIN" "${usernames[@]}")

failed=()
started=$SECONDS
# Schemathesis keeps its cache in the working folder: keep it under target/.
mkdir -p "$REPORTS"
cd "$REPORTS"
n=0
for pair in "${ROLES[@]}"; do
  role="${pair%%:*}"; username="${pair#*:}"
  n=$((n + 1))
  elapsed=$((SECONDS - started))
  left=""
  if (( n > 1 )); then left=", about $(( elapsed * (${#ROLES[@]} - n + 1) / (n - 1) ))s left"; fi
  echo "==> [$n/${#ROLES[@]}] as $role ($username)${left}"
  mkdir -p "$REPORTS/$role"
  # Revoking a token is left out: the run would revoke its own and go on as
  # nobody (the in-process property tests cover that route).
  if ! "$VENV/bin/schemathesis" run "$BASE/api/openapi.json" \
      --url "$BASE" \
      -H "Authorization: Bearer ${TOKEN[$username]}" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
      --phases examples,coverage,fuzzing \
      --exclude-path "/api/v1/me/tokens/{id}" \
      --request-timeout 30 \
      --suppress-health-check all \
      --report junit,ndjson --report-dir "$REPORTS/$role" \
      --no-color; then
    failed+=("$role")
  fi
done

if grep -q "panicked" "$DATA/server.log"; then
  echo "error: the server logged a panic:" >&2
  grep -n "panicked" "$DATA/server.log" >&2
  failed+=("panic")
fi
if (( ${#failed[@]} > 0 )); then
  echo "error: schemathesis found failures as: ${failed[*]} (reports in $REPORTS)" >&2
  exit 1
fi
echo "==> schemathesis: no failures as any of ${#ROLES[@]} roles ($((SECONDS - started))s)"
