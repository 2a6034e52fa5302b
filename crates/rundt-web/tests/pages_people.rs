//! The people pages (issue 15), as their users meet them: the supervisor
//! records who came to supervision (an absence needs a reason); a course
//! with its certificate is recorded on the person's page, and a file that
//! is not a PDF or an image is refused in the page's language with nothing
//! stored; the supervisor writes a therapist's development plan and
//! reviews it; a municipal manager's overview shows figures only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

#[tokio::test]
async fn the_supervisor_records_who_came_and_an_absence_needs_a_reason() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette] = w.clients(["mette"], test_now()).await;
    let mette = mette.language("da");
    let (jonas, sofie, mette_id) = (w.users["jonas"], w.users["sofie"], w.users["mette"]);
    let team = format!("/teams/{}", w.team);
    let page = mette.get(&team).await;
    page.assert_ok()
        .has(&format!("name=\"present\" value=\"{sofie}\""))
        .has(&format!("name=\"absence[{sofie}]\""))
        .has("Medarbejdere: uddannelse, deltagelse, boostere og udviklingsplaner");
    let (j, s, m) = (jonas.to_string(), sofie.to_string(), mette_id.to_string());
    let absent = format!("absence[{s}]");
    let missing_reason = mette
        .form(
            &format!("{team}/supervision"),
            &[
                ("held_on", "2026-11-24"),
                ("kind", "supervision"),
                ("present", &m),
                ("present", &j),
            ],
        )
        .await;
    missing_reason
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("vælg en årsag til fraværet");
    let recorded = mette
        .form(
            &format!("{team}/supervision"),
            &[
                ("held_on", "2026-11-24"),
                ("kind", "supervision"),
                ("present", &m),
                ("present", &j),
                (&absent, "illness"),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.text);
    mette
        .get(&team)
        .await
        .has("Fraværende: Test sofie (Sygdom)");
    // Sofie's own page shows the meeting she missed, and why.
    let sofie_page = mette.get(&format!("/people/{sofie}")).await;
    sofie_page.assert_ok().has("Sygdom").has("Supervision");
}

#[tokio::test]
async fn a_course_is_recorded_with_its_certificate_and_a_gif_is_refused_with_nothing_stored() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [jonas_client] = w.clients(["jonas"], test_now()).await;
    let jonas_client = jonas_client.language("da");
    let jonas = w.users["jonas"];
    let uri = format!("/people/{jonas}/training");
    let fields = [
        ("kind", "other"),
        ("title", "Motiverende samtale"),
        ("provider", "Center for Familieudvikling"),
        ("started_on", "2026-10-05"),
        ("finished_on", "2026-10-06"),
        ("days", "2"),
    ];
    let gif = jonas_client
        .multipart(
            &uri,
            &fields,
            ("certificate", "bevis.gif", b"GIF89a\x01\x00"),
        )
        .await;
    gif.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("kursusbeviset skal være en PDF, PNG eller JPEG")
        .has("value=\"Motiverende samtale\"");
    let page = jonas_client.get(&format!("/people/{jonas}")).await;
    page.lacks("Motiverende samtale");

    let saved = jonas_client
        .multipart(&uri, &fields, ("certificate", "bevis.pdf", PDF))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let page = jonas_client.get(&format!("/people/{jonas}")).await;
    page.assert_ok()
        .has("Andet kursus: Motiverende samtale")
        .has("bevis.pdf");
    let link = page.text.split("/certificates/").nth(1).unwrap();
    let record = &link[..link.find('"').unwrap()];
    let file = jonas_client
        .get(&format!("/people/{jonas}/certificates/{record}"))
        .await;
    file.assert_ok();
    assert_eq!(
        file.header(axum::http::header::CONTENT_TYPE),
        "application/pdf"
    );
    // A course that ends tomorrow is refused.
    let future = jonas_client
        .multipart(
            &uri,
            &[
                ("kind", "mst_orientation"),
                ("provider", "MST Danmark"),
                ("started_on", "2026-11-22"),
                ("finished_on", "2026-11-26"),
                ("days", "5"),
            ],
            ("certificate", "", b""),
        )
        .await;
    future
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("sidste dag kan ikke ligge efter i dag");
}

#[tokio::test]
async fn the_supervisor_writes_and_reviews_a_therapists_plan_and_every_version_is_kept() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let [mette, jonas_client] = w.clients(["mette", "jonas"], test_now()).await;
    let mette = mette.language("da");
    let jonas = w.users["jonas"];
    let plan = format!("/teams/{}/people/{jonas}/plan", w.team);
    mette
        .get(&plan)
        .await
        .assert_ok()
        .has("Skriv udviklingsplanen");
    let written = mette
        .form(
            &plan,
            &[
                ("goals[0].competence", "engagement"),
                ("goals[0].goal", "Fastholde forældre, der trækker sig"),
                ("goals[0].actions", "Rollespil i supervision"),
                ("goals[1].competence", ""),
                ("goals[1].goal", ""),
                ("goals[1].actions", ""),
                ("review_on", "2027-02-25"),
            ],
        )
        .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.text);
    let page = mette.get(&plan).await;
    page.assert_ok()
        .has("Engagement af familien")
        .has("Fastholde forældre, der trækker sig");
    let version = page.version_in("plan-form");
    let early = mette
        .form(
            &format!("{plan}/review"),
            &[
                ("reviewed_on", "2026-11-01"),
                ("notes", "Godt i gang"),
                ("next_review_on", "2027-01-15"),
            ],
        )
        .await;
    early
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("opfølgningen kan ikke ligge før planen blev skrevet");
    let reviewed = mette
        .form(
            &format!("{plan}/review"),
            &[
                ("reviewed_on", "2026-11-25"),
                ("notes", "Godt i gang"),
                ("next_review_on", "2027-01-15"),
            ],
        )
        .await;
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER, "{}", reviewed.text);
    let second = mette
        .form(
            &plan,
            &[
                ("version", &version),
                ("goals[0].competence", "principle_1"),
                ("goals[0].goal", "Fit-cirkler med skolen"),
                ("goals[0].actions", "En fit-cirkel hver anden uge"),
                ("review_on", "2027-03-01"),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.text);
    let versions = mette.get(&format!("{plan}/versions")).await;
    versions
        .assert_ok()
        .has("Version 1")
        .has("Version 2")
        .has("Fastholde forældre, der trækker sig")
        .has("Fit-cirkler med skolen");
    // Jonas reads his own plan but does not write it.
    let own = jonas_client.language("da").get(&plan).await;
    own.assert_ok()
        .has("Fit-cirkler med skolen")
        .lacks("id=\"plan-form\"");
}

#[tokio::test]
async fn a_municipal_managers_overview_shows_figures_and_no_names() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let ane =
        w.t.user("ane", "municipal_manager", "DK", Some("0751"))
            .await;
    let manager = w.t.client_at(rundt_web::router, ane.id, test_now()).await;
    let manager = manager.language("da");
    let overview = manager.get("/people").await;
    overview
        .assert_ok()
        .has("Grunduddannelse gennemført")
        .has("3 af 3")
        .lacks("Test jonas");
    let team = manager.get(&format!("/teams/{}/people", w.team)).await;
    team.assert_ok()
        .has("Nøgletal")
        .lacks("Test jonas")
        .lacks("id=\"people-table\"");
}
