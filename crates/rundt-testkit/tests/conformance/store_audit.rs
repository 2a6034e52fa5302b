//! The auditor's list of the audit log through the `Store` trait: newest
//! first, paged by sequence number, and narrowed by who did it, what was
//! done, to which record or person, and when — alike on both backends.

use chrono::{DateTime, Duration, Utc};
use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind, chain_hash};
use rundt_domain::id::{PersonId, UserId};
use rundt_store::{AuditFilter, Store, StoredAuditEvent};
use rundt_testkit::TestDb;

use super::store_support::*;

/// A therapist's read of case `case` touching person `person`, at `at`.
fn read(user: UserId, case: i64, person: i64, at: DateTime<Utc>) -> AuditEvent {
    let mut e = by(user, AuditAction::CaseRead, ObjectKind::Case);
    e.object_id = Some(case);
    e.person_id = Some(PersonId::new(person));
    e.at = at;
    e
}

async fn append(store: &dyn Store, event: &AuditEvent) -> i64 {
    store.append_audit(event).await.unwrap()
}

fn seqs(events: &[StoredAuditEvent]) -> Vec<i64> {
    events.iter().map(|e| e.seq).collect()
}

async fn search(store: &dyn Store, filter: &AuditFilter) -> Vec<i64> {
    seqs(&store.search_audit_events(filter, 1000).await.unwrap())
}

async fn the_audit_log_is_listed_newest_first_and_paged_below_the_last_event_shown(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    for i in 0..7 {
        append(&*store, &read(mette.id, 1, 10 + i, micros_now())).await;
    }
    let mut all = seqs(&store.audit_events(0, 10_000).await.unwrap());
    all.reverse();
    assert!(all.len() >= 9, "the reference data, the user and 7 reads");

    let first = store
        .search_audit_events(&AuditFilter::default(), 3)
        .await
        .unwrap();
    assert_eq!(seqs(&first), all[..3], "the three newest, newest first");
    assert_eq!(first[0].event.person_id, Some(PersonId::new(16)));
    assert_eq!(
        first[0].event.at,
        micros_now(),
        "read back as it was stored"
    );

    // Page by page, each below the last one shown, until nothing is left.
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let filter = AuditFilter {
            before_seq: before,
            ..AuditFilter::default()
        };
        let page = store.search_audit_events(&filter, 3).await.unwrap();
        let Some(last) = page.last() else { break };
        assert!(page.len() <= 3);
        before = Some(last.seq);
        paged.extend(seqs(&page));
    }
    assert_eq!(paged, all, "every event once, newest first");

    // An event appended between two pages comes on top, not in the middle.
    let second_page_from = all[2];
    let new = append(&*store, &read(mette.id, 1, 99, micros_now())).await;
    let filter = AuditFilter {
        before_seq: Some(second_page_from),
        ..AuditFilter::default()
    };
    assert_eq!(
        seqs(&store.search_audit_events(&filter, 3).await.unwrap()),
        all[3..6]
    );
    assert_eq!(
        seqs(
            &store
                .search_audit_events(&AuditFilter::default(), 1)
                .await
                .unwrap()
        ),
        vec![new]
    );
    // Only what came after a sequence number.
    let filter = AuditFilter {
        after_seq: Some(all[1]),
        ..AuditFilter::default()
    };
    assert_eq!(search(&*store, &filter).await, vec![new, all[0]]);
}

