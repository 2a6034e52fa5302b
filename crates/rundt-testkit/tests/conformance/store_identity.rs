//! Identity and cases through the `Store` trait: credentials, login
//! attempts, sessions, the second factor, API tokens, deactivation, cases,
//! shared people, listing, break glass and who saw whom.

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use rundt_domain::api_token::TokenScope;
use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId, TeamId, UserId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_domain::team::Position;
use rundt_store::{
    CaseFilter, NewCase, ParticipantRole, PersonCase, RecentFailures, SessionRecord, StoreError,
};
use rundt_testkit::TestDb;
use rundt_testkit::code;

use super::store_support::*;

async fn credentials_sessions_tokens_and_cases_round_trip(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let team = dk_team(&*store, "MST Aarhus", "0751").await;
    let mette = therapist(&*store, "mette", "Mette Hansen", "hash-1").await;
    let other = therapist(&*store, "ole", "Ole", "hash-2").await;
    join(
        &*store,
        team.id,
        mette.id,
        Position::Therapist,
        "2026-01-01",
    )
    .await
    .unwrap();
    let jan = |d: u32| {
        DateTime::parse_from_rfc3339(&format!("2026-01-{d:02}T10:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    };
    assert_eq!(
        store.user_team_ids(mette.id, jan(2)).await.unwrap(),
        vec![team.id]
    );
    assert!(
        store
            .user_team_ids(mette.id, jan(1) - TimeDelta::days(1))
            .await
            .unwrap()
            .is_empty()
    );

    // Credentials and login attempts.
    let creds = store
        .credentials_by_username("mette")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.user, mette);
    assert_eq!(creds.password_hash, "hash-1");
    assert_eq!((creds.totp_secret, creds.totp_last_step), (None, None));
    assert!(
        store
            .credentials_by_username("nobody")
            .await
            .unwrap()
            .is_none()
    );
    let before = micros_now() - TimeDelta::seconds(1);
    let login_success = event(AuditAction::LoginSuccess, ObjectKind::User);
    for success in [false, false, true] {
        store
            .record_login_attempt("mette", "10.0.0.1", success, &login_success)
            .await
            .unwrap();
    }
    store
        .record_login_attempt("ole", "10.0.0.1", false, &login_success)
        .await
        .unwrap();
    assert_eq!(
        store
            .recent_login_failures("mette", "10.0.0.1", before)
            .await
            .unwrap(),
        RecentFailures {
            for_username: 2,
            from_address: 3
        }
    );
    assert_eq!(
        store
            .recent_login_failures("mette", "10.0.0.2", micros_now() + TimeDelta::hours(1))
            .await
            .unwrap(),
        RecentFailures::default()
    );

    // Sessions.
    let session = session_of(&*store, "sess-1", mette.id, true).await;
    let now = session.created_at;
    let session_create = event(AuditAction::SessionCreate, ObjectKind::Session);
    assert_eq!(
        store.find_session("sess-1").await.unwrap(),
        Some(session.clone())
    );
    store
        .touch_session("sess-1", now + TimeDelta::minutes(5))
        .await
        .unwrap();
    store
        .touch_session("sess-1", now + TimeDelta::minutes(1))
        .await
        .unwrap();
    let seen = store.find_session("sess-1").await.unwrap().unwrap();
    assert_eq!(
        seen.last_seen_at,
        now + TimeDelta::minutes(5),
        "only forward"
    );
    store
        .revoke_session(
            "sess-1",
            now + TimeDelta::minutes(6),
            &event(AuditAction::Logout, ObjectKind::Session),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .find_session("sess-1")
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(now + TimeDelta::minutes(6))
    );

    // Second factor and password.
    let user_second_factor_enrolled =
        event(AuditAction::UserSecondFactorEnrolled, ObjectKind::User);
    store
        .set_totp(mette.id, "sealed-secret", 100, &user_second_factor_enrolled)
        .await
        .unwrap();
    assert!(!store.use_totp_step(mette.id, 100).await.unwrap(), "replay");
    assert!(store.use_totp_step(mette.id, 101).await.unwrap());
    assert!(!store.use_totp_step(mette.id, 99).await.unwrap());
    let creds = store.credentials_by_id(mette.id).await.unwrap().unwrap();
    assert_eq!(creds.totp_secret.as_deref(), Some("sealed-secret"));
    assert_eq!(creds.totp_last_step, Some(101));
    let user_password_change = event(AuditAction::UserPasswordChange, ObjectKind::User);
    store
        .set_password(mette.id, "hash-3", &user_password_change)
        .await
        .unwrap();
    assert_eq!(
        store
            .credentials_by_id(mette.id)
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "hash-3"
    );
    let api_token_create = event(AuditAction::ApiTokenCreate, ObjectKind::ApiToken);
    let ends = micros_now() + TimeDelta::days(30);
    let user_deactivate = event(AuditAction::UserDeactivate, ObjectKind::User);
    for result in [
        store
            .set_totp(UserId::new(999_999), "s", 1, &user_second_factor_enrolled)
            .await,
        store
            .set_password(UserId::new(999_999), "h", &user_password_change)
            .await,
        store
            .set_user_active(UserId::new(999_999), false, &user_deactivate)
            .await
            .map(|_| ()),
        store
            .create_api_token(
                UserId::new(999_999),
                "t",
                "h",
                TokenScope::Full,
                ends,
                &api_token_create,
            )
            .await
            .map(|_| ()),
    ] {
        match result {
            Err(StoreError::NotFound(m)) => assert_eq!(m, "user 999999"),
            other => panic!("expected not found, got {other:?}"),
        }
    }

    // API tokens, each with its scope and the instant it ends.
    let token = store
        .create_api_token(
            mette.id,
            "laptop",
            "tok-1",
            TokenScope::ResultsOnly,
            ends,
            &api_token_create,
        )
        .await
        .unwrap();
    assert_eq!((token.user_id, token.name.as_str()), (mette.id, "laptop"));
    assert_eq!(
        (token.scope, token.expires_at),
        (TokenScope::ResultsOnly, ends)
    );
    let found = live_token(&*store, "tok-1").await.unwrap();
    assert_eq!((found.id, found.last_used_at), (token.id, None));
    assert!(live_token(&*store, "nope").await.is_none());
    let used_at = micros_now();
    store.mark_api_token_used(token.id, used_at).await.unwrap();
    // A mark from a slower app server never moves the time back.
    store
        .mark_api_token_used(token.id, used_at - chrono::Duration::seconds(5))
        .await
        .unwrap();
    let used = live_token(&*store, "tok-1").await.unwrap();
    assert_eq!(used.last_used_at, Some(used_at));
    assert_eq!(store.list_api_tokens(mette.id).await.unwrap(), vec![used]);
    let api_token_revoke = event(AuditAction::ApiTokenRevoke, ObjectKind::ApiToken);
    match store
        .revoke_api_token(other.id, token.id, &api_token_revoke)
        .await
    {
        Err(StoreError::NotFound(m)) => assert_eq!(m, format!("API token {}", token.id)),
        other => panic!("expected not found, got {other:?}"),
    }
    let revoked = store
        .revoke_api_token(mette.id, token.id, &api_token_revoke)
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    match store
        .revoke_api_token(mette.id, token.id, &api_token_revoke)
        .await
    {
        Err(StoreError::Conflict(m)) => assert_eq!(m, msg!("token-revoked")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(live_token(&*store, "tok-1").await.is_none());

    // Deactivation ends sessions and tokens at once.
    let s2 = SessionRecord {
        token_hash: "sess-2".into(),
        ..session.clone()
    };
    store.create_session(&s2, &session_create).await.unwrap();
    store
        .create_api_token(
            mette.id,
            "phone",
            "tok-2",
            TokenScope::ReadOnly,
            ends,
            &api_token_create,
        )
        .await
        .unwrap();
    let inactive = store
        .set_user_active(mette.id, false, &user_deactivate)
        .await
        .unwrap();
    assert!(!inactive.active);
    assert_eq!(
        inactive.version,
        mette.version + 3,
        "totp, password, active"
    );
    assert!(
        store
            .find_session("sess-2")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert!(live_token(&*store, "tok-2").await.is_none());
    assert!(
        store
            .set_user_active(
                mette.id,
                true,
                &event(AuditAction::UserActivate, ObjectKind::User)
            )
            .await
            .unwrap()
            .active
    );

    // Cases.
    let new_case = NewCase {
        country: Country::DK,
        team_id: team.id,
        therapist_id: Some(mette.id),
        referring_municipality: code("0751"),
        paying_municipalities: vec![code("0751"), code("0101"), code("0751")],
        status: CaseStatus::Referred,
        referred_on: Some(day("2026-01-02")),
        treatment_start: None,
        participants: vec![
            (person("Mor", Some("idx-mor")), ParticipantRole::Caregiver),
            (
                person("Barn", Some("idx-barn")),
                ParticipantRole::YoungPerson,
            ),
            (person("Far", None), ParticipantRole::Caregiver),
        ],
        price: None,
    };
    let case_create = event(AuditAction::CaseCreate, ObjectKind::Case);
    let case = store.create_case(&new_case, &case_create).await.unwrap();
    assert_eq!(case.paying_municipalities, ["0101", "0751"]);
    assert_eq!(case.version, 1);
    let names: Vec<&str> = case
        .participants
        .iter()
        .map(|p| p.person.given_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Barn", "Mor", "Far"],
        "young person first, then by id"
    );
    let mor = case.participants[1].person.clone();
    assert_eq!(mor.national_id_sealed.as_deref(), Some("sealed-idx-mor"));
    assert_eq!(
        store
            .find_person_by_national_id(Country::DK, "idx-mor", None)
            .await
            .unwrap(),
        Some(mor.clone())
    );
    assert!(
        store
            .find_person_by_national_id(Country::NO, "idx-mor", None)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.get_person(mor.id).await.unwrap(), Some(mor.clone()));

    // The same caregiver in a second family is the same person.
    let second = store
        .create_case(
            &NewCase {
                therapist_id: Some(other.id),
                referring_municipality: code("0101"),
                paying_municipalities: vec![],
                participants: vec![
                    (
                        person("Mor igen", Some("idx-mor")),
                        ParticipantRole::Caregiver,
                    ),
                    (
                        person("Søster", Some("idx-s")),
                        ParticipantRole::YoungPerson,
                    ),
                ],
                ..new_case.clone()
            },
            &case_create,
        )
        .await
        .unwrap();
    assert_eq!(second.participants[1].person, mor);
    // Recorded once, when the first referral named her.
    assert_eq!(mor.created_at, micros_now());
    // The families a person takes part in, oldest first, with their part.
    let part = |case_id, role| PersonCase { case_id, role };
    assert_eq!(
        store.person_cases(mor.id).await.unwrap(),
        [
            part(case.id, ParticipantRole::Caregiver),
            part(second.id, ParticipantRole::Caregiver),
        ]
    );
    let barn = case.participants[0].person.id;
    assert_eq!(
        store.person_cases(barn).await.unwrap(),
        [part(case.id, ParticipantRole::YoungPerson)]
    );
    assert!(
        store
            .person_cases(PersonId::new(999_999))
            .await
            .unwrap()
            .is_empty()
    );
    let twice = NewCase {
        participants: vec![
            (person("A", Some("idx-a")), ParticipantRole::YoungPerson),
            (person("A again", Some("idx-a")), ParticipantRole::Caregiver),
        ],
        ..new_case.clone()
    };
    match store.create_case(&twice, &case_create).await {
        Err(StoreError::Conflict(m)) => {
            assert_eq!(m, msg!("person-listed-twice"))
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        store
            .find_person_by_national_id(Country::DK, "idx-a", None)
            .await
            .unwrap()
            .is_none(),
        "rolled back"
    );

    // Access checks do not audit; reads audit once per person.
    let checked = store.case_for_access_check(case.id).await.unwrap().unwrap();
    assert!(checked.participants.is_empty());
    assert_eq!(checked.paying_municipalities, case.paying_municipalities);
    let before = store.audit_events(0, 10_000).await.unwrap().len();
    let case_read = event(AuditAction::CaseRead, ObjectKind::Case);
    let read = store.read_case(case.id, &case_read).await.unwrap().unwrap();
    assert_eq!(read, case);
    assert!(
        store
            .read_case(CaseId::new(999_999), &case_read)
            .await
            .unwrap()
            .is_none()
    );
    let events = check_chain(&*store).await;
    assert_eq!(events.len(), before + 3);
    for (e, p) in events[before..].iter().zip(&case.participants) {
        assert_eq!(e.event.object_id, Some(case.id.get()));
        assert_eq!(e.event.person_id, Some(p.person.id));
    }

    // Listing.
    let ids = |cases: Vec<rundt_store::CaseRecord>| cases.iter().map(|c| c.id).collect::<Vec<_>>();
    let all = store.list_cases(&CaseFilter::default()).await.unwrap();
    assert!(all.iter().all(|c| c.participants.is_empty()));
    assert_eq!(all[1].paying_municipalities, ["0101", "0751"]);
    assert_eq!(ids(all), [second.id, case.id], "newest first");
    let by = |f: CaseFilter| {
        let store = store.clone();
        async move { ids(store.list_cases(&f).await.unwrap()) }
    };
    assert_eq!(
        by(CaseFilter {
            municipality: Some(code("0101")),
            ..Default::default()
        })
        .await,
        [second.id, case.id],
        "referring or paying"
    );
    assert_eq!(
        by(CaseFilter {
            municipality: Some(code("0751")),
            ..Default::default()
        })
        .await,
        [case.id]
    );
    assert_eq!(
        by(CaseFilter {
            therapist_id: Some(other.id),
            ..Default::default()
        })
        .await,
        [second.id]
    );
    assert!(
        by(CaseFilter {
            country: Some(Country::NO),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    assert!(
        by(CaseFilter {
            team_ids: Some(vec![]),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        by(CaseFilter {
            team_ids: Some(vec![team.id, TeamId::new(42)]),
            country: Some(Country::DK),
            ..Default::default()
        })
        .await
        .len(),
        2
    );

    // Break glass.
    match store
        .grant_break_glass(
            CaseId::new(999_999),
            other.id,
            "r",
            jan(2),
            &event(AuditAction::CaseBreakGlass, ObjectKind::Case),
        )
        .await
    {
        Err(StoreError::NotFound(m)) => assert_eq!(m, "case 999999"),
        other => panic!("expected not found, got {other:?}"),
    }
    let mut grant_event = event(AuditAction::CaseBreakGlass, ObjectKind::Case);
    grant_event.object_id = Some(case.id.get());
    let granted_at = grant_event.at.trunc_subsecs(6);
    let grant = store
        .grant_break_glass(
            case.id,
            other.id,
            "on call",
            granted_at + TimeDelta::hours(1),
            &grant_event,
        )
        .await
        .unwrap();
    assert_eq!(
        (grant.team_id, grant.user_name.as_str(), grant.granted_at),
        (team.id, "Ole", granted_at)
    );
    let at = granted_at + TimeDelta::minutes(30);
    let grant_of = |user: UserId, at: DateTime<Utc>| {
        let store = store.clone();
        async move {
            let (case_read, grant) = store
                .case_for_reader(case.id, user, at)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(case_read.id, case.id);
            grant
        }
    };
    assert_eq!(grant_of(other.id, at).await, Some(grant.clone()));
    assert!(
        grant_of(other.id, granted_at + TimeDelta::hours(1))
            .await
            .is_none()
    );
    assert!(grant_of(mette.id, at).await.is_none());
    assert!(
        store
            .case_for_reader(CaseId::new(999_999), other.id, at)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .break_glass_for_teams(&[team.id], granted_at)
            .await
            .unwrap(),
        vec![grant]
    );
    assert!(
        store
            .break_glass_for_teams(&[team.id], at)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .break_glass_for_teams(&[], granted_at)
            .await
            .unwrap()
            .is_empty()
    );

    // Families registered at once that share people share the rows:
    // pairs of families naming two new people in opposite orders.
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        let audit = case_create.clone();
        let pair = i / 2;
        let kid = (
            person(&format!("Kid {i}"), None),
            ParticipantRole::YoungPerson,
        );
        let a = (
            person("A", Some(&format!("idx-a-{pair}"))),
            ParticipantRole::Caregiver,
        );
        let b = (
            person("B", Some(&format!("idx-b-{pair}"))),
            ParticipantRole::Caregiver,
        );
        let participants = if i % 2 == 0 {
            vec![kid, a, b]
        } else {
            vec![b, kid, a]
        };
        let case = NewCase {
            participants,
            ..new_case.clone()
        };
        tasks.push(tokio::spawn(async move {
            store.create_case(&case, &audit).await
        }));
    }
    let mut adults = Vec::new();
    for t in tasks {
        let created = t.await.unwrap().unwrap();
        let mut ids: Vec<PersonId> = created.participants[1..]
            .iter()
            .map(|p| p.person.id)
            .collect();
        ids.sort_unstable();
        adults.push(ids);
    }
    for pair in adults.chunks(2) {
        assert_eq!(pair[0], pair[1], "the same two people");
    }

    // Who saw the mother: two case creations and one read.
    let log = store.person_access_log(mor.id).await.unwrap();
    assert_eq!(
        log.iter()
            .map(|e| e.event.action.as_str())
            .collect::<Vec<_>>(),
        ["case.create", "case.create", "case.read"]
    );
    assert_eq!(log[0].event.object_id, Some(case.id.get()));
    assert_eq!(log[1].event.object_id, Some(second.id.get()));
    assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
    check_chain(&*store).await;
}

/// The live API token with this hash, as a request's authentication finds it.
async fn live_token(store: &dyn rundt_store::Store, hash: &str) -> Option<rundt_store::ApiToken> {
    store
        .api_token_holder(hash, micros_now())
        .await
        .unwrap()
        .map(|h| h.token)
}

rundt_testkit::scenarios!(store: credentials_sessions_tokens_and_cases_round_trip);
