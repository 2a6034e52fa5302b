//! Connection handling: one writer thread that owns the only writing
//! connection (SQLite allows one writer at a time, and serialising writes in
//! one thread avoids `SQLITE_BUSY`) and commits the transactions waiting for
//! it together ([`crate::group_commit`]), and a small pool of read-only
//! connections used from Tokio's blocking pool. WAL lets readers run while the
//! writer commits.

use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};

use rundt_store::{StoreError, StoreResult};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{Semaphore, oneshot};

use crate::convert::db_err;
use crate::group_commit::{Body, Job, writer_loop};

/// Oldest SQLite accepted: 3.51.3 fixes a WAL-reset corruption race.
pub const MIN_SQLITE_VERSION: i32 = 3_051_003;

pub struct Connections {
    writer: Mutex<mpsc::Sender<Job>>,
    readers: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
}

/// Page cache of the writing connection, in KiB: the hot pages of what
/// every write touches (the audit log's tail and indexes, the summary
/// tables) stay in memory across transactions.
const WRITER_CACHE_KIB: i64 = 32 * 1024;
/// Page cache of each reading connection, in KiB. SQLite's default is
/// 2 MiB; at `national-10y` a team page's reads did not fit in it and
/// went back to the operating system for the same pages on every request
/// (docs/PERFORMANCE.md). The writer's and the readers' caches together
/// are at most 32 + 4 × 24 = 128 MiB, which keeps the server within its
/// 300 MiB target when every cache is full.
const READER_CACHE_KIB: i64 = 24 * 1024;
/// Prepared statements kept per connection. rusqlite keeps 16 by
/// default; a team page alone runs more different statements than that, so
/// each request prepared most of its SQL again (a tenth of the server's
/// time at `national-10y`, docs/PERFORMANCE.md). Rundt runs a few hundred
/// different statements in all.
const STATEMENT_CACHE: usize = 256;

