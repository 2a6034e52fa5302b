//! After each restart: the database file as SQLite sees it (integrity and
//! foreign keys), the harness's writes found by their markers, and the
//! rule that no acknowledged write is missing and each writer's surviving
//! writes are a prefix of the order it issued them in.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags};

use crate::writers::{Kind, Writer};

/// A writer and sequence number read back from a marker.
type Mark = (usize, u64);

/// What the database holds of the harness's writes.
#[derive(Default)]
pub struct Snapshot {
    /// Referral marker → the case it created.
    referrals: HashMap<Mark, i64>,
    /// Case → its status.
    status: HashMap<i64, String>,
    /// Case → the marker in its discharge.
    discharges: HashMap<i64, Mark>,
    /// Case → its summary's version and marker.
    pub summaries: HashMap<i64, (i64, Option<Mark>)>,
    /// (case, action) → how many audit events record it.
    audit: HashMap<(i64, String), i64>,
}

/// The audit actions of the harness's writes.
const REFERRAL_RECORDED: &str = "case.referral.record";
const ACCEPTED: &str = "case.accept";
const ASSIGNED: &str = "case.assign";
const DISCHARGED: &str = "case.discharge";
const SUMMARY_SAVED: &str = "case.weekly_summary.save";

impl Snapshot {
    fn audit_rows(&self, case: i64, action: &str) -> i64 {
        self.audit
            .get(&(case, action.to_owned()))
            .copied()
            .unwrap_or(0)
    }
}

/// The markers (`crash-wNN-nNNNNNNN`) in a text.
fn marks(text: &str) -> impl Iterator<Item = Mark> + '_ {
    text.match_indices("crash-w").filter_map(|(at, _)| {
        let rest = text.get(at + "crash-w".len()..)?;
        let writer = rest.get(..2)?.parse().ok()?;
        let seq = rest.get(2..)?.strip_prefix("-n")?.get(..7)?.parse().ok()?;
        Some((writer, seq))
    })
}

