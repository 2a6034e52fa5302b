"""Logs each demo account in through the API (password, then the one-time
code from `rundt totp-code`) and creates a personal API token for it.

    python3 tokens.py BASE_URL RUNDT_BIN USERNAME...

Prints one line per account: `username<TAB>secret`. Standard library only.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rundt_api import call, log_in  # noqa: E402


def token_for(base, rundt_bin, username):
    cookie, csrf = log_in(base, rundt_bin, username)
    _, _, created = call(base, "POST", "/api/v1/me/tokens",
                         {"name": f"api-fuzz {int(time.time())}"}, cookie=cookie, csrf=csrf)
    return created["secret"]


def main():
    base, rundt_bin, *usernames = sys.argv[1:]
    for username in usernames:
        print(f"{username}\t{token_for(base, rundt_bin, username)}", flush=True)


if __name__ == "__main__":
    main()