fn configure(conn: &Connection, read_only: bool) -> StoreResult<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(db_err)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // The query planner's stability guarantee: a statement's plan does not
    // depend on the values bound to it. Without it SQLite marked nearly
    // every statement to be compiled again whenever it was bound anew, and
    // rusqlite's cache clears the bindings on each return, so the cached
    // statements were compiled again on every use (`sqlite3Reprepare`,
    // 7 % of the server's time at national-10y; docs/PERFORMANCE.md).
    // Rundt's plans come from its indexes, never from a bound value.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
        .map_err(db_err)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(db_err)?;
    // A negative cache_size is a size in KiB rather than a page count.
    let cache_kib = if read_only {
        READER_CACHE_KIB
    } else {
        WRITER_CACHE_KIB
    };
    conn.pragma_update(None, "cache_size", -cache_kib)
        .map_err(db_err)?;
    if read_only {
        conn.pragma_update(None, "query_only", true)
            .map_err(db_err)?;
    } else {
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(db_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Unavailable(format!(
                "could not switch the database to WAL mode (got {mode})"
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db_err)?;
        // What is deleted (retention) is overwritten, not left readable in
        // free pages of the file.
        conn.pragma_update(None, "secure_delete", true)
            .map_err(db_err)?;
    }
    Ok(())
}

/// `PRAGMA optimize=0x10002` on the writer: SQLite's advice for a
/// connection that lives long, run once at start (after the migrations, so
/// their new tables and indexes are seen). It runs `ANALYZE`, with SQLite's
/// own time limit, on the tables whose statistics are missing or stale, so
/// the planner knows, say, that a month range of one team is a few rows.
/// Not repeated while the server runs: what the dashboards read keeps its
/// shape (a row per team and month) as it grows, so statistics from the
/// last start stay right; a restart refreshes them. The readers open
/// before this and are query-only; they load the statistics with the
/// schema that the migrations changed.
pub fn optimize(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch("PRAGMA optimize=0x10002")
        .map_err(db_err)
}

/// `PRAGMA wal_checkpoint(TRUNCATE)`: copies every frame of the write-ahead
/// log into the database and empties the log. A reader in the middle of a
/// read can hold it back; that is reported, not ignored.
pub fn checkpoint_truncate(conn: &mut Connection) -> StoreResult<()> {
    let (busy, log_frames, checkpointed): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(db_err)?;
    if busy != 0 {
        return Err(StoreError::Unavailable(format!(
            "the write-ahead log could not be emptied: a reader held it \
             ({checkpointed} of {log_frames} frames copied; SQLite copies \
             the rest when the database is next opened)"
        )));
    }
    Ok(())
}

impl Connections {
    pub fn open(path: &Path, readers: usize) -> StoreResult<Self> {
        let version = rusqlite::version_number();
        if version < MIN_SQLITE_VERSION {
            return Err(StoreError::Unavailable(format!(
                "SQLite {} is too old; Rundt needs 3.51.3 or newer",
                rusqlite::version()
            )));
        }
        let open = |flags| {
            Connection::open_with_flags(path, flags).map_err(|e| {
                StoreError::Unavailable(format!("cannot open {}: {e}", path.display()))
            })
        };
        let writer = open(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
        configure(&writer, false)?;
        let mut pool = Vec::with_capacity(readers);
        for _ in 0..readers {
            let conn = open(OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            configure(&conn, true)?;
            pool.push(conn);
        }
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("rundt-sqlite-writer".into())
            .spawn(move || writer_loop(writer, rx))
            .map_err(|e| StoreError::Internal(format!("cannot start the writer thread: {e}")))?;
        Ok(Self {
            writer: Mutex::new(tx),
            readers: Arc::new(Mutex::new(pool)),
            permits: Arc::new(Semaphore::new(readers)),
        })
    }

    /// Runs `f` in one transaction on the writer thread: committed when
    /// `f` succeeds, rolled back when it fails, answered only once the
    /// commit is on disk (possibly together with others waiting at the same
    /// time, see [`crate::group_commit`]). Every write of the store goes this
    /// way, with its audit event appended inside `f`.
    pub async fn write<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.send(Job::Tx(Box::new(Body::new(f, tx))))?;
        rx.await
            .map_err(|_| StoreError::Internal("the writer dropped a job".into()))?
    }

    /// Runs `f` on the writer thread, outside any transaction (migrations
    /// manage their own).
    pub async fn on_writer<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.send(Job::Raw(Box::new(move |conn| {
            let _ = tx.send(f(conn));
        })))?;
        rx.await
            .map_err(|_| StoreError::Internal("the writer dropped a job".into()))?
    }

    fn send(&self, job: Job) -> StoreResult<()> {
        self.writer
            .lock()
            .map_err(|_| StoreError::Internal("writer channel poisoned".into()))?
            .send(job)
            .map_err(|_| StoreError::Unavailable("the writer thread has stopped".into()))
    }

    /// Runs `f` on a pooled read-only connection.
    pub async fn read<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the reader pool is closed".into()))?;
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || {
            let conn = readers
                .lock()
                .map_err(|_| StoreError::Internal("reader pool poisoned".into()))?
                .pop()
                .ok_or_else(|| StoreError::Internal("reader pool empty despite permit".into()))?;
            let result = f(&conn);
            if let Ok(mut pool) = readers.lock() {
                pool.push(conn);
            }
            drop(permit);
            result
        })
        .await
        .map_err(|e| StoreError::Internal(format!("reader task failed: {e}")))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Another process (here: another connection) commits while one of the
    /// server's write transactions has read but not yet written. With a
    /// deferred BEGIN the server's write failed at once ("database is
    /// locked", SQLITE_BUSY_SNAPSHOT); it must wait its turn instead.
    #[tokio::test]
    async fn a_write_waits_for_another_process_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let conns = Connections::open(&path, 1).unwrap();
        conns
            .write(|c| {
                c.execute_batch("CREATE TABLE notes (n INTEGER)")
                    .map_err(db_err)
            })
            .await
            .unwrap();
        let other_path = path.clone();
        let other = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let c = Connection::open(other_path).unwrap();
            c.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            c.execute("INSERT INTO notes VALUES (2)", []).unwrap();
        });
        conns
            .write(|c| {
                let n: i64 = c
                    .query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0))
                    .map_err(db_err)?;
                std::thread::sleep(std::time::Duration::from_millis(300));
                c.execute("INSERT INTO notes VALUES (?1)", [n + 1])
                    .map_err(db_err)?;
                Ok(())
            })
            .await
            .unwrap();
        other.join().unwrap();
        let count: i64 = conns
            .read(|c| {
                c.query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0))
                    .map_err(db_err)
            })
            .await
            .unwrap();
        assert_eq!(count, 2);
    }

    /// A statement from the cache runs again with new values without being
    /// compiled again (the planner's stability guarantee in `configure`):
    /// without it, this plain lookup of a family's referral additions was
    /// compiled anew on each use.
    #[tokio::test]
    async fn a_cached_statement_is_not_compiled_again_for_new_values() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::SqliteStore::open_file(&dir.path().join("db.sqlite3")).unwrap();
        rundt_store::Store::migrate(&store).await.unwrap();
        let sql = "SELECT id FROM referral_additions WHERE case_id = ?1 ORDER BY id";
        for conn_reprepared in [
            store
                .conns
                .read(move |c| uses_with_new_values(c, sql))
                .await
                .unwrap(),
            store
                .conns
                .write(move |c| uses_with_new_values(c, sql))
                .await
                .unwrap(),
        ] {
            assert_eq!(conn_reprepared, 0);
        }
    }

    /// Runs `sql` from the cache with three values; how often it was
    /// compiled again.
    fn uses_with_new_values(c: &Connection, sql: &str) -> StoreResult<i32> {
        for case_id in 1..=3_i64 {
            let mut stmt = c.prepare_cached(sql).map_err(db_err)?;
            let rows = stmt
                .query_map([case_id], |r| r.get::<_, i64>(0))
                .map_err(db_err)?;
            assert_eq!(rows.count(), 0);
        }
        let stmt = c.prepare_cached(sql).map_err(db_err)?;
        Ok(stmt.get_status(rusqlite::StatementStatus::RePrepare))
    }
}
