// The server's clock as the tests see it. A server started with
// { testClock: true } reads its time from a file (RUNDT_TEST_CLOCK_FILE), so
// a test can look at the rota at 02:00; the authenticator codes the tests
// type must then be the codes of the server's time, not of this machine's.

import { writeFileSync } from 'node:fs';

/** Milliseconds the server's clock is ahead of this machine's, per server. */
const offsets = new Map();

/** The server's time now, in milliseconds since 1970. */
export function serverNow(baseUrl) {
  return Date.now() + (offsets.get(baseUrl) ?? 0);
}

/**
 * Sets the test clock of the server at `baseUrl` (its file `file`) to
 * `instant` (an RFC 3339 string with its offset, e.g. 2026-12-09T02:00:00+01:00);
 * the server's time runs on from there. Only forwards: a login code must be
 * later than the account's last one.
 */
export function setServerClock(baseUrl, file, instant) {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) throw new Error(`not an instant: ${instant}`);
  if (at < serverNow(baseUrl)) throw new Error(`the test clock only moves forward (${instant})`);
  writeFileSync(file, `${instant}\n`);
  offsets.set(baseUrl, at - Date.now());
}

/** Forget a server's clock (when it is stopped). */
export function forgetClock(baseUrl) {
  offsets.delete(baseUrl);
}
