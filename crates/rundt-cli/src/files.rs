//! Writing the command line's own files (key files, checkpoints, backup
//! manifests) so that a crash leaves the old content or the new, never half:
//! a new file is flushed before it counts, a replacement is written under a
//! temporary name and renamed over the old one, and the directory entry is
//! flushed too.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// `path` with `suffix` added to its file name (`a.key` → `a.key.new`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates `path` (which must not exist) with `bytes`, flushed to disk;
/// `private` files are readable by their owner only.
pub fn write_new(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut f = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    f.sync_all()?;
    Ok(())
}

/// Puts `bytes` in place of `path`'s content (or creates it) through
/// `<path>.new` and a rename, then flushes the directory.
pub fn replace(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    let tmp = with_suffix(path, ".new");
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, bytes, private)?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    sync_dir(path)
}

/// Flushes the directory entry of `file` (a rename, a new file) to disk.
pub fn sync_dir(file: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}
