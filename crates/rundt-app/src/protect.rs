//! Protection of personal identifiers (CPR, fødselsnummer) at rest.
//!
//! Two independent 256-bit keys (PERF-RELIABILITY.md, "National IDs"):
//! - the *encryption key* seals each value with XChaCha20-Poly1305 and a fresh
//!   random 192-bit nonce, so equal values give unrelated ciphertexts and a
//!   stored value cannot be moved to another column unnoticed (the column name
//!   is bound as associated data);
//! - the *index key* computes a keyed blind index (HMAC-SHA256) for exact
//!   look-ups. An unkeyed hash would be useless here: the CPR space is a date
//!   plus four digits and can be enumerated in seconds.
//!
//! Token format: `v1:` followed by unpadded base64url of
//! `nonce (24 bytes) || ciphertext || tag (16 bytes)`. The AEAD associated
//! data is `rundt-field-v1`, a zero byte and the caller's `associated` label,
//! so a token cannot be replayed under another version or label. A later
//! format (for example with a key id for rotation) gets a new prefix.
//!
//! Nothing here writes files; the command line stores [`FieldKeys::to_hex`]
//! in the key file and reads it back with [`FieldKeys::from_hex`]. Error
//! messages never contain plaintext, tokens or key material.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use data_encoding::BASE64URL_NOPAD;
use hmac::{Hmac, Mac};
use rundt_domain::national_id::NationalId;
use sha2::{Digest, Sha256};

use crate::{AppError, AppResult};

/// Associated-data label for the national identifier of a person.
pub const NATIONAL_ID_ASSOCIATED: &str = "person.national_id";

const TOKEN_PREFIX: &str = "v1:";
const AAD_DOMAIN: &[u8] = b"rundt-field-v1\0";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// SHA-256 block size; HMAC zero-pads shorter keys to this length.
const HMAC_BLOCK_LEN: usize = 64;

/// The keys that protect identifier fields: one for encryption, one for the
/// blind index. Never printed; `Debug` shows no key material.
#[derive(Clone)]
pub struct FieldKeys {
    enc: [u8; 32],
    index: [u8; 32],
}

impl FieldKeys {
    /// Length of [`FieldKeys::to_hex`] output.
    pub const HEX_LEN: usize = 128;

