//! Re-sealing every protected field under the current keys: the work of
//! `rundt keys rotate` once the new keys are in use, and the census of
//! `rundt keys check`. Values are opened in memory only; nothing in clear
//! leaves this module. Each batch that changes rows is one transaction with
//! one audit event.

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::national_id;
use rundt_store::{ProtectedChange, ProtectedKind, ProtectedValue};

use crate::keyring::SealedWith;
use crate::protect::NATIONAL_ID_ASSOCIATED;
use crate::{Actor, App, AppResult};

/// How the values of one kind stand against the keys in use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    pub total: u64,
    /// Sealed with the current key (and, for identifiers, indexed with it).
    pub current: u64,
    /// Still sealed or indexed with the previous key.
    pub previous: u64,
    /// Opened by neither key.
    pub unreadable: u64,
}

impl Census {
    /// Everything is under the current keys.
    pub fn is_done(&self) -> bool {
        self.previous == 0 && self.unreadable == 0
    }
}

/// What one batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub scanned: u64,
    pub resealed: u64,
    pub unreadable: u64,
    /// The last row id read; `None` when there was nothing after `after_id`.
    pub last_id: Option<i64>,
}

/// The name a kind has in messages and audit events.
pub fn kind_name(kind: ProtectedKind) -> &'static str {
    match kind {
        ProtectedKind::PersonNationalId => "national identifiers",
        ProtectedKind::UserTotpSecret => "second-factor secrets",
    }
}

fn label(kind: ProtectedKind) -> &'static str {
    match kind {
        ProtectedKind::PersonNationalId => NATIONAL_ID_ASSOCIATED,
        ProtectedKind::UserTotpSecret => crate::auth::TOTP_ASSOCIATED,
    }
}

/// How one stored value stands: `None` when unreadable; otherwise the
/// change that puts it under the current keys, if it needs one.
fn assess(app: &App, kind: ProtectedKind, v: &ProtectedValue) -> Option<Option<ProtectedChange>> {
    let (plain, with) = app.keys.open(&v.sealed, label(kind)).ok()?;
    let index = match kind {
        ProtectedKind::PersonNationalId => {
            let country = v.country.as_deref().and_then(Country::from_code)?;
            let id = national_id::parse(country, &plain).ok()?;
            Some(app.keys.national_id_index(&id))
        }
        ProtectedKind::UserTotpSecret => None,
    };
    if with == SealedWith::Current && index == v.index {
        return Some(None);
    }
    let sealed = if with == SealedWith::Current {
        v.sealed.clone()
    } else {
        app.keys.encrypt(&plain, label(kind)).ok()?
    };
    Some(Some(ProtectedChange {
        id: v.id,
        old_sealed: v.sealed.clone(),
        sealed,
        index,
    }))
}

/// Re-seals (and re-indexes) the values of `kind` after `after_id`, at most
/// `limit`, that are not yet under the current keys.
pub async fn reseal_batch(
    app: &App,
    actor: &Actor,
    kind: ProtectedKind,
    after_id: i64,
    limit: u32,
) -> AppResult<Batch> {
    let values = app.store.protected_values(kind, after_id, limit).await?;
    let mut batch = Batch {
        scanned: values.len() as u64,
        last_id: values.last().map(|v| v.id),
        ..Batch::default()
    };
    let mut changes = Vec::new();
    for v in &values {
        match assess(app, kind, v) {
            None => batch.unreadable += 1,
            Some(Some(change)) => changes.push(change),
            Some(None) => {}
        }
    }
    if !changes.is_empty() {
        let mut event = actor.event(
            app.clock.now(),
            AuditAction::FieldKeyRotate,
            Object::of(ObjectKind::Database),
        );
        event.purpose = Some(format!(
            "{} re-sealed under key {}: rows {}-{}",
            kind_name(kind),
            app.keys.fingerprint(),
            changes.first().map_or(0, |c| c.id),
            changes.last().map_or(0, |c| c.id)
        ));
        batch.resealed = app
            .store
            .replace_protected_values(kind, &changes, &event)
            .await?;
    }
    Ok(batch)
}

/// How every protected value stands against the keys in use. Recorded in
/// the audit log: it opens every identifier (in memory).
pub async fn census(
    app: &App,
    actor: &Actor,
    page: u32,
) -> AppResult<Vec<(ProtectedKind, Census)>> {
    let mut out = Vec::new();
    for kind in ProtectedKind::ALL {
        let mut census = Census::default();
        let mut after = 0;
        loop {
            let values = app.store.protected_values(kind, after, page).await?;
            let Some(last) = values.last() else { break };
            after = last.id;
            for v in &values {
                census.total += 1;
                match assess(app, kind, v) {
                    None => census.unreadable += 1,
                    Some(Some(_)) => census.previous += 1,
                    Some(None) => census.current += 1,
                }
            }
        }
        out.push((kind, census));
    }
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::FieldKeyCheck,
        Object::of(ObjectKind::Database),
    );
    event.purpose = Some(format!("key {}", app.keys.fingerprint()));
    app.store.append_audit(&event).await?;
    Ok(out)
}
