//! Backups and restores as the audit log records them. Making the copy is
//! the command line's work (it knows the files); this records that a copy of
//! everything was taken or put back, and by whom.

use rundt_domain::audit::{AuditAction, Object, ObjectKind};

use crate::{Actor, App, AppResult};

/// What happened to the whole database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A copy was taken.
    Backup,
    /// The database was put back from a copy.
    Restore,
}

/// Appends the audit event for `step` with the copy's file name; returns its
/// sequence number, so the copy can be checked to hold it.
pub async fn record(app: &App, actor: &Actor, step: Step, file_name: &str) -> AppResult<i64> {
    let action = match step {
        Step::Backup => AuditAction::DatabaseBackup,
        Step::Restore => AuditAction::DatabaseRestore,
    };
    let mut event = actor.event(app.clock.now(), action, Object::of(ObjectKind::Database));
    event.purpose = Some(file_name.to_owned());
    Ok(app.store.append_audit(&event).await?)
}

/// The public fingerprint of the field key the app runs with: a backup's
/// manifest records it, and a restore refuses a key with another one.
pub fn key_fingerprint(app: &App) -> String {
    app.keys.fingerprint()
}
