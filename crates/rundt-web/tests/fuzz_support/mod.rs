//! What the input-fuzzing tests share: a demo store with a signed-in client
//! for every role (plus one with a personal API token, one with a forged
//! token and one anonymous), the ids the demo holds, and the strategies for
//! outside input: any JSON, any bytes, any text in a path or a query.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "shared by two test files, each using part of it; a failing test may panic"
)]

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;
use serde_json::{Map, Number, Value, json};

/// One account of each role in the demo.
pub const ROLES: [(&str, &str); 9] = [
    ("supervisor", "mette.supervisor"),
    ("therapist", "jonas.therapist"),
    ("consultant", "dk.consultant"),
    ("municipal_caseworker", "aarhus.caseworker"),
    ("municipal_manager", "aarhus.manager"),
    ("auditor", "dk.auditor"),
    ("crisis_caseworker", "karin.crisis"),
    ("psychiatrist", "lise.psychiatrist"),
    // Last: `ends_a_caller` spares the national admin, who deactivates.
    ("national_admin", "dk.admin"),
];

/// Someone sending requests: a role's session, a token, or nobody.
pub struct Caller {
    pub name: String,
    pub client: Client,
    /// The session's CSRF token, for requests built by hand.
    pub csrf: Option<String>,
}

/// The demo, its callers and the ids a path may name.
pub struct World {
    pub t: TestApp,
    pub callers: Vec<Caller>,
    /// Ids and keys of things that exist (cases, teams, users, municipality
    /// codes, weeks), so that requests reach past "not found".
    pub known: Vec<String>,
    /// The user ids of the role callers, in [`ROLES`] order.
    pub caller_ids: Vec<String>,
}

impl World {
    pub async fn demo() -> World {
        let t = TestApp::new().await;
        rundt_seed::demo::load(&t.app).await.unwrap();
        let mut callers = Vec::new();
        // The callers' own ids first: some steps are refused on oneself.
        let mut known = Vec::new();
        for (role, username) in ROLES {
            let user = t.named(username).await;
            known.push(user.id.to_string());
            let session = t.session_for(user.id).await;
            callers.push(Caller {
                name: role.to_owned(),
                client: Client::signed_in(rundt_web::router(t.app.clone()), &session),
                csrf: Some(session.1),
            });
        }
        let supervisor = callers[0].client.clone();
        let created = supervisor
            .post("/api/v1/me/tokens", json!({"name": "fuzz"}))
            .await
            .json();
        let secret = created["secret"].as_str().unwrap().to_owned();
        callers.push(Caller {
            name: "supervisor by API token".into(),
            client: Client::new(rundt_web::router(t.app.clone())).bearer(&secret),
            csrf: None,
        });
        callers.push(Caller {
            name: "a forged API token".into(),
            client: Client::new(rundt_web::router(t.app.clone())).bearer("rundt_forged"),
            csrf: None,
        });
        callers.push(Caller {
            name: "anonymous".into(),
            client: Client::new(rundt_web::router(t.app.clone())),
            csrf: None,
        });

        let admin = callers[6].client.clone();
        for list in ["/api/v1/cases", "/api/v1/teams", "/api/v1/users"] {
            let reply = supervisor.get(list).await;
            let reply = if reply.status.is_success() {
                reply
            } else {
                admin.get(list).await
            };
            for item in reply.json().as_array().into_iter().flatten().take(12) {
                if let Some(id) = item["id"].as_i64() {
                    known.push(id.to_string());
                }
            }
        }
        known.extend(
            [
                "team",
                "municipality",
                "national",
                "0751",
                "0101",
                "DK",
                "NO",
            ]
            .iter()
            .chain(&["2026-01-05", "2025-12-29", "2026-01-06", "MST"])
            .map(|s| (*s).to_owned()),
        );
        let caller_ids = known[..ROLES.len()].to_vec();
        World {
            t,
            callers,
            known,
            caller_ids,
        }
    }

    /// Whether `path` (made from `template`) would deactivate one of the
    /// callers other than the national admin, whose sessions would end and
    /// leave the later cases at the login. (Deactivating oneself is refused,
    /// and is kept in.)
    pub fn ends_a_caller(&self, template: &str, path: &str) -> bool {
        let deactivates = ["/api/v1/users/{id}/deactivate", "/admin/users/{id}/active"];
        deactivates.contains(&template)
            && self.caller_ids[..ROLES.len() - 1]
                .iter()
                .any(|id| path.contains(&format!("/users/{id}/")))
    }

    /// A path with each `{param}` filled by `values` in turn.
    pub fn fill(&self, template: &str, values: &[PathValue]) -> String {
        let mut out = String::new();
        let mut rest = template;
        let mut values = values.iter().cycle();
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            let value = match values.next() {
                Some(PathValue::Known(i)) if !self.known.is_empty() => i.get(&self.known).clone(),
                Some(PathValue::Odd(s)) => s.clone(),
                _ => "1".to_owned(),
            };
            out.push_str(&encode(&value));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

/// What goes into a `{param}` of a path.
#[derive(Debug, Clone)]
pub enum PathValue {
    Known(Index),
    Odd(String),
}

pub fn path_values() -> impl Strategy<Value = Vec<PathValue>> {
    proptest::collection::vec(
        prop_oneof![
            3 => any::<Index>().prop_map(PathValue::Known),
            1 => odd_text().prop_map(PathValue::Odd),
        ],
        2,
    )
}

/// Percent-encodes everything but ASCII letters, digits and `-._~`.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Text that parsers trip over: edges of numbers and dates, identifiers,
/// control characters, very long text, and anything at all.
pub fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("1e400".to_owned()),
        Just("NaN".to_owned()),
        Just("2026-02-30".to_owned()),
        Just("0000-01-01".to_owned()),
        Just("9999-12-31".to_owned()),
        Just("+275760-09-13".to_owned()),
        Just("211062-5629".to_owned()),
        Just("01010112345".to_owned()),
        Just("\u{0}".to_owned()),
        Just("ø\u{202e}\u{feff}".to_owned()),
        Just("x".repeat(70_000)),
        "[0-9]{1,25}",
        "-?[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}",
        any::<String>(),
    ]
}

/// Any JSON value, up to a few levels deep.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        odd_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A case count: `RUNDT_FUZZ_CASES` for a long run, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("RUNDT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// A runner with `cases` cases that keeps no files of its own. The seed is
/// fixed, so that CI's run is the same each time; `RUNDT_FUZZ_SEED=N` picks
/// another, `RUNDT_FUZZ_SEED=random` a new one each run.
pub fn runner(cases: u32) -> TestRunner {
    let seed = match std::env::var("RUNDT_FUZZ_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => n.parse().map_or(RngSeed::Fixed(11), RngSeed::Fixed),
        None => RngSeed::Fixed(11),
    };
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 256,
        rng_seed: seed,
        ..Config::default()
    })
}

/// A runtime for the async router inside proptest's synchronous runner.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
