// lib/totp.js against the test vectors of RFC 4226 (appendix D) and
// RFC 6238 (appendix B, SHA-1). No server, no browser.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, hotp, totp, timeStep } from './lib/totp.js';
import { DEMO_TOTP_SECRET } from './lib/login.js';

const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('one-time codes (lib/totp.js)', () => {
  it('HOTP matches RFC 4226', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    assert.deepEqual(expected.map((_, i) => hotp(RFC_KEY, i)), expected);
  });

  it('TOTP matches RFC 6238 (SHA-1, 8 digits)', () => {
    for (const [t, code] of [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ]) {
      assert.equal(totp(RFC_KEY, { unixSeconds: t, digits: 8 }), code, `T = ${t}`);
    }
  });

  it('base32 decodes as RFC 4648 says, and the demo secret is 20 bytes', () => {
    assert.equal(base32Decode('MZXW6YTBOI======').toString(), 'foobar');
    assert.equal(base32Decode('mzxw 6ytb oi').toString(), 'foobar');
    assert.throws(() => base32Decode('MZXW1'), /not base32/);
    assert.equal(base32Decode(DEMO_TOTP_SECRET).length, 20);
    assert.match(totp(DEMO_TOTP_SECRET), /^\d{6}$/);
    assert.equal(timeStep(59), 1);
    assert.equal(totp(DEMO_TOTP_SECRET, { step: 1 }), totp(DEMO_TOTP_SECRET, { unixSeconds: 59 }));
  });
});
