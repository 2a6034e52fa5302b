//! Signed audit checkpoints, kept in a file outside the database
//! (`<data>/audit/checkpoints.log`, one line per checkpoint). A database-only
//! attacker who cuts events off the end of the log, or rewrites the whole
//! chain, cannot make the checkpoints agree without the field key.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rundt_app::App;
use rundt_app::audit_log::{self, Checkpoint, VerifyReport};

pub fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("audit").join("checkpoints.log")
}

pub fn read(path: &Path) -> Result<Vec<Checkpoint>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text.lines().filter_map(Checkpoint::from_line).collect())
}

fn append(path: &Path, c: &Checkpoint) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    writeln!(f, "{}", c.to_line())?;
    f.sync_all()?;
    Ok(())
}

/// Replaces the whole checkpoint file (after a key rotation re-signed the
/// checkpoints): written to a temporary file, flushed, then renamed.
pub fn replace_all(path: &Path, checkpoints: &[Checkpoint]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let text: String = checkpoints
        .iter()
        .map(|c| format!("{}\n", c.to_line()))
        .collect();
    crate::files::replace(path, text.as_bytes(), false)
}

/// Verifies the chain against the stored checkpoints, from the last one
/// (routine) or from the first event (`full`); when intact, records a new
/// checkpoint of the current head.
pub async fn verify_and_record(app: &App, path: &Path, full: bool) -> Result<VerifyReport> {
    let known = read(path)?;
    let report = if full {
        audit_log::verify_against(app, &known).await
    } else {
        audit_log::verify_from_checkpoint(app, &known).await
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    if report.is_intact()
        && report.last_seq > 0
        && known.last().is_none_or(|c| c.seq < report.last_seq)
    {
        append(path, &audit_log::checkpoint(app, &report))?;
    }
    Ok(report)
}

/// Records a checkpoint every hour while the server runs (a routine
/// verification: from the last checkpoint).
pub fn spawn_hourly(app: App, path: PathBuf) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match verify_and_record(&app, &path, false).await {
                Ok(r) if r.is_intact() => {
                    tracing::info!(events = r.events, "audit checkpoint recorded")
                }
                Ok(r) => {
                    for p in &r.problems {
                        tracing::error!(
                            problem = %rundt_i18n::message(rundt_i18n::Locale::En, &p.message()),
                            "AUDIT LOG TAMPERING DETECTED"
                        );
                    }
                }
                Err(e) => tracing::error!(error = %e, "audit checkpoint failed"),
            }
        }
    });
}
