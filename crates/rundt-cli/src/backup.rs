//! `rundt backup`: a consistent, checked copy of the embedded database while
//! Rundt runs, with a manifest beside it (the schema version, the audit
//! chain's head, the field key's fingerprint, the copy's SHA-256), and the
//! scheduled backups of `rundt serve --backup-every`.
//!
//! Files of one backup, for `rundt-backup-20261204T101500Z.sqlite3`:
//! - the database copy itself;
//! - `….sqlite3.json`, the manifest;
//! - `….sqlite3.checkpoints`, the signed audit checkpoints kept outside the
//!   database (when there are any).
//!
//! The field key is never in a backup.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use rundt_app::backup::{self, Step};
use rundt_app::{Actor, App};
use rundt_store_sqlite::snapshot;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::checkpoints;

/// The manifest's format name; a later format gets another.
pub const FORMAT: &str = "rundt-sqlite-backup-1";
const PREFIX: &str = "rundt-backup-";
const SUFFIX: &str = ".sqlite3";

/// What a backup holds, written beside it as JSON.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub created_at: DateTime<Utc>,
    pub rundt_version: String,
    pub sqlite_version: String,
    /// The database copy's file name (beside the manifest).
    pub database_file: String,
    pub bytes: u64,
    pub sha256: String,
    pub schema_version: i64,
    pub audit_events: i64,
    pub audit_last_seq: i64,
    pub audit_last_hash: Option<String>,
    /// Whether the live audit chain verified when the copy was taken.
    pub audit_chain_intact: bool,
    /// The field key's public fingerprint; the key itself is not here.
    pub field_key_fingerprint: String,
    /// The signed checkpoints file beside the copy, if there was one.
    pub checkpoints_file: Option<String>,
}

/// The files of one backup.
#[derive(Debug, Clone)]
pub struct Files {
    pub database: PathBuf,
    pub manifest: PathBuf,
    pub checkpoints: PathBuf,
}

impl Files {
    pub fn of(database: &Path) -> Self {
        Self {
            database: database.to_owned(),
            manifest: crate::files::with_suffix(database, ".json"),
            checkpoints: crate::files::with_suffix(database, ".checkpoints"),
        }
    }
}

/// Where a backup goes when no file is named: `<dir>/rundt-backup-<UTC time>.sqlite3`.
pub fn default_file(dir: &Path, at: DateTime<Utc>) -> PathBuf {
    dir.join(format!("{PREFIX}{}{SUFFIX}", at.format("%Y%m%dT%H%M%SZ")))
}

/// Where backups go by default: `<data>/backups`. A real installation points
/// `--to`/`--backup-dir` at another disk or machine.
pub fn default_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// What one backup did, for the terminal and the log.
#[derive(Debug)]
pub struct Done {
    pub files: Files,
    pub manifest: Manifest,
    pub took: Duration,
}

/// Takes a backup of the database file `live` (the one `app` runs on) into
/// `dest`: records the backup in the audit log, verifies the live chain
/// against the signed checkpoints, copies the checkpoints, copies the
/// database consistently, checks the copy (SQLite's integrity and foreign
/// key checks; the verified chain head is in it) and writes the manifest.
pub async fn take(app: &App, live: &Path, data_dir: &Path, dest: &Path) -> Result<Done> {
    let started = Instant::now();
    let files = Files::of(dest);
    for f in [&files.database, &files.manifest, &files.checkpoints] {
        if f.exists() {
            bail!(
                "{} exists already; a backup never overwrites a file",
                f.display()
            );
        }
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    if let Some(previous) = app.keys.previous_fingerprint() {
        bail!(
            "a key rotation from {previous} to {} is under way; a backup now would need both \
             keys to restore. Finish it with `rundt keys rotate`, then take the backup",
            app.keys.fingerprint()
        );
    }
    let name = file_name(dest)?;
    backup::record(app, &Actor::cli(), Step::Backup, &name)
        .await
        .map_err(crate::describe)?;
    let checkpoint_file = checkpoints::file(data_dir);
    let verified = checkpoints::verify_and_record(app, &checkpoint_file, true).await?;
    let has_checkpoints = checkpoint_file.is_file();
    if has_checkpoints {
        copy_synced(&checkpoint_file, &files.checkpoints)?;
    }
    let partial = crate::files::with_suffix(dest, ".partial");
    let live = live.to_owned();
    let copy = partial.clone();
    let copied = tokio::task::spawn_blocking(move || copy_and_check(&live, &copy))
        .await
        .context("the backup task stopped")?;
    let (head, bytes, sha256) = match copied {
        Ok(found) => found,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(&files.checkpoints);
            return Err(e);
        }
    };
    if verified.last_seq > 0 {
        let at = snapshot::audit_hash_at(&partial, verified.last_seq)?;
        if at.as_deref() != Some(verified.last_hash.as_str()) {
            let _ = std::fs::remove_file(&partial);
            bail!(
                "the copy does not hold the verified audit event #{}; no backup was written",
                verified.last_seq
            );
        }
    }
    std::fs::rename(&partial, &files.database)
        .with_context(|| format!("naming the copy {}", files.database.display()))?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: app.clock.now(),
        rundt_version: env!("CARGO_PKG_VERSION").to_owned(),
        sqlite_version: rundt_store_sqlite::SqliteStore::sqlite_version().to_owned(),
        database_file: name,
        bytes,
        sha256,
        schema_version: head.schema_version,
        audit_events: head.audit_events,
        audit_last_seq: head.audit_last_seq,
        audit_last_hash: head.audit_last_hash,
        audit_chain_intact: verified.is_intact(),
        field_key_fingerprint: backup::key_fingerprint(app),
        checkpoints_file: has_checkpoints
            .then(|| file_name(&files.checkpoints))
            .transpose()?,
    };
    crate::files::replace(
        &files.manifest,
        &serde_json::to_vec_pretty(&manifest)?,
        false,
    )?;
    Ok(Done {
        files,
        manifest,
        took: started.elapsed(),
    })
}