async fn each_filter_narrows_the_audit_log_and_filters_combine(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let ole = therapist(&*store, "ole", "Ole Berg", "hash").await;
    let t0 = micros_now();
    let hour = Duration::hours(1);

    let mette_reads_1 = append(&*store, &read(mette.id, 1, 10, t0)).await;
    let ole_reads_1 = append(&*store, &read(ole.id, 1, 11, t0 + hour)).await;
    let mut login = by(mette.id, AuditAction::LoginSuccess, ObjectKind::Session);
    login.at = t0 + hour * 2;
    let mette_logs_in = append(&*store, &login).await;
    let mut glass = read(mette.id, 2, 12, t0 + Duration::days(1));
    glass.action = AuditAction::CaseReadBreakGlass;
    glass.purpose = Some("break-glass: on call".into());
    let mette_breaks_glass = append(&*store, &glass).await;
    let mut team = event(AuditAction::TeamRead, ObjectKind::Team);
    team.object_id = Some(1);
    team.at = t0 + Duration::days(2);
    let cli_reads_team = append(&*store, &team).await;

    // Who did it.
    let by_mette = AuditFilter {
        actor_user_id: Some(mette.id),
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &by_mette).await,
        vec![mette_breaks_glass, mette_logs_in, mette_reads_1]
    );
    // What was done: one action, or any of several.
    let reads = AuditFilter {
        actions: vec![AuditAction::CaseRead],
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &reads).await,
        vec![ole_reads_1, mette_reads_1]
    );
    let any_read = AuditFilter {
        actions: vec![AuditAction::CaseRead, AuditAction::CaseReadBreakGlass],
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &any_read).await,
        vec![mette_breaks_glass, ole_reads_1, mette_reads_1]
    );
    let glass_only = store
        .search_audit_events(
            &AuditFilter {
                actions: vec![AuditAction::CaseReadBreakGlass],
                ..AuditFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        glass_only[0].event.purpose.as_deref(),
        Some("break-glass: on call")
    );
    // About whom, and about which record.
    let about_11 = AuditFilter {
        person_id: Some(PersonId::new(11)),
        ..AuditFilter::default()
    };
    assert_eq!(search(&*store, &about_11).await, vec![ole_reads_1]);
    let case_1 = AuditFilter {
        object: Some(Object::keyed(ObjectKind::Case, 1)),
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &case_1).await,
        vec![ole_reads_1, mette_reads_1]
    );
    let any_case = AuditFilter {
        object: Some(Object::of(ObjectKind::Case)),
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &any_case).await,
        vec![mette_breaks_glass, ole_reads_1, mette_reads_1]
    );
    let team_1 = AuditFilter {
        object: Some(Object::keyed(ObjectKind::Team, 1)),
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &team_1).await,
        vec![cli_reads_team],
        "team 1 is not case 1"
    );
    // When: from is inclusive, until exclusive, to the microsecond.
    let first_day = AuditFilter {
        from: Some(t0 + hour),
        until: Some(t0 + hour * 2),
        ..AuditFilter::default()
    };
    assert_eq!(search(&*store, &first_day).await, vec![ole_reads_1]);
    let later = AuditFilter {
        from: Some(t0 + hour * 2 + Duration::microseconds(1)),
        ..AuditFilter::default()
    };
    assert_eq!(
        search(&*store, &later).await,
        vec![cli_reads_team, mette_breaks_glass]
    );
    // Everything at once, and paged: Mette's case events since t0, below
    // the newest of them.
    let combined = AuditFilter {
        actor_user_id: Some(mette.id),
        object: Some(Object::of(ObjectKind::Case)),
        from: Some(t0),
        until: Some(t0 + Duration::days(3)),
        before_seq: Some(mette_breaks_glass),
        ..AuditFilter::default()
    };
    assert_eq!(search(&*store, &combined).await, vec![mette_reads_1]);
    let nobody = AuditFilter {
        actor_user_id: Some(ole.id),
        actions: vec![AuditAction::LoginSuccess],
        ..AuditFilter::default()
    };
    assert!(search(&*store, &nobody).await.is_empty());
}

/// Forty reads at once, each appending its access event (PostgreSQL
/// commits such events in batches, SQLite in its writer's group commit):
/// every read is answered with its own place in one unbroken chain.
async fn reads_audited_at_once_each_get_their_own_place_in_one_unbroken_chain(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let reads: Vec<_> = (0..40)
        .map(|i| {
            let (store, event) = (store.clone(), read(mette.id, 1, 100 + i, micros_now()));
            tokio::spawn(async move { store.append_audit(&event).await.unwrap() })
        })
        .collect();
    let mut answered = Vec::new();
    for r in reads {
        answered.push(r.await.unwrap());
    }
    answered.sort_unstable();
    answered.dedup();
    assert_eq!(answered.len(), 40, "each read has a place of its own");

    let log = store.audit_events(0, 10_000).await.unwrap();
    for pair in log.windows(2) {
        assert_eq!(pair[1].seq, pair[0].seq + 1, "no gap");
        assert_eq!(pair[1].prev_hash, pair[0].hash, "no fork");
    }
    for e in &log {
        assert_eq!(chain_hash(&e.prev_hash, e.seq, &e.event), e.hash);
    }
    for seq in &answered {
        let e = log
            .iter()
            .find(|e| e.seq == *seq)
            .expect("an answered event is stored");
        assert_eq!(e.event.actor_user_id, Some(mette.id));
    }
    let people: std::collections::BTreeSet<i64> = log
        .iter()
        .filter_map(|e| e.event.person_id)
        .map(|p| p.get())
        .collect();
    assert!(
        (100..140).all(|p| people.contains(&p)),
        "every read is logged"
    );
}

/// A read that touches several people (the supervision agenda) appends
/// one event each in one transaction: in order, chained, all answered.
async fn the_events_of_one_read_are_appended_together_in_order(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let before = store.audit_events(0, 10_000).await.unwrap().len();
    let events: Vec<AuditEvent> = (0..5)
        .map(|i| read(mette.id, 3, 200 + i, micros_now()))
        .collect();
    let seqs = store.append_audit_events(&events).await.unwrap();
    assert_eq!(seqs.len(), 5);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");

    let log = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(log.len(), before + 5);
    let people: Vec<i64> = log[before..]
        .iter()
        .filter_map(|e| e.event.person_id)
        .map(|p| p.get())
        .collect();
    assert_eq!(people, vec![200, 201, 202, 203, 204], "in the order given");
    for pair in log.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    for e in &log[before..] {
        assert_eq!(
            chain_hash(&e.prev_hash, e.seq, &e.event),
            e.hash,
            "each re-hashes"
        );
    }
    assert!(
        store.append_audit_events(&[]).await.unwrap().is_empty(),
        "nothing to append"
    );
}

rundt_testkit::scenarios!(store:
    the_events_of_one_read_are_appended_together_in_order,
    reads_audited_at_once_each_get_their_own_place_in_one_unbroken_chain,
    the_audit_log_is_listed_newest_first_and_paged_below_the_last_event_shown,
    each_filter_narrows_the_audit_log_and_filters_combine,
);
