"""Logs each demo account in through the API (password, then the one-time
code from `rundt totp-code`) and creates a personal API token for it.

    python3 tokens.py BASE_URL RUNDT_BIN USERNAME...

Prints one line per account: `username<TAB>secret`. Standard library only.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

DEMO_PASSWORD = "rundt-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def call(base, method, path, body=None, cookie=None, csrf=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    if csrf:
        req.add_header("X-CSRF-Token", csrf)
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


def token_for(base, rundt_bin, username):
    _, headers, _ = call(base, "POST", "/api/v1/session",
                         {"username": username, "password": DEMO_PASSWORD})
    cookie = session_cookie(headers)
    code = subprocess.run([rundt_bin, "totp-code", DEMO_TOTP_SECRET], check=True,
                          capture_output=True, text=True).stdout.strip()
    _, headers, answer = call(base, "POST", "/api/v1/session/second-factor",
                              {"code": code}, cookie=cookie)
    cookie = session_cookie(headers)
    csrf = answer.get("csrf_token")
    if not csrf:
        raise SystemExit(f"no csrf_token in the second-factor answer: {answer}")
    _, _, created = call(base, "POST", "/api/v1/me/tokens",
                         {"name": f"api-fuzz {int(time.time())}"}, cookie=cookie, csrf=csrf)
    return created["secret"]


def main():
    base, rundt_bin, *usernames = sys.argv[1:]
    for username in usernames:
        print(f"{username}\t{token_for(base, rundt_bin, username)}", flush=True)


if __name__ == "__main__":
    main()