/// Copies the live database to `partial` and checks the copy: the blocking
/// half of a backup.
fn copy_and_check(live: &Path, partial: &Path) -> Result<(snapshot::SnapshotHead, u64, String)> {
    snapshot::copy_consistent(live, partial)?;
    let problems = snapshot::check_file(partial)?;
    if !problems.is_empty() {
        bail!(
            "the copy failed SQLite's integrity check ({}); no backup was written",
            problems.join("; ")
        );
    }
    let head = snapshot::head(partial)?;
    let (bytes, sha256) = digest(partial)?;
    std::fs::File::open(partial)?.sync_all()?;
    Ok((head, bytes, sha256))
}

/// Reads a backup's manifest.
pub fn read_manifest(files: &Files) -> Result<Manifest> {
    let text = std::fs::read(&files.manifest).with_context(|| {
        format!(
            "there is no manifest beside the backup ({}); a restore needs it to check the copy \
             and the field key",
            files.manifest.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&text).with_context(|| {
        format!(
            "{} is not a Rundt backup manifest",
            files.manifest.display()
        )
    })?;
    if manifest.format != FORMAT {
        bail!(
            "{} has the format '{}'; this Rundt reads '{FORMAT}'",
            files.manifest.display(),
            manifest.format
        );
    }
    Ok(manifest)
}

/// The size and SHA-256 (lowercase hex) of a file.
pub fn digest(path: &Path) -> Result<(u64, String)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((bytes, hex::encode(hasher.finalize())))
}

/// Deletes all but the `keep` newest scheduled backups in `dir` (with their
/// manifests and checkpoints). Only files named like Rundt's backups are
/// touched. Returns the backups deleted.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        })
        .collect();
    // The UTC time in the name sorts as text.
    found.sort();
    let excess = found.len().saturating_sub(keep);
    let old: Vec<PathBuf> = found.into_iter().take(excess).collect();
    for path in &old {
        let files = Files::of(path);
        for f in [&files.database, &files.manifest, &files.checkpoints] {
            match std::fs::remove_file(f) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("deleting {}", f.display())),
            }
        }
    }
    Ok(old)
}

/// How often and where `rundt serve` takes backups on its own.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub every: Duration,
    pub keep: usize,
    pub dir: PathBuf,
}

/// Takes a backup every `schedule.every` while the server runs (the first
/// one after one interval), keeping the newest `schedule.keep`.
pub fn spawn_scheduled(app: App, live: PathBuf, data_dir: PathBuf, schedule: Schedule) {
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + schedule.every;
        let mut tick = tokio::time::interval_at(start, schedule.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let dest = default_file(&schedule.dir, app.clock.now());
            match take(&app, &live, &data_dir, &dest).await {
                Ok(done) => tracing::info!(
                    file = %done.files.database.display(),
                    bytes = done.manifest.bytes,
                    seconds = done.took.as_secs_f64(),
                    audit_chain_intact = done.manifest.audit_chain_intact,
                    "scheduled backup written"
                ),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "SCHEDULED BACKUP FAILED"),
            }
            match prune(&schedule.dir, schedule.keep) {
                Ok(old) if !old.is_empty() => {
                    tracing::info!(deleted = old.len(), "old backups deleted")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %format!("{e:#}"), "deleting old backups failed"),
            }
        }
    });
}

pub fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .with_context(|| format!("{} names no file", path.display()))
}

/// Copies `from` to `to` (which must not exist) and flushes it to disk.
pub fn copy_synced(from: &Path, to: &Path) -> Result<()> {
    let mut src =
        std::fs::File::open(from).with_context(|| format!("reading {}", from.display()))?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)
        .with_context(|| format!("creating {}", to.display()))?;
    std::io::copy(&mut src, &mut dst).with_context(|| format!("writing {}", to.display()))?;
    dst.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_scheduled_backups_go_and_the_newest_stay() {
        let dir = tempfile::tempdir().unwrap();
        let mut names = Vec::new();
        for day in 1..=5 {
            let at = format!("2026-12-0{day}T03:00:00Z").parse().unwrap();
            let file = default_file(dir.path(), at);
            let files = Files::of(&file);
            std::fs::write(&files.database, b"db").unwrap();
            std::fs::write(&files.manifest, b"{}").unwrap();
            names.push(file);
        }
        std::fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
        let deleted = prune(dir.path(), 2).unwrap();
        assert_eq!(deleted, names[..3].to_vec());
        assert!(!Files::of(&names[0]).manifest.exists());
        assert!(names[3].exists() && names[4].exists());
        assert!(
            dir.path().join("notes.txt").exists(),
            "only backups are pruned"
        );
    }

    #[test]
    fn a_backups_files_sit_beside_it() {
        let files = Files::of(Path::new("/b/rundt-backup-x.sqlite3"));
        assert_eq!(files.manifest, Path::new("/b/rundt-backup-x.sqlite3.json"));
        assert_eq!(
            files.checkpoints,
            Path::new("/b/rundt-backup-x.sqlite3.checkpoints")
        );
    }
}
