//! Money over the API (issue 14): a negative price, a price in a currency
//! the team does not use, an overlapping agreement for the same buyer and a
//! buyer that owns the team are refused with a clear message and store
//! nothing; the licence fee is split between the owners to the øre; the
//! caseworker sees the price their municipality will pay; a therapist and
//! another municipality's manager are refused every money route; each
//! change is audited.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;
use serde_json::{Value, json};

struct World {
    w: AarhusTeam,
    manager: Client,
}

async fn world() -> World {
    let w = AarhusTeam::new(rundt_web::router).await;
    let ane =
        w.t.user("ane", "municipal_manager", "DK", Some("0751"))
            .await;
    let manager = w.t.client_at(rundt_web::router, ane.id, test_now()).await;
    World { w, manager }
}

impl World {
    async fn as_new(&self, username: &str, role: &str, municipality: Option<&str>) -> Client {
        let u = self.w.t.user(username, role, "DK", municipality).await;
        self.w
            .t
            .client_at(rundt_web::router, u.id, test_now())
            .await
    }

    fn team(&self, rest: &str) -> String {
        format!("/api/v1/teams/{}{rest}", self.w.team)
    }
}

fn price(course_price: i64, currency: &str) -> Value {
    json!({"effective_from": "2026-01-01", "currency": currency, "course_price": course_price,
           "planned_weeks": 20, "extra_week_price": 950000})
}

fn agreement(buyer: &str, from: &str, until: Option<&str>) -> Value {
    json!({"seller": "0751", "buyer": buyer, "basis": "per_year", "places": 6, "currency": "DKK",
           "course_price": 19100000, "valid_from": from, "valid_until": until, "note": ""})
}

#[tokio::test]
async fn a_negative_price_or_a_price_in_another_currency_is_refused_and_nothing_is_stored() {
    let wd = world().await;
    let prices = wd.team("/prices");
    let negative = wd.manager.post(&prices, price(-100, "DKK")).await;
    negative.invalid("course_price");
    let other = wd.manager.post(&prices, price(18_500_000, "NOK")).await;
    other.invalid("currency");
    let body = other.client_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["message"].as_str().unwrap().contains("DKK"), "{body}");
    let listed = wd.manager.get(&prices).await;
    listed.assert_ok();
    assert_eq!(listed.json(), json!([]), "nothing was stored");

    let set = wd.manager.post(&prices, price(18_500_000, "DKK")).await;
    set.assert_status(StatusCode::CREATED);
    assert_eq!(set.json()["course_price"], 18_500_000, "øre, an integer");
    // The price from the same day replaces the first one.
    wd.manager
        .post(&prices, price(18_600_000, "DKK"))
        .await
        .assert_status(StatusCode::CREATED);
    let listed = wd.manager.get(&prices).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["course_price"], 18_600_000);
}

