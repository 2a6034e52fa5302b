//! No write on the read path (issue 17): a day of reading — the family list
//! and file, the team page, the dashboards of all three kinds, the audit page,
//! by session and by personal API token — changes nothing in the database
//! but the access log the law asks for. A write there would queue every
//! reader behind the one writer. Runs on both backends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;
use serde_json::json;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn a_day_of_reading_writes_nothing_but_the_access_log() {
    let t = TestApp::new().await;
    let (team, users) = t.aarhus_team().await;
    let family = t
        .start_family(team, "louise", "mette", "jonas", day("2026-10-01"))
        .await;
    let anders = t
        .user("anders", "municipal_manager", "DK", Some("0751"))
        .await;
    let office = t.user("dk.office", "national_admin", "DK", None).await;
    let client = |id| t.client_for(rundt_web::router, id);
    let (jonas, mette, anders, office) = (
        client(users["jonas"]).await,
        client(users["mette"]).await,
        client(anders.id).await,
        client(office.id).await,
    );
    let created = jonas
        .post("/api/v1/me/tokens", json!({"name": "laptop"}))
        .await;
    created.assert_status(StatusCode::CREATED);
    let secret = created.json()["secret"].as_str().unwrap().to_owned();
    let bearer = Client::new(rundt_web::router(t.app.clone())).bearer(&secret);
    // The token's first use is noted (a write, once a minute at most).
    bearer.get("/api/v1/me").await.assert_ok();

    let before = t.rows_outside(&["audit_events"]).await;
    let audit_before = t.count_rows("audit_events").await;
    let case = family.case_id;
    let year = "from=2026-01&to=2026-12";
    let reads: Vec<(&Client, String)> = vec![
        (&jonas, "/cases".into()),
        (&jonas, format!("/cases/{case}")),
        (&jonas, "/api/v1/cases".into()),
        (&jonas, format!("/api/v1/cases/{case}/file")),
        (&bearer, "/api/v1/cases".into()),
        (&bearer, format!("/api/v1/cases/{case}/file")),
        (&mette, format!("/teams/{team}")),
        (&mette, format!("/api/v1/results/team/{team}?{year}")),
        (&anders, format!("/api/v1/results/municipality/0751?{year}")),
        (&office, format!("/api/v1/results/national/DK?{year}")),
        (&office, "/audit".into()),
    ];
    for (who, uri) in &reads {
        let reply = who.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {uri}: {}", reply.text);
    }

    assert_eq!(
        t.rows_outside(&["audit_events"]).await,
        before,
        "reading changed something besides the access log"
    );
    assert!(
        t.count_rows("audit_events").await > audit_before,
        "the reads of the family are in the access log"
    );
}
