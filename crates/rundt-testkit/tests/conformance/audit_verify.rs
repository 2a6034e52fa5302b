//! Verifying the audit chain from the last signed checkpoint, alike on both
//! backends: the routine verification re-hashes only the events after the
//! checkpoint but still notices a log cut back below it; the full one is
//! the only one that sees an edit before it.

use rundt_app::audit_log::{self, ChainProblem, Checkpoint};
use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};
use rundt_testkit::TestApp;

async fn append(t: &TestApp, n: usize) {
    for _ in 0..n {
        let e = AuditEvent::system(
            t.app.clock.now(),
            "cli",
            AuditAction::TeamRead,
            ObjectKind::Team,
        );
        t.store.append_audit(&e).await.unwrap();
    }
}

/// Runs `sql` on the log as an attacker with the database would: the
/// append-only triggers out of the way first (SQLite drops them, PostgreSQL
/// disables them).
async fn force(t: &TestApp, sql: &str) {
    if t.try_raw_execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        .await
        .is_err()
    {
        t.raw_execute("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
            .await;
    }
    t.raw_execute(sql).await;
}

/// A log of some events with a signed checkpoint at its head, and some
/// events after it.
async fn checkpointed(t: &TestApp) -> Checkpoint {
    append(t, 20).await;
    let full = audit_log::verify(&t.app).await.unwrap();
    assert!(full.is_intact(), "{full:?}");
    assert_eq!(full.verified_from, 0);
    let checkpoint = audit_log::checkpoint(&t.app, &full);
    append(t, 5).await;
    checkpoint
}

async fn the_routine_verification_starts_at_the_checkpoint_and_the_full_one_sees_before_it(
    t: TestApp,
) {
    let cp = checkpointed(&t).await;
    let routine = audit_log::verify_from_checkpoint(&t.app, std::slice::from_ref(&cp))
        .await
        .unwrap();
    assert!(routine.is_intact(), "{routine:?}");
    assert_eq!(routine.verified_from, cp.seq);
    assert_eq!(routine.events, 5, "only the events after the checkpoint");
    assert_eq!(routine.last_seq, cp.seq + 5);

    // An edit before the checkpoint: the routine verification does not read
    // that far back; the full one reports it.
    let early = cp.seq - 3;
    force(
        &t,
        &format!("UPDATE audit_events SET purpose = 'nothing to see' WHERE seq = {early}"),
    )
    .await;
    let routine = audit_log::verify_from_checkpoint(&t.app, std::slice::from_ref(&cp))
        .await
        .unwrap();
    assert!(routine.is_intact(), "starts after the edit: {routine:?}");
    let full = audit_log::verify_against(&t.app, std::slice::from_ref(&cp))
        .await
        .unwrap();
    assert_eq!(full.problems, vec![ChainProblem::Edited { seq: early }]);
}

async fn the_routine_verification_sees_an_edit_after_the_checkpoint(t: TestApp) {
    let cp = checkpointed(&t).await;
    let late = cp.seq + 2;
    force(
        &t,
        &format!("UPDATE audit_events SET action = 'case.read' WHERE seq = {late}"),
    )
    .await;
    let routine = audit_log::verify_from_checkpoint(&t.app, &[cp])
        .await
        .unwrap();
    assert_eq!(routine.problems, vec![ChainProblem::Edited { seq: late }]);
}

async fn the_routine_verification_sees_a_log_cut_back_below_the_checkpoint(t: TestApp) {
    let cp = checkpointed(&t).await;
    force(
        &t,
        &format!("DELETE FROM audit_events WHERE seq >= {}", cp.seq - 1),
    )
    .await;
    let routine = audit_log::verify_from_checkpoint(&t.app, std::slice::from_ref(&cp))
        .await
        .unwrap();
    assert!(
        routine
            .problems
            .contains(&ChainProblem::CheckpointMismatch { seq: cp.seq }),
        "{routine:?}"
    );
    // A forged checkpoint (signature not the key's) is no anchor.
    let forged = Checkpoint {
        signature: "0".repeat(cp.signature.len()),
        ..cp
    };
    let routine = audit_log::verify_from_checkpoint(&t.app, &[forged])
        .await
        .unwrap();
    assert!(
        routine
            .problems
            .iter()
            .any(|p| matches!(p, ChainProblem::CheckpointForged { .. })),
        "{routine:?}"
    );
    assert_eq!(routine.verified_from, 0, "walked in full instead");
}

async fn the_auditors_page_continues_from_the_head_last_found_intact(t: TestApp) {
    append(&t, 10).await;
    let first = audit_log::verify_since_last(&t.app).await.unwrap();
    assert!(first.is_intact());
    assert_eq!(first.verified_from, 0, "nothing verified yet: in full");
    append(&t, 3).await;
    let next = audit_log::verify_since_last(&t.app).await.unwrap();
    assert_eq!(next.verified_from, first.last_seq);
    assert_eq!(next.events, 3);
    append(&t, 2).await;
    let late = next.last_seq + 1;
    force(
        &t,
        &format!("UPDATE audit_events SET object_kind = 'case' WHERE seq = {late}"),
    )
    .await;
    let tampered = audit_log::verify_since_last(&t.app).await.unwrap();
    assert_eq!(tampered.problems, vec![ChainProblem::Edited { seq: late }]);
}

rundt_testkit::scenarios!(app:
    the_routine_verification_starts_at_the_checkpoint_and_the_full_one_sees_before_it,
    the_routine_verification_sees_an_edit_after_the_checkpoint,
    the_routine_verification_sees_a_log_cut_back_below_the_checkpoint,
    the_auditors_page_continues_from_the_head_last_found_intact,
);
