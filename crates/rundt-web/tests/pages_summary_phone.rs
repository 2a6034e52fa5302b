//! The weekly summary as a therapist writes it on a phone in a family's
//! kitchen: a week of more contacts than the three rows first shown, a call
//! that had no place (a meeting in person must say where, in the page's
//! language), the week the form opens on and the links to the others, and
//! what the pages give the script that keeps a draft on the device.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::{StatusCode, header};
use chrono::NaiveDate;
use rundt_testkit::http::{AarhusTeam, Client, Reply};
use rundt_testkit::test_now;
use serde_json::{Value, json};

/// Jonas, the therapist, in English on the test clock (Wednesday 25
/// November 2026), and the path of his family in treatment since Tuesday 3
/// November: week 1 is from Monday 2 November, this is week 4, and last
/// week's (week 3, from 16 November) summary is not written.
async fn jonas_and_a_family() -> (AarhusTeam, Client, String) {
    let w = AarhusTeam::new(rundt_web::router).await;
    let start = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    let f =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let jonas = w.client("jonas", test_now()).await.language("en");
    (w, jonas, format!("/cases/{}", f.case_id))
}

/// One contact as typed: date, minutes, mode, with whom, place.
type ContactRow<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

/// A weekly summary of the week from `week` with these contacts, as the
/// form posts it (the rest of the do-loop kept short).
fn summary_form(week: &str, contacts: &[ContactRow]) -> Vec<(String, String)> {
    let mut fields = vec![("week_start".to_owned(), week.to_owned())];
    for (i, (date, minutes, mode, with, place)) in contacts.iter().enumerate() {
        for (name, value) in [
            ("date", date),
            ("minutes", minutes),
            ("mode", mode),
            ("with", with),
            ("place", place),
        ] {
            fields.push((format!("contacts[{i}].{name}"), (*value).to_owned()));
        }
    }
    fields.push(("advances".into(), "Mother kept the curfew.".into()));
    fields.push(("next_week_goals[0]".into(), "home by 21:00".into()));
    fields
}

