//! Calendar feeds of the on-call rota: a person's feed serves their own
//! shifts only, on the team's clock with its time zone; a revoked feed and
//! a secret nobody knows are both 404; another team's therapist cannot
//! make a feed of this team; a person's feed shows nothing of a team they
//! have left.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use rundt_app::Actor;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;
use serde_json::{Value, json};

fn shift(person: impl serde::Serialize, starts: &str, ends: &str) -> Value {
    json!({"person_id": person, "starts": starts, "ends": ends})
}

fn feeds_path(w: &AarhusTeam) -> String {
    format!("/api/v1/teams/{}/oncall/calendar-feeds", w.team)
}

/// Nobody signed in: a phone's calendar.
fn phone(w: &AarhusTeam) -> Client {
    Client::new(rundt_web::router(w.t.at(test_now())))
}

/// The path of the feed in a creation's answer (`…/calendar/<secret>.ics`).
fn feed_path(created: &Value) -> String {
    let url = created["url"].as_str().unwrap();
    let at = url.find("/calendar/").unwrap();
    url[at..].to_owned()
}

/// Jonas on call Monday night, Sofie Tuesday night (Copenhagen, winter).
async fn two_nights(w: &AarhusTeam) -> (i64, i64) {
    let mette = w.client("mette", test_now()).await;
    let shifts = format!("/api/v1/teams/{}/oncall/shifts", w.team);
    let jonas = mette
        .post(
            &shifts,
            shift(
                w.users["jonas"],
                "2026-12-07T16:00:00",
                "2026-12-08T08:00:00",
            ),
        )
        .await;
    jonas.assert_status(StatusCode::CREATED);
    let sofie = mette
        .post(
            &shifts,
            shift(
                w.users["sofie"],
                "2026-12-08T16:00:00",
                "2026-12-09T08:00:00",
            ),
        )
        .await;
    sofie.assert_status(StatusCode::CREATED);
    (
        jonas.json()["id"].as_i64().unwrap(),
        sofie.json()["id"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_persons_feed_serves_their_own_shifts_only_in_local_time_with_the_time_zone() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let (jonas_night, sofie_night) = two_nights(&w).await;
    let jonas = w.client("jonas", test_now()).await;
    let created = jonas.post(&feeds_path(&w), json!({"of": "me"})).await;
    created.assert_status(StatusCode::CREATED);
    let created = created.json();
    assert_eq!(created["person_id"], json!(w.users["jonas"]));
    assert!(
        created["url"].as_str().unwrap().ends_with(".ics"),
        "{created}"
    );

    let feed = phone(&w).get(&feed_path(&created)).await;
    feed.assert_ok();
    assert_eq!(feed.header(CONTENT_TYPE), "text/calendar; charset=utf-8");
    let ics = feed.text.replace("\r\n ", "");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(
        ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n"),
        "{ics}"
    );
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        1,
        "only Jonas's night: {ics}"
    );
    assert!(
        ics.contains(&format!("UID:shift-{jonas_night}@rundt\r\n")),
        "{ics}"
    );
    assert!(
        !ics.contains(&format!("shift-{sofie_night}@rundt")),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Europe/Copenhagen:20261207T160000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=Europe/Copenhagen:20261208T080000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("SUMMARY:Vagt: "),
        "in the team's language: {ics}"
    );
    assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");

    // The list shows Jonas his feed, without the secret.
    let listed = jonas.get(&feeds_path(&w)).await;
    listed.assert_ok();
    let listed = listed.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        listed[0].get("url").is_none(),
        "the address is shown only once"
    );
}

