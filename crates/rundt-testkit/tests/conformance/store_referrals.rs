//! A referral's hand-off through the `Store` trait: the team's
//! acknowledgement (once, with who and when, under the case's version; a
//! decision acknowledges too but never overwrites the first) and the
//! information the caseworker adds (appended, oldest first, never changed
//! or removed).

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_store::{Backend, CaseChange, CaseRecord, NewCase, ParticipantRole, Store};
use rundt_testkit::TestDb;
use rundt_testkit::code;

use super::store_support::*;

/// A Danish referral to a fresh Aarhus team, and the supervisor who
/// answers for it.
async fn a_referral(store: &dyn Store) -> (CaseRecord, rundt_domain::user::User) {
    prepared(store).await;
    let team = dk_team(store, "MST Aarhus", "0751").await;
    let mette = therapist(store, "mette", "Mette Hansen", "hash-1").await;
    let case = NewCase {
        country: Country::DK,
        team_id: team.id,
        therapist_id: None,
        referring_municipality: code("0751"),
        paying_municipalities: vec![code("0751")],
        status: CaseStatus::Referred,
        referred_on: Some(day("2026-11-25")),
        treatment_start: None,
        participants: vec![(person("Barn", None), ParticipantRole::YoungPerson)],
        price: None,
    };
    let created = store
        .create_case(&case, &event(AuditAction::CaseCreate, ObjectKind::Case))
        .await
        .unwrap();
    (created, mette)
}

async fn a_referral_is_acknowledged_once_with_who_and_when(db: TestDb) {
    let store = db.store.clone();
    let (case, mette) = a_referral(&*store).await;
    assert_eq!((case.acknowledged_at, case.acknowledged_by), (None, None));
    let ack = by(mette.id, AuditAction::CaseAcknowledge, ObjectKind::Case);
    let audited = store.audit_events(0, 10_000).await.unwrap().len();

    // On an older version: refused, nothing recorded.
    let stale = store.acknowledge_referral(case.id, case.version + 1, &ack);
    assert_eq!(mismatch(stale.await), case.version);
    let unknown = store.acknowledge_referral(CaseId::new(999_999), 1, &ack);
    assert_eq!(not_found(unknown.await), "case 999999");

    let acknowledged = store
        .acknowledge_referral(case.id, case.version, &ack)
        .await
        .unwrap();
    assert_eq!(acknowledged.acknowledged_at, Some(micros_now()));
    assert_eq!(acknowledged.acknowledged_by, Some(mette.id));
    assert_eq!(acknowledged.version, case.version + 1);
    assert_eq!(acknowledged.status, CaseStatus::Referred, "no decision");
    assert!(
        store.status_history(case.id).await.unwrap().is_empty(),
        "an acknowledgement is not a change of status"
    );
    let events = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(
        events.len(),
        audited + 1,
        "one event for the acknowledgement"
    );
    assert_eq!(events[audited].event.action, "case.acknowledge");

    // A second acknowledgement, even at the current version, is refused
    // and the first stays.
    let again = store.acknowledge_referral(case.id, acknowledged.version, &ack);
    assert_eq!(
        conflict(again.await),
        msg!("referral-acknowledged", on = day("2026-11-25"))
    );
    let read = store.case_for_access_check(case.id).await.unwrap().unwrap();
    assert_eq!(read.acknowledged_at, Some(micros_now()));
    assert_eq!(read.version, acknowledged.version);
    let listed = store.list_cases(&Default::default()).await.unwrap();
    assert_eq!(listed[0].acknowledged_by, Some(mette.id));
    check_chain(&*store).await;
}

async fn a_decision_acknowledges_a_referral_but_never_overwrites_an_acknowledgement(db: TestDb) {
    let store = db.store.clone();
    let (case, mette) = a_referral(&*store).await;
    let cli = event(AuditAction::CaseAccept, ObjectKind::Case);
    // A change that does not acknowledge leaves it unacknowledged.
    let plain = store
        .change_case(case.id, case.version, &change("referred"), &cli)
        .await
        .unwrap();
    assert_eq!(plain.acknowledged_at, None);
    // Accepting acknowledges: by the decision's actor, at its time.
    let accept = by(mette.id, AuditAction::CaseAccept, ObjectKind::Case);
    let accepted = store
        .change_case(
            case.id,
            plain.version,
            &CaseChange {
                acknowledge: true,
                ..change("waiting")
            },
            &accept,
        )
        .await
        .unwrap();
    assert_eq!(accepted.acknowledged_at, Some(micros_now()));
    assert_eq!(accepted.acknowledged_by, Some(mette.id));
    // A later decision that acknowledges keeps the first acknowledgement.
    let mut later = event(AuditAction::CaseDecline, ObjectKind::Case);
    later.at += chrono::Duration::days(2);
    let declined = store
        .change_case(
            case.id,
            accepted.version,
            &CaseChange {
                acknowledge: true,
                ..change("declined")
            },
            &later,
        )
        .await
        .unwrap();
    assert_eq!(declined.acknowledged_at, Some(micros_now()));
    assert_eq!(declined.acknowledged_by, Some(mette.id));
}

