#!/usr/bin/env bash
# Runs Rundt's headless-browser tests: Debian's chromium driven by
# playwright-core against `rundt demo --serve` on a loopback port.
#
#   bash tests/browser/run.sh            # builds target/debug/rundt first
#   RUNDT_BIN=/path/to/rundt bash tests/browser/run.sh
#
# Screenshots land in tests/browser/screenshots/. Exits non-zero when a test fails.
set -euo pipefail

cd "$(dirname "$0")"
BROWSER_DIR="$(pwd)"
REPO_ROOT="$(cd ../.. && pwd)"

# The browser: Debian's package, never a downloaded build.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "==> installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi

# playwright-core, exactly as locked. It downloads no browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
echo "==> npm dependencies"
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

# The server binary.
if [[ -z "${RUNDT_BIN:-}" ]]; then
  echo "==> cargo build -p rundt-cli"
  (cd "$REPO_ROOT" && cargo build -p rundt-cli)
  RUNDT_BIN="$REPO_ROOT/target/debug/rundt"
fi
if [[ ! -x "$RUNDT_BIN" ]]; then
  echo "error: RUNDT_BIN=$RUNDT_BIN is not an executable" >&2
  exit 1
fi
export RUNDT_BIN

# Servers started by the tests leave their pid here, so that one left behind
# by a test process that died hard is still stopped.
RUNDT_BROWSER_PID_DIR="$(mktemp -d "${TMPDIR:-/tmp}/rundt-browser-pids.XXXXXX")"
export RUNDT_BROWSER_PID_DIR
cleanup() {
  local f pid
  for f in "$RUNDT_BROWSER_PID_DIR"/rundt-*; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    # Only if that pid is still our rundt binary.
    if [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == "$(readlink -f "$RUNDT_BIN")" ]]; then
      echo "==> stopping a left-over rundt server (pid $pid)" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$RUNDT_BROWSER_PID_DIR"
}
trap cleanup EXIT

mkdir -p screenshots
echo "==> node --test (rundt: $RUNDT_BIN, browser: /usr/bin/chromium)"
shopt -s nullglob
tests=(./*.test.js)
if (( ${#tests[@]} == 0 )); then
  echo "error: no test files in $BROWSER_DIR" >&2
  exit 1
fi
# The spec reporter prints each test and node's closing summary (# tests, # pass, # fail).
node --test --test-reporter=spec --test-concurrency=1 --test-timeout=900000 "${tests[@]}"
