// One-time codes as an authenticator app makes them: TOTP (RFC 6238) on top
// of HOTP (RFC 4226), with the secret in base32 (RFC 4648) as it is shown
// to the user. Written from the RFCs; the only dependency is node:crypto.

import { createHmac } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Decodes RFC 4648 base32. Case, spaces, dashes and trailing '=' padding are
 * ignored, as authenticator apps do; any other character is an error.
 */
export function base32Decode(text) {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = BASE32_ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP: HMAC of the 8-byte big-endian counter, dynamic truncation. */
export function hotp(key, counter, { digits = 6, algorithm = 'sha1' } = {}) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary =
    ((mac[offset] & 0x7f) << 24) |
    (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) |
    mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step of a moment (Unix seconds), T0 = 0. */
export function timeStep(unixSeconds = Date.now() / 1000, stepSeconds = 30) {
  return Math.floor(unixSeconds / stepSeconds);
}

/**
 * The TOTP code for a base32 secret (or a Buffer key) at a moment or at an
 * explicit step. Defaults: SHA-1, 6 digits, 30-second steps, now.
 */
export function totp(secret, { unixSeconds, step, stepSeconds = 30, digits = 6, algorithm = 'sha1' } = {}) {
  const key = Buffer.isBuffer(secret) ? secret : base32Decode(secret);
  const counter = step ?? timeStep(unixSeconds ?? Date.now() / 1000, stepSeconds);
  return hotp(key, counter, { digits, algorithm });
}
