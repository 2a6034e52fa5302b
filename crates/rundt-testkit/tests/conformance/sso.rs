//! Single sign-on's use cases on both backends (issue 18): a login begun
//! at a provider is taken back once, by the browser that began it, within
//! its time; a verified identity logs in only the person an administrator
//! linked it to; the provider's word on a second factor is taken, else
//! Rundt's own code follows; one identity is one person; every step is
//! audited. (The flow against a real provider is the browser suite's
//! `sso.test.js`.)

use chrono::Duration;
use rundt_app::auth::{self, NextStep, SessionState};
use rundt_app::sso::{self, LinkIdentity, LoginBegun, ProviderLogin};
use rundt_app::{Actor, AppError};
use rundt_domain::access::Principal;
use rundt_testkit::second_factor_code as code;
use rundt_testkit::{TestApp, test_now};

const ISSUER: &str = "https://login.aarhus.example/v2.0";
const ADDRESS: &str = "10.0.0.7";

fn begun(next: &str) -> LoginBegun {
    LoginBegun {
        provider: "aarhus".into(),
        nonce: "nonce-1".into(),
        pkce_verifier: "verifier-1".into(),
        next: next.into(),
    }
}

fn provider_login<'a>(subject: &'a str, amr: &'a [String]) -> ProviderLogin<'a> {
    ProviderLogin {
        provider: "aarhus",
        issuer: ISSUER,
        subject,
        amr,
        acr: None,
        mfa_acr_values: &[],
    }
}

async fn admin(t: &TestApp) -> Actor {
    let u = t.user("birgitte", "national_admin", "DK", None).await;
    Actor::User(auth::principal_for(&t.app, &u).await.unwrap())
}

async fn link(t: &TestApp, actor: &Actor, user: &rundt_domain::user::User, subject: &str) {
    sso::link(
        &t.app,
        actor,
        user.id,
        ISSUER,
        &LinkIdentity {
            provider: "aarhus".into(),
            subject: subject.into(),
        },
    )
    .await
    .unwrap();
}

async fn actions(t: &TestApp) -> Vec<String> {
    t.store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event.action)
        .collect()
}

async fn a_login_begun_is_taken_back_once_by_its_own_browser_within_ten_minutes(t: TestApp) {
    let browser = sso::begin(&t.app, "state-a", &begun("/cases"))
        .await
        .unwrap();
    // Another browser bringing the same answer is refused (no login forced
    // on somebody else's browser) — and the login is spent.
    let e = sso::take(&t.app, "state-a", Some("another-browser"), ADDRESS)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Unauthenticated(_)), "{e:?}");
    let again = sso::take(&t.app, "state-a", Some(&browser), ADDRESS)
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Unauthenticated(_)));

    let browser = sso::begin(&t.app, "state-b", &begun("/cases"))
        .await
        .unwrap();
    let taken = sso::take(&t.app, "state-b", Some(&browser), ADDRESS)
        .await
        .unwrap();
    assert_eq!(taken, begun("/cases"), "nonce, verifier and page come back");
    // A replayed answer finds its login taken.
    let replayed = sso::take(&t.app, "state-b", Some(&browser), ADDRESS)
        .await
        .unwrap_err();
    assert_eq!(replayed.message().code, "sso-login-unknown", "{replayed:?}");
    // Only hashes of the state are stored; the nonce is sealed.
    assert!(
        t.store
            .take_oidc_login("state-c", test_now())
            .await
            .unwrap()
            .is_none()
    );

    // Too late: the login began eleven minutes before its answer came.
    let browser = sso::begin(&t.app, "state-late", &begun("/")).await.unwrap();
    let later = t
        .app
        .with_clock(std::sync::Arc::new(rundt_app::clock::FixedClock(
            test_now() + Duration::minutes(11),
        )));
    let late = sso::take(&later, "state-late", Some(&browser), ADDRESS)
        .await
        .unwrap_err();
    assert_eq!(late.message().code, "sso-login-too-old");
    let failures = actions(&t)
        .await
        .into_iter()
        .filter(|a| a == "login.sso_failure")
        .count();
    assert_eq!(failures, 4, "each refusal is audited");
}

async fn a_linked_identity_logs_in_its_person_with_the_provider_s_second_factor(t: TestApp) {
    let actor = admin(&t).await;
    let mette = t.user("mette", "supervisor", "DK", None).await;
    link(&t, &actor, &mette, "00u1-mette").await;
    let amr = vec!["pwd".to_owned(), "mfa".to_owned()];
    let issued = sso::complete(&t.app, provider_login("00u1-mette", &amr), ADDRESS)
        .await
        .unwrap();
    assert_eq!(issued.next, None, "the provider's second factor counts");
    match auth::session_state(&t.app, &issued.token).await.unwrap() {
        SessionState::Active { principal, .. } => assert_eq!(principal.user_id, mette.id),
        _ => panic!("the session is not active"),
    }
    let log = actions(&t).await;
    assert!(log.contains(&"login.sso".to_owned()), "{log:?}");
    assert!(log.contains(&"session.create".to_owned()), "{log:?}");
    assert!(log.contains(&"user.identity_link".to_owned()), "{log:?}");
}

