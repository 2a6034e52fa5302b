//! The keys that protect national identifiers and second-factor secrets at
//! rest. They live outside the database: in `RUNDT_FIELD_KEY` (hex; for
//! several app servers sharing one PostgreSQL) or in `<data>/keys/field.key`,
//! created on first start with owner-only permissions. Losing the key makes
//! protected fields unreadable: back it up separately from the database.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rundt_app::protect::FieldKeys;

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

/// The key a restore must use, without ever creating one: `RUNDT_FIELD_KEY`,
/// then `key_file`, then the data folder's key file.
pub fn existing(data_dir: &Path, key_file: Option<&Path>) -> Result<Option<(FieldKeys, Source)>> {
    if let Ok(hex) = std::env::var("RUNDT_FIELD_KEY") {
        let keys = FieldKeys::from_hex(hex.trim()).map_err(|_| {
            anyhow::anyhow!(
                "RUNDT_FIELD_KEY must be {} hex characters",
                FieldKeys::HEX_LEN
            )
        })?;
        return Ok(Some((keys, Source::Environment)));
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
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let keys = FieldKeys::from_hex(text.trim())
        .map_err(|_| anyhow::anyhow!("{} is not a Rundt key file", path.display()))?;
    Ok(Some((keys, source)))
}

/// Writes `keys` as the data folder's key file (which must not exist).
pub fn install(data_dir: &Path, keys: &FieldKeys) -> Result<PathBuf> {
    let path = file(data_dir);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    write_private(&path, &keys.to_hex())?;
    Ok(path)
}

pub fn load_or_create(data_dir: &Path) -> Result<FieldKeys> {
    if let Ok(hex) = std::env::var("RUNDT_FIELD_KEY") {
        return FieldKeys::from_hex(hex.trim()).map_err(|_| {
            anyhow::anyhow!(
                "RUNDT_FIELD_KEY must be {} hex characters",
                FieldKeys::HEX_LEN
            )
        });
    }
    let file = file(data_dir);
    let dir = data_dir.join("keys");
    if file.exists() {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        return FieldKeys::from_hex(text.trim())
            .map_err(|_| anyhow::anyhow!("{} is not a Rundt key file", file.display()));
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let keys = FieldKeys::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
    write_private(&file, &keys.to_hex())?;
    tracing::warn!(path = %file.display(), "created a new field key; back it up separately from the database");
    Ok(keys)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        anyhow::bail!("{} exists", path.display());
    }
    std::fs::write(path, text).with_context(|| format!("creating {}", path.display()))
}
