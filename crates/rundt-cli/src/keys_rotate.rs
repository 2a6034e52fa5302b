//! `rundt keys rotate`: new field keys while Rundt serves.
//!
//! 1. The current key file is copied to `keys/field.previous.key` and a new
//!    key takes its place. Running servers notice within seconds
//!    ([`crate::keys::spawn_reload`]): from then on they seal and index with
//!    the new key, and still open values and find people under the old one.
//! 2. After `--settle`, every national identifier and second-factor secret
//!    is re-sealed (and re-indexed) under the new key, in batches, each one
//!    transaction with its audit event. Passes repeat until one changes
//!    nothing (a server that was slow to reload may have sealed a value with
//!    the old key meanwhile).
//! 3. The audit checkpoints, signed with the old key, are verified and
//!    signed anew with the new one.
//! 4. The old key is retired: moved to `keys/retired/`, where it stays for
//!    the backups made with it.
//!
//! Every step can be interrupted: run the command again and it continues
//! where the files and the rows say it stopped.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rundt_app::audit_log;
use rundt_app::key_rotation::{self, Census};
use rundt_app::protect::FieldKeys;
use rundt_app::{Actor, App};
use rundt_store::ProtectedKind;

use crate::{DbArgs, checkpoints, keys, progress};

/// How the rotation runs.
pub struct Options {
    pub settle: Duration,
    pub batch: u32,
    /// A pause after each batch (for the test that interrupts a rotation).
    pub pause: Duration,
}

pub async fn rotate(db: &DbArgs, options: &Options) -> Result<()> {
    if std::env::var_os("RUNDT_FIELD_KEY").is_some() {
        bail!(
            "the field key comes from RUNDT_FIELD_KEY, which this command cannot change; \
             docs/OPERATIONS.md shows how to rotate it by hand"
        );
    }
    let data = &db.data;
    let current_file = keys::file(data);
    let previous_file = keys::previous_file(data);
    if !current_file.is_file() {
        bail!(
            "there is no key file at {}; point --data (RUNDT_DATA) at the installation",
            current_file.display()
        );
    }
    let current = keys::read(&current_file)?;
    match previous_file
        .is_file()
        .then(|| keys::read(&previous_file))
        .transpose()?
    {
        Some(previous) if previous.fingerprint() != current.fingerprint() => println!(
            "A key rotation from {} to {} is under way; continuing it.",
            previous.fingerprint(),
            current.fingerprint()
        ),
        found => {
            if found.is_none() {
                keys::write_new(&previous_file, &current)?;
            }
            let new = FieldKeys::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
            keys::replace_file(&current_file, &new)?;
            println!(
                "New field key {} in use; the previous key {} is kept until every value is \
                 re-sealed.",
                new.fingerprint(),
                current.fingerprint()
            );
        }
    }

    let app = crate::open_app(db).await?;
    let actor = Actor::cli();
    if !options.settle.is_zero() {
        println!(
            "Waiting {} for running servers to load the new key …",
            humantime::format_duration(options.settle)
        );
        tokio::time::sleep(options.settle).await;
    }
    let before = key_rotation::census(&app, &actor, 10_000)
        .await
        .map_err(crate::describe)?;
    for pass in 1..=5 {
        if pass > 1 {
            println!("Checking again for values a server sealed meanwhile with the old key …");
        }
        let mut resealed = 0;
        for (kind, census) in &before {
            resealed += reseal_all(&app, &actor, *kind, census, options).await?;
        }
        if resealed == 0 || pass == 5 {
            break;
        }
    }
    let after = key_rotation::census(&app, &actor, 10_000)
        .await
        .map_err(crate::describe)?;
    for (kind, census) in &after {
        if !census.is_done() {
            bail!(
                "{}: {} still under the previous key and {} readable with neither key; the \
                 previous key is kept. Run `rundt keys check` and this command again",
                key_rotation::kind_name(*kind),
                census.previous,
                census.unreadable
            );
        }
    }
    resign_checkpoints(&app, data).await?;
    let retired = retire(data, &previous_file, app.clock.today())?;
    println!(
        "Rotation finished: every value is sealed with the key {}.",
        app.keys.fingerprint()
    );
    println!(
        "The old key is retired to {}. Keep it as long as you keep backups made before this \
         rotation (restoring one needs it), then destroy it.",
        retired.display()
    );
    Ok(())
}

