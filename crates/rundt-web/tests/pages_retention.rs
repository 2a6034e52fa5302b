//! The auditor's retention page: the country's rules with what is due, and
//! legal holds placed and lifted with a reason, in the auditor's language;
//! a missing reason said on the page; another country's case unknown; the
//! page closed to the families' staff.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::AarhusTeam;

async fn team_with_a_family() -> (AarhusTeam, String) {
    let w = AarhusTeam::new(rundt_web::router).await;
    w.t.user("dk_auditor", "auditor", "DK", None).await;
    w.t.user("no_auditor", "auditor", "NO", None).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let family =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    (w, family.case_id.to_string())
}

#[tokio::test]
async fn the_auditor_sees_the_danish_rules_and_puts_a_case_on_hold_and_lifts_it() {
    let (w, case) = team_with_a_family().await;
    let dpo =
        w.t.client_as(rundt_web::router, "dk_auditor")
            .await
            .language("da");
    dpo.get("/retention")
        .await
        .assert_ok()
        .has("<h1>Opbevaring</h1>")
        .has("<a href=\"/retention\">Opbevaring</a>")
        .has(">Forløb</h3>")
        .has("120 måneder efter sidste registrering, derefter anonymiseres den; kræver arkivmyndighedens afgørelse")
        .has(">Henvisning, ikke påbegyndt</h3>")
        .has("Ingen sager kan anonymiseres i dag.")
        .has("Ingen sager er tilbageholdt.");

    // A reason too short is said on the page, and nothing is held.
    dpo.form("/retention/holds", &[("case_id", &case), ("reason", "x")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("Skal være mindst 5 tegn")
        .has(&format!("value=\"{case}\""))
        .has("Ingen sager er tilbageholdt.");
    dpo.form(
        "/retention/holds",
        &[("case_id", "abc"), ("reason", "Klage")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .has("Angiv sagens nummer");

    let placed = dpo
        .form(
            "/retention/holds",
            &[
                ("case_id", &case),
                ("reason", "Klage verserer i Ankestyrelsen"),
            ],
        )
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.text);
    dpo.get("/retention")
        .await
        .assert_ok()
        .has(&format!("<strong>Familie {case}</strong> · tilbageholdt siden 2026-11-25: Klage verserer i Ankestyrelsen"))
        .has(&format!("action=\"/retention/holds/{case}/lift\""));
    dpo.form(
        "/retention/holds",
        &[("case_id", &case), ("reason", "En klage mere")],
    )
    .await
    .assert_status(StatusCode::CONFLICT)
    .has("allerede");

    let lifted = dpo
        .form(
            &format!("/retention/holds/{case}/lift"),
            &[("reason", "Ankestyrelsen har afgjort klagen")],
        )
        .await;
    assert_eq!(lifted.status, StatusCode::SEE_OTHER, "{}", lifted.text);
    dpo.get("/retention")
        .await
        .has("Ingen sager er tilbageholdt.");
}

#[tokio::test]
async fn the_norwegian_auditor_sees_norways_rules_and_cannot_hold_a_danish_case() {
    let (w, case) = team_with_a_family().await;
    let tilsyn =
        w.t.client_as(rundt_web::router, "no_auditor")
            .await
            .language("nb");
    tilsyn
        .get("/retention")
        .await
        .assert_ok()
        .has("<h1>Oppbevaring</h1>")
        .has("bevares for alltid");
    tilsyn
        .form(
            "/retention/holds",
            &[("case_id", &case), ("reason", "Klage til Statsforvalteren")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_families_staff_have_no_retention_page() {
    let (w, case) = team_with_a_family().await;
    for who in ["mette", "jonas", "louise"] {
        let c = w.t.client_as(rundt_web::router, who).await.language("en");
        c.get("/retention")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.form(
            "/retention/holds",
            &[("case_id", &case), ("reason", "Keep this one please")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        c.get("/").await.lacks("href=\"/retention\"");
    }
}
