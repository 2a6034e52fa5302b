//! Consistent copies of a database file while Rundt runs, and the checks a
//! copy must pass before anyone relies on it.
//!
//! A copy is made with `VACUUM INTO` on a connection of its own: SQLite reads
//! one snapshot of the database (WAL included) in a read transaction, so
//! writers go on while it runs and the copy is one consistent, checkpointed
//! file. Copying the file with `cp` would not be: the WAL beside it holds
//! committed pages the main file does not have yet.

use std::path::Path;

use rundt_store::{StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::convert::db_err;

/// What a copy holds, read from the copy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotHead {
    /// The newest migration applied.
    pub schema_version: i64,
    /// Audit events in the copy.
    pub audit_events: i64,
    /// The last audit event's sequence number and hash (0 and the genesis
    /// hash's absence when the log is empty).
    pub audit_last_seq: i64,
    pub audit_last_hash: Option<String>,
}

fn open(path: &Path, flags: OpenFlags) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(db_err)?;
    Ok(conn)
}

/// Writes a consistent copy of the database at `database` to `dest`, which
/// must not exist yet. Writers of other connections and processes go on
/// while it runs.
pub fn copy_consistent(database: &Path, dest: &Path) -> StoreResult<()> {
    if !database.is_file() {
        return Err(StoreError::Unavailable(format!(
            "there is no database at {}",
            database.display()
        )));
    }
    if dest.exists() {
        return Err(StoreError::Unavailable(format!(
            "{} exists already; a backup never overwrites a file",
            dest.display()
        )));
    }
    let dest_text = dest.to_str().ok_or_else(|| {
        StoreError::Unavailable(format!(
            "the backup path {} is not valid UTF-8",
            dest.display()
        ))
    })?;
    let conn = open(
        database,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute("VACUUM INTO ?1", [dest_text])
        .map_err(db_err)?;
    Ok(())
}

/// SQLite's own checks of a database file: `integrity_check` (b-trees,
/// indexes, page accounting) and `foreign_key_check`. Empty when the file
/// is sound; otherwise what SQLite found, one line each.
pub fn check_file(path: &Path) -> StoreResult<Vec<String>> {
    let conn = open(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(db_err)?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    problems.extend(lines.into_iter().filter(|l| l != "ok"));
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").map_err(db_err)?;
    let orphans = stmt
        .query_map([], |r| {
            Ok(format!(
                "foreign key: row {} of {} points to a missing row of {}",
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(0)?,
                r.get::<_, String>(2)?
            ))
        })
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    problems.extend(orphans);
    Ok(problems)
}

/// The schema version and audit head recorded in a database file.
pub fn head(path: &Path) -> StoreResult<SnapshotHead> {
    let conn = open(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let schema_version: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )
        .map_err(|e| {
            StoreError::Unavailable(format!(
                "{} is not a Rundt database (no migration ledger: {e})",
                path.display()
            ))
        })?;
    let audit_events: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_events", [], |r| r.get(0))
        .map_err(db_err)?;
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(db_err)?;
    Ok(SnapshotHead {
        schema_version,
        audit_events,
        audit_last_seq: last.as_ref().map_or(0, |(seq, _)| *seq),
        audit_last_hash: last.map(|(_, hash)| hash),
    })
}

/// The hash the audit event `seq` has in the database file, if it is there.
pub fn audit_hash_at(path: &Path, seq: i64) -> StoreResult<Option<String>> {
    let conn = open(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.query_row("SELECT hash FROM audit_events WHERE seq = ?1", [seq], |r| {
        r.get(0)
    })
    .optional()
    .map_err(db_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database_with_rows(dir: &Path, rows: i64) -> std::path::PathBuf {
        let path = dir.join("live.sqlite3");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT);
             INSERT INTO schema_migrations VALUES (7, 'seven', 'now');
             CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL);",
        )
        .unwrap();
        for seq in 1..=rows {
            conn.execute(
                "INSERT INTO audit_events (seq, hash) VALUES (?1, ?2)",
                rusqlite::params![seq, format!("h{seq}")],
            )
            .unwrap();
        }
        // Keep the connection's WAL un-checkpointed, as a running server has it.
        std::mem::forget(conn);
        path
    }

    #[test]
    fn a_copy_holds_what_was_committed_even_when_it_is_still_in_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let live = database_with_rows(dir.path(), 25);
        let copy = dir.path().join("copy.sqlite3");
        copy_consistent(&live, &copy).unwrap();
        assert!(check_file(&copy).unwrap().is_empty());
        let head = head(&copy).unwrap();
        assert_eq!(head.schema_version, 7);
        assert_eq!(head.audit_events, 25);
        assert_eq!(head.audit_last_seq, 25);
        assert_eq!(head.audit_last_hash.as_deref(), Some("h25"));
        assert_eq!(audit_hash_at(&copy, 3).unwrap().as_deref(), Some("h3"));
    }

    #[test]
    fn a_backup_never_overwrites_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let live = database_with_rows(dir.path(), 1);
        let copy = dir.path().join("copy.sqlite3");
        std::fs::write(&copy, b"precious").unwrap();
        let err = copy_consistent(&live, &copy).unwrap_err();
        assert!(err.to_string().contains("never overwrites"), "{err}");
        assert_eq!(std::fs::read(&copy).unwrap(), b"precious");
    }

    #[test]
    fn a_damaged_file_fails_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let live = database_with_rows(dir.path(), 200);
        let copy = dir.path().join("copy.sqlite3");
        copy_consistent(&live, &copy).unwrap();
        let mut bytes = std::fs::read(&copy).unwrap();
        // Break the b-tree page headers (page type, cell counts) past page 1.
        let page = 4096;
        for start in (page..bytes.len()).step_by(page) {
            for b in bytes.iter_mut().skip(start).take(8) {
                *b ^= 0x5a;
            }
        }
        std::fs::write(&copy, &bytes).unwrap();
        let found = check_file(&copy);
        assert!(
            found.as_ref().map_or(true, |p| !p.is_empty()),
            "a damaged copy passed: {found:?}"
        );
    }
}
