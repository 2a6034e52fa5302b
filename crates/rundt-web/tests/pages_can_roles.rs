//! MST-CAN's crisis caseworker and psychiatrist on the Norwegian pages:
//! the crisis caseworker starts on the team's safety plans, opens a
//! family's safety page without any way into the rest of the case, and is
//! refused the family page; the therapist asks the psychiatrist, who finds
//! the request on the start page, reads the family, answers (an empty
//! answer refused in Norwegian), and loses the family when the therapist
//! ends the request.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rundt_testkit::http::Client;
use rundt_testkit::{TestApp, can_safety_plan};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn noon(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day(s).and_hms_opt(11, 0, 0).unwrap())
}

const TODAY: &str = "2026-11-20";

async fn norwegian(t: &TestApp, who: &str) -> Client {
    let id = t.named(who).await.id;
    t.client_at(rundt_web::router, id, noon(TODAY))
        .await
        .language("nb")
}

#[tokio::test]
async fn the_crisis_caseworker_sees_the_safety_plans_and_nothing_else_of_the_family() {
    let t = TestApp::with_clock(noon(TODAY)).await;
    let (team, _) = t.baerum_can_team().await;
    t.join_can_team(team, "anders", "crisis_caseworker").await;
    let case = t.start_can_family(team, day("2026-11-02")).await;
    let nina = t.actor_on("nina", day(TODAY)).await;
    rundt_app::safety::save_plan(&t.app, &nina, case, &can_safety_plan(day(TODAY)), None)
        .await
        .unwrap();
    let anders = norwegian(&t, "anders").await;

    let start = anders.get("/").await;
    start.assert_status(StatusCode::OK);
    assert!(
        start.text.contains("Familienes sikkerhetsplaner"),
        "{}",
        start.text
    );
    assert!(start.text.contains("Emma Nilsen, Jonas Nilsen"));
    assert!(
        start
            .text
            .contains(&format!("href=\"/cases/{case}/safety\""))
    );
    assert!(start.text.contains("sikkerhetsplan versjon 1"));
    assert!(!start.text.contains("href=\"/results\""), "no results");

    let page = anders.get(&format!("/cases/{case}/safety")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.text.contains("Mormor Randi"), "the plan is read");
    assert!(page.text.contains("Emma Nilsen, Jonas Nilsen, Tone Nilsen"));
    assert!(
        !page.text.contains(&format!("href=\"/cases/{case}\"")),
        "no way into the case"
    );
    assert!(!page.text.contains("action=\"/cases/"), "no forms");

    for path in [
        format!("/cases/{case}"),
        format!("/cases/{case}/mapping"),
        format!("/cases/{case}/plan"),
        format!("/cases/{case}/consultations"),
    ] {
        let refused = anders.get(&path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
    }
    let refused = anders
        .form(
            &format!("/cases/{case}/incidents"),
            &[
                ("date", TODAY),
                ("what_happened", "x"),
                ("what_was_done", "y"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_psychiatrist_answers_the_teams_question_and_loses_the_family_when_it_ends() {
    let t = TestApp::with_clock(noon(TODAY)).await;
    let (team, _) = t.baerum_can_team().await;
    t.join_can_team(team, "bjorn", "psychiatrist").await;
    let case = t.start_can_family(team, day("2026-11-02")).await;
    let bjorn_id = t.named("bjorn").await.id;
    let nina = norwegian(&t, "nina").await;
    let bjorn = norwegian(&t, "bjorn").await;

    assert_eq!(
        bjorn.get(&format!("/cases/{case}")).await.status,
        StatusCode::FORBIDDEN,
        "not asked yet"
    );
    let page = nina.get(&format!("/cases/{case}/consultations")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.text.contains("Be psykiateren om konsultasjon"));
    assert!(page.text.contains(&format!("<option value=\"{bjorn_id}\"")));
    // No question: refused in Norwegian, nothing stored.
    let refused = nina
        .form(
            &format!("/cases/{case}/consultations"),
            &[
                ("psychiatrist_id", &bjorn_id.to_string()),
                ("question", " "),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Spørsmål"), "the form comes back");
    assert!(t.store.consultations(case).await.unwrap().is_empty());
    let asked = nina
        .form(
            &format!("/cases/{case}/consultations"),
            &[
                ("psychiatrist_id", &bjorn_id.to_string()),
                ("question", "Mor er nedstemt: bør det behandles?"),
            ],
        )
        .await;
    assert_eq!(
        asked.redirected_to(),
        format!("/cases/{case}/consultations#requests")
    );
    let request = t.store.consultations(case).await.unwrap().remove(0);

    let start = bjorn.get("/").await;
    assert!(
        start
            .text
            .contains("Forespørsler om psykiatrisk konsultasjon")
    );
    assert!(start.text.contains("venter på svaret ditt"));
    assert!(start.text.contains(&format!("/cases/{case}#consultations")));
    bjorn
        .get(&format!("/cases/{case}"))
        .await
        .assert_status(StatusCode::OK);
    let page = bjorn.get(&format!("/cases/{case}/consultations")).await;
    assert!(page.text.contains("Mor er nedstemt: bør det behandles?"));
    assert!(page.text.contains("Send svar"));
    assert!(
        !page.text.contains("Avslutt konsultasjonen"),
        "the team ends it"
    );
    let answer_path = format!("/cases/{case}/consultations/{}/answer", request.id);
    let empty = bjorn
        .form(&answer_path, &[("version", "1"), ("answer", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("field-error"), "{}", empty.text);
    let answered = bjorn
        .form(
            &answer_path,
            &[
                ("version", "1"),
                ("answer", "Moderat depresjon: henvis til fastlegen."),
            ],
        )
        .await;
    assert_eq!(
        answered.redirected_to(),
        format!("/cases/{case}/consultations#request-{}", request.id)
    );
    let page = nina.get(&format!("/cases/{case}/consultations")).await;
    assert!(
        page.text
            .contains("Moderat depresjon: henvis til fastlegen.")
    );
    assert!(page.text.contains("besvart"));
    let ended = nina
        .form(
            &format!("/cases/{case}/consultations/{}/end", request.id),
            &[("version", "2")],
        )
        .await;
    assert!(ended.redirected_to().contains("/consultations#request-"));
    assert_eq!(
        bjorn.get(&format!("/cases/{case}")).await.status,
        StatusCode::FORBIDDEN,
        "the end of the request ends the access"
    );
    let start = bjorn.get("/").await;
    assert!(start.text.contains("Ingen åpne forespørsler."));
}
