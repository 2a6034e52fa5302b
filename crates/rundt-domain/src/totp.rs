//! Time-based one-time passwords (TOTP, RFC 6238), used for mandatory
//! two-factor login. The codes themselves come from the `totp-rs` crate;
//! this module adds what is Rundt's: the secret's storage and typing
//! rules, the accepted window with replay refusal, and the `otpauth://` URI.
//!
//! Everything here is pure: no I/O and no clock. The caller passes the
//! current Unix time in seconds, and stores the step returned by [`verify`]
//! so that the same code cannot be accepted twice. Generating the random
//! secret and rate-limiting attempts are the caller's job.
//!
//! Parameters are the ones every authenticator app supports: HMAC-SHA1,
//! 6 digits, 30-second steps, counting from the Unix epoch.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use subtle::{Choice, ConstantTimeEq};
use totp_rs::{Algorithm, Builder, Totp};

/// Length in bytes of a freshly generated secret (160 bits, as RFC 4226
/// recommends).
pub const SECRET_LEN: usize = 20;

/// Shortest secret accepted when parsing base32 (128 bits, the RFC 4226
/// minimum).
pub const MIN_SECRET_LEN: usize = 16;

/// Number of digits in a code.
pub const DIGITS: u8 = 6;

/// Length of one time step in seconds.
pub const PERIOD_SECONDS: i64 = 30;

/// Why a code or secret was rejected. The messages can be shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    /// The input is not exactly six digits (after removing spaces).
    #[error("the code must be 6 digits")]
    Malformed,
    /// The code matches a step that has already been used to log in.
    #[error("that code was already used; wait for the next one")]
    Replayed,
    /// The code does not match any step in the accepted window.
    #[error("the code is not correct")]
    Wrong,
    /// A base32 secret could not be parsed, or is too short.
    #[error("the secret key is not valid")]
    InvalidSecret,
}

/// The shared secret behind a user's codes. Its `Debug` output reveals
/// nothing about the key.
#[derive(Clone)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    /// Wraps raw key bytes, normally [`SECRET_LEN`] random bytes.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The raw key bytes, for encrypted storage.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// RFC 4648 base32, upper case, without `=` padding: the form
    /// authenticator apps expect for manual entry and in `otpauth://` URIs.
    pub fn to_base32(&self) -> String {
        data_encoding::BASE32_NOPAD.encode(&self.0)
    }

    /// Parses base32 as users type or paste it: case-insensitive, with any
    /// whitespace ignored and optional trailing `=` padding. Rejects other
    /// characters, impossible lengths and keys shorter than
    /// [`MIN_SECRET_LEN`] bytes.
    pub fn from_base32(text: &str) -> Result<Self, TotpError> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let unpadded = cleaned.trim_end_matches('=');
        let bytes = data_encoding::BASE32_NOPAD
            .decode(unpadded.as_bytes())
            .map_err(|_| TotpError::InvalidSecret)?;
        if bytes.len() < MIN_SECRET_LEN {
            return Err(TotpError::InvalidSecret);
        }
        Ok(Self(bytes))
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// The time step containing `unix_seconds`. A clock before 1970 counts as
/// the epoch itself (step 0): such times never occur on a working server,
/// and RFC 6238 counts time from the epoch on.
fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.max(0) / PERIOD_SECONDS
}

/// The RFC 6238 generator for `secret` with `digits` digits and no skew of
/// its own (the window and replay rule are ours, in [`verify`]).
fn generator(secret: &TotpSecret, digits: u8) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(0)
        .with_step_duration(PERIOD_SECONDS.unsigned_abs())
        .with_secret(secret.0.clone())
        .build_noncompliant()
}

/// TOTP code for a given step, zero-padded to `digits` digits. `None` for
/// steps before the epoch or beyond the range of Unix time in seconds.
fn code_for_step(secret: &TotpSecret, step: i64, digits: u8) -> Option<String> {
    let start = u64::try_from(step.checked_mul(PERIOD_SECONDS)?).ok()?;
    Some(generator(secret, digits).generate(start).to_string())
}