async fn post(c: &Client, uri: &str, fields: &[(String, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.form(uri, &pairs).await
}

/// Where `needle` is in the page; fails the test when it is not.
fn at(page: &Reply, needle: &str) -> usize {
    page.text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the page:\n{}", page.text))
}

#[tokio::test]
async fn a_busy_week_of_fourteen_contacts_fits_the_form_and_every_one_is_saved() {
    let (_w, jonas, case) = jonas_and_a_family().await;
    let new = format!("{case}/weekly-summaries/new");

    // Three rows open; eleven more wait under "Add a contact", folded out
    // together when the page has no script.
    let form = jonas.get(&new).await;
    form.assert_ok()
        .has("name=\"contacts[13].date\"")
        .lacks("name=\"contacts[14].date\"")
        .has("<summary>More contacts</summary>")
        .has("<button type=\"button\" class=\"secondary\" id=\"add-contact\" hidden>Add a contact</button>");
    let folded = at(&form, "id=\"more-contacts\"");
    assert!(at(&form, "name=\"contacts[2].date\"") < folded);
    assert!(at(&form, "name=\"contacts[3].date\"") > folded);

    // Two contacts a day, Monday to Sunday: at home, and a call after it.
    let days = [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
    ];
    let mut contacts: Vec<ContactRow> = Vec::new();
    for d in days {
        contacts.push((d, "60", "face_to_face", "mother, Mikkel", "home"));
        contacts.push((d, "15", "phone", "mother", ""));
    }
    let saved = post(&jonas, &new, &summary_form("2026-11-16", &contacts)).await;
    assert_eq!(
        saved.redirected_to(),
        format!("{case}?summary_saved=2026-11-16#summaries")
    );
    jonas
        .get(&format!("{case}?summary_saved=2026-11-16"))
        .await
        .assert_ok()
        .has("The weekly summary for the week from 2026-11-16 is saved.")
        .has("14 contacts · 525 minutes");

    // Editing the week shows all fourteen open.
    jonas
        .get(&format!("{case}/weekly-summaries/2026-11-16/edit"))
        .await
        .assert_ok()
        .has("name=\"contacts[13].date\" value=\"2026-11-22\"")
        .lacks("id=\"more-contacts\"");
}

#[tokio::test]
async fn a_call_needs_no_place_but_a_meeting_in_person_says_where_in_the_pages_language() {
    let (_w, jonas, case) = jonas_and_a_family().await;
    let new = format!("{case}/weekly-summaries/new");
    jonas
        .get(&format!("{new}?lang=da"))
        .await
        .has("Sted (ved fremmøde)")
        .has("Ved telefon og video skal der ikke angives sted.");

    // A phone call and a video call with no place: saved.
    let calls = [
        ("2026-11-17", "20", "phone", "class teacher", ""),
        ("2026-11-19", "30", "video", "mother", ""),
    ];
    let saved = post(&jonas, &new, &summary_form("2026-11-16", &calls)).await;
    assert_eq!(
        saved.redirected_to(),
        format!("{case}?summary_saved=2026-11-16#summaries")
    );

    // A visit at home with no place is sent back, in Danish from a Danish
    // page and in Norwegian from a Norwegian one, with what was typed.
    let visit = [("2026-11-24", "90", "face_to_face", "mor, Mikkel", "")];
    let form = summary_form("2026-11-23", &visit);
    for (lang, message, wrong) in [
        (
            "da",
            "angiv, hvor I mødtes (ved telefon og video er sted ikke nødvendigt)",
            "oppgi hvor dere møttes",
        ),
        (
            "nb",
            "oppgi hvor dere møttes (ved telefon og video trengs ikke sted)",
            "angiv, hvor I mødtes",
        ),
    ] {
        let refused = post(&jonas, &format!("{new}?lang={lang}"), &form).await;
        refused
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .has(&format!("<span class=\"field-error\">{message}</span>"))
            .lacks(wrong)
            .lacks("say where you met")
            .has("value=\"mor, Mikkel\"")
            // The draft on the device is kept, not put over what was sent.
            .has("data-draft-restore=\"off\"");
    }
    // Nothing of that week was saved.
    jonas
        .get(&case)
        .await
        .has("Week from <span class=\"date\">2026-11-16</span>")
        .lacks("Week from <span class=\"date\">2026-11-23</span>");
}

#[tokio::test]
async fn the_form_opens_on_the_week_due_and_links_every_week_of_the_course() {
    let (_w, jonas, case) = jonas_and_a_family().await;
    let new = format!("{case}/weekly-summaries/new");

    // Last week's summary is overdue: the form opens on it (week 3).
    let form = jonas.get(&new).await;
    form.assert_ok()
        .has("<strong>Treatment week 3</strong> · Week from <span class=\"date\">2026-11-16</span>")
        .has("name=\"week_start\" value=\"2026-11-16\"")
        .has(&format!(
            "<a href=\"{new}?week=3\" aria-current=\"page\">Week 3</a>"
        ))
        .has(&format!("<a href=\"{new}?week=1\">Week 1</a>"))
        .has(&format!("<a href=\"{new}?week=4\">Week 4</a>"))
        .lacks("?week=5");

    // Once it is written, the current treatment week (week 4); week 3 is
    // linked for editing.
    let week3 = [("2026-11-18", "60", "face_to_face", "mother", "home")];
    post(&jonas, &new, &summary_form("2026-11-16", &week3))
        .await
        .redirected_to();
    jonas
        .get(&new)
        .await
        .assert_ok()
        .has("<strong>Treatment week 4</strong>")
        .has("name=\"week_start\" value=\"2026-11-23\"")
        .has(&format!(
            "<a href=\"{case}/weekly-summaries/2026-11-16/edit\" class=\"written\">Week 3 · written</a>"
        ))
        // Last week's goals are this week's to follow up.
        .has("name=\"last_week_goals[0].goal\" value=\"home by 21:00\"");

    // Another week by its number: the first week of the course.
    jonas
        .get(&format!("{new}?week=1"))
        .await
        .assert_ok()
        .has("<strong>Treatment week 1</strong>")
        .has("name=\"week_start\" value=\"2026-11-02\"");
    // A written week opens for editing, in the language asked for.
    let written = jonas.get(&format!("{new}?week=3&lang=nb")).await;
    assert_eq!(
        written.redirected_to(),
        format!("{case}/weekly-summaries/2026-11-16/edit?lang=nb")
    );
    jonas
        .get(&format!("{case}/weekly-summaries/2026-11-16/edit?lang=nb"))
        .await
        .assert_ok()
        .has("<strong>Behandlingsuke 3</strong>")
        .has("Velg en annen uke")
        .has("aria-current=\"page\" class=\"written\">Uke 3 · skrevet</a>");
    // A week the course has not reached, or no week at all, is not found.
    for week in ["5", "0", "three"] {
        let page = jonas.get(&format!("{new}?week={week}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "?week={week}");
    }
}

#[tokio::test]
async fn the_draft_script_is_our_own_file_and_the_saved_page_ends_the_draft() {
    let (_w, jonas, case) = jonas_and_a_family().await;
    let new = format!("{case}/weekly-summaries/new");
    let form = jonas.get(&new).await;
    form.assert_ok()
        .has("<script src=\"/static/summary-draft.js\" defer></script>")
        .has(&format!(
            "data-draft=\"weekly-summary\" data-draft-case=\"{}\" data-draft-variant=\"new\"",
            case.trim_start_matches("/cases/")
        ))
        .has("data-template=\"Restored a draft saved at %TIME%.\"")
        .has("<button type=\"button\" class=\"secondary\" id=\"draft-discard\">Discard the draft</button>")
        .lacks("data-draft-restore");
    // No script in the page itself: the policy allows our own files only.
    assert_eq!(form.text.matches("<script").count(), 1);
    assert!(
        !form
            .header(header::CONTENT_SECURITY_POLICY)
            .contains("unsafe-inline"),
        "{}",
        form.header(header::CONTENT_SECURITY_POLICY)
    );
    let script = jonas.get("/static/summary-draft.js").await;
    script
        .assert_ok()
        .has("localStorage")
        .has("data-draft-done");
    assert!(
        script
            .header(header::CONTENT_TYPE)
            .starts_with("text/javascript")
    );

    // The page after a save names the drafts it ends; a week that was not
    // saved gets no such word, whatever the address says.
    let week3 = [("2026-11-18", "60", "face_to_face", "mother", "home")];
    post(&jonas, &new, &summary_form("2026-11-16", &week3))
        .await
        .redirected_to();
    let id = case.trim_start_matches("/cases/");
    jonas
        .get(&format!("{case}?summary_saved=2026-11-16"))
        .await
        .has(&format!(
            "data-draft-done=\"weekly-summary:case-{id}:week-2026-11-16:\""
        ));
    jonas
        .get(&format!("{case}?summary_saved=2026-11-09"))
        .await
        .assert_ok()
        .lacks("data-draft-done")
        .lacks("is saved.");
    // The edit form keeps its draft apart per version.
    let edit = jonas
        .get(&format!("{case}/weekly-summaries/2026-11-16/edit"))
        .await;
    let version = edit.version();
    edit.has(&format!("data-draft-variant=\"edit-v{version}\""));
}

/// A contact as the API takes it; `place` left out when `None`.
fn contact(date: &str, minutes: u16, mode: &str, place: Option<&str>) -> Value {
    let mut c = json!({"date": date, "minutes": minutes, "with": ["mother"], "mode": mode});
    if let Some(place) = place {
        c["place"] = json!(place);
    }
    c
}

#[tokio::test]
async fn the_api_takes_fourteen_contacts_and_the_same_place_rule() {
    let (_w, jonas, case) = jonas_and_a_family().await;
    let summaries = format!("/api/v1{case}/weekly-summaries");
    let body = |contacts: Vec<Value>| {
        json!({
            "week_start": "2026-11-16",
            "contacts": contacts,
            "last_week_goals": [], "advances": "", "barriers": "", "fit_drivers": [],
            "next_week_goals": ["home by 21:00"], "overarching_progress": []
        })
    };

    // An in-person contact without a place: 422 on that field, in words.
    let refused = jonas
        .post(
            &summaries,
            body(vec![contact("2026-11-17", 60, "face_to_face", None)]),
        )
        .await;
    refused.invalid("contacts[0].place");
    let fields = refused.json()["fields"].clone();
    assert_eq!(fields[0]["code"], "contact-place-in-person", "{fields}");
    assert_eq!(
        fields[0]["message"],
        "say where you met (a phone or video contact needs no place)"
    );

    // Fourteen contacts, the calls sent without a place at all: created.
    let mut contacts = Vec::new();
    for d in 16..=22 {
        let date = format!("2026-11-{d}");
        contacts.push(contact(&date, 60, "face_to_face", Some("home")));
        contacts.push(contact(
            &date,
            15,
            if d % 2 == 0 { "phone" } else { "video" },
            None,
        ));
    }
    let created = jonas.post(&summaries, body(contacts)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["contact_count"], 14);
    assert_eq!(created.body["contact_minutes"], 7 * 75);
    assert_eq!(created.body["summary"]["contacts"][1]["place"], "");

    // The API's documentation says so: place is optional, and the 422 of
    // both the first save and an edit names the rule.
    let doc = jonas.get("/api/openapi.json").await.json();
    let required = &doc["components"]["schemas"]["Contact"]["required"];
    assert!(
        !required.as_array().unwrap().contains(&json!("place")),
        "{required}"
    );
    for (path, method) in [
        ("/api/v1/cases/{id}/weekly-summaries", "post"),
        ("/api/v1/cases/{id}/weekly-summaries/{week}", "put"),
    ] {
        let refused = &doc["paths"][path][method]["responses"]["422"]["description"];
        assert!(
            refused
                .as_str()
                .unwrap()
                .contains("contact-place-in-person"),
            "{method} {path}: {refused}"
        );
    }
}
