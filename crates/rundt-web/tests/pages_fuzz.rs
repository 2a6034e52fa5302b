//! Any form post and any query string the pages take, as any role or
//! nobody, is answered without a panic or a server error: a page with the
//! problem shown, a redirect, or a 4xx.
//!
//! `RUNDT_FUZZ_CASES=5000 cargo test -p rundt-web --test pages_fuzz` for a
//! long run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod fuzz_support;

use axum::body::Body;
use axum::http::{Method, Request, header};
use fuzz_support::{PathValue, World, cases, odd_text, path_values, runner, runtime};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;

/// Every address of the pages that takes a form post.
const FORMS: [&str; 31] = [
    "/teams/new",
    "/teams/{id}/members",
    "/teams/{id}/members/end",
    "/teams/{id}/owners",
    "/teams/{id}/supervision",
    "/login",
    "/login/second-factor",
    "/cases/{id}/adherence",
    "/cases/{id}/experience",
    "/teams/{id}/supervisor-rating",
    "/cases/new",
    "/cases/{id}/break-glass",
    "/cases/{id}/acknowledge",
    "/cases/{id}/withdraw",
    "/cases/{id}/referral-information",
    "/cases/{id}/accept",
    "/cases/{id}/decline",
    "/cases/{id}/assign",
    "/cases/{id}/assessment",
    "/cases/{id}/weekly-summaries/new",
    "/cases/{id}/weekly-summaries/{week}/edit",
    "/cases/{id}/discharge",
    "/cases/{id}/follow-up",
    "/audit/person",
    "/account/language",
    "/account/password",
    "/account/tokens",
    "/account/tokens/{id}/revoke",
    "/admin/users",
    "/admin/users/{id}/active",
    "/logout",
];

/// Every page that reads a query string.
const PAGES: [&str; 16] = [
    "/",
    "/teams",
    "/teams/{id}",
    "/login",
    "/cases",
    "/cases/{id}",
    "/cases/{id}/receipt",
    "/cases/{id}/weekly-summaries/new",
    "/cases/{id}/weekly-summaries/{week}/edit",
    "/results",
    "/results/{kind}/{key}",
    "/results/{kind}/{key}/export",
    "/audit",
    "/break-glass",
    "/persons/{id}/access-log",
    "/account",
];

/// The field names the pages read (rows are named like the API's fields).
const FIELDS: [&str; 48] = [
    "version",
    "name",
    "date",
    "reason",
    "reason_note",
    "note",
    "notes",
    "text",
    "comment",
    "team_id",
    "therapist_id",
    "user_id",
    "membership_id",
    "respondent_id",
    "programme_model",
    "country",
    "role",
    "username",
    "display_name",
    "municipality",
    "municipality_code",
    "national_id",
    "password",
    "current_password",
    "new_password",
    "code",
    "language",
    "lang",
    "held_on",
    "started_on",
    "week_start",
    "mode",
    "months",
    "kind",
    "purpose",
    "since",
    "until",
    "override_reason",
    "owners[0].municipality_code",
    "owners[0].share_percent",
    "contacts[0].date",
    "contacts[0].minutes",
    "contacts[3].mode",
    "goals[0].goal",
    "caregivers[0].name",
    "referral.consent.given_on",
    "key_participants[19].name",
    "fit_drivers[0].driver",
];

/// The query parameters the pages read.
const QUERY: [&str; 16] = [
    "lang",
    "q",
    "status",
    "team",
    "from",
    "to",
    "by",
    "denominator",
    "week",
    "rated",
    "before",
    "after",
    "object",
    "who",
    "action",
    "next",
];

#[derive(Debug, Clone)]
struct Case {
    post: bool,
    address: Index,
    caller: Index,
    path: Vec<PathValue>,
    fields: Vec<(Index, String)>,
    /// Bytes in place of the fields (after the CSRF token).
    raw: Option<Vec<u8>>,
    with_csrf: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        any::<Index>(),
        any::<Index>(),
        path_values(),
        proptest::collection::vec((any::<Index>(), odd_text()), 0..8),
        proptest::option::weighted(0.15, proptest::collection::vec(any::<u8>(), 0..64)),
        proptest::bool::weighted(0.9),
    )
        .prop_map(
            |(post, address, caller, path, fields, raw, with_csrf)| Case {
                post,
                address,
                caller,
                path,
                fields,
                raw,
                with_csrf,
            },
        )
}

/// Answers by status, printed at the end (`--nocapture`).
type Tally = std::sync::Mutex<std::collections::BTreeMap<u16, u32>>;

async fn check(world: &World, tally: &Tally, case: Case) -> Result<(), TestCaseError> {
    let mut caller = case.caller.get(&world.callers);
    let template = if case.post {
        *case.address.get(&FORMS)
    } else {
        *case.address.get(&PAGES)
    };
    // Logging out would end the session the later cases use.
    if template == "/logout" {
        caller = world.callers.last().unwrap();
    }
    let path = world.fill(template, &case.path);
    if world.ends_a_caller(template, &path) {
        return Err(TestCaseError::reject("would end a caller's sessions"));
    }
    let names: &[&str] = if case.post { &FIELDS } else { &QUERY };
    let pairs: Vec<(&str, &str)> = case
        .fields
        .iter()
        .map(|(i, v)| (*i.get(names), v.as_str()))
        .collect();
    let encoded = serde_urlencoded::to_string(&pairs).unwrap();
    let req = if case.post {
        let mut body = Vec::new();
        if let Some(csrf) = caller.csrf.as_ref().filter(|_| case.with_csrf) {
            body.extend_from_slice(format!("csrf_token={csrf}&").as_bytes());
        }
        match &case.raw {
            Some(raw) => body.extend_from_slice(raw),
            None => body.extend_from_slice(encoded.as_bytes()),
        }
        Request::builder()
            .method(Method::POST)
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "rundt.test")
            .header(header::ORIGIN, "http://rundt.test")
            .body(Body::from(body))
    } else {
        let uri = if encoded.is_empty() {
            path.clone()
        } else {
            format!("{path}?{encoded}")
        };
        Request::builder().uri(uri).body(Body::empty())
    };
    let Ok(req) = req else {
        return Err(TestCaseError::reject("not a request http can carry"));
    };
    let reply = caller.client.send(req).await;
    if let Ok(mut tally) = tally.lock() {
        *tally.entry(reply.status.as_u16()).or_default() += 1;
    }
    prop_assert!(
        reply.status.as_u16() < 500,
        "{} {path} as {} with {pairs:?} answered {}: {}",
        if case.post { "POST" } else { "GET" },
        caller.name,
        reply.status,
        reply.text.chars().take(400).collect::<String>()
    );
    Ok(())
}

#[test]
fn any_form_post_or_query_string_to_the_pages_never_gets_a_server_error() {
    let rt = runtime();
    let world = rt.block_on(World::demo());
    let tally = Tally::default();
    let mut runner = runner(cases(1500));
    let result = runner.run(&case(), |case| rt.block_on(check(&world, &tally, case)));
    if let Err(e) = result {
        panic!("{e}");
    }
    println!("answers by status: {:?}", tally.into_inner().unwrap());
}