async fn reseal_all(
    app: &App,
    actor: &Actor,
    kind: ProtectedKind,
    census: &Census,
    options: &Options,
) -> Result<u64> {
    let name = key_rotation::kind_name(kind);
    let started = Instant::now();
    let (mut after, mut scanned, mut resealed) = (0, 0u64, 0u64);
    loop {
        let batch = key_rotation::reseal_batch(app, actor, kind, after, options.batch)
            .await
            .map_err(crate::describe)?;
        let Some(last) = batch.last_id else { break };
        after = last;
        scanned += batch.scanned;
        resealed += batch.resealed;
        let total = census.total.max(scanned);
        let left = progress::estimate_left(started.elapsed(), scanned, total);
        println!(
            "{name}: {scanned}/{total} checked, {resealed} re-sealed ({}%), about {} left",
            scanned * 100 / total.max(1),
            humantime::format_duration(left)
        );
        if !options.pause.is_zero() {
            tokio::time::sleep(options.pause).await;
        }
    }
    Ok(resealed)
}

/// Verifies the chain against the checkpoints (signed with either key) and
/// writes them back signed with the current key.
async fn resign_checkpoints(app: &App, data: &Path) -> Result<()> {
    let path = checkpoints::file(data);
    let known = checkpoints::read(&path)?;
    let report = audit_log::verify_against(app, &known)
        .await
        .map_err(crate::describe)?;
    if !report.is_intact() {
        bail!(
            "the audit log does not verify ({} problem(s)); the checkpoints are not re-signed \
             and the previous key is kept. Run `rundt audit verify`",
            report.problems.len()
        );
    }
    let resigned = audit_log::resign(app, &known);
    checkpoints::replace_all(&path, &resigned)?;
    checkpoints::verify_and_record(app, &path, false).await?;
    Ok(())
}

/// Moves the previous key out of use, into `keys/retired/`.
fn retire(
    data: &Path,
    previous_file: &Path,
    today: chrono::NaiveDate,
) -> Result<std::path::PathBuf> {
    let previous = keys::read(previous_file)?;
    let dir = keys::retired_dir(data);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let target = dir.join(format!(
        "field-{}-retired-{}.key",
        previous.fingerprint(),
        today.format("%Y%m%d")
    ));
    std::fs::rename(previous_file, &target)
        .with_context(|| format!("moving {} to {}", previous_file.display(), target.display()))?;
    crate::files::sync_dir(&target)?;
    crate::files::sync_dir(previous_file)?;
    Ok(target)
}

/// `rundt keys check`: how the protected values stand against the keys.
pub async fn check(db: &DbArgs) -> Result<()> {
    let app = crate::open_app(db).await?;
    let census = key_rotation::census(&app, &Actor::cli(), 10_000)
        .await
        .map_err(crate::describe)?;
    println!("current key {}", app.keys.fingerprint());
    if let Some(p) = app.keys.previous_fingerprint() {
        println!("previous key {p} (a rotation is under way)");
    }
    let mut done = true;
    for (kind, c) in &census {
        println!(
            "{}: {} in all, {} under the current key, {} under the previous key, {} unreadable",
            key_rotation::kind_name(*kind),
            c.total,
            c.current,
            c.previous,
            c.unreadable
        );
        done &= c.is_done();
    }
    if census.iter().any(|(_, c)| c.unreadable > 0) {
        bail!("some protected values cannot be read with the keys in use");
    }
    if !done {
        println!("A rotation is unfinished: run `rundt keys rotate` to finish it.");
    }
    Ok(())
}
