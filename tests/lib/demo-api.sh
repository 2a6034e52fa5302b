# Shared by the scripts that test the API from outside (tests/api-fuzz,
# tests/api-client): a Python tool pinned in a venv under target/, the
# `rundt` binary, and `rundt demo` + `rundt serve` on a fresh data folder
# and a free loopback port. Source it; it needs REPO_ROOT.

# pinned_tool VENV PACKAGE VERSION EXECUTABLE: installs PACKAGE==VERSION into
# VENV unless EXECUTABLE there already says VERSION.
pinned_tool() {
  local venv=$1 package=$2 version=$3 exe=$4
  echo "==> $package $version in $venv"
  if [[ -x "$venv/bin/$exe" ]] && [[ "$("$venv/bin/$exe" --version 2>/dev/null)" == *"$version"* ]]; then
    return
  fi
  if ! python3 -m venv "$venv" 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check "$package==$version"
}

# rundt_binary: sets RUNDT_BIN, building target/debug/rundt when not given.
rundt_binary() {
  if [[ -z "${RUNDT_BIN:-}" ]]; then
    echo "==> cargo build -p rundt-cli"
    (cd "$REPO_ROOT" && cargo build -q -p rundt-cli)
    RUNDT_BIN="$REPO_ROOT/target/debug/rundt"
  fi
}

# demo_server NAME [SERVE ARGS...]: loads the demo into a fresh folder and
# serves it; sets DATA, BASE and SERVER_PID, and stops it all on exit.
demo_server() {
  local name=$1
  shift
  DATA="$(mktemp -d "${TMPDIR:-/tmp}/rundt-$name.XXXXXX")"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  BASE="http://127.0.0.1:$port"
  SERVER_PID=""
  trap demo_server_stop EXIT
  echo "==> rundt demo + rundt serve on $BASE (data in $DATA)"
  unset RUNDT_DATABASE_URL
  export RUNDT_DATA="$DATA" RUNDT_LOG="${RUNDT_LOG:-warn}"
  "$RUNDT_BIN" demo >/dev/null
  "$RUNDT_BIN" serve --listen "127.0.0.1:$port" --insecure-cookies "$@" >"$DATA/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
    sleep 1
  done
  curl -fsS "$BASE/healthz" >/dev/null
}

demo_server_stop() {
  if [[ -n "${SERVER_PID:-}" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "${DATA:-}"
}

# no_panic_logged: fails when the server's log holds a panic.
no_panic_logged() {
  if grep -q "panicked" "$DATA/server.log"; then
    echo "error: the server logged a panic:" >&2
    grep -n "panicked" "$DATA/server.log" >&2
    return 1
  fi
}