async fn information_added_to_a_referral_is_appended_and_kept(db: TestDb) {
    let store = db.store.clone();
    let (case, writer) = a_referral(&*store).await;
    let add = by(
        writer.id,
        AuditAction::CaseReferralInformation,
        ObjectKind::Case,
    );
    assert!(store.referral_additions(case.id).await.unwrap().is_empty());
    let stale = store.add_referral_information(case.id, case.version + 3, "x", &add);
    assert_eq!(mismatch(stale.await), case.version);

    let first = store
        .add_referral_information(case.id, case.version, "The school reports absence.", &add)
        .await
        .unwrap();
    assert_eq!(
        first.version,
        case.version + 1,
        "the team decides on what it saw"
    );
    let mut later = add.clone();
    later.at += chrono::Duration::hours(3);
    later.actor_user_id = None;
    let second = store
        .add_referral_information(case.id, first.version, "Mother agrees to MST.", &later)
        .await
        .unwrap();
    assert_eq!(second.version, first.version + 1);
    let added = store.referral_additions(case.id).await.unwrap();
    let texts: Vec<&str> = added.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        ["The school reports absence.", "Mother agrees to MST."]
    );
    assert_eq!(added[0].added_at, micros_now());
    assert_eq!(added[0].added_by, Some(writer.id));
    assert_eq!(added[1].added_by, None, "the command line");
    assert_eq!(added[0].case_id, case.id);

    // Nothing added is ever changed or removed, even in the database.
    for sql in [
        "UPDATE referral_additions SET text = 'changed'",
        "DELETE FROM referral_additions",
    ] {
        assert!(db.try_raw_execute(sql).await.is_err(), "{sql}");
    }
    assert_eq!(store.referral_additions(case.id).await.unwrap(), added);
    check_chain(&*store).await;
}

/// The statement of migration 0007 that marks the referrals decided before
/// acknowledgements existed as acknowledged by that decision.
fn backfill_of(store: &dyn Store) -> String {
    let migrations = match store.backend() {
        Backend::Sqlite => rundt_store_sqlite::MIGRATIONS,
        Backend::Postgres => rundt_store_postgres::MIGRATIONS,
    };
    let sql = migrations.iter().find(|m| m.version == 7).unwrap().sql;
    let start = sql.find("UPDATE cases SET").unwrap();
    let end = start + sql[start..].find(';').unwrap();
    sql[start..=end].to_owned()
}

async fn a_referral_decided_before_migration_7_counts_as_acknowledged_by_its_decision(db: TestDb) {
    let store = db.store.clone();
    let (case, mette) = a_referral(&*store).await;
    let waiting = a_referral_to_the_same_team(&*store, &case).await;
    let accept = by(mette.id, AuditAction::CaseAccept, ObjectKind::Case);
    let accepted = store
        .change_case(case.id, case.version, &change("waiting"), &accept)
        .await
        .unwrap();
    assert_eq!(accepted.acknowledged_at, None, "as before the migration");
    // The data as migration 0007 found it, and its statement run again.
    db.try_raw_execute("UPDATE cases SET acknowledged_at = NULL, acknowledged_by = NULL")
        .await
        .unwrap();
    db.try_raw_execute(&backfill_of(&*store)).await.unwrap();
    let decided = store.case_for_access_check(case.id).await.unwrap().unwrap();
    assert_eq!(decided.acknowledged_at, Some(micros_now()));
    assert_eq!(decided.acknowledged_by, Some(mette.id));
    let still = store
        .case_for_access_check(waiting.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.acknowledged_at, None, "an undecided referral awaits");
}

/// A second referral to `first`'s team.
async fn a_referral_to_the_same_team(store: &dyn Store, first: &CaseRecord) -> CaseRecord {
    let case = NewCase {
        country: Country::DK,
        team_id: first.team_id,
        therapist_id: None,
        referring_municipality: code("0751"),
        paying_municipalities: vec![code("0751")],
        status: CaseStatus::Referred,
        referred_on: Some(day("2026-11-25")),
        treatment_start: None,
        participants: vec![(person("Barn to", None), ParticipantRole::YoungPerson)],
        price: None,
    };
    store
        .create_case(&case, &event(AuditAction::CaseCreate, ObjectKind::Case))
        .await
        .unwrap()
}

rundt_testkit::scenarios!(store:
    a_referral_decided_before_migration_7_counts_as_acknowledged_by_its_decision,
    a_referral_is_acknowledged_once_with_who_and_when,
    a_decision_acknowledges_a_referral_but_never_overwrites_an_acknowledgement,
    information_added_to_a_referral_is_appended_and_kept,
);
