//! Group commit on the writer thread.
//!
//! Every write of the store, and every read whose access-log audit events the
//! law asks for, is a transaction on the one writer connection, and with
//! `synchronous=FULL` each commit waits for an fsync. Under load that fsync,
//! not the work, caps the rate. So the writer takes every transaction that
//! is already waiting (up to [`MAX_BATCH`]), runs each in a savepoint of one
//! transaction, in the order they came, and commits once:
//!
//! - each body sees the ones before it, exactly as if they had run one after
//!   the other (the audit chain reads its head inside the transaction);
//! - a body that fails is rolled back to its savepoint alone, and its caller
//!   gets its error; the others go on;
//! - nobody hears "done" before the commit is on disk; if the commit (or
//!   SQLite's own rollback of the whole transaction) fails, every caller in
//!   the batch hears that it failed, so an acknowledged write is never lost.
//!
//! When one request at a time comes, a batch is one transaction: nothing
//! waits to gather company.

use rundt_store::{StoreError, StoreResult};
use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::convert::db_err;

/// At most this many transactions share one commit, so a burst cannot hold
/// the first caller's answer back for long.
pub const MAX_BATCH: usize = 64;

/// One job for the writer thread.
pub enum Job {
    /// A transaction's body: run in a savepoint of the batch's transaction.
    Tx(Box<dyn TxJob>),
    /// Work that manages its own transactions (migrations, checkpoints):
    /// runs alone, between batches.
    Raw(Box<dyn FnOnce(&mut Connection) + Send>),
}

/// A transaction's body and the caller waiting for it.
pub trait TxJob: Send {
    /// Runs the body; whether it succeeded.
    fn run(&mut self, conn: &Connection) -> bool;
    /// The body's failure as the whole batch's, when SQLite rolled the batch
    /// back because of it (a full disk stays "not writable").
    fn failure(&self) -> Option<StoreError>;
    /// Answers the caller once the batch is committed (`Ok`) or not.
    fn answer(self: Box<Self>, batch: Result<(), &StoreError>);
}

/// The body `f` with the channel its result goes back on.
pub struct Body<T, F> {
    f: Option<F>,
    out: Option<StoreResult<T>>,
    reply: oneshot::Sender<StoreResult<T>>,
}

impl<T, F> Body<T, F> {
    pub fn new(f: F, reply: oneshot::Sender<StoreResult<T>>) -> Self {
        Self {
            f: Some(f),
            out: None,
            reply,
        }
    }
}

impl<T, F> TxJob for Body<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> StoreResult<T> + Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let out = match self.f.take() {
            Some(f) => f(conn),
            None => Err(StoreError::Internal("a write ran twice".into())),
        };
        let ok = out.is_ok();
        self.out = Some(out);
        ok
    }

    fn failure(&self) -> Option<StoreError> {
        match &self.out {
            Some(Err(e)) => Some(e.not_committed()),
            _ => None,
        }
    }

    fn answer(self: Box<Self>, batch: Result<(), &StoreError>) {
        let out = match (batch, self.out) {
            // Its own refusal stands: only its savepoint was rolled back.
            (_, Some(Err(own))) => Err(own),
            (Ok(()), Some(Ok(value))) => Ok(value),
            (Err(e), _) => Err(e.not_committed()),
            (Ok(()), None) => Err(StoreError::Internal("a write never ran".into())),
        };
        // The caller may have gone (a dropped request); nothing to tell.
        let _ = self.reply.send(out);
    }
}

