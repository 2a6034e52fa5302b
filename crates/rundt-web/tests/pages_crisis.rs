//! An MST family's crisis plan and crisis contact log on the pages (issue
//! 13), in Norwegian: the family page says the crisis plan is due and
//! links to it; the plan is written with the people to call first, each a
//! link that dials; a plan with nobody to call and a contact with no risk
//! or a time to come are refused with a message in Norwegian and store
//! nothing; a contact the supervisor logs in eight fields is unread on the
//! own therapist's start page and family page until opened, and shows in
//! the week's summary form and the supervision agenda.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;

async fn norwegian(w: &AarhusTeam, who: &str) -> Client {
    w.client(who, test_now()).await.language("nb")
}

const PLAN: [(&str, &str); 8] = [
    ("people_to_call[0].name", "Lone"),
    ("people_to_call[0].relation", "mor"),
    ("people_to_call[0].phone", "+45 20 12 34 56"),
    ("people_to_call[1].name", "Morfar Erik"),
    ("people_to_call[1].relation", "morfar"),
    ("people_to_call[1].phone", "40 11 22 33"),
    ("what_calms", "En tur med hunden"),
    (
        "risks_and_warning_signs",
        "Smeller med dører og går ut om natten",
    ),
];

/// Last night's call: 23:30 on the team's clock, Tuesday 24 November.
const CONTACT: [(&str, &str); 9] = [
    ("date", "2026-11-24"),
    ("time", "23:30"),
    ("caller", "caregiver"),
    ("about", "Mikkel har ikke kommet hjem og svarer ikke"),
    ("risk", "high"),
    ("responses", "phone_advice"),
    ("responses", "home_visit"),
    ("minutes", "90"),
    ("follow_up", "Snakk med mor om avtalen om hjemkomst"),
];

fn without(
    fields: &[(&'static str, &'static str)],
    name: &str,
) -> Vec<(&'static str, &'static str)> {
    fields.iter().copied().filter(|(k, _)| *k != name).collect()
}

#[tokio::test]
async fn the_crisis_plan_is_written_and_a_night_contact_reaches_the_own_therapist_in_norwegian() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let case = f.case_id;
    let jonas = norwegian(&w, "jonas").await;
    let mette = norwegian(&w, "mette").await;

    // Seven weeks without a crisis plan: the family page says so.
    let page = jonas.get(&format!("/cases/{case}")).await;
    page.assert_status(StatusCode::OK);
    assert!(page.text.contains("id=\"crisis-plan-due\""), "warned");
    assert!(page.text.contains("uten kriseplan"), "in Norwegian");
    assert!(
        page.text
            .contains(&format!("href=\"/cases/{case}/crisis-plan\""))
    );

    // A plan with nobody to call is refused in Norwegian; nothing stored.
    let plan_path = format!("/cases/{case}/crisis-plan");
    let mut nobody: Vec<(&str, &str)> = PLAN
        .iter()
        .copied()
        .filter(|(k, _)| !k.starts_with("people_to_call"))
        .collect();
    nobody.push(("agreements", "Mor ringer vakttelefonen først"));
    let refused = jonas.form(&plan_path, &nobody).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text.contains("oppgi minst én person å ringe"),
        "{}",
        refused.text
    );
    assert_eq!(w.t.count_rows("crisis_plans").await, 0);

    let mut plan = PLAN.to_vec();
    plan.push((
        "agreements",
        "Mor ringer vakttelefonen før hun ringer politiet",
    ));
    let saved = jonas.form(&plan_path, &plan).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let shown = jonas.get(&plan_path).await;
    shown.assert_status(StatusCode::OK);
    assert!(shown.text.contains("href=\"tel:+4520123456\""), "dials");
    assert!(shown.text.contains("Hvem som skal ringes"));
    assert!(!shown.text.contains("id=\"crisis-plan-due\""));

    // The contact form: fewer than ten fields, each labelled, time set.
    let form = mette
        .get(&format!("/cases/{case}/crisis-contacts/new"))
        .await;
    form.assert_status(StatusCode::OK);
    let names: std::collections::BTreeSet<&str> = form
        .text
        .split("name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|n| *n != "csrf_token")
        .collect();
    assert!(names.len() < 10, "{names:?}");
    assert!(
        form.text.contains("value=\"2026-11-25\""),
        "today on the team's clock"
    );
    assert!(form.text.contains("Barnevernvakten"));

    // No risk, or a time to come: refused in Norwegian, nothing stored.
    let list_path = format!("/cases/{case}/crisis-contacts");
    let no_risk = mette.form(&list_path, &without(&CONTACT, "risk")).await;
    assert_eq!(no_risk.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_risk.text.contains("Risikovurdering"));
    let mut later = without(&CONTACT, "time");
    later.push(("time", "23:59"));
    let mut later = without(&later, "date");
    later.push(("date", "2026-11-25"));
    let future = mette.form(&list_path, &later).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        future
            .text
            .contains("tidspunktet for kontakten har ikke kommet ennå"),
        "{}",
        future.text
    );
    assert_eq!(w.t.count_rows("crisis_contacts").await, 0);

    let logged = mette.form(&list_path, &CONTACT).await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text);

    // Unread for the own therapist: on the start page and the family page.
    let start_page = jonas.get("/").await;
    assert!(
        start_page.text.contains("Krisekontakter du ikke har lest"),
        "{}",
        start_page.text
    );
    assert!(
        start_page
            .text
            .contains(&format!("/cases/{case}/crisis-contacts"))
    );
    let family = jonas.get(&format!("/cases/{case}")).await;
    assert!(family.text.contains("id=\"crisis-contacts-unread\""));
    let listed = jonas.get(&list_path).await;
    assert!(listed.text.contains("crisis-unread"), "marked unread");
    let id = w.t.store.crisis_contacts(case).await.unwrap()[0].id;
    let opened = jonas.get(&format!("{list_path}/{id}")).await;
    opened.assert_status(StatusCode::OK);
    assert!(
        opened
            .text
            .contains("Snakk med mor om avtalen om hjemkomst")
    );
    assert!(opened.text.contains("Hjemmebesøk"));
    let start_page = jonas.get("/").await;
    assert!(!start_page.text.contains("Krisekontakter du ikke har lest"));
    let family = jonas.get(&format!("/cases/{case}")).await;
    assert!(!family.text.contains("id=\"crisis-contacts-unread\""));

    // The week's summary form lists it above the form (treatment week 8
    // starts on Monday 23 November), and so does the supervision agenda.
    let summary = jonas
        .get(&format!("/cases/{case}/weekly-summaries/new?week=8"))
        .await;
    summary.assert_status(StatusCode::OK);
    assert!(
        summary.text.contains("id=\"crisis-week\""),
        "{}",
        summary.text
    );
    assert!(summary.text.contains("Mikkel har ikke kommet hjem"));
    let agenda = mette.get(&format!("/teams/{}", w.team)).await;
    assert!(agenda.text.contains("Krisekontakter siden forrige uke"));
    assert!(agenda.text.contains("Mikkel har ikke kommet hjem"));
}

#[tokio::test]
async fn another_therapist_is_refused_the_crisis_pages() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let sofie = norwegian(&w, "sofie").await;
    let case = f.case_id;
    for path in [
        format!("/cases/{case}/crisis-plan"),
        format!("/cases/{case}/crisis-contacts"),
        format!("/cases/{case}/crisis-contacts/new"),
    ] {
        let page = sofie.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let refused = sofie
        .form(&format!("/cases/{case}/crisis-contacts"), &CONTACT)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(w.t.count_rows("crisis_contacts").await, 0);
}
