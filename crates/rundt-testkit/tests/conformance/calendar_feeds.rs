//! Calendar feeds of the on-call rota on both backends: only the secret's
//! SHA-256 is kept, a feed is found by it, revoked once (with who and
//! when), and a revoked feed leaves the team's list. Every write is
//! audited in its transaction.

use rundt_app::Actor;
use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind};
use rundt_domain::id::TeamId;
use rundt_store::{NewCalendarFeed, StoreError};
use rundt_testkit::{TestApp, test_now};

fn event(action: AuditAction, team: TeamId) -> AuditEvent {
    Actor::cli().event(
        test_now(),
        action,
        Object::keyed(ObjectKind::OnCallRota, team.get()),
    )
}

fn hash(c: char) -> String {
    std::iter::repeat_n(c, 64).collect()
}

async fn audited(t: &TestApp) -> usize {
    t.store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.event.action.starts_with("oncall.calendar_feed."))
        .count()
}

async fn a_feed_is_found_by_its_secret_hash_and_revoked_once(t: TestApp) {
    let (team, people) = t.aarhus_team().await;
    let jonas = people["jonas"];
    let store = &t.store;

    let own = store
        .create_calendar_feed(
            team,
            &NewCalendarFeed {
                person_id: Some(jonas),
                token_sha256: hash('a'),
            },
            &event(AuditAction::OnCallCalendarFeedCreate, team),
        )
        .await
        .unwrap();
    let whole = store
        .create_calendar_feed(
            team,
            &NewCalendarFeed {
                person_id: None,
                token_sha256: hash('b'),
            },
            &event(AuditAction::OnCallCalendarFeedCreate, team),
        )
        .await
        .unwrap();
    assert_eq!(own.person_id, Some(jonas));
    assert_eq!(whole.person_id, None, "the team's whole rota");
    assert!(!own.is_revoked());
    assert_eq!(audited(&t).await, 2);

    let found = store.calendar_feed_by_token(&hash('a')).await.unwrap();
    assert_eq!(found.as_ref(), Some(&own));
    assert_eq!(
        store.calendar_feed_by_token(&hash('c')).await.unwrap(),
        None
    );
    assert_eq!(
        store.calendar_feeds_of_team(team).await.unwrap(),
        vec![own.clone(), whole.clone()]
    );

    let revoked = store
        .revoke_calendar_feed(
            team,
            own.id,
            &event(AuditAction::OnCallCalendarFeedRevoke, team),
        )
        .await
        .unwrap();
    assert!(revoked.is_revoked());
    assert_eq!(revoked.revoked_at, Some(test_now()));
    assert_eq!(audited(&t).await, 3);
    assert_eq!(
        store.calendar_feeds_of_team(team).await.unwrap(),
        vec![whole.clone()],
        "a revoked feed leaves the list"
    );
    let still = store.calendar_feed_by_token(&hash('a')).await.unwrap();
    assert!(still.is_some_and(|f| f.is_revoked()), "kept, as revoked");

    let again = store
        .revoke_calendar_feed(
            team,
            own.id,
            &event(AuditAction::OnCallCalendarFeedRevoke, team),
        )
        .await;
    assert!(matches!(again, Err(StoreError::NotFound(_))));
    assert_eq!(audited(&t).await, 3, "a refused write leaves no event");
}

async fn a_secret_hash_is_used_once_and_a_feed_needs_its_team(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let store = &t.store;
    let feed = NewCalendarFeed {
        person_id: None,
        token_sha256: hash('d'),
    };
    store
        .create_calendar_feed(
            team,
            &feed,
            &event(AuditAction::OnCallCalendarFeedCreate, team),
        )
        .await
        .unwrap();
    let twice = store
        .create_calendar_feed(
            team,
            &feed,
            &event(AuditAction::OnCallCalendarFeedCreate, team),
        )
        .await;
    assert!(twice.is_err(), "the same secret twice");
    let nowhere = TeamId::new(999_999);
    let missing = store
        .create_calendar_feed(
            nowhere,
            &NewCalendarFeed {
                person_id: None,
                token_sha256: hash('e'),
            },
            &event(AuditAction::OnCallCalendarFeedCreate, nowhere),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    assert_eq!(audited(&t).await, 1);
    assert!(store.calendar_feed(nowhere, 1).await.unwrap().is_none());
}

rundt_testkit::scenarios!(app:
    a_feed_is_found_by_its_secret_hash_and_revoked_once,
    a_secret_hash_is_used_once_and_a_feed_needs_its_team,
);
