//! Reading and verifying the hash-chained audit log.

use std::collections::BTreeMap;

use rundt_domain::audit::{GENESIS_HASH, chain_hash};
use rundt_domain::{Message, msg};
use rundt_store::StoredAuditEvent;
use serde::Serialize;

use crate::{App, AppResult};

/// One way the stored log differs from an untouched chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainProblem {
    /// The event's content no longer matches its hash.
    Edited { seq: i64 },
    /// Sequence numbers jump: events in between were removed.
    Missing { from_seq: i64, to_seq: i64 },
    /// An event's predecessor link does not match the event before it
    /// (moved, reordered or spliced in).
    Relinked { seq: i64 },
    /// A signed checkpoint names an event that is gone or different: the
    /// log was cut back or rewritten after the checkpoint was taken.
    CheckpointMismatch { seq: i64 },
    /// A checkpoint's signature is wrong (the checkpoint file was edited).
    CheckpointForged { seq: i64 },
}

impl ChainProblem {
    /// What the problem is, as a message.
    pub fn message(&self) -> Message {
        match self {
            Self::Edited { seq } => msg!("audit-event-edited", seq = *seq),
            Self::Missing { from_seq, to_seq } if from_seq == to_seq => {
                msg!("audit-event-missing", seq = *from_seq)
            }
            Self::Missing { from_seq, to_seq } => {
                msg!("audit-events-missing", from = *from_seq, to = *to_seq)
            }
            Self::Relinked { seq } => msg!("audit-event-relinked", seq = *seq),
            Self::CheckpointMismatch { seq } => msg!("audit-checkpoint-mismatch", seq = *seq),
            Self::CheckpointForged { seq } => msg!("audit-checkpoint-forged", seq = *seq),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    /// The events chain-verified (after `verified_from`).
    pub events: u64,
    /// The event the verification started after: 0 for a full one, else
    /// the checkpoint's (or last verified head's) sequence number.
    pub verified_from: i64,
    pub last_seq: i64,
    pub last_hash: String,
    pub problems: Vec<ChainProblem>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

const BATCH: u32 = 10_000;

/// A signed record of the chain's head at some moment, kept outside the
/// database (see `rundt audit verify`), so that cutting events off the end
/// of the log, or rewriting the whole chain, is detected too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub signature: String,
}

impl Checkpoint {
    /// One line of the checkpoint file.
    pub fn to_line(&self) -> String {
        format!("{} {} {}", self.seq, self.hash, self.signature)
    }

    pub fn from_line(line: &str) -> Option<Self> {
        let mut parts = line.split_whitespace();
        let seq = parts.next()?.parse().ok()?;
        let hash = parts.next()?.to_owned();
        let signature = parts.next()?.to_owned();
        Some(Self {
            seq,
            hash,
            signature,
        })
    }
}

const CHECKPOINT_TAG: &str = "audit-checkpoint";

fn signed_text(seq: i64, hash: &str) -> String {
    format!("{seq}:{hash}")
}

fn sign(app: &App, seq: i64, hash: &str) -> String {
    app.keys
        .blind_index(CHECKPOINT_TAG, &signed_text(seq, hash))
}

/// The checkpoints signed anew with the current key: after a key rotation,
/// before the previous key is retired. Only genuine checkpoints are kept;
/// call it on a chain that has just verified intact against them.
pub fn resign(app: &App, checkpoints: &[Checkpoint]) -> Vec<Checkpoint> {
    checkpoints
        .iter()
        .filter(|c| {
            app.keys
                .signed(CHECKPOINT_TAG, &signed_text(c.seq, &c.hash), &c.signature)
        })
        .map(|c| Checkpoint {
            seq: c.seq,
            hash: c.hash.clone(),
            signature: sign(app, c.seq, &c.hash),
        })
        .collect()
}

/// A checkpoint of the chain as `report` found it.
pub fn checkpoint(app: &App, report: &VerifyReport) -> Checkpoint {
    Checkpoint {
        seq: report.last_seq,
        hash: report.last_hash.clone(),
        signature: sign(app, report.last_seq, &report.last_hash),
    }
}

/// Walks the whole chain from the first event, recomputing every hash.
pub async fn verify(app: &App) -> AppResult<VerifyReport> {
    verify_against(app, &[]).await
}

/// The full verification: like [`verify`], and also checks that every
/// checkpoint is genuine and still matches the stored event it names.
/// The only check that sees an event edited before the last checkpoint;
/// it reads the whole log (streamed, [`BATCH`] events at a time).
pub async fn verify_against(app: &App, checkpoints: &[Checkpoint]) -> AppResult<VerifyReport> {
    let mut report = VerifyReport {
        last_hash: GENESIS_HASH.to_owned(),
        ..VerifyReport::default()
    };
    let mut wanted = genuine(app, checkpoints, &mut report);
    walk(app, &mut report, &mut wanted).await?;
    remember(app, &report);
    Ok(report)
}

/// The routine verification: checks every checkpoint's signature, then
/// that the event the last genuine one names still holds that hash, and
/// chain-verifies only the events after it. Its cost grows with the events
/// since the last checkpoint, not with the log. A log cut back below the
/// checkpoint, or rewritten, is reported (`CheckpointMismatch`); an event
/// edited before the checkpoint is left to [`verify_against`]. Without a
/// checkpoint it verifies the whole chain.
pub async fn verify_from_checkpoint(
    app: &App,
    checkpoints: &[Checkpoint],
) -> AppResult<VerifyReport> {
    let mut report = VerifyReport {
        last_hash: GENESIS_HASH.to_owned(),
        ..VerifyReport::default()
    };
    let wanted = genuine(app, checkpoints, &mut report);
    let Some((&seq, anchor)) = wanted.last_key_value() else {
        return verify_against(app, checkpoints).await;
    };
    let (seq, hash) = (seq, anchor.hash.clone());
    continue_from(app, report, seq, &hash).await
}

/// The chain's state for the auditor's page: verified from the head this
/// process last found intact (by any verification, including the hourly
/// checkpoint), else in full. Like the routine verification, an edit
/// before that head is left to the full one.
pub async fn verify_since_last(app: &App) -> AppResult<VerifyReport> {
    let known = app
        .audit_verified
        .lock()
        .map(|head| head.clone())
        .unwrap_or_default();
    let report = VerifyReport {
        last_hash: GENESIS_HASH.to_owned(),
        ..VerifyReport::default()
    };
    match known {
        Some((seq, hash)) => continue_from(app, report, seq, &hash).await,
        None => verify(app).await,
    }
}

/// Verifies the chain from the event `seq`, which must still hold `hash`;
/// when it does not, the whole chain is walked to say what changed.
async fn continue_from(
    app: &App,
    mut report: VerifyReport,
    seq: i64,
    hash: &str,
) -> AppResult<VerifyReport> {
    let at = app.store.audit_events(seq - 1, 1).await?;
    match at.first() {
        Some(e) if e.seq == seq && e.hash == hash => {
            if e.hash != chain_hash(&e.prev_hash, e.seq, &e.event) {
                report.problems.push(ChainProblem::Edited { seq });
            }
            report.verified_from = seq;
            report.last_seq = seq;
            report.last_hash = e.hash.clone();
            walk(app, &mut report, &mut BTreeMap::new()).await?;
        }
        _ => {
            report
                .problems
                .push(ChainProblem::CheckpointMismatch { seq });
            walk(app, &mut report, &mut BTreeMap::new()).await?;
        }
    }
    remember(app, &report);
    Ok(report)
}

/// The checkpoints whose signature holds, by sequence number; each forged
/// one is reported.
fn genuine<'c>(
    app: &App,
    checkpoints: &'c [Checkpoint],
    report: &mut VerifyReport,
) -> BTreeMap<i64, &'c Checkpoint> {
    let mut wanted = BTreeMap::new();
    for c in checkpoints.iter().filter(|c| c.seq > 0) {
        if app
            .keys
            .signed(CHECKPOINT_TAG, &signed_text(c.seq, &c.hash), &c.signature)
        {
            wanted.insert(c.seq, c);
        } else {
            report
                .problems
                .push(ChainProblem::CheckpointForged { seq: c.seq });
        }
    }
    wanted
}

