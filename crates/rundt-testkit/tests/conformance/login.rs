//! Logging in and staying logged in, on both backends.

use chrono::Duration;
use rundt_app::auth::{self, NextStep, SessionState};
use rundt_app::users::{self, CreateUser};
use rundt_app::{Actor, AppError};
use rundt_domain::access::Principal;
use rundt_domain::totp::{TotpSecret, code_at};
use rundt_testkit::second_factor_code as code;
use rundt_testkit::{TEST_PASSWORD, TestApp, test_now};

async fn logged_in(t: &TestApp, username: &str) -> String {
    let pending = auth::login(&t.app, username, TEST_PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    auth::complete_login(&t.app, &pending.token, &code(test_now()), "10.0.0.1")
        .await
        .unwrap()
        .token
}

/// Who the session `token` belongs to and the language they chose for their
/// pages; fails the test unless it is fully logged in.
async fn active(t: &TestApp, token: &str) -> (Principal, Option<String>) {
    match auth::session_state(&t.app, token).await.unwrap() {
        SessionState::Active {
            principal,
            language,
            ..
        } => (principal, language),
        _ => panic!("the session is not active"),
    }
}

async fn signed_in_as(t: &TestApp, token: &str) -> Principal {
    active(t, token).await.0
}

async fn a_supervisor_logs_in_with_password_then_authenticator_code(t: TestApp) {
    t.user("mette", "supervisor", "DK", None).await;
    let pending = auth::login(&t.app, "Mette", TEST_PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    assert_eq!(pending.next, Some(NextStep::Verify));
    // The pending session opens nothing yet.
    assert!(matches!(
        auth::session_state(&t.app, &pending.token).await.unwrap(),
        SessionState::Pending { .. }
    ));
    let done = auth::complete_login(&t.app, &pending.token, &code(test_now()), "10.0.0.1")
        .await
        .unwrap();
    assert_ne!(
        done.token, pending.token,
        "a new token after the second factor"
    );
    assert!(matches!(
        auth::session_state(&t.app, &done.token).await.unwrap(),
        SessionState::Active { .. }
    ));
    assert!(
        auth::session_state(&t.app, &pending.token).await.is_err(),
        "the pending token is spent"
    );
    // Only the hash of the token is stored.
    assert!(t.store.find_session(&done.token).await.unwrap().is_none());
    assert!(
        t.store
            .find_session(&auth::token_hash(&done.token))
            .await
            .unwrap()
            .is_some()
    );
}

async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(t: TestApp) {
    t.user("jonas", "therapist", "DK", None).await;
    let wrong = auth::login(&t.app, "jonas", "not the password", "10.0.0.2")
        .await
        .unwrap_err();
    let unknown = auth::login(&t.app, "nobody", "not the password", "10.0.0.2")
        .await
        .unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    assert!(matches!(wrong, AppError::Unauthenticated(_)));
    let failures = t
        .store
        .audit_events(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.action == "login.failure")
        .count();
    assert_eq!(failures, 2, "every failed attempt is audited");
}

async fn five_failures_block_the_username_for_a_while(t: TestApp) {
    t.user("sofie", "therapist", "DK", None).await;
    for _ in 0..5 {
        assert!(matches!(
            auth::login(&t.app, "sofie", "guess guess guess", "10.0.0.3").await,
            Err(AppError::Unauthenticated(_))
        ));
    }
    // Even the right password is refused now, from any address.
    let blocked = auth::login(&t.app, "sofie", TEST_PASSWORD, "10.9.9.9")
        .await
        .unwrap_err();
    assert!(
        matches!(blocked, AppError::TooManyAttempts { .. }),
        "{blocked:?}"
    );
    // Sixteen minutes later it works again.
    let later = t.at(test_now() + Duration::minutes(16));
    assert!(
        auth::login(&later, "sofie", TEST_PASSWORD, "10.0.0.3")
            .await
            .is_ok()
    );
}

async fn a_code_cannot_be_used_twice_and_a_wrong_code_is_refused(t: TestApp) {
    t.user("ahmed", "therapist", "DK", None).await;
    logged_in(&t, "ahmed").await;
    let again = auth::login(&t.app, "ahmed", TEST_PASSWORD, "10.0.0.4")
        .await
        .unwrap();
    let replay = auth::complete_login(&t.app, &again.token, &code(test_now()), "10.0.0.4")
        .await
        .unwrap_err();
    assert_eq!(replay.message().code, "totp-replayed", "{replay}");
    let wrong = auth::complete_login(&t.app, &again.token, "000000", "10.0.0.4").await;
    assert!(matches!(wrong, Err(AppError::Unauthenticated(_))));
    let malformed = auth::complete_login(&t.app, &again.token, "12ab", "10.0.0.4")
        .await
        .unwrap_err();
    assert_eq!(malformed.message().code, "totp-malformed", "{malformed}");
    // The next 30-second step works.
    let next = t.at(test_now() + Duration::seconds(30));
    assert!(
        auth::complete_login(
            &next,
            &again.token,
            &code(test_now() + Duration::seconds(30)),
            "10.0.0.4"
        )
        .await
        .is_ok()
    );
}

async fn a_new_user_enrols_the_authenticator_at_first_login(t: TestApp) {
    users::create_user(
        &t.app,
        &Actor::cli(),
        &CreateUser {
            username: "ingrid".into(),
            display_name: "Ingrid".into(),
            email: None,
            role: "supervisor".into(),
            country: "NO".into(),
            municipality_code: None,
            password: Some(TEST_PASSWORD.into()),
        },
    )
    .await
    .unwrap();
    let pending = auth::login(&t.app, "ingrid", TEST_PASSWORD, "10.0.0.5")
        .await
        .unwrap();
    assert_eq!(pending.next, Some(NextStep::Enrol));
    let enrolment = auth::enrolment(&t.app, &pending.token).await.unwrap();
    assert!(
        enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/Rundt:ingrid?secret=")
    );
    let secret = TotpSecret::from_base32(&enrolment.secret_base32).unwrap();
    let wrong = auth::complete_login(&t.app, &pending.token, "not a code", "10.0.0.5").await;
    assert!(
        matches!(wrong, Err(AppError::Unauthenticated(_))),
        "nothing is enrolled by a bad code"
    );
    let token = auth::complete_login(
        &t.app,
        &pending.token,
        &code_at(&secret, test_now().timestamp()),
        "10.0.0.5",
    )
    .await
    .unwrap()
    .token;
    assert!(matches!(
        auth::session_state(&t.app, &token).await.unwrap(),
        SessionState::Active { .. }
    ));
    let stored = t
        .store
        .credentials_by_username("ingrid")
        .await
        .unwrap()
        .unwrap();
    let sealed = stored.totp_secret.unwrap();
    assert!(
        !sealed.contains(&enrolment.secret_base32),
        "the secret is stored encrypted"
    );
}

async fn sessions_end_after_thirty_idle_minutes_and_twelve_hours_in_all(t: TestApp) {
    t.user("lars", "supervisor", "DK", None).await;
    let token = logged_in(&t, "lars").await;
    let idle = t.at(test_now() + Duration::minutes(31));
    assert!(matches!(
        auth::session_state(&idle, &token).await,
        Err(AppError::Unauthenticated(_))
    ));
    // Twenty-nine idle minutes are fine.
    let token = logged_in_again(&t, "lars").await;
    let active = t.at(test_now() + Duration::minutes(29));
    assert!(auth::session_state(&active, &token).await.is_ok());
}

/// A second login of the same user, one TOTP step later.
async fn logged_in_again(t: &TestApp, username: &str) -> String {
    let later = t.at(test_now() + Duration::seconds(30));
    let pending = auth::login(&later, username, TEST_PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    auth::complete_login(
        &later,
        &pending.token,
        &code(test_now() + Duration::seconds(30)),
        "10.0.0.1",
    )
    .await
    .unwrap()
    .token
}

async fn a_session_kept_busy_still_ends_after_twelve_hours(t: TestApp) {
    t.user("hanne", "supervisor", "DK", None).await;
    let token = logged_in(&t, "hanne").await;
    let mut last_ok = test_now();
    for step in 1..=40 {
        let at = test_now() + Duration::minutes(20 * step);
        match auth::session_state(&t.at(at), &token).await {
            Ok(_) => last_ok = at,
            Err(_) => break,
        }
    }
    assert!(
        last_ok > test_now() + Duration::hours(11),
        "busy sessions live long"
    );
    assert!(
        last_ok <= test_now() + Duration::hours(12),
        "but never beyond 12 hours"
    );
}

async fn logout_ends_the_session(t: TestApp) {
    t.user("peter", "therapist", "DK", None).await;
    let token = logged_in(&t, "peter").await;
    auth::logout(&t.app, &token).await.unwrap();
    assert!(auth::session_state(&t.app, &token).await.is_err());
    auth::logout(&t.app, &token).await.unwrap();
}

async fn deactivating_an_account_ends_its_sessions_and_tokens_at_once(t: TestApp) {
    let admin = t.user("office", "national_admin", "DK", None).await;
    let ida = t.user("ida", "therapist", "DK", None).await;
    let token = logged_in(&t, "ida").await;
    let principal = signed_in_as(&t, &token).await;
    let (_, api_token) = auth::create_api_token(
        &t.app,
        &principal,
        &rundt_app::auth::NewToken::named("export"),
    )
    .await
    .unwrap();
    assert!(auth::api_token_principal(&t.app, &api_token).await.is_ok());

    let admin_principal = auth::principal_for(&t.app, &admin).await.unwrap();
    auth::set_user_active(&t.app, &admin_principal, ida.id, false)
        .await
        .unwrap();
    assert!(auth::session_state(&t.app, &token).await.is_err());
    assert!(auth::api_token_principal(&t.app, &api_token).await.is_err());
    assert!(matches!(
        auth::login(&t.app, "ida", TEST_PASSWORD, "10.0.0.6").await,
        Err(AppError::Unauthenticated(_))
    ));
    // A therapist cannot deactivate anyone.
    let ida_principal = principal;
    assert!(matches!(
        auth::set_user_active(&t.app, &ida_principal, admin.id, false).await,
        Err(AppError::Forbidden(_))
    ));
}

async fn changing_the_password_ends_every_session_and_needs_the_current_one(t: TestApp) {
    t.user("maja", "therapist", "DK", None).await;
    let token = logged_in(&t, "maja").await;
    let principal = signed_in_as(&t, &token).await;
    let wrong = auth::change_password(&t.app, &principal, "not it", "a brand new passphrase").await;
    assert!(matches!(wrong, Err(AppError::Invalid(_))));
    let short = auth::change_password(&t.app, &principal, TEST_PASSWORD, "short").await;
    assert!(matches!(short, Err(AppError::Invalid(_))));
    auth::change_password(&t.app, &principal, TEST_PASSWORD, "a brand new passphrase")
        .await
        .unwrap();
    assert!(auth::session_state(&t.app, &token).await.is_err());
    assert!(
        auth::login(&t.app, "maja", TEST_PASSWORD, "10.0.0.7")
            .await
            .is_err()
    );
    assert!(
        auth::login(&t.app, "maja", "a brand new passphrase", "10.0.0.7")
            .await
            .is_ok()
    );
}

async fn api_tokens_are_personal_hashed_and_revocable(t: TestApp) {
    t.user("karin", "therapist", "DK", None).await;
    t.user("other", "therapist", "DK", None).await;
    let token = logged_in(&t, "karin").await;
    let principal = signed_in_as(&t, &token).await;
    let (created, raw) = auth::create_api_token(
        &t.app,
        &principal,
        &rundt_app::auth::NewToken::named("weekly export"),
    )
    .await
    .unwrap();
    assert!(raw.starts_with("rundt_"));
    assert_eq!(
        auth::api_token_principal(&t.app, &raw)
            .await
            .unwrap()
            .0
            .user_id,
        principal.user_id
    );
    assert!(
        auth::api_token_principal(&t.app, "rundt_made-up")
            .await
            .is_err()
    );
    let listed = auth::list_api_tokens(&t.app, &principal).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some());

    let other = t
        .store
        .find_user_by_username("other")
        .await
        .unwrap()
        .unwrap();
    let other_principal = auth::principal_for(&t.app, &other).await.unwrap();
    assert!(matches!(
        auth::revoke_api_token(&t.app, &other_principal, created.id).await,
        Err(AppError::NotFound(_))
    ));
    auth::revoke_api_token(&t.app, &principal, created.id)
        .await
        .unwrap();
    assert!(auth::api_token_principal(&t.app, &raw).await.is_err());
    assert!(matches!(
        auth::revoke_api_token(&t.app, &principal, created.id).await,
        Err(AppError::Conflict(_))
    ));
}

async fn a_bearer_request_notes_the_token_s_use_at_most_once_a_minute(t: TestApp) {
    t.user("karin", "therapist", "DK", None).await;
    let token = logged_in(&t, "karin").await;
    let principal = signed_in_as(&t, &token).await;
    let (_, raw) = auth::create_api_token(
        &t.app,
        &principal,
        &rundt_app::auth::NewToken::named("export"),
    )
    .await
    .unwrap();
    let last_used = async |t: &TestApp| {
        auth::list_api_tokens(&t.app, &principal).await.unwrap()[0].last_used_at
    };
    let first = test_now();
    auth::api_token_principal(&t.at(first), &raw).await.unwrap();
    assert_eq!(last_used(&t).await, Some(first), "the first use is noted");

    // Within the minute a request is a pure read: the time stays.
    auth::api_token_principal(&t.at(first + Duration::seconds(59)), &raw)
        .await
        .unwrap();
    assert_eq!(last_used(&t).await, Some(first));

    let later = first + Duration::seconds(60);
    auth::api_token_principal(&t.at(later), &raw).await.unwrap();
    assert_eq!(
        last_used(&t).await,
        Some(later),
        "a minute on, it is noted again"
    );
}

async fn a_caseworker_chooses_the_language_of_her_pages_and_it_is_audited(t: TestApp) {
    t.user("sofie", "municipal_caseworker", "DK", Some("0751"))
        .await;
    let token = logged_in(&t, "sofie").await;
    let principal = signed_in_as(&t, &token).await;
    assert_eq!(users::language(&t.app, &principal).await.unwrap(), None);

    users::set_language(&t.app, &principal, Some("da"))
        .await
        .unwrap();
    assert_eq!(
        users::language(&t.app, &principal)
            .await
            .unwrap()
            .as_deref(),
        Some("da")
    );

    let swedish = users::set_language(&t.app, &principal, Some("sv")).await;
    assert!(matches!(swedish, Err(AppError::Invalid(_))));
    assert_eq!(
        users::language(&t.app, &principal)
            .await
            .unwrap()
            .as_deref(),
        Some("da"),
        "a refused choice changes nothing"
    );

    users::set_language(&t.app, &principal, Some(""))
        .await
        .unwrap();
    assert_eq!(users::language(&t.app, &principal).await.unwrap(), None);

    let choices = t
        .store
        .audit_events(0, 10_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| {
            e.event.action == "user.language" && e.event.object_id == Some(principal.user_id.get())
        })
        .count();
    assert_eq!(choices, 2, "each choice is audited");
}

async fn the_chosen_language_comes_with_the_session_so_a_page_needs_no_second_read(t: TestApp) {
    t.user("sofie", "municipal_caseworker", "DK", Some("0751"))
        .await;
    let token = logged_in(&t, "sofie").await;
    assert_eq!(active(&t, &token).await.1, None);

    let principal = signed_in_as(&t, &token).await;
    users::set_language(&t.app, &principal, Some("nb"))
        .await
        .unwrap();
    assert_eq!(
        active(&t, &token).await.1.as_deref(),
        Some("nb"),
        "the next request of the same session sees the new choice"
    );
}

rundt_testkit::scenarios!(app:
    a_supervisor_logs_in_with_password_then_authenticator_code,
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    five_failures_block_the_username_for_a_while,
    a_code_cannot_be_used_twice_and_a_wrong_code_is_refused,
    a_new_user_enrols_the_authenticator_at_first_login,
    sessions_end_after_thirty_idle_minutes_and_twelve_hours_in_all,
    a_session_kept_busy_still_ends_after_twelve_hours,
    logout_ends_the_session,
    deactivating_an_account_ends_its_sessions_and_tokens_at_once,
    changing_the_password_ends_every_session_and_needs_the_current_one,
    api_tokens_are_personal_hashed_and_revocable,
    a_bearer_request_notes_the_token_s_use_at_most_once_a_minute,
    a_caseworker_chooses_the_language_of_her_pages_and_it_is_audited,
    the_chosen_language_comes_with_the_session_so_a_page_needs_no_second_read,
);
