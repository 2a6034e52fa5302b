#!/usr/bin/env bash
# Notices by e-mail through a real SMTP server, across a restart of Rundt in
# the middle of delivery (issue 18). See script.py for what is checked.
#
#   bash tests/outbox-mail/run.sh               # builds target/debug/rundt first
#   RUNDT_BIN=/path/to/rundt bash tests/outbox-mail/run.sh
#
# Installs aiosmtpd (pinned) from PyPI into a venv under target/ and makes
# the mail server's certificates with openssl. Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
AIOSMTPD_VERSION="1.4.6"
VENV="${RUNDT_OUTBOX_MAIL_VENV:-$REPO_ROOT/target/outbox-mail-venv}"

# shellcheck source=../lib/demo-api.sh
source "$REPO_ROOT/tests/lib/demo-api.sh"
pinned_tool "$VENV" aiosmtpd "$AIOSMTPD_VERSION" aiosmtpd
if ! command -v openssl >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
fi
rundt_binary

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rundt-outbox-mail.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" "$HERE/script.py" "$RUNDT_BIN" "$WORK"
