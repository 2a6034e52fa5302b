//! Group commit for the audit events of reads.
//!
//! A read of personal data appends its event in a transaction of its own,
//! and every append holds the audit table's lock through its commit and
//! the commit's WAL flush ([`append_audit_tx`]): one audited read at a time
//! per database, one flush each. Here the events that arrive while a batch
//! is being written wait and go together into the next transaction — one
//! lock, one flush, one answer per caller once it is committed. Nothing is
//! answered before the commit, so an answered read's event is never lost.
//!
//! No background task outlives its work: the first caller that finds no
//! batch running spawns one that drains the queue and ends when it is
//! empty. The work runs in its own task, so a caller that goes away (a
//! dropped request) cannot abandon the others' events half-written.

use std::sync::{Arc, Mutex, MutexGuard};

use deadpool_postgres::Pool;
use rundt_domain::audit::AuditEvent;
use rundt_store::{StoreError, StoreResult};
use tokio::sync::oneshot;

use crate::audit::append_audit_events;

/// At most this many events share a transaction.
pub(crate) const MAX_BATCH: usize = 64;

type Waiting = (AuditEvent, oneshot::Sender<StoreResult<i64>>);

#[derive(Default)]
struct Queue {
    waiting: Vec<Waiting>,
    /// A task is draining the queue.
    draining: bool,
}

/// The queue of audit events waiting for their transaction.
#[derive(Clone, Default)]
pub(crate) struct AuditBatcher {
    queue: Arc<Mutex<Queue>>,
}

impl AuditBatcher {
    fn lock(&self) -> StoreResult<MutexGuard<'_, Queue>> {
        self.queue
            .lock()
            .map_err(|_| StoreError::Internal("the audit queue is poisoned".into()))
    }

    /// Appends `event` in the next batch; its sequence number once the
    /// batch is committed.
    pub(crate) async fn append(&self, pool: &Pool, event: &AuditEvent) -> StoreResult<i64> {
        let (answer, answered) = oneshot::channel();
        let start = {
            let mut queue = self.lock()?;
            queue.waiting.push((event.clone(), answer));
            !std::mem::replace(&mut queue.draining, true)
        };
        if start {
            let (me, pool) = (self.clone(), pool.clone());
            tokio::spawn(async move { me.drain(&pool).await });
        }
        answered.await.map_err(|_| {
            StoreError::Unavailable("the audit log's writer stopped before the commit".into())
        })?
    }

    /// Writes batches until nobody waits.
    async fn drain(&self, pool: &Pool) {
        let mut guard = Draining {
            batcher: self,
            finished: false,
        };
        loop {
            let batch: Vec<Waiting> = match self.lock() {
                Ok(mut queue) if queue.waiting.is_empty() => {
                    queue.draining = false;
                    guard.finished = true;
                    return;
                }
                Ok(mut queue) => {
                    let n = queue.waiting.len().min(MAX_BATCH);
                    queue.waiting.drain(..n).collect()
                }
                // Poisoned: the waiting callers are told by their dropped
                // senders when the queue goes.
                Err(_) => return,
            };
            let (events, answers): (Vec<AuditEvent>, Vec<_>) = batch.into_iter().unzip();
            match append_audit_events(pool, &events).await {
                Ok(seqs) => {
                    for (answer, seq) in answers.into_iter().zip(seqs) {
                        // A caller that went away needs no answer.
                        let _ = answer.send(Ok(seq));
                    }
                }
                Err(e) => {
                    for answer in answers {
                        let _ = answer.send(Err(e.not_committed()));
                    }
                }
            }
        }
    }
}

/// Lets the next caller start a new drain if this one ends early (its
/// runtime shut down, or a panic).
struct Draining<'a> {
    batcher: &'a AuditBatcher,
    /// Ended normally: the queue was found empty and released under its lock.
    finished: bool,
}

impl Drop for Draining<'_> {
    fn drop(&mut self) {
        if !self.finished
            && let Ok(mut queue) = self.batcher.queue.lock()
        {
            queue.draining = false;
        }
    }
}
