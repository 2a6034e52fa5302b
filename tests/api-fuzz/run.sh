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

# shellcheck source=../lib/demo-api.sh
source "$REPO_ROOT/tests/lib/demo-api.sh"
pinned_tool "$VENV" schemathesis "$SCHEMATHESIS_VERSION" schemathesis
rundt_binary
# No per-token rate: one token per role sends the whole run (429 is in the
# document for every operation; the rate itself is tested in api_tokens.rs).
demo_server api-fuzz --api-token-rate 0

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

no_panic_logged || failed+=("panic")
if (( ${#failed[@]} > 0 )); then
  echo "error: schemathesis found failures as: ${failed[*]} (reports in $REPORTS)" >&2
  exit 1
fi
echo "==> schemathesis: no failures as any of ${#ROLES[@]} roles ($((SECONDS - started))s)"
