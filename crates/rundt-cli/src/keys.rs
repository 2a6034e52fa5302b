//! The keys that protect national identifiers and second-factor secrets at
//! rest. They live outside the database: in `RUNDT_FIELD_KEY` (hex; for
//! several app servers sharing one PostgreSQL) or in `<data>/keys/field.key`,
//! created on first start with owner-only permissions. Losing the key makes
//! protected fields unreadable: back it up separately from the database.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rundt_app::keyring::KeyRing;
use rundt_app::protect::FieldKeys;

use crate::files;

/// The key file inside a data folder.
pub fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("field.key")
}

/// Where the key in use lives, in words for the terminal.
pub fn location(data_dir: &Path) -> String {
    if std::env::var_os("RUNDT_FIELD_KEY").is_some() {
        "the environment variable RUNDT_FIELD_KEY".to_owned()
    } else {
        file(data_dir).display().to_string()
    }
}

/// Where a restore found the key.
pub enum Source {
    /// `RUNDT_FIELD_KEY`: nothing to write.
    Environment,
    /// A key file named on the command line: copied into the data folder.
    File,
    /// The data folder's own key file, put there by the operator.
    DataFolder,
}

/// The key in `RUNDT_FIELD_KEY`, when it is set.
fn from_environment() -> Option<Result<FieldKeys>> {
    let hex = std::env::var("RUNDT_FIELD_KEY").ok()?;
    Some(FieldKeys::from_hex(hex.trim()).map_err(|_| {
        anyhow::anyhow!(
            "RUNDT_FIELD_KEY must be {} hex characters",
            FieldKeys::HEX_LEN
        )
    }))
}

/// The key a restore must use, without ever creating one: `RUNDT_FIELD_KEY`,
/// then `key_file`, then the data folder's key file.
pub fn existing(data_dir: &Path, key_file: Option<&Path>) -> Result<Option<(FieldKeys, Source)>> {
    if let Some(keys) = from_environment() {
        return Ok(Some((keys?, Source::Environment)));
    }
    let (path, source) = match key_file {
        Some(p) => (p.to_owned(), Source::File),
        None => (file(data_dir), Source::DataFolder),
    };
    if !path.exists() {
        if key_file.is_some() {
            anyhow::bail!("the key file {} does not exist", path.display());
        }
        return Ok(None);
    }
    Ok(Some((read(&path)?, source)))
}

/// Writes `keys` as the data folder's key file (which must not exist).
pub fn install(data_dir: &Path, keys: &FieldKeys) -> Result<PathBuf> {
    let path = file(data_dir);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    files::write_new(&path, keys.to_hex().as_bytes(), true)?;
    Ok(path)
}

/// The previous key's file, present only while a key rotation is under way.
pub fn previous_file(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("field.previous.key")
}

/// Where retired keys are kept for the backups made with them.
pub fn retired_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("retired")
}

/// Reads a key file.
pub fn read(path: &Path) -> Result<FieldKeys> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    FieldKeys::from_hex(text.trim())
        .map_err(|_| anyhow::anyhow!("{} is not a Rundt key file", path.display()))
}

/// The keys a server runs with: the current ones (created on first start)
/// and, during a key rotation, the previous ones.
pub fn load_ring(data_dir: &Path) -> Result<KeyRing> {
    let current = load_or_create(data_dir)?;
    let previous = if std::env::var_os("RUNDT_FIELD_KEY").is_none() {
        read_previous(data_dir)?
    } else {
        None
    };
    Ok(KeyRing::new(current, previous))
}

/// The previous key, while a rotation is under way.
fn read_previous(data_dir: &Path) -> Result<Option<FieldKeys>> {
    let previous = previous_file(data_dir);
    previous.exists().then(|| read(&previous)).transpose()
}

/// Keeps a running server's keys in step with the key files: a key
/// rotation run next to it (`rundt keys rotate`) changes them, and every
/// server picks the change up within `every`.
pub fn spawn_reload(app: rundt_app::App, data_dir: PathBuf, every: std::time::Duration) {
    if std::env::var_os("RUNDT_FIELD_KEY").is_some() {
        return;
    }
    let stamp = move |d: &Path| {
        [file(d), previous_file(d)].map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok())
    };
    tokio::spawn(async move {
        let mut seen = stamp(&data_dir);
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let now = stamp(&data_dir);
            if now == seen {
                continue;
            }
            let loaded =
                read(&file(&data_dir)).and_then(|current| Ok((current, read_previous(&data_dir)?)));
            match loaded {
                Ok((current, previous)) => {
                    app.keys.replace(current, previous);
                    seen = now;
                    tracing::info!(
                        key = %app.keys.fingerprint(),
                        previous = ?app.keys.previous_fingerprint(),
                        "field keys reloaded"
                    );
                }
                // A file being replaced this instant: try again next tick.
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "field keys not reloaded yet"),
            }
        }
    });
}

/// Writes `keys` to `path` through a temporary file and a rename, so a
/// reader sees the old key or the new one, never half of one.
pub fn replace_file(path: &Path, keys: &FieldKeys) -> Result<()> {
    files::replace(path, keys.to_hex().as_bytes(), true)
}

/// Writes a new key file (which must not exist), owner-only.
pub fn write_new(path: &Path, keys: &FieldKeys) -> Result<()> {
    files::write_new(path, keys.to_hex().as_bytes(), true)?;
    files::sync_dir(path)
}

pub fn load_or_create(data_dir: &Path) -> Result<FieldKeys> {
    if let Some(keys) = from_environment() {
        return keys;
    }
    let file = file(data_dir);
    let dir = data_dir.join("keys");
    if file.exists() {
        return read(&file);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let keys = FieldKeys::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
    files::write_new(&file, keys.to_hex().as_bytes(), true)?;
    tracing::warn!(path = %file.display(), "created a new field key; back it up separately from the database");
    Ok(keys)
}
