//! `rundt restore FILE`: puts a backup back into an empty data folder,
//! never over anything. The copy must match its manifest and pass SQLite's
//! checks, the field key must be the one the backup was made with, and after
//! the copy is in place the database is migrated, the restore is recorded in
//! the audit log and the whole chain is verified against the checkpoints
//! that came with the backup.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rundt_app::backup::{self as audit_backup, Step};
use rundt_app::{Actor, App, SystemClock};
use rundt_store_sqlite::{DATABASE_FILE, SqliteStore, snapshot};

use crate::backup::{self, Files, Manifest};
use crate::{checkpoints, keys};

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    pub database: PathBuf,
    pub key_written: Option<PathBuf>,
    pub report: rundt_app::audit_log::VerifyReport,
}

/// Restores the backup `file` into `data_dir`, with the key from
/// `RUNDT_FIELD_KEY`, `key_file` or the data folder's own key file.
pub async fn restore(file: &Path, data_dir: &Path, key_file: Option<&Path>) -> Result<Restored> {
    let files = Files::of(file);
    if !file.is_file() {
        bail!("there is no backup at {}", file.display());
    }
    let manifest = backup::read_manifest(&files)?;
    ensure_empty(data_dir)?;
    let Some((field_keys, source)) = keys::existing(data_dir, key_file)? else {
        bail!(
            "a restore needs the field key this backup was made with (fingerprint {}). It is \
             never in the backup: give the key kept separately with --key-file PATH or \
             RUNDT_FIELD_KEY",
            manifest.field_key_fingerprint
        );
    };
    if field_keys.fingerprint() != manifest.field_key_fingerprint {
        bail!(
            "the field key given (fingerprint {}) is not the one this backup was made with \
             (fingerprint {}); with another key the national identifiers cannot be read. \
             Nothing was restored",
            field_keys.fingerprint(),
            manifest.field_key_fingerprint
        );
    }
    let (bytes, sha256) = backup::digest(file)?;
    if bytes != manifest.bytes || sha256 != manifest.sha256 {
        bail!(
            "{} does not match its manifest (SHA-256 {sha256}, {bytes} bytes; the manifest \
             says {} and {} bytes): the copy is damaged or not the one the manifest describes. \
             Nothing was restored",
            file.display(),
            manifest.sha256,
            manifest.bytes
        );
    }
    let problems = snapshot::check_file(file)?;
    if !problems.is_empty() {
        bail!(
            "{} fails SQLite's integrity check ({}). Nothing was restored",
            file.display(),
            problems.join("; ")
        );
    }

    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let database = data_dir.join(DATABASE_FILE);
    let partial = data_dir.join(format!("{DATABASE_FILE}.restoring"));
    backup::copy_synced(file, &partial)?;
    std::fs::rename(&partial, &database)
        .with_context(|| format!("naming {}", database.display()))?;
    crate::files::sync_dir(&database)?;
    if manifest.checkpoints_file.is_some() && files.checkpoints.is_file() {
        let target = checkpoints::file(data_dir);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        backup::copy_synced(&files.checkpoints, &target)?;
    }
    let key_written = match source {
        keys::Source::File => Some(keys::install(data_dir, &field_keys)?),
        keys::Source::Environment | keys::Source::DataFolder => None,
    };

    let store = std::sync::Arc::new(SqliteStore::open_file(&database)?);
    let app = App::new(
        store,
        std::sync::Arc::new(SystemClock),
        std::sync::Arc::new(rundt_app::keyring::KeyRing::from(field_keys)),
    );
    app.prepare().await.map_err(crate::describe)?;
    audit_backup::record(
        &app,
        &Actor::cli(),
        Step::Restore,
        &backup::file_name(file)?,
    )
    .await
    .map_err(crate::describe)?;
    let report = checkpoints::verify_and_record(&app, &checkpoints::file(data_dir), true).await?;
    Ok(Restored {
        manifest,
        database,
        key_written,
        report,
    })
}

/// Refuses a data folder that holds anything but the key file: a restore
/// never overwrites or mixes with other data.
fn ensure_empty(data_dir: &Path) -> Result<()> {
    if !data_dir.exists() {
        return Ok(());
    }
    let key_dir = data_dir.join("keys");
    let mut found = Vec::new();
    for entry in
        std::fs::read_dir(data_dir).with_context(|| format!("reading {}", data_dir.display()))?
    {
        let path = entry?.path();
        if path == key_dir && only_the_key_file(&key_dir)? {
            continue;
        }
        found.push(path.display().to_string());
    }
    if found.is_empty() {
        return Ok(());
    }
    found.sort();
    bail!(
        "the data folder {} is not empty (it holds {}); a restore goes only into an empty folder, \
         so that nothing is overwritten. Choose a new folder with --data or RUNDT_DATA",
        data_dir.display(),
        found.join(", ")
    )
}

fn only_the_key_file(key_dir: &Path) -> Result<bool> {
    let names: Vec<_> = std::fs::read_dir(key_dir)?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    Ok(names.iter().all(|n| n == "field.key"))
}