/// The 6-digit code for the 30-second step containing `unix_seconds`.
///
/// Returns an empty string in the impossible case that HMAC refuses the key;
/// an empty string never passes [`verify`].
pub fn code_at(secret: &TotpSecret, unix_seconds: i64) -> String {
    code_for_step(secret, step_at(unix_seconds), DIGITS).unwrap_or_default()
}

/// Checks a code typed by the user at time `unix_seconds`.
///
/// Spaces (any whitespace) are removed first, so "123 456" is accepted.
/// Codes for the previous, current and next step are accepted to allow for
/// clock skew; the comparison is constant time. A code whose step is at or
/// before `last_used_step` is refused, so each code logs in at most once.
///
/// On success returns the matched step; store it as the new
/// `last_used_step`.
pub fn verify(
    secret: &TotpSecret,
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> Result<i64, TotpError> {
    let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let expected_len = usize::from(DIGITS);
    if typed.len() != expected_len || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TotpError::Malformed);
    }

    let current = step_at(unix_seconds);
    // Check every step in the window without stopping early, so timing
    // does not reveal which step (if any) matched.
    let mut fresh_match: Option<i64> = None;
    let mut any_match = false;
    for delta in [-1i64, 0, 1] {
        let Some(step) = current.checked_add(delta) else {
            continue;
        };
        let matched: Choice = match code_for_step(secret, step, DIGITS) {
            Some(expected) => expected.as_bytes().ct_eq(typed.as_bytes()),
            None => Choice::from(0),
        };
        if bool::from(matched) {
            any_match = true;
            let is_fresh = last_used_step.is_none_or(|used| step > used);
            if is_fresh {
                // Later steps overwrite earlier ones: prefer the newest.
                fresh_match = Some(step);
            }
        }
    }

    match (fresh_match, any_match) {
        (Some(step), _) => Ok(step),
        (None, true) => Err(TotpError::Replayed),
        (None, false) => Err(TotpError::Wrong),
    }
}

/// Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is percent-encoded in the URI's label and issuer.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, URI_COMPONENT).to_string()
}