#[tokio::test]
async fn the_supervisors_team_feed_serves_everyone_and_a_revoked_feed_is_404() {
    let w = AarhusTeam::new(rundt_web::router).await;
    two_nights(&w).await;
    let mette = w.client("mette", test_now()).await;
    let jonas = w.client("jonas", test_now()).await;
    jonas
        .post(&feeds_path(&w), json!({"of": "team"}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let created = mette.post(&feeds_path(&w), json!({"of": "team"})).await;
    created.assert_status(StatusCode::CREATED);
    let created = created.json();
    assert_eq!(created["person_id"], Value::Null);
    let path = feed_path(&created);
    let feed = phone(&w).get(&path).await;
    feed.assert_ok();
    assert_eq!(feed.text.matches("BEGIN:VEVENT").count(), 2);

    // Jonas made none, and may not revoke the supervisor's.
    assert_eq!(jonas.get(&feeds_path(&w)).await.json(), json!([]));
    let one = format!("{}/{}", feeds_path(&w), created["id"]);
    jonas
        .delete(&one)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    phone(&w).get(&path).await.assert_ok();

    mette
        .delete(&one)
        .await
        .assert_status(StatusCode::NO_CONTENT);
    let gone = phone(&w).get(&path).await;
    gone.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(mette.get(&feeds_path(&w)).await.json(), json!([]));
    mette
        .delete(&one)
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_teams_therapist_cannot_make_a_feed_of_this_team() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let other = organisation::create_team(
        &w.t.app,
        &Actor::cli(),
        &CreateTeam {
            name: "MST Fyn".into(),
            country: "DK".into(),
            programme_model: "MST".into(),
            owners: vec![OwnerInput {
                municipality_code: "0461".into(),
                share_percent: 100.0,
            }],
            started_on: None,
        },
    )
    .await
    .unwrap()
    .id;
    let karen = w.t.user("karen", "therapist", "DK", None).await;
    organisation::add_member(
        &w.t.app,
        &Actor::cli(),
        other,
        &AddMember {
            user_id: karen.id,
            position: "therapist".into(),
            since: Some("2025-01-01".parse().unwrap()),
        },
    )
    .await
    .unwrap();
    let karen = w.t.client_for(rundt_web::router, karen.id).await;
    for of in ["me", "team"] {
        karen
            .post(&feeds_path(&w), json!({"of": of}))
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    karen
        .get(&feeds_path(&w))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    karen
        .post(
            &format!("/api/v1/teams/{other}/oncall/calendar-feeds"),
            json!({"of": "me"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
}

#[tokio::test]
async fn a_secret_nobody_knows_is_404() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let phone = phone(&w);
    let unknown = "A".repeat(43);
    for path in [
        format!("/calendar/{unknown}.ics"),
        format!("/calendar/{unknown}"),
        "/calendar/nothing.ics".to_owned(),
    ] {
        phone.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_persons_feed_shows_nothing_of_a_team_they_have_left() {
    let w = AarhusTeam::new(rundt_web::router).await;
    two_nights(&w).await;
    let jonas = w.client("jonas", test_now()).await;
    let created = jonas
        .post(&feeds_path(&w), json!({"of": "me"}))
        .await
        .json();
    let path = feed_path(&created);
    assert_eq!(
        phone(&w)
            .get(&path)
            .await
            .text
            .matches("BEGIN:VEVENT")
            .count(),
        1
    );
    let membership =
        w.t.store
            .list_team_members(w.team, test_now().date_naive())
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.user_id == w.users["jonas"])
            .unwrap();
    organisation::end_membership(
        &w.t.at(test_now()),
        &Actor::cli(),
        w.team,
        membership.id,
        Some(test_now().date_naive().pred_opt().unwrap()),
    )
    .await
    .unwrap();
    let after = phone(&w).get(&path).await;
    after.assert_ok();
    assert_eq!(
        after.text.matches("BEGIN:VEVENT").count(),
        0,
        "{}",
        after.text
    );
}

#[tokio::test]
async fn the_rota_page_makes_a_feed_and_shows_its_address_once() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let jonas = w.client("jonas", test_now()).await;
    let page = format!("/teams/{}/oncall", w.team);
    jonas
        .get(&page)
        .await
        .assert_ok()
        .has("id=\"calendar\"")
        .has("id=\"feed-me-form\"")
        .lacks("id=\"feed-team-form\"");
    let made = jonas
        .form(&format!("{page}/calendar-feeds"), &[("of", "me")])
        .await;
    made.assert_status(StatusCode::CREATED);
    made.has("id=\"feed-url\"").has("/calendar/");
    let again = jonas.get(&page).await;
    again
        .assert_ok()
        .lacks("id=\"feed-url\"")
        .has("class=\"revoke-feed-form\"");
}
