//! The treatment plan page of an MST-CAN course, in Norwegian: the
//! therapist saves the plan made with the family and sees its goals under
//! their theme areas; a module without a start date is refused with a
//! message in the page's language and nothing is stored; a module is
//! started and its sessions and drug screens updated; the municipality's
//! caseworker reads the page without its forms.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::test_now;

async fn browser(w: &AarhusTeam, who: &str) -> Client {
    w.client(who, test_now()).await.language("nb")
}

/// The id of the first module whose update form the page offers.
fn first_module_id(page: &str, case: &str) -> String {
    let marker = format!("action=\"/cases/{case}/plan/modules/");
    let at = page.find(&marker).expect("a module's form") + marker.len();
    page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[tokio::test]
async fn the_therapist_makes_the_plan_and_keeps_the_modules_on_the_plan_page() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let case = f.case_id.to_string();
    let page = format!("/cases/{case}/plan");
    let jonas = browser(&w, "jonas").await;

    jonas
        .get(&page)
        .await
        .assert_ok()
        .has("Behandlingsplan")
        .has("Familien har ingen behandlingsplan ennå.")
        .has("Familien har ingen moduler ennå.");

    let saved = jonas
        .form(
            &page,
            &[
                ("version", ""),
                ("made_with_family_on", "2026-10-20"),
                ("goals[0].theme", "safety"),
                ("goals[0].overarching", "Mikkel er trygg hjemme hver kveld"),
                (
                    "goals[0].intermediate",
                    "Far går ut når han blir sint\nMikkel vet hvem han kan ringe",
                ),
                ("goals[0].agreed_by", "Mor, far og barneverntjenesten"),
                ("goals[0].measured_by", "Kvelder uten roping, telt hver uke"),
                ("goals[1].theme", "safety"),
                ("goals[1].overarching", ""),
                ("goals[1].intermediate", ""),
                ("goals[1].agreed_by", ""),
                ("goals[1].measured_by", ""),
            ],
        )
        .await;
    assert_eq!(saved.redirected_to(), format!("{page}#plan"));
    jonas
        .get(&page)
        .await
        .assert_ok()
        .has("Sikkerhet og gode oppvekstvilkår")
        .has("Mikkel er trygg hjemme hver kveld")
        .has("Mikkel vet hvem han kan ringe");

    let modules = format!("{page}/modules");
    let mut rbt = vec![
        ("kind", "rbt"),
        ("start", ""),
        ("end", ""),
        ("sessions_held", "2"),
        ("delivered_by", "Jonas"),
        ("status", "ongoing"),
    ];
    let refused = jonas.form(&modules, &rbt).await;
    refused
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("oppgi når modulen startet (eller skal starte)")
        .has("Familien har ingen moduler ennå.");

    rbt[1] = ("start", "2026-10-12");
    let started = jonas.form(&modules, &rbt).await;
    assert_eq!(started.redirected_to(), format!("{page}#modules"));
    let shown = jonas.get(&page).await;
    shown.assert_ok().has("Rusbehandling for forelder (RBT)");
    let id = first_module_id(&shown.text, &case);
    let version = shown.version_in(&format!("module-form-{id}"));
    assert_eq!(version, "1");

    let update = format!("{page}/modules/{id}");
    let updated = jonas
        .form(
            &update,
            &[
                ("version", "1"),
                ("end", ""),
                ("sessions_held", "6"),
                ("delivered_by", "Jonas"),
                ("status", "ongoing"),
                ("drug_screens[0].on", "2026-10-19"),
                ("drug_screens[0].result", "negative"),
                ("drug_screens[1].on", ""),
                ("drug_screens[1].result", "negative"),
            ],
        )
        .await;
    assert_eq!(updated.redirected_to(), format!("{page}#module-{id}"));
    jonas.get(&page).await.assert_ok().has("Negativ");

    let stale = jonas
        .form(
            &update,
            &[
                ("version", "1"),
                ("sessions_held", "7"),
                ("delivered_by", "Jonas"),
                ("status", "ongoing"),
            ],
        )
        .await;
    stale.assert_status(StatusCode::CONFLICT);

    let louise = browser(&w, "louise").await;
    louise
        .get(&page)
        .await
        .assert_ok()
        .has("Mikkel er trygg hjemme hver kveld")
        .lacks("start-module-form")
        .lacks("plan-form");
}

fn safety_plan() -> serde_json::Value {
    serde_json::json!({
        "risks": [{"kind": "physical_violence", "from_whom": "Far", "to_whom": "Emma",
                   "situations": "Om kvelden når far har drukket"}],
        "warning_signs": ["Far hever stemmen"],
        "adult_actions": [{"adult": "Far", "instead": "Går en tur og ringer terapeuten"}],
        "child_contacts": [{"child": "Emma", "contact_person": "Mormor", "how": "Telefon 900 00 000"}],
        "agreed_with_family_on": "2026-10-06",
        "shared_with_child_welfare_on": null
    })
}

#[tokio::test]
async fn an_mst_can_family_gets_its_plan_after_the_safety_plan_and_its_modules_show_in_supervision()
{
    let t = rundt_testkit::TestApp::new().await;
    let (team, users) = t.baerum_can_team().await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let case = t.start_can_family(team, start).await.to_string();
    let page = format!("/cases/{case}/plan");
    let nina = t
        .client_at(rundt_web::router, users["nina"], test_now())
        .await
        .language("nb");
    let module = [
        ("kind", "pe"),
        ("start", "2026-10-19"),
        ("sessions_held", "3"),
        ("delivered_by", "Nina"),
        ("status", "ongoing"),
    ];

    let first = nina.form(&format!("{page}/modules"), &module).await;
    first
        .assert_status(StatusCode::CONFLICT)
        .has("lag sikkerhetsplanen først")
        .has("Familien har ingen moduler ennå.");

    nina.put(&format!("/api/v1/cases/{case}/safety-plan"), safety_plan())
        .await
        .assert_ok();
    let started = nina.form(&format!("{page}/modules"), &module).await;
    assert_eq!(started.redirected_to(), format!("{page}#modules"));

    nina.get(&format!("/cases/{case}"))
        .await
        .assert_ok()
        .has("id=\"treatment-plan-link\"")
        .has("Traumebehandling for forelder (PE)");
    let kari = t
        .client_at(rundt_web::router, users["kari"], test_now())
        .await
        .language("nb");
    kari.get(&format!("/teams/{team}"))
        .await
        .assert_ok()
        .has(&format!("id=\"agenda-{case}\""))
        .has("Traumebehandling for forelder (PE): Pågår · Timer holdt 3");
}
