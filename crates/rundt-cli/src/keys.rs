//! The keys that protect national identifiers and second-factor secrets at
//! rest. They live outside the database: in `RUNDT_FIELD_KEY` (hex; for
//! several app servers sharing one PostgreSQL) or in `<data>/keys/field.key`,
//! created on first start with owner-only permissions. Losing the key makes
//! protected fields unreadable: back it up separately from the database.

use std::path::Path;

use anyhow::{Context, Result};
use rundt_app::protect::FieldKeys;

pub fn load_or_create(data_dir: &Path) -> Result<FieldKeys> {
    if let Ok(hex) = std::env::var("RUNDT_FIELD_KEY") {
        return FieldKeys::from_hex(hex.trim()).map_err(|_| {
            anyhow::anyhow!(
                "RUNDT_FIELD_KEY must be {} hex characters",
                FieldKeys::HEX_LEN
            )
        });
    }
    let dir = data_dir.join("keys");
    let file = dir.join("field.key");
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