    /// Builds the keys from 64 bytes: the first 32 are the encryption key,
    /// the last 32 the index key.
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        let mut enc = [0u8; 32];
        let mut index = [0u8; 32];
        enc.copy_from_slice(&bytes[..32]);
        index.copy_from_slice(&bytes[32..]);
        Self { enc, index }
    }

    /// Fresh random keys from the operating system.
    pub fn generate() -> AppResult<Self> {
        let mut bytes = [0u8; 64];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness for field keys: {e}")))?;
        let keys = Self::from_bytes(&bytes);
        bytes.fill(0);
        Ok(keys)
    }

    /// The 64 key bytes as 128 lowercase hex characters (encryption key
    /// first), for the key file.
    pub fn to_hex(&self) -> String {
        let mut text = hex::encode(self.enc);
        text.push_str(&hex::encode(self.index));
        text
    }

    /// Reads keys written by [`FieldKeys::to_hex`]. Surrounding whitespace (a
    /// trailing newline in the key file) is ignored; anything else than
    /// exactly 128 hex digits fails.
    pub fn from_hex(text: &str) -> AppResult<Self> {
        let text = text.trim();
        if text.len() != Self::HEX_LEN {
            return Err(AppError::Internal(format!(
                "field key file must hold {} hex characters, found {}",
                Self::HEX_LEN,
                text.len()
            )));
        }
        let mut bytes = [0u8; 64];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| {
            AppError::Internal("field key file holds characters that are not hex".into())
        })?;
        let keys = Self::from_bytes(&bytes);
        bytes.fill(0);
        Ok(keys)
    }

    /// A short public fingerprint of both keys (16 hex characters), to check
    /// at start-up that the loaded key file is the one the data was written
    /// with. It reveals nothing usable about the keys.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"rundt-field-keys-fingerprint\0")
            .chain_update(self.enc)
            .chain_update(self.index)
            .finalize();
        hex::encode(digest.get(..8).unwrap_or_default())
    }

    fn aad(associated: &str) -> Vec<u8> {
        let mut aad = Vec::with_capacity(AAD_DOMAIN.len() + associated.len());
        aad.extend_from_slice(AAD_DOMAIN);
        aad.extend_from_slice(associated.as_bytes());
        aad
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::from(self.enc))
    }

    /// Encrypts `plaintext` with a fresh random nonce, binding `associated`
    /// (for example [`NATIONAL_ID_ASSOCIATED`]). Returns a `v1:` token.
    pub fn encrypt(&self, plaintext: &str, associated: &str) -> AppResult<String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce)
            .map_err(|e| AppError::Internal(format!("no randomness for a nonce: {e}")))?;
        let aad = Self::aad(associated);
        let sealed = self
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| AppError::Internal("field encryption failed".into()))?;
        let mut blob = Vec::with_capacity(NONCE_LEN + sealed.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&sealed);
        let mut token = String::with_capacity(TOKEN_PREFIX.len() + blob.len() * 4 / 3 + 4);
        token.push_str(TOKEN_PREFIX);
        BASE64URL_NOPAD.encode_append(&blob, &mut token);
        Ok(token)
    }

    /// Opens a token made by [`FieldKeys::encrypt`] with the same
    /// `associated` label. A malformed or tampered token, another label or
    /// another key all give [`AppError::Internal`].
    pub fn decrypt(&self, token: &str, associated: &str) -> AppResult<String> {
        let unreadable = || AppError::Internal("protected field cannot be decrypted".into());
        let encoded = token.strip_prefix(TOKEN_PREFIX).ok_or_else(|| {
            AppError::Internal("protected field has an unknown token format".into())
        })?;
        let blob = BASE64URL_NOPAD
            .decode(encoded.as_bytes())
            .map_err(|_| unreadable())?;
        if blob.len() < NONCE_LEN + TAG_LEN {
            return Err(unreadable());
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| unreadable())?;
        let aad = Self::aad(associated);
        let plain = self
            .cipher()
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| unreadable())?;
        String::from_utf8(plain).map_err(|_| unreadable())
    }

    /// Keyed blind index for exact look-up: lowercase hex of
    /// HMAC-SHA256(index key, `kind_tag` || 0x00 || `digits`). Equal inputs
    /// give equal indexes; another key gives unrelated ones.
    pub fn blind_index(&self, kind_tag: &str, digits: &str) -> String {
        // HMAC zero-pads keys shorter than the block, so the padded key gives
        // exactly HMAC with the 32-byte key, through the infallible `new`.
        let mut block = [0u8; HMAC_BLOCK_LEN];
        block[..self.index.len()].copy_from_slice(&self.index);
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
        block.fill(0);
        mac.update(kind_tag.as_bytes());
        mac.update(&[0]);
        mac.update(digits.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Encrypts a parsed national identifier under [`NATIONAL_ID_ASSOCIATED`].
    pub fn encrypt_national_id(&self, id: &NationalId) -> AppResult<String> {
        self.encrypt(id.expose_digits(), NATIONAL_ID_ASSOCIATED)
    }

    /// Blind index of a parsed national identifier, tagged with its kind
    /// (`danish_cpr`, `norwegian_fnr`, ...).
    pub fn national_id_index(&self, id: &NationalId) -> String {
        self.blind_index(id.kind().as_str(), id.expose_digits())
    }
}

impl fmt::Debug for FieldKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FieldKeys { .. }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rundt_domain::country::Country;

    fn keys(seed: u8) -> FieldKeys {
        let mut bytes = [0u8; 64];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = seed.wrapping_add(u8::try_from(i).unwrap());
        }
        FieldKeys::from_bytes(&bytes)
    }

    const LABEL: &str = NATIONAL_ID_ASSOCIATED;

    fn assert_internal(result: AppResult<String>) {
        match result {
            Err(AppError::Internal(msg)) => {
                assert!(!msg.contains("2110625629"), "{msg}");
            }
            other => panic!("expected Internal error, got {other:?}"),
        }
    }

    #[test]
    fn round_trip() {
        let k = keys(1);
        for plain in ["2110625629", "", "Ærø – ñ ✓", &"x".repeat(5000)] {
            let token = k.encrypt(plain, LABEL).unwrap();
            assert!(token.starts_with("v1:"));
            assert!(!token.contains(plain) || plain.is_empty());
            assert_eq!(k.decrypt(&token, LABEL).unwrap(), plain);
        }
    }

    #[test]
    fn generated_keys_work_and_differ() {
        let a = FieldKeys::generate().unwrap();
        let b = FieldKeys::generate().unwrap();
        assert_ne!(a.to_hex(), b.to_hex());
        let token = a.encrypt("15108695088", LABEL).unwrap();
        assert_eq!(a.decrypt(&token, LABEL).unwrap(), "15108695088");
        assert_internal(b.decrypt(&token, LABEL));
    }

    #[test]
    fn two_encryptions_of_the_same_value_differ() {
        let k = keys(2);
        let a = k.encrypt("2110625629", LABEL).unwrap();
        let b = k.encrypt("2110625629", LABEL).unwrap();
        assert_ne!(a, b);
        assert_eq!(k.decrypt(&a, LABEL).unwrap(), k.decrypt(&b, LABEL).unwrap());
    }

    #[test]
    fn tampering_any_byte_fails() {
        let k = keys(3);
        let token = k.encrypt("2110625629", LABEL).unwrap();
        let blob = BASE64URL_NOPAD
            .decode(token.strip_prefix("v1:").unwrap().as_bytes())
            .unwrap();
        assert_eq!(blob.len(), NONCE_LEN + 10 + TAG_LEN);
        for i in 0..blob.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut changed = blob.clone();
                changed[i] ^= flip;
                let forged = format!("v1:{}", BASE64URL_NOPAD.encode(&changed));
                assert_internal(k.decrypt(&forged, LABEL));
            }
        }
        // Truncated and extended tokens fail too.
        let short = format!("v1:{}", BASE64URL_NOPAD.encode(&blob[..blob.len() - 1]));
        assert_internal(k.decrypt(&short, LABEL));
        let mut longer = blob.clone();
        longer.push(0);
        let long = format!("v1:{}", BASE64URL_NOPAD.encode(&longer));
        assert_internal(k.decrypt(&long, LABEL));
    }

    #[test]
    fn malformed_tokens_fail_without_panicking() {
        let k = keys(4);
        let too_short = format!("v1:{}", BASE64URL_NOPAD.encode(&[0u8; 39]));
        for token in [
            "",
            "v1:",
            "v1",
            "v2:AAAA",
            "2110625629",
            "v1:!!!!",
            "v1:A",
            "v1:AAAA=",
            too_short.as_str(),
        ] {
            assert_internal(k.decrypt(token, LABEL));
        }
    }

    #[test]
    fn wrong_associated_data_fails() {
        let k = keys(5);
        let token = k.encrypt("2110625629", "person.national_id").unwrap();
        assert_internal(k.decrypt(&token, "guardian.national_id"));
        assert_internal(k.decrypt(&token, ""));
    }

    #[test]
    fn wrong_key_fails() {
        let token = keys(6).encrypt("2110625629", LABEL).unwrap();
        assert_internal(keys(7).decrypt(&token, LABEL));
        // Same encryption key half but a different index half still opens.
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(&keys(6).enc);
        let only_index_differs = FieldKeys::from_bytes(&bytes);
        assert_eq!(
            only_index_differs.decrypt(&token, LABEL).unwrap(),
            "2110625629"
        );
    }

    #[test]
    fn blind_index_is_stable_and_key_dependent() {
        let k = keys(8);
        let a = k.blind_index("danish_cpr", "2110625629");
        assert_eq!(a, k.blind_index("danish_cpr", "2110625629"));
        assert_eq!(a, keys(8).blind_index("danish_cpr", "2110625629"));
        assert_eq!(a.len(), 64);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, keys(9).blind_index("danish_cpr", "2110625629"));
        assert_ne!(a, k.blind_index("danish_cpr", "2110625628"));
        assert_ne!(a, k.blind_index("norwegian_fnr", "2110625629"));
        // The separator keeps tag and digits apart.
        assert_ne!(k.blind_index("ab", "c"), k.blind_index("a", "bc"));
    }

    #[test]
    fn blind_index_uses_only_the_index_key() {
        let mut bytes = [7u8; 64];
        let a = FieldKeys::from_bytes(&bytes).blind_index("danish_cpr", "2110625629");
        bytes[0] ^= 1; // encryption half
        let b = FieldKeys::from_bytes(&bytes).blind_index("danish_cpr", "2110625629");
        bytes[63] ^= 1; // index half
        let c = FieldKeys::from_bytes(&bytes).blind_index("danish_cpr", "2110625629");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn blind_index_is_plain_hmac_sha256() {
        // Index key bytes 32..=63; expected value from an independent
        // implementation (Python hmac/hashlib).
        let mut bytes = [0u8; 64];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::try_from(i).unwrap();
        }
        let k = FieldKeys::from_bytes(&bytes);
        assert_eq!(
            k.blind_index("danish_cpr", "2110625629"),
            "f4996b5620989c8f6c8f001ceaea536becff4ec8add16d98f560dba87239c960"
        );
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&bytes[32..]).unwrap();
        mac.update(b"danish_cpr\x002110625629");
        assert_eq!(
            k.blind_index("danish_cpr", "2110625629"),
            hex::encode(mac.finalize().into_bytes())
        );
    }

    #[test]
    fn hex_key_round_trip() {
        let k = FieldKeys::generate().unwrap();
        let text = k.to_hex();
        assert_eq!(text.len(), FieldKeys::HEX_LEN);
        let back = FieldKeys::from_hex(&format!("{text}\n")).unwrap();
        assert_eq!(back.to_hex(), text);
        assert_eq!(back.fingerprint(), k.fingerprint());
        let token = k.encrypt("15108695088", LABEL).unwrap();
        assert_eq!(back.decrypt(&token, LABEL).unwrap(), "15108695088");
        assert_eq!(
            back.blind_index("norwegian_fnr", "15108695088"),
            k.blind_index("norwegian_fnr", "15108695088")
        );
        assert!(FieldKeys::from_hex(&text.to_uppercase()).is_ok());
    }

    #[test]
    fn bad_hex_keys_are_rejected() {
        let good = keys(10).to_hex();
        for bad in [
            String::new(),
            good[..126].to_string(),
            format!("{good}00"),
            format!("{}zz", &good[..126]),
            format!("{}é", &good[..126]),
        ] {
            match FieldKeys::from_hex(&bad) {
                Err(AppError::Internal(msg)) => assert!(!msg.contains(&good[..16]), "{msg}"),
                other => panic!("expected Internal error, got {:?}", other.map(|_| ())),
            }
        }
    }

    #[test]
    fn debug_shows_no_key_material() {
        let k = keys(11);
        let shown = format!("{k:?} {k:#?}");
        assert_eq!(format!("{k:?}"), "FieldKeys { .. }");
        let hex = k.to_hex();
        for chunk in hex.as_bytes().chunks(8) {
            let chunk = std::str::from_utf8(chunk).unwrap();
            assert!(!shown.contains(chunk), "{shown}");
        }
        assert!(!shown.contains(&format!("{:?}", k.enc)));
        assert!(!shown.contains(&k.fingerprint()));
    }

    #[test]
    fn fingerprint_is_short_and_key_dependent() {
        let fp = keys(12).fingerprint();
        assert_eq!(fp.len(), 16);
        assert_eq!(fp, keys(12).fingerprint());
        assert_ne!(fp, keys(13).fingerprint());
        assert!(!keys(12).to_hex().contains(&fp));
    }

    #[test]
    fn national_id_helpers() {
        let k = keys(14);
        let id = rundt_domain::national_id::parse(Country::DK, "211062-5629").unwrap();
        let token = k.encrypt_national_id(&id).unwrap();
        assert_eq!(
            k.decrypt(&token, NATIONAL_ID_ASSOCIATED).unwrap(),
            "2110625629"
        );
        assert_eq!(
            k.national_id_index(&id),
            k.blind_index("danish_cpr", "2110625629")
        );
        let same = rundt_domain::national_id::parse(Country::DK, "2110625629").unwrap();
        assert_eq!(k.national_id_index(&id), k.national_id_index(&same));
    }
}