/// The `otpauth://` URI (Key Uri Format) that authenticator apps read from a
/// QR code. Issuer and account are percent-encoded; the secret is base32
/// without padding.
pub fn otpauth_uri(secret: &TotpSecret, issuer: &str, account: &str) -> String {
    let issuer = percent_encode(issuer);
    let account = percent_encode(account);
    let secret = secret.to_base32();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}\
         &algorithm=SHA1&digits={DIGITS}&period={PERIOD_SECONDS}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890".to_vec())
    }

    /// RFC 6238 Appendix B, SHA1 column.
    const RFC6238_SHA1: [(i64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    #[test]
    fn rfc6238_sha1_vectors_eight_digits() {
        let secret = rfc_secret();
        for (time, expected) in RFC6238_SHA1 {
            let code = code_for_step(&secret, step_at(time), 8);
            assert_eq!(code.as_deref(), Some(expected), "time {time}");
        }
    }

    #[test]
    fn rfc6238_sha1_vectors_six_digits() {
        let secret = rfc_secret();
        for (time, expected8) in RFC6238_SHA1 {
            let expected = &expected8[2..];
            assert_eq!(code_at(&secret, time), expected, "time {time}");
            assert_eq!(verify(&secret, expected, time, None), Ok(step_at(time)));
        }
    }

    /// RFC 4226 Appendix D: HOTP values for counters 0..9, which are the
    /// TOTP codes of steps 0..9.
    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (step, code) in (0i64..).zip(expected) {
            assert_eq!(
                code_for_step(&rfc_secret(), step, 6).as_deref(),
                Some(code),
                "step {step}"
            );
        }
    }

    #[test]
    fn rfc4226_truncated_values() {
        // Appendix D, "Truncated" decimal column for counters 0 and 1, as
        // nine-digit codes (the 31-bit value modulo 10^9).
        assert_eq!(
            code_for_step(&rfc_secret(), 0, 9).as_deref(),
            Some("284755224")
        );
        assert_eq!(
            code_for_step(&rfc_secret(), 1, 9).as_deref(),
            Some("094287082")
        );
    }

    #[test]
    fn zero_padding_is_kept() {
        // 1111111109 gives 07081804; its 6-digit form is 081804.
        assert_eq!(code_at(&rfc_secret(), 1_111_111_109), "081804");
    }

    #[test]
    fn base32_round_trip() {
        let bytes: Vec<u8> = (0u8..20)
            .map(|b| b.wrapping_mul(37).wrapping_add(11))
            .collect();
        let secret = TotpSecret::from_bytes(bytes.clone());
        let text = secret.to_base32();
        assert_eq!(text.len(), 32);
        assert!(!text.contains('='));
        assert!(
            text.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
        );
        let parsed = TotpSecret::from_base32(&text);
        assert_eq!(parsed.as_ref().map(TotpSecret::as_bytes), Ok(&bytes[..]));
    }

    #[test]
    fn base32_known_value() {
        // "12345678901234567890" in base32 (RFC 4648 alphabet).
        assert_eq!(rfc_secret().to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn base32_tolerates_case_spaces_and_padding() {
        let expected = rfc_secret();
        for input in [
            "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
            " gezd gnbv gy3t qojq\tgezd gnbv gy3t qojq\n",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====",
        ] {
            let parsed = TotpSecret::from_base32(input);
            assert_eq!(
                parsed.as_ref().map(TotpSecret::as_bytes),
                Ok(expected.as_bytes()),
                "input {input:?}"
            );
        }
        // Padding is optional for lengths that are not a multiple of 5.
        let odd = TotpSecret::from_bytes(vec![0xA5; 17]);
        let unpadded = odd.to_base32();
        let padded = format!("{unpadded}======");
        for input in [unpadded.as_str(), padded.as_str()] {
            let parsed = TotpSecret::from_base32(input);
            assert_eq!(
                parsed.as_ref().map(TotpSecret::as_bytes),
                Ok(odd.as_bytes())
            );
        }
    }

    #[test]
    fn base32_rejects_garbage() {
        for input in [
            "",
            "   ",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1", // '1' is not in the alphabet
            "GEZDGNBVGY3TQOJQ-GEZDGNBVGY3TQOJQ",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQG", // impossible length
            "GEZD=GNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ€",
            "GEZDGNBV", // valid base32 but far too short a key
        ] {
            assert_eq!(
                TotpSecret::from_base32(input).map(|s| s.as_bytes().to_vec()),
                Err(TotpError::InvalidSecret),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_key() {
        let secret = rfc_secret();
        let shown = format!("{secret:?}");
        assert_eq!(shown, "TotpSecret(<redacted>)");
        assert!(!shown.contains("GEZD"));
        assert!(!shown.contains("49")); // b'1'
    }

    #[test]
    fn skew_window_accepts_neighbouring_steps_only() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let step = step_at(now);
        let previous = code_at(&secret, now - 30);
        let current = code_at(&secret, now);
        let next = code_at(&secret, now + 30);
        let two_back = code_at(&secret, now - 60);
        let two_ahead = code_at(&secret, now + 60);

        assert_eq!(verify(&secret, &previous, now, None), Ok(step - 1));
        assert_eq!(verify(&secret, &current, now, None), Ok(step));
        assert_eq!(verify(&secret, &next, now, None), Ok(step + 1));
        assert_eq!(verify(&secret, &two_back, now, None), Err(TotpError::Wrong));
        assert_eq!(
            verify(&secret, &two_ahead, now, None),
            Err(TotpError::Wrong)
        );
    }

    #[test]
    fn step_boundaries() {
        let secret = rfc_secret();
        // 59 and 60 lie in different steps (1 and 2).
        assert_eq!(step_at(59), 1);
        assert_eq!(step_at(60), 2);
        // A clock before 1970 counts as the epoch.
        assert_eq!(step_at(-1), 0);
        assert_eq!(code_at(&secret, -1), code_at(&secret, 0));
        assert_ne!(code_at(&secret, 59), code_at(&secret, 60));
        assert_eq!(code_at(&secret, 30), code_at(&secret, 59));
    }

    #[test]
    fn wrong_code_is_rejected() {
        let secret = rfc_secret();
        let now = 2_000_000_000;
        let good = code_at(&secret, now);
        let bad = if good == "000000" { "000001" } else { "000000" };
        assert_eq!(verify(&secret, bad, now, None), Err(TotpError::Wrong));
        let other = TotpSecret::from_bytes(vec![7u8; SECRET_LEN]);
        // The right code for another key is wrong for this one (in this
        // particular case; checked rather than assumed).
        let foreign = code_at(&other, now);
        if foreign != good {
            assert_eq!(verify(&secret, &foreign, now, None), Err(TotpError::Wrong));
        }
    }

    #[test]
    fn replay_is_rejected() {
        let secret = rfc_secret();
        let now = 1_111_111_111;
        let code = code_at(&secret, now);
        let step = verify(&secret, &code, now, None);
        assert_eq!(step, Ok(step_at(now)));
        let used = step.ok();

        // Same code again, same or a little later time: refused.
        assert_eq!(verify(&secret, &code, now, used), Err(TotpError::Replayed));
        assert_eq!(
            verify(&secret, &code, now + 25, used),
            Err(TotpError::Replayed)
        );
        // The previous step's code is also refused once a later step was used.
        let previous = code_at(&secret, now - 30);
        assert_eq!(
            verify(&secret, &previous, now, used),
            Err(TotpError::Replayed)
        );
        // The next step's code is still fine.
        let next = code_at(&secret, now + 30);
        assert_eq!(verify(&secret, &next, now + 30, used), Ok(step_at(now) + 1));
        // A wrong code stays "wrong", not "replayed".
        let bad = if code == "123456" { "654321" } else { "123456" };
        if bad != previous && bad != code_at(&secret, now + 30) {
            assert_eq!(verify(&secret, bad, now, used), Err(TotpError::Wrong));
        }
    }

    #[test]
    fn input_spaces_are_ignored() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let code = code_at(&secret, now);
        let spaced = format!("  {} {}\n", &code[..3], &code[3..]);
        assert_eq!(verify(&secret, &spaced, now, None), Ok(step_at(now)));
    }

    #[test]
    fn malformed_input_is_rejected() {
        let secret = rfc_secret();
        let now = 59;
        for input in [
            "",
            "   ",
            "12345",
            "1234567",
            "28708a",
            "287 08",
            "+87082",
            "-87082",
            "２８７０８２",
            "287082x",
            "94287082",
        ] {
            assert_eq!(
                verify(&secret, input, now, None),
                Err(TotpError::Malformed),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn error_messages_are_user_friendly() {
        assert_eq!(
            TotpError::Malformed.to_string(),
            "the code must be 6 digits"
        );
        assert_eq!(
            TotpError::Replayed.to_string(),
            "that code was already used; wait for the next one"
        );
        assert_eq!(TotpError::Wrong.to_string(), "the code is not correct");
    }

    #[test]
    fn extreme_times_do_not_panic() {
        let secret = rfc_secret();
        for time in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            let code = code_at(&secret, time);
            assert_eq!(code.len(), 6);
            assert!(verify(&secret, &code, time, None).is_ok());
            assert_eq!(
                verify(&secret, &code, time, Some(i64::MAX)),
                Err(TotpError::Replayed)
            );
        }
        let empty = TotpSecret::from_bytes(Vec::new());
        assert_eq!(code_at(&empty, 0).len(), 6);
    }

    #[test]
    fn otpauth_uri_format() {
        let secret = rfc_secret();
        let uri = otpauth_uri(&secret, "Rundt", "ana@example.org");
        assert_eq!(
            uri,
            "otpauth://totp/Rundt:ana%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Rundt&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn otpauth_uri_percent_encodes() {
        let secret = rfc_secret();
        let uri = otpauth_uri(&secret, "MST Hub: Århus", "Jo Ñ/x?&=#");
        assert!(uri.starts_with(
            "otpauth://totp/MST%20Hub%3A%20%C3%85rhus:Jo%20%C3%91%2Fx%3F%26%3D%23?secret="
        ));
        assert!(uri.contains("&issuer=MST%20Hub%3A%20%C3%85rhus&"));
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(percent_encode("+ %"), "%2B%20%25");
    }
}
