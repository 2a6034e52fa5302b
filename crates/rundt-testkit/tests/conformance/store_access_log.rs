//! One person's access log through the `Store` trait, a page at a time:
//! newest first, each page below the last event of the one before, the
//! pages together the whole log and no event twice; and the accounts
//! named on a page read by their ids alone — alike on both backends.

use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};
use rundt_domain::id::{PersonId, UserId};
use rundt_store::StoredAuditEvent;
use rundt_testkit::TestDb;

use super::store_support::*;

/// `user` read family `case`'s record of `person`.
fn read(user: UserId, case: i64, person: PersonId) -> AuditEvent {
    let mut e = by(user, AuditAction::CaseRead, ObjectKind::Case);
    e.object_id = Some(case);
    e.person_id = Some(person);
    e.at = micros_now();
    e
}

fn seqs(events: &[StoredAuditEvent]) -> Vec<i64> {
    events.iter().map(|e| e.seq).collect()
}

async fn a_persons_access_log_pages_newest_first_and_the_pages_are_the_whole_log(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let jonas = therapist(&*store, "jonas", "Jonas Berg", "hash").await;
    let (mikkel, sofie) = (PersonId::new(40), PersonId::new(41));
    for i in 0..12 {
        let who = if i % 2 == 0 { mette.id } else { jonas.id };
        store.append_audit(&read(who, 7, mikkel)).await.unwrap();
        if i % 3 == 0 {
            store.append_audit(&read(who, 8, sofie)).await.unwrap();
        }
    }
    let mut whole = seqs(&store.person_access_log(mikkel).await.unwrap());
    whole.reverse();
    assert_eq!(whole.len(), 12);

    let newest = store.person_access_log_page(mikkel, None, 5).await.unwrap();
    assert_eq!(seqs(&newest), whole[..5], "the five newest, newest first");
    assert!(newest.iter().all(|e| e.event.person_id == Some(mikkel)));

    let mut paged = Vec::new();
    let mut before = None;
    let mut pages = 0;
    loop {
        let page = store
            .person_access_log_page(mikkel, before, 5)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        before = Some(last.seq);
        pages += 1;
        paged.extend(seqs(&page));
    }
    assert_eq!(pages, 3, "5 + 5 + 2");
    assert_eq!(
        paged, whole,
        "the pages together are the whole log, in order"
    );
    let unique: std::collections::BTreeSet<i64> = paged.iter().copied().collect();
    assert_eq!(unique.len(), paged.len(), "no event twice");

    let below_the_oldest = store
        .person_access_log_page(mikkel, whole.last().copied(), 5)
        .await
        .unwrap();
    assert!(below_the_oldest.is_empty());
    assert!(
        store
            .person_access_log_page(PersonId::new(99), None, 5)
            .await
            .unwrap()
            .is_empty(),
        "a person nobody accessed has an empty log"
    );
}

async fn the_accounts_on_a_page_are_read_by_their_ids(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash").await;
    let jonas = therapist(&*store, "jonas", "Jonas Berg", "hash").await;
    therapist(&*store, "sofie", "Sofie Lund", "hash").await;

    let mut named: Vec<(UserId, String)> = store
        .users_by_ids(&[jonas.id, mette.id, UserId::new(9999)])
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    named.sort();
    let mut expected = vec![
        (mette.id, "Mette Hansen".to_owned()),
        (jonas.id, "Jonas Berg".to_owned()),
    ];
    expected.sort();
    assert_eq!(
        named, expected,
        "only those asked for; no one for an unknown id"
    );
    assert!(store.users_by_ids(&[]).await.unwrap().is_empty());
}

rundt_testkit::scenarios!(store:
    a_persons_access_log_pages_newest_first_and_the_pages_are_the_whole_log,
    the_accounts_on_a_page_are_read_by_their_ids,
);
