"""Notices by e-mail through a real SMTP server, across a restart of Rundt in
the middle of delivery (issue 18).

    python script.py RUNDT_BIN WORK_DIR

Starts an aiosmtpd server on loopback that requires STARTTLS (a CA and a
server certificate made here with openssl) and a login, and answers each
mail only after a pause, as a busy server does. Loads the demo into a fresh
data folder and serves it with that server configured, the Aarhus
supervisor asks for notices by e-mail (PUT /api/v1/me/notifications), the
Aarhus caseworker refers families to MST Aarhus, and Rundt is killed
(SIGKILL) while the server is in the middle of one of their mails, then
started again. Then:

- the server received exactly one mail per referral: no notice lost, none
  twice (the mail cut off by the kill was not accepted and is sent again
  after its lease);
- every mail came over TLS from the logged-in sender, to the supervisor's
  address, says "new referral" and the team, and links to Rundt;
- no mail holds a name, a national id or anything of the referral (each is
  scanned for what the referrals contained, and for anything shaped like a
  CPR number or fødselsnummer);
- the administrator's outbox shows them sent and nothing waiting.

Exits non-zero on any failure. Standard library and aiosmtpd only.
"""

import asyncio
import email
import email.policy
import logging
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from rundt_api import call, log_in  # noqa: E402

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# aiosmtpd's own login step still touches its deprecated field and logs
# a warning each time.
logging.getLogger("mail.log").setLevel(logging.ERROR)

SMTP_USER = "rundt-notices"
SMTP_PASSWORD = "s3cret-for-the-test"
SUPERVISOR_ADDRESS = "mette.test@aarhus.example"
PUBLIC_URL = "https://rundt.aarhus.example"
# How long the server takes over each mail before it answers.
ANSWER_DELAY = 1.0
# How many families are referred, and after how many accepted mails Rundt
# is killed (while the next one is being received).
REFERRALS = 6
KILL_AFTER = 2

# What the referrals hold that must never be in a mail.
CHILD_GIVEN = "Postbudbarn"
FAMILY_NAME = "Notitsensen"
CAREGIVER = "Brevmor"
NATIONAL_ID = "150311-4107"
SCHOOL_WORDS = "slår sin mor, politiet kom to gange"


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The mail server -------------------------------------------------------