#[tokio::test]
async fn an_overlapping_agreement_for_the_same_buyer_is_refused_and_nothing_is_stored() {
    let wd = world().await;
    let agreements = wd.team("/agreements");
    let made = wd
        .manager
        .post(
            &agreements,
            agreement("0746", "2026-01-01", Some("2026-12-31")),
        )
        .await;
    made.assert_status(StatusCode::CREATED);
    assert_eq!(made.headers.get("etag").unwrap(), "\"1\"");
    // Sharing one day is an overlap.
    let overlapping = wd
        .manager
        .post(&agreements, agreement("0746", "2026-12-31", None))
        .await;
    let body = overlapping.client_error(StatusCode::CONFLICT);
    assert!(
        body["message"].as_str().unwrap().contains("2026"),
        "the message names the other period: {body}"
    );
    // The day after is not; another buyer is not.
    wd.manager
        .post(&agreements, agreement("0746", "2027-01-01", None))
        .await
        .assert_status(StatusCode::CREATED);
    wd.manager
        .post(&agreements, agreement("0727", "2026-01-01", None))
        .await
        .assert_status(StatusCode::CREATED);
    // The owner cannot buy places in its own team.
    wd.manager
        .post(&agreements, agreement("0751", "2026-01-01", None))
        .await
        .invalid("buyer");
    let listed = wd.manager.get(&agreements).await;
    listed.assert_ok();
    assert_eq!(listed.json()["agreements"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_licence_fee_is_split_between_the_owners_and_the_manager_sees_their_share() {
    let wd = world().await;
    let admin = wd.as_new("dk_admin", "national_admin", None).await;
    admin
        .put("/api/v1/licence-fees/2026", json!({"per_team": -1}))
        .await
        .invalid("per_team");
    let set = admin
        .put("/api/v1/licence-fees/2026", json!({"per_team": 29_900_000}))
        .await;
    set.assert_ok();
    assert_eq!(set.json()["currency"], "DKK");
    let money = wd
        .manager
        .get("/api/v1/municipalities/0751/money?year=2026")
        .await;
    money.assert_ok();
    let m = money.json();
    // Aarhus owns all of the test team, which started late in 2026: it
    // pays for the days it worked, rounded half up to the øre.
    let economy = wd.manager.get(&wd.team("/money?year=2026")).await;
    economy.assert_ok();
    let fee = &economy.json()["licence_fee"];
    let days = fee["active_days"].as_i64().unwrap();
    assert_eq!(fee["days_in_year"], 365);
    assert!(days < 365, "{fee}");
    let pro_rata = (29_900_000 * days * 2 + 365) / (2 * 365);
    assert_eq!(fee["team_total"], pro_rata);
    assert_eq!(m["licence_fee_total"], pro_rata, "{m}");
    assert_eq!(m["licence_fees"][0]["share"]["share_bp"], 10_000);
    // A manager sets only their own municipality's money.
    wd.manager
        .put("/api/v1/licence-fees/2026", json!({"per_team": 1}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    wd.manager
        .get(&wd.team("/money?year=1999"))
        .await
        .invalid("year");
}

#[tokio::test]
async fn the_caseworker_sees_the_price_before_referring_and_a_therapist_sees_no_money() {
    let wd = world().await;
    wd.manager
        .post(&wd.team("/prices"), price(18_500_000, "DKK"))
        .await
        .assert_status(StatusCode::CREATED);
    let louise = wd.w.client("louise", test_now()).await;
    let quoted = louise
        .get(&wd.team("/referral-price?municipality=0751"))
        .await;
    quoted.assert_ok();
    assert_eq!(quoted.json()["course_price"], 18_500_000);
    assert_eq!(quoted.json()["basis"], "internal", "Aarhus owns the team");

    let jonas = wd.w.client("jonas", test_now()).await;
    let other_manager = wd.as_new("sten", "municipal_manager", Some("0746")).await;
    for who in [&jonas, &louise, &other_manager] {
        for path in [
            wd.team("/money"),
            wd.team("/prices"),
            wd.team("/agreements"),
            wd.team("/budget/2026"),
            wd.team("/invoicing?period=2026-Q3"),
            "/api/v1/municipalities/0751/money".to_owned(),
            "/api/v1/municipalities/0751/invoicing?period=2026-Q3".to_owned(),
            "/api/v1/money/national".to_owned(),
        ] {
            who.get(&path).await.assert_status(StatusCode::FORBIDDEN);
        }
        who.post(&wd.team("/prices"), price(1, "DKK"))
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    // The supervisor reads the team's money but does not set its price.
    let mette = wd.w.client("mette", test_now()).await;
    mette.get(&wd.team("/money")).await.assert_ok();
    mette
        .post(&wd.team("/prices"), price(1, "DKK"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_budget_is_saved_whole_at_its_version_and_a_negative_line_stores_nothing() {
    let wd = world().await;
    let path = wd.team("/budget/2026");
    let lines = json!([
        {"category": "staff", "position": "therapist", "description": "Terapeuter", "amount": 168_000_000},
        {"category": "licence_fee", "position": null, "description": "", "amount": 29_900_000},
    ]);
    let missing = wd.manager.put(&path, lines.clone()).await;
    missing.assert_status(StatusCode::PRECONDITION_REQUIRED);
    let saved = wd.manager.if_match("\"0\"").put(&path, lines).await;
    saved.assert_ok();
    assert_eq!(saved.json()["version"], 1);
    let bad = json!([{"category": "travel", "position": null, "description": "", "amount": -5}]);
    wd.manager
        .if_match("\"1\"")
        .put(&path, bad)
        .await
        .invalid("lines[0].amount");
    let read = wd.manager.get(&path).await.json();
    assert_eq!(
        read["lines"].as_array().unwrap().len(),
        2,
        "the refused budget stored nothing"
    );
    let stale = json!([]);
    wd.manager
        .if_match("\"0\"")
        .put(&path, stale)
        .await
        .assert_status(StatusCode::PRECONDITION_FAILED);
}