/// The writer thread's loop: raw jobs alone, transactions in batches of
/// those already waiting. Ends when every sender is gone.
pub fn writer_loop(mut conn: Connection, jobs: std::sync::mpsc::Receiver<Job>) {
    let mut next = None;
    loop {
        let job = match next.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        match job {
            Job::Raw(f) => f(&mut conn),
            Job::Tx(first) => {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match jobs.try_recv() {
                        Ok(Job::Tx(more)) => batch.push(more),
                        Ok(raw) => {
                            next = Some(raw);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                commit_batch(&mut conn, batch);
            }
        }
    }
}

/// Runs `batch` in one transaction, each body in its own savepoint, commits
/// once, then answers every caller.
fn commit_batch(conn: &mut Connection, mut batch: Vec<Box<dyn TxJob>>) {
    let outcome = run_in_one_transaction(conn, &mut batch);
    if outcome.is_err() && !conn.is_autocommit() {
        // Nothing of the batch may stay half-done on the connection; if the
        // rollback itself fails, the next BEGIN reports the state.
        let _ = conn.execute_batch("ROLLBACK");
    }
    for job in batch {
        job.answer(outcome.as_ref().map(|_| ()));
    }
}

fn run_in_one_transaction(conn: &Connection, batch: &mut [Box<dyn TxJob>]) -> StoreResult<()> {
    // IMMEDIATE takes the write lock at BEGIN, waiting (busy timeout) while
    // another process writes: `rundt backup`, `rundt audit verify` or
    // `rundt keys rotate` beside a running server. A deferred transaction
    // would start as a reader and fail at once with SQLITE_BUSY_SNAPSHOT when
    // that process had committed in between (seen by the crash harness as a
    // 503).
    conn.execute_batch("BEGIN IMMEDIATE").map_err(db_err)?;
    for job in batch.iter_mut() {
        conn.execute_batch("SAVEPOINT body").map_err(db_err)?;
        let ok = job.run(conn);
        if conn.is_autocommit() {
            // SQLite rolled the whole transaction back (an I/O error, a full
            // disk): the bodies before this one are gone too.
            return Err(job.failure().unwrap_or_else(|| {
                StoreError::Unavailable("the database rolled the transaction back".into())
            }));
        }
        let end = if ok {
            "RELEASE body"
        } else {
            "ROLLBACK TO body; RELEASE body"
        };
        conn.execute_batch(end).map_err(db_err)?;
    }
    conn.execute_batch("COMMIT").map_err(db_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn body<T: Send + 'static>(
        f: impl FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    ) -> (Job, oneshot::Receiver<StoreResult<T>>) {
        let (tx, rx) = oneshot::channel();
        (Job::Tx(Box::new(Body::new(f, tx))), rx)
    }

    fn insert(n: i64) -> impl FnOnce(&Connection) -> StoreResult<i64> + Send + 'static {
        move |c| {
            c.execute("INSERT INTO notes (n) VALUES (?1)", [n])
                .map_err(db_err)?;
            Ok(n)
        }
    }

    fn notes(path: &std::path::Path) -> Vec<i64> {
        let c = Connection::open(path).unwrap();
        let mut s = c.prepare("SELECT n FROM notes ORDER BY rowid").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Queues `jobs` before the writer starts, so they form one batch.
    fn run_as_one_batch(path: &std::path::Path, jobs: Vec<Job>) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("CREATE TABLE IF NOT EXISTS notes (n INTEGER UNIQUE)")
            .unwrap();
        let (tx, rx) = mpsc::channel();
        for job in jobs {
            tx.send(job).unwrap();
        }
        drop(tx);
        writer_loop(conn, rx);
    }

    #[test]
    fn waiting_writes_share_one_commit_and_a_refused_one_is_rolled_back_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let (a, ra) = body(insert(1));
        // The second repeats the first's unique value: refused, alone.
        let (b, rb) = body(insert(1));
        let (c, rc) = body(|c: &Connection| {
            // A body sees the ones before it in the same batch.
            c.query_row("SELECT COUNT(*) FROM notes", [], |r| r.get::<_, i64>(0))
                .map_err(db_err)
        });
        let (d, rd) = body(insert(3));
        run_as_one_batch(&path, vec![a, b, c, d]);
        assert_eq!(ra.blocking_recv().unwrap().unwrap(), 1);
        assert!(rb.blocking_recv().unwrap().is_err());
        assert_eq!(rc.blocking_recv().unwrap().unwrap(), 1);
        assert_eq!(rd.blocking_recv().unwrap().unwrap(), 3);
        assert_eq!(notes(&path), vec![1, 3]);
    }

    #[test]
    fn when_the_batch_cannot_commit_nobody_hears_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let (a, ra) = body(insert(1));
        // A body that ends the transaction behind the writer's back: the
        // commit then fails, and the first body's "done" must not be sent.
        let (b, rb) = body(|c: &Connection| {
            c.execute_batch("ROLLBACK").map_err(db_err)?;
            Ok(0_i64)
        });
        run_as_one_batch(&path, vec![a, b]);
        assert!(ra.blocking_recv().unwrap().is_err());
        assert!(rb.blocking_recv().unwrap().is_err());
        assert!(notes(&path).is_empty());
    }

    #[test]
    fn a_full_disk_at_commit_is_told_to_every_caller_as_not_writable() {
        let full = StoreError::NotWritable("database or disk is full".into());
        assert!(matches!(full.not_committed(), StoreError::NotWritable(_)));
        let busy = StoreError::Unavailable("database is locked".into());
        assert!(matches!(busy.not_committed(), StoreError::Unavailable(_)));
        let other = StoreError::Internal("disk I/O error".into());
        assert!(matches!(other.not_committed(), StoreError::Internal(_)));
    }

    #[test]
    fn a_raw_job_runs_between_batches_in_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let (a, ra) = body(insert(1));
        let (seen_tx, seen_rx) = mpsc::channel();
        let raw = Job::Raw(Box::new(move |c: &mut Connection| {
            let n: i64 = c
                .query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0))
                .unwrap();
            seen_tx.send((n, c.is_autocommit())).unwrap();
        }));
        let (b, rb) = body(insert(2));
        run_as_one_batch(&path, vec![a, raw, b]);
        assert_eq!(seen_rx.recv().unwrap(), (1, true), "after the first commit");
        assert_eq!(ra.blocking_recv().unwrap().unwrap(), 1);
        assert_eq!(rb.blocking_recv().unwrap().unwrap(), 2);
        assert_eq!(notes(&path), vec![1, 2]);
    }
}