/// Opens the database read-only (beside the running server) and checks
/// that SQLite finds it whole: `integrity_check` says `ok` and
/// `foreign_key_check` finds nothing.
pub fn database(path: &Path) -> Result<Snapshot> {
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("opening {}", path.display()))?;
    db.busy_timeout(std::time::Duration::from_secs(30))?;
    let integrity: Vec<String> = db
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if integrity != ["ok"] {
        bail!("PRAGMA integrity_check: {}", integrity.join("; "));
    }
    let dangling: Vec<String> = db
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| {
            Ok(format!(
                "{} row {:?} → {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    if !dangling.is_empty() {
        bail!("PRAGMA foreign_key_check: {}", dangling.join("; "));
    }
    let mut snapshot = Snapshot::default();
    let mut rows = db.prepare(
        "SELECT r.case_id, r.details, c.status FROM referrals r JOIN cases c ON c.id = r.case_id \
         WHERE r.details LIKE '%crash-w%'",
    )?;
    let mut found = rows.query([])?;
    while let Some(row) = found.next()? {
        let case: i64 = row.get(0)?;
        let details: String = row.get(1)?;
        for mark in marks(&details) {
            snapshot.referrals.insert(mark, case);
        }
        snapshot.status.insert(case, row.get(2)?);
    }
    let mut rows =
        db.prepare("SELECT case_id, content FROM discharges WHERE content LIKE '%crash-w%'")?;
    let mut found = rows.query([])?;
    while let Some(row) = found.next()? {
        let content: String = row.get(1)?;
        if let Some(mark) = marks(&content).next() {
            snapshot.discharges.insert(row.get(0)?, mark);
        }
    }
    let mut rows = db.prepare("SELECT case_id, version, content FROM weekly_summaries")?;
    let mut found = rows.query([])?;
    while let Some(row) = found.next()? {
        let content: String = row.get(2)?;
        snapshot
            .summaries
            .insert(row.get(0)?, (row.get(1)?, marks(&content).next()));
    }
    let mut rows = db.prepare(
        "SELECT object_id, action, count(*) FROM audit_events \
         WHERE object_kind = 'case' AND object_id IS NOT NULL AND action IN (?1, ?2, ?3, ?4, ?5) \
         GROUP BY object_id, action",
    )?;
    let mut found = rows.query([
        REFERRAL_RECORDED,
        ACCEPTED,
        ASSIGNED,
        DISCHARGED,
        SUMMARY_SAVED,
    ])?;
    while let Some(row) = found.next()? {
        snapshot
            .audit
            .insert((row.get(0)?, row.get(1)?), row.get(2)?);
    }
    Ok(snapshot)
}

/// Whether the audit log records write `kind` exactly once if it is in the
/// database and not at all if it is not (the write and its event commit
/// together); a sentence when it does not.
fn audit_agrees(id: usize, seq: u64, kind: Kind, present: bool, s: &Snapshot) -> Option<String> {
    let (case, actions): (Option<i64>, &[&str]) = match kind {
        Kind::Refer { .. } => (s.referrals.get(&(id, seq)).copied(), &[REFERRAL_RECORDED]),
        Kind::AcceptAndAssign { case } => (Some(case), &[ACCEPTED, ASSIGNED]),
        Kind::Discharge { case } => (Some(case), &[DISCHARGED]),
        // Checked once per summary, against its version (`summary_audit`).
        Kind::EditSummary { .. } => return None,
    };
    let case = case?;
    let expected = i64::from(present);
    actions.iter().find_map(|action| {
        let rows = s.audit_rows(case, action);
        (rows != expected).then(|| {
            format!(
                "AUDIT: writer {id} write #{seq} ({}) is {}in the database but the audit log has {rows} '{action}' event(s) for case {case}",
                kind.name(),
                if present { "" } else { "not " }
            )
        })
    })
}

/// A summary's saves in the audit log: one per version (the first save
/// and each edit).
fn summary_audit(id: usize, case: i64, s: &Snapshot) -> Option<String> {
    let (version, _) = s.summaries.get(&case)?;
    let rows = s.audit_rows(case, SUMMARY_SAVED);
    (rows != *version).then(|| {
        format!(
            "AUDIT: writer {id}'s summary of case {case} is at version {version} but the audit log has {rows} '{SUMMARY_SAVED}' event(s)"
        )
    })
}

/// How one writer's log compares with the database.
#[derive(Default, Debug)]
pub struct Verdict {
    /// Acknowledged writes found.
    pub acked_present: u64,
    /// Writes whose answer never came (the server was killed) that the
    /// database nevertheless holds: committed, not yet answered.
    pub unanswered_present: u64,
    pub unanswered_absent: u64,
    /// Everything wrong, in words. Empty is the only good outcome.
    pub problems: Vec<String>,
}

/// Checks one writer: every acknowledged write present, the present ones
/// of each cycle a prefix of the order they were issued in (a write whose
/// answer never came may be missing, but then so must every write after it
/// in that cycle; the next cycle starts after the restart), nothing present
/// that was never issued, and each write's audit event there exactly when
/// the write is.
pub fn writer(w: &Writer, snapshot: &Snapshot) -> Verdict {
    let mut verdict = Verdict::default();
    let mut first_missing: Option<u64> = None;
    let mut cycle = 0;
    for write in &w.log {
        if write.cycle != cycle {
            cycle = write.cycle;
            first_missing = None;
        }
        let present = match present(w.id, write.seq, write.kind, snapshot) {
            Ok(p) => p,
            Err(problem) => {
                verdict.problems.push(problem);
                continue;
            }
        };
        if let Some(problem) = audit_agrees(w.id, write.seq, write.kind, present, snapshot) {
            verdict.problems.push(problem);
        }
        match (write.acked, present) {
            (true, true) => verdict.acked_present += 1,
            (true, false) => verdict.problems.push(format!(
                "LOST: writer {} write #{} ({}) was acknowledged and is not in the database",
                w.id,
                write.seq,
                write.kind.name()
            )),
            (false, true) => verdict.unanswered_present += 1,
            (false, false) => verdict.unanswered_absent += 1,
        }
        if present && let Some(missing) = first_missing {
            verdict.problems.push(format!(
                "OUT OF ORDER: writer {} write #{} is in the database but its earlier #{missing} is not",
                w.id, write.seq
            ));
        }
        if !present && first_missing.is_none() {
            first_missing = Some(write.seq);
        }
    }
    if let crate::writers::Role::SummaryEditor { case, .. } = w.role {
        verdict.problems.extend(summary_audit(w.id, case, snapshot));
    }
    let issued = w.log.last().map_or(0, |l| l.seq);
    let phantoms = snapshot
        .referrals
        .keys()
        .chain(snapshot.discharges.values())
        .chain(snapshot.summaries.values().filter_map(|(_, m)| m.as_ref()))
        .filter(|(writer, seq)| *writer == w.id && *seq > issued)
        .count();
    if phantoms > 0 {
        verdict.problems.push(format!(
            "PHANTOM: writer {} has {phantoms} write(s) in the database that it never issued",
            w.id
        ));
    }
    verdict
}

/// Whether the database holds write `seq` of writer `id`; an error when it
/// holds something that contradicts the answer.
fn present(id: usize, seq: u64, kind: Kind, s: &Snapshot) -> Result<bool, String> {
    Ok(match kind {
        Kind::Refer { case } => match (s.referrals.get(&(id, seq)), case) {
            (Some(stored), Some(answered)) if *stored != answered => {
                return Err(format!(
                    "writer {id} referral #{seq} was answered as case {answered} but is stored as case {stored}"
                ));
            }
            (stored, _) => stored.is_some(),
        },
        Kind::AcceptAndAssign { case } => s
            .status
            .get(&case)
            .is_some_and(|st| st != "referred" && st != "waiting"),
        Kind::Discharge { case } => s.discharges.get(&case) == Some(&(id, seq)),
        // An edit has survived if the summary holds it or a later edit of
        // the same writer (each edit replaces the one before).
        Kind::EditSummary { case } => s
            .summaries
            .get(&case)
            .and_then(|(_, mark)| *mark)
            .is_some_and(|(writer, stored)| writer == id && stored >= seq),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failing test may panic")]

    use super::*;
    use crate::writers::{Role, Write};

    fn referrer(writes: &[(u64, u32, bool)]) -> Writer {
        let mut w = Writer::new(3, Role::Referrer);
        for &(seq, cycle, acked) in writes {
            w.log.push(Write {
                seq,
                cycle,
                kind: Kind::Refer {
                    case: acked.then_some(100 + seq as i64),
                },
                acked,
            });
        }
        w
    }

    fn holding(seqs: &[u64]) -> Snapshot {
        let mut s = Snapshot::default();
        for &seq in seqs {
            s.referrals.insert((3, seq), 100 + seq as i64);
            s.audit
                .insert((100 + seq as i64, REFERRAL_RECORDED.to_owned()), 1);
        }
        s
    }

    #[test]
    fn markers_are_read_back_from_the_text_they_were_written_into() {
        let text = format!(
            "missed school ({}) and ({})",
            crate::writers::marker(3, 42),
            crate::writers::marker(12, 7)
        );
        assert_eq!(marks(&text).collect::<Vec<_>>(), [(3, 42), (12, 7)]);
        assert_eq!(marks("crash-w1x-n12").count(), 0);
    }

    #[test]
    fn an_acknowledged_write_missing_from_the_database_is_reported_lost() {
        let w = referrer(&[(1, 1, true), (2, 1, true), (3, 1, false)]);
        let v = writer(&w, &holding(&[1]));
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
        assert!(v.problems[0].starts_with("LOST: writer 3 write #2"));
    }

    #[test]
    fn the_unanswered_write_at_a_kill_may_be_committed_or_not() {
        let w = referrer(&[(1, 1, true), (2, 1, false), (3, 2, true), (4, 2, false)]);
        let v = writer(&w, &holding(&[1, 3, 4]));
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!(
            (v.acked_present, v.unanswered_present, v.unanswered_absent),
            (2, 1, 1)
        );
    }

    #[test]
    fn a_later_write_of_the_same_cycle_present_after_a_missing_one_is_out_of_order() {
        let w = referrer(&[(1, 1, false), (2, 1, false)]);
        let v = writer(&w, &holding(&[2]));
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
        assert!(v.problems[0].starts_with("OUT OF ORDER: writer 3 write #2"));
    }

    #[test]
    fn a_committed_write_without_exactly_one_audit_event_is_reported() {
        let w = referrer(&[(1, 1, true), (2, 1, true)]);
        let mut s = holding(&[1, 2]);
        s.audit.remove(&(102, REFERRAL_RECORDED.to_owned()));
        s.audit.insert((101, REFERRAL_RECORDED.to_owned()), 2);
        let v = writer(&w, &s);
        assert_eq!(v.problems.len(), 2, "{:?}", v.problems);
        assert!(v.problems.iter().all(|p| p.starts_with("AUDIT: writer 3")));
    }

    #[test]
    fn a_write_in_the_database_that_was_never_issued_is_a_phantom() {
        let w = referrer(&[(1, 1, true)]);
        let v = writer(&w, &holding(&[1, 2]));
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
        assert!(v.problems[0].starts_with("PHANTOM"));
    }

    #[test]
    fn a_summary_edit_survives_when_it_or_a_later_edit_is_stored() {
        let mut w = Writer::new(1, Role::Referrer);
        for (seq, acked) in [(1, true), (2, true), (3, false)] {
            w.log.push(Write {
                seq,
                cycle: 1,
                kind: Kind::EditSummary { case: 9 },
                acked,
            });
        }
        let mut s = Snapshot::default();
        s.summaries.insert(9, (4, Some((1, 2))));
        assert!(writer(&w, &s).problems.is_empty());
        s.summaries.insert(9, (3, Some((1, 1))));
        let v = writer(&w, &s);
        assert!(
            v.problems
                .iter()
                .any(|p| p.starts_with("LOST: writer 1 write #2")),
            "{:?}",
            v.problems
        );
    }
}