async fn without_a_second_factor_from_the_provider_rundt_asks_for_its_own_code(t: TestApp) {
    let actor = admin(&t).await;
    let jonas = t.user("jonas", "therapist", "DK", None).await;
    link(&t, &actor, &jonas, "00u2-jonas").await;
    let amr = vec!["pwd".to_owned()];
    let pending = sso::complete(&t.app, provider_login("00u2-jonas", &amr), ADDRESS)
        .await
        .unwrap();
    assert_eq!(pending.next, Some(NextStep::Verify));
    assert!(matches!(
        auth::session_state(&t.app, &pending.token).await.unwrap(),
        SessionState::Pending { .. }
    ));
    let done = auth::complete_login(&t.app, &pending.token, &code(test_now()), ADDRESS)
        .await
        .unwrap();
    assert!(matches!(
        auth::session_state(&t.app, &done.token).await.unwrap(),
        SessionState::Active { .. }
    ));
}

async fn an_identity_nobody_linked_or_of_a_deactivated_account_logs_nobody_in(t: TestApp) {
    let actor = admin(&t).await;
    let amr = vec!["mfa".to_owned()];
    let e = sso::complete(&t.app, provider_login("00u9-stranger", &amr), ADDRESS)
        .await
        .unwrap_err();
    assert_eq!(e.message().code, "sso-not-linked");
    // The same subject at another issuer is another identity.
    let sofie = t.user("sofie", "therapist", "DK", None).await;
    link(&t, &actor, &sofie, "00u3-sofie").await;
    let elsewhere = ProviderLogin {
        issuer: "https://login.other.example",
        ..provider_login("00u3-sofie", &amr)
    };
    assert!(sso::complete(&t.app, elsewhere, ADDRESS).await.is_err());
    let Actor::User(who) = &actor else { panic!() };
    auth::set_user_active(&t.app, who, sofie.id, false)
        .await
        .unwrap();
    let e = sso::complete(&t.app, provider_login("00u3-sofie", &amr), ADDRESS)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Unauthenticated(_)), "{e:?}");
}

async fn one_identity_is_one_person_and_only_an_administrator_links_it(t: TestApp) {
    let actor = admin(&t).await;
    let mette = t.user("mette", "supervisor", "DK", None).await;
    let jonas = t.user("jonas", "therapist", "DK", None).await;
    link(&t, &actor, &mette, "00u1-mette").await;
    let taken = sso::link(
        &t.app,
        &actor,
        jonas.id,
        ISSUER,
        &LinkIdentity {
            provider: "aarhus".into(),
            subject: " 00u1-mette ".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(taken, AppError::Conflict(_)), "{taken:?}");
    for bad in ["", "   ", "a\u{7}b"] {
        let e = sso::link(
            &t.app,
            &actor,
            jonas.id,
            ISSUER,
            &LinkIdentity {
                provider: "aarhus".into(),
                subject: bad.into(),
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)), "{bad:?}: {e:?}");
    }
    // A supervisor manages no accounts; a Norwegian administrator none in
    // Denmark.
    let as_mette: Principal = auth::principal_for(&t.app, &mette).await.unwrap();
    let e = sso::identities(&t.app, &Actor::User(as_mette), jonas.id)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    let no = t.user("kari", "national_admin", "NO", None).await;
    let as_no = Actor::User(auth::principal_for(&t.app, &no).await.unwrap());
    assert!(sso::identities(&t.app, &as_no, mette.id).await.is_err());
    // Listed, then removed: the identity logs nobody in any more.
    let listed = sso::identities(&t.app, &actor, mette.id).await.unwrap();
    assert_eq!(listed.identities.len(), 1);
    assert_eq!(listed.identities[0].subject, "00u1-mette");
    assert_eq!(listed.identities[0].issuer, ISSUER);
    sso::unlink(&t.app, &actor, mette.id, "aarhus", "00u1-mette")
        .await
        .unwrap();
    let gone = sso::unlink(&t.app, &actor, mette.id, "aarhus", "00u1-mette")
        .await
        .unwrap_err();
    assert!(matches!(gone, AppError::NotFound(_)));
    let amr = vec!["mfa".to_owned()];
    assert!(
        sso::complete(&t.app, provider_login("00u1-mette", &amr), ADDRESS)
            .await
            .is_err()
    );
    let log = actions(&t).await;
    for action in [
        "user.identity_link",
        "user.identity_list",
        "user.identity_unlink",
    ] {
        assert!(log.contains(&action.to_owned()), "{action}: {log:?}");
    }
}

async fn with_password_login_switched_off_only_the_provider_logs_people_in(t: TestApp) {
    t.user("mette", "supervisor", "DK", None).await;
    let off = t.app.clone().with_password_login(false);
    let e = auth::login(&off, "mette", rundt_testkit::TEST_PASSWORD, ADDRESS)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    assert_eq!(e.message().code, "password-login-off");
}

rundt_testkit::scenarios!(app:
    a_login_begun_is_taken_back_once_by_its_own_browser_within_ten_minutes,
    a_linked_identity_logs_in_its_person_with_the_provider_s_second_factor,
    without_a_second_factor_from_the_provider_rundt_asks_for_its_own_code,
    an_identity_nobody_linked_or_of_a_deactivated_account_logs_nobody_in,
    one_identity_is_one_person_and_only_an_administrator_links_it,
    with_password_login_switched_off_only_the_provider_logs_people_in,
);
