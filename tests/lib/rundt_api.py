"""Talking to a demo Rundt over its JSON API from the scripts that test it
from outside (tests/api-fuzz, tests/outbox-mail): one call, the session
cookie, and a demo account's login with password and one-time code.
Standard library only; import it after putting tests/lib on sys.path."""

import json
import subprocess
import urllib.error
import urllib.request

DEMO_PASSWORD = "rundt-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def call(base, method, path, body=None, cookie=None, csrf=None, token=None):
    """(status, headers, JSON answer); any error status ends the script."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    if csrf:
        req.add_header("X-CSRF-Token", csrf)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.headers, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path} answered {e.code}: {e.read().decode(errors='replace')}")


def session_cookie(headers):
    for value in headers.get_all("Set-Cookie") or []:
        pair = value.split(";", 1)[0]
        if pair.startswith("rundt_session="):
            return pair
    raise SystemExit("the login answer set no rundt_session cookie")


def log_in(base, rundt_bin, username):
    """(cookie, csrf token) of a session with both factors; the code comes
    from `rundt totp-code` with the demo's secret."""
    _, headers, _ = call(base, "POST", "/api/v1/session",
                         {"username": username, "password": DEMO_PASSWORD})
    cookie = session_cookie(headers)
    code = subprocess.run([rundt_bin, "totp-code", DEMO_TOTP_SECRET], check=True,
                          capture_output=True, text=True).stdout.strip()
    _, headers, answer = call(base, "POST", "/api/v1/session/second-factor",
                              {"code": code}, cookie=cookie)
    csrf = answer.get("csrf_token")
    if not csrf:
        raise SystemExit(f"no csrf_token in the second-factor answer: {answer}")
    return session_cookie(headers), csrf