/// Chain-verifies every event after `report.last_seq`, a batch at a time,
/// and the checkpoints in `wanted` against the events they name. The next
/// batch is read while the current one's hashes are computed on a blocking
/// thread, so reading and hashing overlap (the full verification of a
/// national log is bound by both about equally).
async fn walk(
    app: &App,
    report: &mut VerifyReport,
    wanted: &mut BTreeMap<i64, &Checkpoint>,
) -> AppResult<()> {
    let mut next = read_after(app, report.last_seq);
    loop {
        let batch = joined(next.await)??;
        let Some(last) = batch.last() else { break };
        next = read_after(app, last.seq);
        let (batch, intact) =
            joined(tokio::task::spawn_blocking(move || hashes_hold(batch)).await)?;
        for (e, intact) in batch.iter().zip(intact) {
            check(report, e, intact);
            if let Some(c) = wanted.remove(&e.seq)
                && c.hash != e.hash
            {
                report
                    .problems
                    .push(ChainProblem::CheckpointMismatch { seq: c.seq });
            }
        }
    }
    for seq in wanted.keys() {
        report
            .problems
            .push(ChainProblem::CheckpointMismatch { seq: *seq });
    }
    Ok(())
}

/// Starts reading the [`BATCH`] events after `after`.
fn read_after(app: &App, after: i64) -> tokio::task::JoinHandle<AppResult<Vec<StoredAuditEvent>>> {
    let store = app.store.clone();
    tokio::spawn(async move { Ok(store.audit_events(after, BATCH).await?) })
}

