//! `rundt audit verify` finds every edited, deleted or reordered audit event,
//! even when the attacker has the database file and drops the triggers that
//! keep the log append-only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{copy_dir, rundt};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A demo installation whose chain has been verified once (so a checkpoint
/// exists), copied fresh for each attack.
struct Pristine {
    _root: tempfile::TempDir,
    data: PathBuf,
}

fn pristine() -> Pristine {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let demo = rundt(&data, &["demo"]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let ok = rundt(&data, &["audit", "verify"]);
    assert!(
        ok.status.success(),
        "{}{}",
        stdout(&ok),
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(stdout(&ok).contains("audit log intact"));
    Pristine { _root: root, data }
}

/// Runs SQL as an attacker with the file: triggers dropped first.
fn tamper(data: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(data.join("rundt.sqlite3")).unwrap();
    conn.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Tampers with a fresh copy of a pristine installation (in the folder
/// `name`) and runs `audit verify --full` on it (the events attacked are
/// before the checkpoint): the verification must fail, and its report is
/// returned for the test to read what it found.
fn verify_after_attack(name: &str, sql: &str) -> String {
    let p = pristine();
    let copy = p.data.parent().unwrap().join(name);
    copy_dir(&p.data, &copy);
    tamper(&copy, sql);
    let out = rundt(&copy, &["audit", "verify", "--full"]);
    let report = stdout(&out);
    assert!(!out.status.success(), "{name}: verify passed: {report}");
    report
}

#[test]
fn the_untouched_log_verifies_and_the_triggers_refuse_edits() {
    let p = pristine();
    let conn = rusqlite::Connection::open(p.data.join("rundt.sqlite3")).unwrap();
    let edit = conn.execute("UPDATE audit_events SET action = 'x' WHERE seq = 3", []);
    assert!(edit.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_events WHERE seq = 3", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

/// One test per attack: the SQL the attacker runs on a copy of the pristine
/// log, and what `audit verify` must report (any one of the phrases).
macro_rules! attacks_are_reported {
    ($($(#[doc = $why:literal])* $test:ident: $sql:literal => [$($phrase:literal),+];)+) => {$(
        $(#[doc = $why])*
        #[test]
        fn $test() {
            let out = verify_after_attack(stringify!($test), $sql);
            assert!([$($phrase),+].iter().any(|p| out.contains(p)), "{out}");
        }
    )+};
}

attacks_are_reported! {
    an_edited_event_is_reported:
        "UPDATE audit_events SET purpose = 'nothing to see' WHERE seq = 5;"
        => ["event 5 was edited"];
    /// The attacker replaces event 5's hash too; event 6 no longer links to it.
    an_edit_with_a_recomputed_hash_is_reported_by_the_next_event:
        "UPDATE audit_events SET action = 'x', hash = (SELECT hash FROM audit_events WHERE seq = 4) WHERE seq = 5;"
        => ["TAMPERED"];
    a_deleted_event_is_reported:
        "DELETE FROM audit_events WHERE seq = 7;"
        => ["event 7 is missing"];
    reordered_events_are_reported:
        "UPDATE audit_events SET seq = -1 WHERE seq = 5;
         UPDATE audit_events SET seq = 5 WHERE seq = 6;
         UPDATE audit_events SET seq = 6 WHERE seq = -1;"
        => ["event 5 was edited", "event 6"];
    events_cut_off_the_end_are_reported_by_the_checkpoint:
        "DELETE FROM audit_events WHERE seq > (SELECT MAX(seq) - 3 FROM audit_events);"
        => ["no longer holds event"];
}

/// The routine verification (no `--full`) starts at the last signed
/// checkpoint: an edit before it is left to `--full`, an edit after it is
/// reported, and a log cut back below it is reported.
#[test]
fn the_routine_verification_starts_at_the_last_checkpoint() {
    let p = pristine();
    let root = p.data.parent().unwrap().to_owned();

    let before = root.join("before");
    copy_dir(&p.data, &before);
    tamper(
        &before,
        "UPDATE audit_events SET purpose = 'x' WHERE seq = 5;",
    );
    let routine = rundt(&before, &["audit", "verify"]);
    assert!(routine.status.success(), "{}", stdout(&routine));
    assert!(
        stdout(&routine).contains("after the signed checkpoint #"),
        "{}",
        stdout(&routine)
    );
    let full = rundt(&before, &["audit", "verify", "--full"]);
    assert!(!full.status.success());
    assert!(
        stdout(&full).contains("event 5 was edited"),
        "{}",
        stdout(&full)
    );

    // A backup appends its event after the pristine checkpoint (the
    // checkpoint it records itself is put back out of the way); that event
    // is edited.
    let after = root.join("after");
    copy_dir(&p.data, &after);
    let backup = rundt(
        &after,
        &[
            "backup",
            "--to",
            root.join("copy.sqlite3").to_str().unwrap(),
        ],
    );
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let checkpoints = |d: &Path| d.join("audit").join("checkpoints.log");
    std::fs::copy(checkpoints(&p.data), checkpoints(&after)).unwrap();
    tamper(
        &after,
        "UPDATE audit_events SET purpose = 'x' WHERE seq = (SELECT MAX(seq) FROM audit_events);",
    );
    let routine = rundt(&after, &["audit", "verify"]);
    assert!(!routine.status.success(), "{}", stdout(&routine));
    assert!(
        stdout(&routine).contains("was edited"),
        "{}",
        stdout(&routine)
    );

    let cut = root.join("cut");
    copy_dir(&p.data, &cut);
    tamper(
        &cut,
        "DELETE FROM audit_events WHERE seq > (SELECT MAX(seq) - 3 FROM audit_events);",
    );
    let routine = rundt(&cut, &["audit", "verify"]);
    assert!(!routine.status.success(), "{}", stdout(&routine));
    assert!(
        stdout(&routine).contains("no longer holds event"),
        "{}",
        stdout(&routine)
    );
}
