//! A request's authentication through the `Store` trait: the token or
//! session with its holder's account and the holder's teams on the day, in
//! one read.

use chrono::{DateTime, Utc};
use rundt_domain::api_token::TokenScope;
use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::team::Position;
use rundt_testkit::TestDb;

use super::store_support::*;

/// Each request's authentication is one read: the token or session, its
/// holder's account and the teams the holder belongs to on the day.
async fn a_request_finds_the_holder_of_its_token_or_session_with_the_days_teams(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let aarhus = dk_team(&*store, "MST Aarhus", "0751").await;
    let odense = dk_team(&*store, "MST Odense", "0461").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash-1").await;
    let ole = therapist(&*store, "ole", "Ole", "hash-2").await;
    for (team, since) in [(odense.id, "2026-03-01"), (aarhus.id, "2026-01-01")] {
        join(&*store, team, mette.id, Position::Therapist, since)
            .await
            .unwrap();
    }
    join(
        &*store,
        aarhus.id,
        ole.id,
        Position::Therapist,
        "2026-01-01",
    )
    .await
    .unwrap();
    let on = |d: &str| {
        DateTime::parse_from_rfc3339(&format!("{d}T10:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    };
    let ends = on("2027-01-01");
    let create = event(AuditAction::ApiTokenCreate, ObjectKind::ApiToken);
    let token = store
        .create_api_token(
            mette.id,
            "phone",
            "tok-m",
            TokenScope::ReadOnly,
            ends,
            &create,
        )
        .await
        .unwrap();
    store
        .create_api_token(
            ole.id,
            "laptop",
            "tok-o",
            TokenScope::ReadOnly,
            ends,
            &create,
        )
        .await
        .unwrap();

    let holder = store
        .api_token_holder("tok-m", on("2026-02-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((holder.token, holder.user), (token.clone(), mette.clone()));
    assert_eq!(holder.team_ids, vec![aarhus.id], "Odense only from March");
    let in_march = store
        .api_token_holder("tok-m", on("2026-03-01"))
        .await
        .unwrap()
        .unwrap();
    let mut both = vec![aarhus.id, odense.id];
    both.sort();
    assert_eq!(in_march.team_ids, both);
    let oles = store
        .api_token_holder("tok-o", on("2026-03-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((oles.user.id, oles.team_ids), (ole.id, vec![aarhus.id]));
    assert!(
        store
            .api_token_holder("nobody's", on("2026-03-01"))
            .await
            .unwrap()
            .is_none()
    );
    let revoke = event(AuditAction::ApiTokenRevoke, ObjectKind::ApiToken);
    store
        .revoke_api_token(mette.id, token.id, &revoke)
        .await
        .unwrap();
    assert!(
        store
            .api_token_holder("tok-m", on("2026-03-01"))
            .await
            .unwrap()
            .is_none(),
        "a revoked token has no holder"
    );

    let session = session_of(&*store, "sess-o", ole.id, false).await;
    let held = store
        .session_holder("sess-o", on("2026-02-01"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held.session, session);
    assert_eq!(
        (
            held.credentials.user,
            held.credentials.password_hash.as_str()
        ),
        (ole.clone(), "hash-2")
    );
    assert_eq!(held.team_ids, vec![aarhus.id]);
    assert!(
        store
            .session_holder("sess-x", on("2026-02-01"))
            .await
            .unwrap()
            .is_none()
    );
    let before_joining = store
        .session_holder("sess-o", on("2025-12-31"))
        .await
        .unwrap()
        .unwrap();
    assert!(before_joining.team_ids.is_empty());
}

rundt_testkit::scenarios!(store: a_request_finds_the_holder_of_its_token_or_session_with_the_days_teams);