/// Whether each event's stored hash is the hash of its content and its
/// stored predecessor's hash.
fn hashes_hold(batch: Vec<StoredAuditEvent>) -> (Vec<StoredAuditEvent>, Vec<bool>) {
    let intact = batch
        .iter()
        .map(|e| e.hash == chain_hash(&e.prev_hash, e.seq, &e.event))
        .collect();
    (batch, intact)
}

/// A task's answer, or an internal error when the task panicked.
fn joined<T>(answer: Result<T, tokio::task::JoinError>) -> AppResult<T> {
    answer.map_err(|e| crate::AppError::Internal(format!("audit verification task failed: {e}")))
}

/// Keeps the head of an intact chain for [`verify_since_last`].
fn remember(app: &App, report: &VerifyReport) {
    if report.is_intact()
        && report.last_seq > 0
        && let Ok(mut head) = app.audit_verified.lock()
    {
        *head = Some((report.last_seq, report.last_hash.clone()));
    }
}

/// Checks one event against the chain so far; `intact` says whether its
/// hash matches its content (see [`hashes_hold`]).
fn check(report: &mut VerifyReport, e: &StoredAuditEvent, intact: bool) {
    let expected_seq = report.last_seq + 1;
    if e.seq > expected_seq {
        report.problems.push(ChainProblem::Missing {
            from_seq: expected_seq,
            to_seq: e.seq - 1,
        });
    }
    if !intact {
        report.problems.push(ChainProblem::Edited { seq: e.seq });
    } else if e.prev_hash != report.last_hash && e.seq == expected_seq {
        report.problems.push(ChainProblem::Relinked { seq: e.seq });
    }
    report.events += 1;
    report.last_seq = e.seq;
    report.last_hash = e.hash.clone();
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};

    fn noon() -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_072_000, 0).expect("a valid instant")
    }

    fn chain(n: i64) -> Vec<StoredAuditEvent> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let action = AuditAction::ALL[seq as usize % AuditAction::ALL.len()];
                let event = AuditEvent::system(noon(), "cli", action, ObjectKind::Team).recorded();
                let hash = chain_hash(&prev, seq, &event);
                let stored = StoredAuditEvent {
                    seq,
                    event,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                stored
            })
            .collect()
    }

    fn run(events: &[StoredAuditEvent]) -> Vec<ChainProblem> {
        let mut r = VerifyReport {
            last_hash: GENESIS_HASH.to_owned(),
            ..VerifyReport::default()
        };
        let (events, intact) = hashes_hold(events.to_vec());
        for (e, intact) in events.iter().zip(intact) {
            check(&mut r, e, intact);
        }
        r.problems
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert!(run(&chain(5)).is_empty());
    }

    #[test]
    fn an_edited_event_is_reported() {
        let mut c = chain(5);
        c[2].event.action = "something.else".into();
        assert_eq!(run(&c), vec![ChainProblem::Edited { seq: 3 }]);
    }

    #[test]
    fn a_deleted_event_is_reported() {
        let mut c = chain(5);
        c.remove(2);
        assert_eq!(
            run(&c),
            vec![ChainProblem::Missing {
                from_seq: 3,
                to_seq: 3
            }]
        );
    }

    #[test]
    fn swapped_events_are_reported() {
        let mut c = chain(5);
        let (a, b) = (c[1].clone(), c[2].clone());
        c[1] = StoredAuditEvent { seq: 2, ..b };
        c[2] = StoredAuditEvent { seq: 3, ..a };
        let problems = run(&c);
        assert!(!problems.is_empty());
        assert!(
            problems.contains(&ChainProblem::Edited { seq: 2 }),
            "{problems:?}"
        );
    }
}
