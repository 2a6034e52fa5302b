//! A key rotation on both backends: while it runs, people sealed with the
//! old key are read and found (a family referred again joins the same
//! person); re-sealing puts every value under the new key; afterwards the
//! old key is not needed; and a value changed meanwhile is never
//! overwritten.

use rundt_app::cases;
use rundt_app::key_rotation::{self, Census};
use rundt_app::protect::FieldKeys;
use rundt_app::{Actor, App};
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_store::{ProtectedChange, ProtectedKind};
use rundt_testkit::TestApp;

use super::protection::{andersen, family_with_identifiers, refer};

fn national_ids(census: &[(ProtectedKind, Census)]) -> Census {
    census
        .iter()
        .find(|(k, _)| *k == ProtectedKind::PersonNationalId)
        .map(|(_, c)| c.clone())
        .unwrap()
}

async fn reseal_everything(app: &App) -> u64 {
    let mut resealed = 0;
    for kind in ProtectedKind::ALL {
        let mut after = 0;
        loop {
            let batch = key_rotation::reseal_batch(app, &Actor::cli(), kind, after, 2)
                .await
                .unwrap();
            let Some(last) = batch.last_id else { break };
            assert_eq!(batch.unreadable, 0);
            after = last;
            resealed += batch.resealed;
        }
    }
    resealed
}

async fn a_rotation_reseals_every_identifier_and_loses_no_one(t: TestApp) {
    let old = FieldKeys::generate().unwrap();
    let new = FieldKeys::generate().unwrap();
    t.app.keys.replace(old.clone(), None);
    let case_id = family_with_identifiers(&t).await;
    let team = t.store.list_teams().await.unwrap()[0].id;

    // The rotation begins: the new key seals, the old one still opens.
    t.app.keys.replace(new.clone(), Some(old));
    let during = national_ids(
        &key_rotation::census(&t.app, &Actor::cli(), 100)
            .await
            .unwrap(),
    );
    assert_eq!(
        (during.total, during.previous, during.unreadable),
        (2, 2, 0)
    );
    let again = refer(&t, team, andersen("Mikkel", "1503114127"), vec![])
        .await
        .unwrap();
    let first = cases::read_case(&t.app, &Actor::cli(), case_id)
        .await
        .unwrap();
    assert_eq!(
        again.people[0].id, first.people[0].id,
        "found under the old index"
    );
    assert!(first.people.iter().all(|p| p.national_id_masked.is_some()));

    assert_eq!(reseal_everything(&t.app).await, 2);
    assert_eq!(reseal_everything(&t.app).await, 0, "nothing left to do");
    let after = national_ids(
        &key_rotation::census(&t.app, &Actor::cli(), 100)
            .await
            .unwrap(),
    );
    assert_eq!((after.total, after.current, after.previous), (2, 2, 0));

    // The old key retired: everything still opens, the person is found.
    t.app.keys.replace(new, None);
    let read = cases::read_case(&t.app, &Actor::cli(), case_id)
        .await
        .unwrap();
    assert_eq!(
        read.people[0].national_id_masked,
        first.people[0].national_id_masked
    );
    let third = refer(&t, team, andersen("Mikkel", "150311-4127"), vec![])
        .await
        .unwrap();
    assert_eq!(third.people[0].id, first.people[0].id);
}

async fn a_value_changed_meanwhile_is_not_overwritten(t: TestApp) {
    family_with_identifiers(&t).await;
    let values = t
        .store
        .protected_values(ProtectedKind::PersonNationalId, 0, 10)
        .await
        .unwrap();
    assert_eq!(values.len(), 2);
    assert!(
        values
            .iter()
            .all(|v| v.index.is_some() && v.country.is_some())
    );
    let event = Actor::cli().event(
        rundt_testkit::test_now(),
        AuditAction::FieldKeyRotate,
        Object::of(ObjectKind::Database),
    );
    let stale = ProtectedChange {
        id: values[0].id,
        old_sealed: "v1:not-what-is-stored".into(),
        sealed: "v1:new".into(),
        index: Some("new-index".into()),
    };
    let fresh = ProtectedChange {
        id: values[1].id,
        old_sealed: values[1].sealed.clone(),
        sealed: values[1].sealed.clone(),
        index: values[1].index.clone(),
    };
    let replaced = t
        .store
        .replace_protected_values(ProtectedKind::PersonNationalId, &[stale, fresh], &event)
        .await
        .unwrap();
    assert_eq!(replaced, 1);
    let now = t
        .store
        .protected_values(ProtectedKind::PersonNationalId, 0, 10)
        .await
        .unwrap();
    assert_eq!(now, values, "the stale change left its row alone");
    let last = t.store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(
        last.last().unwrap().event.action,
        "field_key.rotate",
        "audited with the change"
    );
}

rundt_testkit::scenarios!(app:
    a_rotation_reseals_every_identifier_and_loses_no_one,
    a_value_changed_meanwhile_is_not_overwritten,
);
