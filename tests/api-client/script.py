"""A short script on the Python client generated from Rundt's OpenAPI
document (issue 18: the API as a product). It does what a municipality's
reporting job does: the manager logs in with password and one-time code,
makes a results-only token for a day, and the job reads who it is and the
municipality's results with it; a write and a family list are refused for
the token's scope.

    python3 script.py BASE_URL RUNDT_BIN      (the client on PYTHONPATH)

Prints what it checked and `N passed, 0 failed`; exits non-zero on a failure.
"""

import subprocess
import sys

from rundt_api_client import AuthenticatedClient, Client
from rundt_api_client.api.account import create_token, list_tokens
from rundt_api_client.api.cases import list_ as list_cases
from rundt_api_client.api.results import dashboard
from rundt_api_client.api.session import login, me, second_factor
from rundt_api_client.models import (
    CreateToken,
    CreatedToken,
    ErrorBody,
    LoginRequest,
    SecondFactorRequest,
    SessionAnswer,
    TokenScope,
)

DEMO_PASSWORD = "rundt-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
MANAGER = "aarhus.manager"
AARHUS = "0751"

passed = []


def check(what, ok, detail=""):
    if not ok:
        print(f"FAILED: {what} {detail}")
        print(f"{len(passed)} passed, 1 failed")
        sys.exit(1)
    passed.append(what)
    print(f"ok: {what}")


def main(base, rundt_bin):
    # The generated client's own httpx client keeps the session cookie.
    session = Client(base_url=base, raise_on_unexpected_status=True)
    step1 = login.sync_detailed(
        client=session, body=LoginRequest(username=MANAGER, password=DEMO_PASSWORD)
    )
    check("password accepted", step1.status_code == 200, step1.content[:200])
    code = subprocess.run(
        [rundt_bin, "totp-code", DEMO_TOTP_SECRET], check=True, capture_output=True, text=True
    ).stdout.strip()
    step2 = second_factor.sync_detailed(client=session, body=SecondFactorRequest(code=code))
    check(
        "one-time code accepted",
        step2.status_code == 200 and isinstance(step2.parsed, SessionAnswer),
        step2.content[:200],
    )
    session.get_httpx_client().headers["X-CSRF-Token"] = step2.parsed.csrf_token

    made = create_token.sync_detailed(
        client=session,
        body=CreateToken(
            name="Council report (CI)", scope=TokenScope.RESULTS_ONLY, expires_in_days=1
        ),
    )
    check(
        "a results-only token for one day",
        made.status_code == 201
        and isinstance(made.parsed, CreatedToken)
        and made.parsed.token.scope == TokenScope.RESULTS_ONLY,
        made.content[:300],
    )

    job = AuthenticatedClient(
        base_url=base, token=made.parsed.secret, raise_on_unexpected_status=True
    )
    who = me.sync(client=job)
    check("the token is the manager", getattr(who, "username", None) == MANAGER, repr(who))

    results = dashboard.sync_detailed("municipality", AARHUS, client=job)
    check(
        "the municipality's results read with the token",
        results.status_code == 200 and results.parsed is not None,
        results.content[:300],
    )

    refused = create_token.sync_detailed(client=job, body=CreateToken(name="wider"))
    check(
        "a write refused for the token's scope",
        refused.status_code == 403
        and isinstance(refused.parsed, ErrorBody)
        and refused.parsed.code == "api-token-scope",
        refused.content[:300],
    )
    for name, answer in [
        ("the family list", list_cases.sync_detailed(client=job)),
        ("the token list", list_tokens.sync_detailed(client=job)),
    ]:
        check(
            f"{name} refused for the token's scope",
            answer.status_code == 403,
            answer.content[:300],
        )
    print(f"{len(passed)} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
