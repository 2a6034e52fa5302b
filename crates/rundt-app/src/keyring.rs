//! The field keys Rundt runs with: the current ones and, while a key
//! rotation is under way, the previous ones.
//!
//! Everything new is sealed and indexed with the current keys. A value
//! sealed with the previous keys still opens (the AEAD tag tells which key
//! sealed it), a look-up by national identifier searches under both blind
//! indexes, and a checkpoint signed with either key is genuine. The running
//! server swaps in new keys without a restart ([`KeyRing::replace`]), so
//! `rundt keys rotate` can re-encrypt while Rundt serves.

use std::sync::{Arc, RwLock};

use rundt_domain::national_id::NationalId;

use crate::protect::{FieldKeys, NATIONAL_ID_ASSOCIATED};
use crate::{AppError, AppResult};

#[derive(Debug)]
struct Ring {
    current: FieldKeys,
    previous: Option<FieldKeys>,
}

/// Which of the ring's keys opened a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedWith {
    Current,
    Previous,
}

/// The keys in use; cheap to share, swapped as a whole.
#[derive(Debug)]
pub struct KeyRing {
    ring: RwLock<Arc<Ring>>,
}

impl From<FieldKeys> for KeyRing {
    fn from(current: FieldKeys) -> Self {
        Self::new(current, None)
    }
}

impl KeyRing {
    pub fn new(current: FieldKeys, previous: Option<FieldKeys>) -> Self {
        Self {
            ring: RwLock::new(Arc::new(Ring { current, previous })),
        }
    }

    fn ring(&self) -> Arc<Ring> {
        match self.ring.read() {
            Ok(r) => r.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Puts other keys in use, at once for every clone of the app.
    pub fn replace(&self, current: FieldKeys, previous: Option<FieldKeys>) {
        let fresh = Arc::new(Ring { current, previous });
        match self.ring.write() {
            Ok(mut r) => *r = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
    }

    /// The current keys' public fingerprint.
    pub fn fingerprint(&self) -> String {
        self.ring().current.fingerprint()
    }

    /// The previous keys' fingerprint while a rotation is under way.
    pub fn previous_fingerprint(&self) -> Option<String> {
        self.ring().previous.as_ref().map(FieldKeys::fingerprint)
    }

    pub fn encrypt(&self, plaintext: &str, associated: &str) -> AppResult<String> {
        self.ring().current.encrypt(plaintext, associated)
    }

    pub fn encrypt_national_id(&self, id: &NationalId) -> AppResult<String> {
        self.ring().current.encrypt_national_id(id)
    }

    /// Opens a value sealed with the current or the previous keys.
    pub fn decrypt(&self, token: &str, associated: &str) -> AppResult<String> {
        self.open(token, associated).map(|(plain, _)| plain)
    }

    /// Opens a value and says which key had sealed it.
    pub fn open(&self, token: &str, associated: &str) -> AppResult<(String, SealedWith)> {
        let ring = self.ring();
        match ring.current.decrypt(token, associated) {
            Ok(plain) => Ok((plain, SealedWith::Current)),
            Err(first) => match &ring.previous {
                Some(previous) => previous
                    .decrypt(token, associated)
                    .map(|plain| (plain, SealedWith::Previous)),
                None => Err(first),
            },
        }
    }

    /// Blind index under the current index key.
    pub fn blind_index(&self, kind_tag: &str, digits: &str) -> String {
        self.ring().current.blind_index(kind_tag, digits)
    }

    pub fn national_id_index(&self, id: &NationalId) -> String {
        self.ring().current.national_id_index(id)
    }

    /// The identifier's blind index under the previous keys, while a
    /// rotation is under way.
    pub fn previous_national_id_index(&self, id: &NationalId) -> Option<String> {
        self.ring()
            .previous
            .as_ref()
            .map(|p| p.national_id_index(id))
    }

    /// Every index a stored identifier may have now: the current first.
    pub fn national_id_indexes(&self, id: &NationalId) -> Vec<String> {
        let ring = self.ring();
        std::iter::once(ring.current.national_id_index(id))
            .chain(ring.previous.as_ref().map(|p| p.national_id_index(id)))
            .collect()
    }

    /// True when `signature` is the blind index of `text` under the current
    /// or the previous key (a checkpoint signed before a rotation).
    pub fn signed(&self, kind_tag: &str, text: &str, signature: &str) -> bool {
        let ring = self.ring();
        ring.current.blind_index(kind_tag, text) == signature
            || ring
                .previous
                .as_ref()
                .is_some_and(|p| p.blind_index(kind_tag, text) == signature)
    }

    /// Opens a sealed national identifier's digits (for the rotation).
    pub fn open_national_id(&self, token: &str) -> AppResult<(String, SealedWith)> {
        self.open(token, NATIONAL_ID_ASSOCIATED)
    }
}

/// The error a value sealed with neither key gives.
pub fn unreadable() -> AppError {
    AppError::Internal("protected field cannot be decrypted".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rundt_domain::country::Country;

    /// The same keys for the same seed within a test run.
    fn keys(seed: usize) -> FieldKeys {
        static KEYS: std::sync::OnceLock<Vec<FieldKeys>> = std::sync::OnceLock::new();
        KEYS.get_or_init(|| (0..3).map(|_| FieldKeys::generate().unwrap()).collect())[seed].clone()
    }

    #[test]
    fn during_a_rotation_old_values_open_and_new_ones_use_the_new_key() {
        let old = KeyRing::from(keys(1));
        let sealed_before = old.encrypt("2110625629", "label").unwrap();
        let ring = KeyRing::new(keys(2), Some(keys(1)));
        assert_eq!(
            ring.open(&sealed_before, "label").unwrap(),
            ("2110625629".to_owned(), SealedWith::Previous)
        );
        let sealed_now = ring.encrypt("2110625629", "label").unwrap();
        assert_eq!(
            ring.open(&sealed_now, "label").unwrap().1,
            SealedWith::Current
        );
        // Once the previous key is retired, only new values open.
        ring.replace(keys(2), None);
        assert!(ring.decrypt(&sealed_before, "label").is_err());
        assert!(ring.decrypt(&sealed_now, "label").is_ok());
    }

    #[test]
    fn a_person_is_found_under_either_index_while_keys_change() {
        let id = rundt_domain::national_id::parse(Country::DK, "2110625629").unwrap();
        let ring = KeyRing::new(keys(2), Some(keys(1)));
        let all = ring.national_id_indexes(&id);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], keys(2).national_id_index(&id));
        assert_eq!(all[1], keys(1).national_id_index(&id));
        assert_eq!(
            ring.previous_national_id_index(&id),
            Some(keys(1).national_id_index(&id))
        );
    }

    #[test]
    fn a_checkpoint_signed_with_the_previous_key_is_still_genuine() {
        let sig = keys(1).blind_index("audit-checkpoint", "7:abc");
        assert!(KeyRing::new(keys(2), Some(keys(1))).signed("audit-checkpoint", "7:abc", &sig));
        assert!(!KeyRing::from(keys(2)).signed("audit-checkpoint", "7:abc", &sig));
    }
}