def make_certificates(folder):
    """A CA and a server certificate for 127.0.0.1 and localhost, by openssl."""
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Rundt test CA",
        "-keyout", "ca.key", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(folder, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem")
    return os.path.join(folder, "ca.pem")


class SlowMailbox:
    """Keeps each mail it accepted; answers only after ANSWER_DELAY. A mail
    whose sender goes away before the answer is not kept: it was never
    accepted (the sender did not hear the 250)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = []
        self.begun = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.begun += 1
        await asyncio.sleep(ANSWER_DELAY)
        transport = getattr(server, "transport", None)
        if transport is None or transport.is_closing():
            return "451 the sender went away"
        with self.lock:
            self.accepted.append({
                "tls": session.ssl is not None,
                "authenticated": bool(session.authenticated),
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "raw": envelope.content if isinstance(envelope.content, bytes)
                else envelope.content.encode(),
            })
        return "250 accepted"

    def counts(self):
        with self.lock:
            return self.begun, len(self.accepted)


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == SMTP_USER \
            and auth_data.password.decode() == SMTP_PASSWORD:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


def start_mail_server(folder, mailbox):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(folder, "server.pem"), os.path.join(folder, "server.key"))
    port = free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, server_hostname="localhost",
        tls_context=context, require_starttls=True,
        authenticator=authenticator, auth_required=True, auth_require_tls=True)
    controller.start()
    return controller, port


# --- Rundt -------------------------------------------------------------------

class Server:
    """`rundt serve` on the data folder with the mail server configured."""

    def __init__(self, rundt_bin, data, smtp_port, ca_file, password_file):
        self.bin = rundt_bin
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(data, "server.log")
        self.env = dict(os.environ, RUNDT_DATA=data, RUNDT_LOG="info,rundt=info",
                        RUNDT_SMTP_HOST="127.0.0.1", RUNDT_SMTP_PORT=str(smtp_port),
                        RUNDT_SMTP_SECURITY="starttls", RUNDT_SMTP_USER=SMTP_USER,
                        RUNDT_SMTP_PASSWORD_FILE=password_file, RUNDT_SMTP_CA_FILE=ca_file,
                        RUNDT_SMTP_FROM="Rundt <rundt@aarhus.example>",
                        RUNDT_PUBLIC_URL=PUBLIC_URL, RUNDT_MAIL_EVERY="200ms",
                        RUNDT_MAIL_LEASE="5s", RUNDT_NOTICE_SCAN_EVERY="1h")
        self.env.pop("RUNDT_DATABASE_URL", None)
        self.process = None

    def start(self):
        log = open(self.log, "a")
        self.process = subprocess.Popen(
            [self.bin, "serve", "--listen", f"127.0.0.1:{self.port}", "--insecure-cookies"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    fail(f"rundt serve stopped:\n{open(self.log).read()[-3000:]}")
                time.sleep(0.25)
        fail("rundt serve did not answer /healthz")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def referral(team_id, n):
    young = {"given_name": f"{CHILD_GIVEN}{n}", "family_name": FAMILY_NAME,
             "birth_date": "2011-03-15"}
    if n == 1:
        young["national_id"] = NATIONAL_ID
    return {
        "team_id": team_id,
        "young_person": young,
        "caregivers": [{"given_name": CAREGIVER, "family_name": FAMILY_NAME,
                        "birth_date": "1980-02-02"}],
        "referral": {
            "behaviours": [{"behaviour": "violence at home", "frequency": "weekly",
                            "intensity": SCHOOL_WORDS, "duration": "since the summer"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": time.strftime("%Y-%m-%d")},
        },
    }


def wait_for(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    fail(f"waited {seconds} s for {what}")


def main():
    rundt_bin, work = sys.argv[1], sys.argv[2]
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    ca_file = make_certificates(work)
    password_file = os.path.join(work, "smtp-password")
    with open(password_file, "w") as f:
        f.write(SMTP_PASSWORD + "\n")

    mailbox = SlowMailbox()
    controller, smtp_port = start_mail_server(work, mailbox)
    print(f"==> mail server on 127.0.0.1:{smtp_port} (STARTTLS and login required)", flush=True)

    env = dict(os.environ, RUNDT_DATA=data, RUNDT_LOG="warn")
    env.pop("RUNDT_DATABASE_URL", None)
    subprocess.run([rundt_bin, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = Server(rundt_bin, data, smtp_port, ca_file, password_file)
    server.start()
    try:
        run(server, rundt_bin, mailbox)
    finally:
        server.stop()
        controller.stop()


def run(server, rundt_bin, mailbox):
    base = server.base
    print("==> the Aarhus supervisor asks for notices by e-mail", flush=True)
    cookie, csrf = log_in(base, rundt_bin, "mette.supervisor")
    _, _, saved = call(base, "PUT", "/api/v1/me/notifications",
                       {"email": SUPERVISOR_ADDRESS, "by_email": True}, cookie=cookie, csrf=csrf)
    if saved != {"email": SUPERVISOR_ADDRESS, "by_email": True}:
        fail(f"the choice was stored as {saved}")
    _, _, before = call(base, "GET", "/api/v1/me/notices", cookie=cookie)

    print(f"==> the Aarhus caseworker refers {REFERRALS} families to MST Aarhus", flush=True)
    cookie_cw, csrf_cw = log_in(base, rundt_bin, "aarhus.caseworker")
    _, _, teams = call(base, "GET", "/api/v1/teams", cookie=cookie_cw)
    team = next(t for t in teams if t["name"] == "MST Aarhus")
    cases = []
    for n in range(1, REFERRALS + 1):
        _, _, case = call(base, "POST", "/api/v1/cases", referral(team["id"], n),
                          cookie=cookie_cw, csrf=csrf_cw)
        cases.append(case["id"])

    print(f"==> killing Rundt while the server receives mail {KILL_AFTER + 1}", flush=True)
    wait_for(f"mail {KILL_AFTER + 1} to begin",
             lambda: mailbox.counts()[0] >= KILL_AFTER + 1 and mailbox.counts()[1] >= KILL_AFTER,
             60)
    begun, accepted = mailbox.counts()
    server.kill()
    if accepted != KILL_AFTER:
        fail(f"{accepted} mails accepted before the kill, expected {KILL_AFTER}")
    time.sleep(ANSWER_DELAY + 0.5)
    if mailbox.counts()[1] != KILL_AFTER:
        fail("the mail cut off by the kill was accepted all the same")
    print(f"    {accepted} accepted, mail {begun} cut off; starting Rundt again", flush=True)
    server.start()
    wait_for(f"{REFERRALS} mails", lambda: mailbox.counts()[1] >= REFERRALS, 90)
    # Anything sent twice would come now.
    time.sleep(3)
    everything = list(mailbox.accepted)
    # The demo's Oslo supervisor wants e-mail too: a notice time raised for
    # her at the server's start may be among them (scanned all the same).
    mails = [m for m in everything if m["rcpt_tos"] == [SUPERVISOR_ADDRESS]]
    others = [m for m in everything if m["rcpt_tos"] != [SUPERVISOR_ADDRESS]]
    for m in others:
        if m["rcpt_tos"] != ["ingrid.supervisor@oslo.example"]:
            fail(f"a mail went to {m['rcpt_tos']}")

    print("==> exactly one mail per referral, over TLS, without personal data", flush=True)
    if len(mails) != REFERRALS:
        fail(f"{len(mails)} mails for {REFERRALS} referrals")
    ids = set()
    for m in everything:
        msg = email.message_from_bytes(m["raw"], policy=email.policy.default)
        ids.add(msg["Message-ID"])
        body = msg.get_content()
        text = f"{msg['Subject']}\n{body}"
        if not m["tls"] or not m["authenticated"]:
            fail("a mail came without STARTTLS or without logging in")
        if m["rcpt_tos"] == [SUPERVISOR_ADDRESS] and "MST Aarhus" not in msg["Subject"]:
            fail(f"a mail does not name the team:\n{text}")
        if PUBLIC_URL not in body:
            fail(f"a mail does not name the team or link to Rundt:\n{text}")
        lowered = text.lower()
        for secret in [CHILD_GIVEN, FAMILY_NAME, CAREGIVER, NATIONAL_ID, NATIONAL_ID.replace("-", ""),
                       SCHOOL_WORDS, "2011-03-15", "/cases/"]:
            if secret.lower() in lowered:
                fail(f"a mail holds '{secret}':\n{text}")
        for case_id in cases:
            if re.search(rf"\b{case_id}\b", text):
                fail(f"a mail names case {case_id}:\n{text}")
        if re.search(r"\b\d{6}-?\d{4}\b|\b\d{11}\b", text):
            fail(f"a mail holds something shaped like a national id:\n{text}")
    if len(ids) != len(everything) or not all(i and i.startswith("<notice-") for i in ids):
        fail(f"Message-IDs are not one per notice: {sorted(ids)}")
    subject = email.message_from_bytes(mails[0]["raw"], policy=email.policy.default)["Subject"]
    print(f"    {len(mails)} mails, {len(ids)} Message-IDs; e.g. \"{subject}\"", flush=True)

    print("==> the start page's notices, and the administrator's outbox", flush=True)
    _, _, unseen = call(base, "GET", "/api/v1/me/notices", cookie=cookie)
    new = [n for n in unseen if n["kind"] == "new_referral" and n["case_id"] in cases]
    if len(new) != REFERRALS:
        fail(f"{len(new)} of the referrals among the supervisor's notices: {unseen}")
    _, _, marked = call(base, "POST", "/api/v1/me/notices/seen",
                        {"ids": [n["id"] for n in unseen]}, cookie=cookie, csrf=csrf)
    if marked["marked"] != len(unseen):
        fail(f"marked {marked} of {len(unseen)}")
    _, _, after = call(base, "GET", "/api/v1/me/notices", cookie=cookie)
    if after:
        fail(f"notices left unseen after marking: {after}")
    admin_cookie, _ = log_in(base, rundt_bin, "dk.admin")
    _, _, outbox = call(base, "GET", "/api/v1/admin/outbox", cookie=admin_cookie)
    counts = outbox["counts"]
    if counts["sent"] < REFERRALS or counts["pending"] != 0:
        fail(f"the outbox says {counts}")
    print(f"    outbox: {counts}; {len(before)} notices were waiting before", flush=True)
    log = open(server.log).read()
    if "panicked" in log:
        fail("the server logged a panic")
    print("ok: the outbox test passed", flush=True)


if __name__ == "__main__":
    main()
