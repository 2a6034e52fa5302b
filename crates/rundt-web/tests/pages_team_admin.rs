//! The national office runs its country's teams from the pages: it creates
//! a team with its owning municipalities, shares and start date, adds
//! people to a team and ends their memberships, changes the owners, and
//! creates an account straight into a team. A refused form comes back as
//! typed with a Danish message beside the field; nobody else is offered
//! or allowed any of it; every change is in the audit log.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_domain::audit::Outcome;
use rundt_domain::id::TeamId;
use rundt_testkit::TestApp;
use rundt_testkit::http::{AarhusTeam, Client, Reply};

/// A Danish national administrator (`dk.office`) with no teams yet, whose
/// pages are in Danish.
async fn office() -> (TestApp, Client) {
    let (t, c) =
        TestApp::alone_as(rundt_web::router, "dk.office", "national_admin", "DK", None).await;
    (t, c.language("da"))
}

/// The Aarhus team (mette supervising jonas and sofie) and the Danish
/// national administrator, in Danish.
async fn aarhus_and_the_office() -> (AarhusTeam, Client) {
    let w = AarhusTeam::new(rundt_web::router).await;
    let admin = w.t.user("dk.office", "national_admin", "DK", None).await;
    let c = w.t.client_for(rundt_web::router, admin.id).await;
    (w, c.language("da"))
}

/// The new-team form filled in: the name, MST-CAN, a start date, and one
/// row per (municipality code, share as typed).
fn team_fields(name: &str, owners: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = vec![
        ("name".to_owned(), name.to_owned()),
        ("programme_model".to_owned(), "MST-CAN".to_owned()),
        ("started_on".to_owned(), "2027-01-04".to_owned()),
    ];
    for (i, (code, share)) in owners.iter().enumerate() {
        fields.push((format!("owners[{i}].municipality_code"), (*code).to_owned()));
        fields.push((format!("owners[{i}].share_percent"), (*share).to_owned()));
    }
    // A spare row the form offered and nobody filled in.
    let spare = owners.len();
    fields.push((format!("owners[{spare}].municipality_code"), String::new()));
    fields.push((format!("owners[{spare}].share_percent"), String::new()));
    fields
}

async fn post(c: &Client, uri: &str, fields: &[(String, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.form(uri, &pairs).await
}

/// The audit events with this action, in order.
async fn audited(t: &TestApp, action: &str) -> Vec<rundt_domain::audit::RecordedEvent> {
    t.store
        .audit_events(0, 1_000_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .filter(|e| e.action == action)
        .collect()
}

/// The team's memberships as the API lists them: (name, position, id).
async fn staff(c: &Client, team: TeamId) -> Vec<(String, String, i64)> {
    let body = c.get(&format!("/api/v1/teams/{team}")).await.json();
    body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["display_name"].as_str().unwrap().to_owned(),
                m["position"].as_str().unwrap().to_owned(),
                m["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The row of the staff table of the staff member called `name`.
fn row_of<'a>(page: &'a str, name: &str) -> &'a str {
    let page = &page[page.find("id=\"staff-h\"").expect("the staff section")..];
    let start = page
        .find(&format!("<td>{name}</td>"))
        .unwrap_or_else(|| panic!("no row for {name}"));
    let end = page[start..]
        .find("</tr>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

/// The end-of-membership question of membership `id`, if the page asks it.
fn end_form_of(page: &str, id: i64) -> Option<&str> {
    let start = page.find(&format!("<li id=\"end-{id}\">"))?;
    let end = page[start..]
        .find("</li>")
        .map_or(page.len(), |e| start + e);
    Some(&page[start..end])
}

#[tokio::test]
async fn a_national_administrator_creates_a_team_owned_by_two_municipalities() {
    let (t, c) = office().await;
    // The teams list (the office's start page) leads to the form.
    c.get("/")
        .await
        .assert_ok()
        .has("<a class=\"button\" href=\"/teams/new\" id=\"new-team\">Nyt team</a>");
    c.get("/teams/new")
        .await
        .assert_ok()
        .has("<h1>Nyt team</h1>")
        .has("<option value=\"MST-CAN\">MST-CAN")
        // Municipalities are chosen by name from Denmark's list.
        .has("<option value=\"0727\">Odder (0727)</option>")
        .lacks("Oslo (0301)")
        .has("name=\"owners[3].share_percent\"");

    let created = post(
        &c,
        "/teams/new",
        &team_fields("MST Østjylland", &[("0751", "60"), ("0727", "40")]),
    )
    .await;
    let target = created.redirected_to();
    assert!(target.starts_with("/teams/"), "{target}");

    let page = c.get(&target).await;
    page.assert_ok()
        .has("<h1>MST Østjylland</h1>")
        .has("<p class=\"meta\">MST-CAN · Danmark</p>")
        .has("Startdato: <span class=\"date\">2027-01-04</span>")
        .has("<tr><td>Aarhus</td><td>60\u{a0}%</td></tr>")
        .has("<tr><td>Odder</td><td>40\u{a0}%</td></tr>");
    let created = audited(&t, "team.create").await;
    assert_eq!(created.len(), 1, "{created:?}");
    assert_eq!(created[0].actor_role, "national_admin");
    assert_eq!(
        Some(format!("/teams/{}", created[0].object_id.unwrap())),
        Some(target)
    );
}

#[tokio::test]
async fn shares_that_do_not_add_up_are_refused_in_danish_and_the_form_keeps_what_was_typed() {
    let (t, c) = office().await;
    let page = post(
        &c,
        "/teams/new",
        &team_fields("MST Østjylland", &[("0751", "60"), ("0727", "30")]),
    )
    .await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("class=\"error\" role=\"alert\"")
        .has("<span class=\"field-error\">ejerandelene skal tilsammen give 100 %, de giver 90 %</span>")
        .has("value=\"MST Østjylland\"")
        .has("<option value=\"MST-CAN\" selected>")
        .has("value=\"2027-01-04\"")
        .has("<option value=\"0727\" selected>Odder (0727)</option>")
        .has("name=\"owners[1].share_percent\" value=\"30\"");

    // Every other mistake is said beside its field, never a server error.
    for (owners, said) in [
        (vec![], "et team skal have mindst én ejerkommune"),
        (
            vec![("0751", "50"), ("0751", "50")],
            "kommune 0751 står der to gange",
        ),
        (
            vec![("0751", "halvtreds"), ("0727", "50")],
            "skriv andelen som et tal, fx 50 eller 33,33 (ikke »halvtreds«)",
        ),
        (vec![("", "100")], "vælg kommunen"),
        (vec![("0751", "")], "Skal udfyldes"),
        (vec![("0751", "100,5")], "skal være over 0 og højst 100"),
    ] {
        let page = post(&c, "/teams/new", &team_fields("MST Østjylland", &owners)).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .has(&format!("<span class=\"field-error\">{said}</span>"));
    }
    // A date that is not one, and a name already taken in the country.
    let mut fields = team_fields("MST Østjylland", &[("0751", "100")]);
    fields[2].1 = "4. januar".into();
    post(&c, "/teams/new", &fields)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("<span class=\"field-error\">Skriv datoen som ÅÅÅÅ-MM-DD</span>");
    t.empty_aarhus_team().await;
    post(
        &c,
        "/teams/new",
        &team_fields("MST Aarhus", &[("0751", "100")]),
    )
    .await
    .assert_status(StatusCode::CONFLICT)
    .has("der findes allerede et team med navnet »MST Aarhus« i Danmark")
    .has("value=\"MST Aarhus\"");
    // Only the team made here exists; nothing half-made.
    assert_eq!(audited(&t, "team.create").await.len(), 1);
}

#[tokio::test]
async fn a_supervisor_cannot_open_or_post_the_new_team_form() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let mette = w
        .client("mette", rundt_testkit::test_now())
        .await
        .language("da");
    mette.get("/teams").await.assert_ok().lacks("/teams/new");
    mette
        .get("/teams/new")
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .has("Du har ikke adgang til denne side.");
    post(
        &mette,
        "/teams/new",
        &team_fields("MST Egen", &[("0751", "100")]),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    // Nor does her own team's page offer the staff and owner forms.
    mette
        .get(&format!("/teams/{}", w.team))
        .await
        .assert_ok()
        .lacks("/members\"")
        .lacks("/owners\"")
        .lacks("class=\"confirm\"");
    // Both refusals are in the audit log; no team was made.
    let refused = audited(&w.t, "team.create").await;
    assert_eq!(refused.len(), 3, "the Aarhus team and two refusals");
    assert_eq!(
        refused
            .iter()
            .filter(|e| e.outcome == Outcome::Denied && e.actor_role == "supervisor")
            .count(),
        2
    );
}

#[tokio::test]
async fn the_administrator_adds_a_member_and_ends_a_membership() {
    let (w, c) = aarhus_and_the_office().await;
    let otto = w.t.user("otto", "therapist", "DK", None).await;
    let team = format!("/teams/{}", w.team);
    let form = c.get(&team).await;
    form.assert_ok()
        .has("<h2 id=\"add-member-h\">Tilføj medarbejder</h2>")
        .has(&format!(
            "<option value=\"{}\">Test otto · Terapeut</option>",
            otto.id
        ))
        // Municipal caseworkers cannot be in a team and are not offered.
        .lacks("Test louise ·");

    let add = |user: String, position: &str, since: &str| {
        vec![
            ("user_id".to_owned(), user),
            ("position".to_owned(), position.to_owned()),
            ("since".to_owned(), since.to_owned()),
        ]
    };
    let members = format!("{team}/members");
    let added = post(
        &c,
        &members,
        &add(otto.id.to_string(), "therapist", "2026-11-25"),
    )
    .await;
    assert_eq!(added.redirected_to(), format!("{team}?done=member_added"));
    let page = c.get(&format!("{team}?done=member_added")).await;
    page.assert_ok()
        .has("<p class=\"notice\" role=\"status\">Medarbejderen er tilføjet teamet.</p>");
    let row = row_of(&page.text, "Test otto");
    assert!(row.contains("<td class=\"date\">2026-11-25</td>"), "{row}");

    // What the administrator cannot do comes back as the form, in Danish.
    for (fields, status, said) in [
        (
            add(otto.id.to_string(), "therapist", "2026-11-25"),
            StatusCode::CONFLICT,
            "Test otto er allerede terapeut i dette team",
        ),
        (
            add(otto.id.to_string(), "supervisor", "2026-11-25"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "en bruger med rollen terapeut kan ikke have funktionen supervisor",
        ),
        (
            add("987654".into(), "therapist", "2026-11-25"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "vælg en person fra listen",
        ),
        (
            add(String::new(), "", "2026-11-25"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "vælg, hvem der skal med i teamet",
        ),
    ] {
        post(&c, &members, &fields)
            .await
            .assert_status(status)
            .has("<h2 id=\"add-member-h\">Tilføj medarbejder</h2>")
            .has(said);
    }

    // A fifth therapist is more than MST's norm: taken, and warned about.
    for name in ["pia", "rasmus"] {
        let u = w.t.user(name, "therapist", "DK", None).await;
        let r = post(
            &c,
            &members,
            &add(u.id.to_string(), "therapist", "2026-11-25"),
        )
        .await;
        r.redirected_to();
    }
    c.get(&team)
        .await
        .has("Teamet har 5 terapeuter; modellen tillader højst 4.");

    // Ending Otto's membership asks first, and refuses an end before the
    // start.
    let otto_membership = staff(&c, w.team)
        .await
        .into_iter()
        .find(|(name, _, _)| name == "Test otto")
        .unwrap()
        .2;
    let page = c.get(&team).await;
    let question = end_form_of(&page.text, otto_membership).expect("an end form for Otto");
    assert!(
        question
            .contains("<details class=\"confirm\"><summary>Afslut: Test otto (Terapeut)</summary>"),
        "{question}"
    );
    assert!(
        question.contains("Ja, afslut medlemskabet for Test otto"),
        "{question}"
    );
    let end = format!("{team}/members/end");
    let id = otto_membership.to_string();
    let early = post(
        &c,
        &end,
        &[
            ("membership_id".to_owned(), id.clone()),
            ("until".to_owned(), "2026-11-01".to_owned()),
        ],
    )
    .await;
    early
        .assert_status(StatusCode::CONFLICT)
        .has("et medlemskab kan ikke slutte, før det begynder");
    assert!(
        end_form_of(&early.text, otto_membership)
            .is_some_and(|q| q.contains("<details class=\"confirm\" open>")),
        "the refused end form is open again"
    );
    let ended = post(
        &c,
        &end,
        &[
            ("membership_id".to_owned(), id),
            ("until".to_owned(), "2026-11-30".to_owned()),
        ],
    )
    .await;
    assert_eq!(
        ended.redirected_to(),
        format!("{team}?done=membership_ended")
    );
    let page = c.get(&format!("{team}?done=membership_ended")).await;
    page.has("Medlemskabet er afsluttet.");
    let row = row_of(&page.text, "Test otto");
    assert!(row.contains("<td class=\"date\">2026-11-30</td>"), "{row}");
    assert!(
        end_form_of(&page.text, otto_membership).is_none(),
        "an ending membership is not ended twice"
    );

    // Each change is audited with the administrator as actor.
    let added = audited(&w.t, "team.member.add").await;
    let by_office: Vec<_> = added
        .iter()
        .filter(|e| e.actor_role == "national_admin")
        .collect();
    assert_eq!(by_office.len(), 3, "otto, pia and rasmus");
    let ended = audited(&w.t, "team.member.end").await;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].object_id, Some(otto_membership));
}

#[tokio::test]
async fn the_administrator_changes_the_owners_and_their_shares() {
    let (w, c) = aarhus_and_the_office().await;
    let team = format!("/teams/{}", w.team);
    let page = c.get(&team).await;
    page.assert_ok()
        .has("<h3 id=\"change-owners-h\">Skift ejerkommuner og andele</h3>")
        .has("name=\"owners[0].share_percent\" value=\"100\"");
    let version = page.version();
    let owners = |a: &str, b: &str, version: &str| {
        vec![
            ("version".to_owned(), version.to_owned()),
            ("owners[0].municipality_code".to_owned(), "0751".to_owned()),
            ("owners[0].share_percent".to_owned(), a.to_owned()),
            ("owners[1].municipality_code".to_owned(), "0746".to_owned()),
            ("owners[1].share_percent".to_owned(), b.to_owned()),
        ]
    };
    let uri = format!("{team}/owners");
    post(&c, &uri, &owners("66,67", "33,34", &version))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("ejerandelene skal tilsammen give 100 %, de giver 100,01 %")
        .has("value=\"66,67\"");
    let saved = post(&c, &uri, &owners("66,67", "33,33", &version)).await;
    assert_eq!(saved.redirected_to(), format!("{team}?done=owners_saved"));
    c.get(&format!("{team}?done=owners_saved"))
        .await
        .has("Ejerkommunerne og deres andele er gemt.")
        .has("<tr><td>Aarhus</td><td>66,67\u{a0}%</td></tr>")
        .has("<tr><td>Skanderborg</td><td>33,33\u{a0}%</td></tr>");
    // The form made from the old version is refused, not applied.
    post(&c, &uri, &owners("50", "50", &version))
        .await
        .assert_status(StatusCode::CONFLICT)
        .has("<h3 id=\"change-owners-h\">");
    assert_eq!(audited(&w.t, "team.owners.replace").await.len(), 1);
}

#[tokio::test]
async fn creating_a_user_puts_them_in_a_team_in_one_go() {
    let (w, c) = aarhus_and_the_office().await;
    let team = w.team.to_string();
    let account = |username: &str, role: &str, position: &str| {
        vec![
            ("username".to_owned(), username.to_owned()),
            ("display_name".to_owned(), "Ida Krogh".to_owned()),
            ("email".to_owned(), String::new()),
            ("role".to_owned(), role.to_owned()),
            ("municipality_code".to_owned(), String::new()),
            ("team_id".to_owned(), team.clone()),
            ("position".to_owned(), position.to_owned()),
            ("team_since".to_owned(), "2026-12-01".to_owned()),
        ]
    };
    c.get("/admin/users")
        .await
        .assert_ok()
        .has(&format!(
            "<option value=\"{team}\">MST Aarhus (MST)</option>"
        ))
        .has("<option value=\"crisis_caseworker\">Kriserådgiver</option>");

    let created = post(
        &c,
        "/admin/users",
        &account("ida", "therapist", "therapist"),
    )
    .await;
    created
        .assert_status(StatusCode::CREATED)
        .has("id=\"initial-password\"")
        .has("Ida Krogh er med i MST Aarhus (MST) som terapeut fra 2026-12-01.");
    let ida = w.t.named("ida").await;
    let api = c.get(&format!("/api/v1/teams/{team}")).await.json();
    // She starts on 1 December, so today's staff does not list her yet; the
    // store's membership does.
    assert!(!api["members"].to_string().contains("Ida Krogh"), "{api}");
    let membership = audited(&w.t, "team.member.add")
        .await
        .into_iter()
        .find(|e| e.actor_role == "national_admin")
        .unwrap();
    let user_created = audited(&w.t, "user.create")
        .await
        .into_iter()
        .find(|e| e.object_id == Some(ida.id.get()))
        .unwrap();
    assert_eq!(user_created.actor_role, "national_admin");
    assert!(membership.object_id.is_some());
    let ida_client =
        w.t.client_at(
            rundt_web::router,
            ida.id,
            "2026-12-02T09:00:00Z".parse().unwrap(),
        )
        .await;
    ida_client
        .get(&format!("/teams/{team}"))
        .await
        .assert_ok()
        .has("<td>Ida Krogh</td><td>Terapeut</td><td class=\"date\">2026-12-01</td>");

    // A role that cannot hold the position: nothing is created, the form
    // keeps what was typed.
    let refused = post(
        &c,
        "/admin/users",
        &account("kim", "consultant", "therapist"),
    )
    .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    refused
        .has("en bruger med rollen konsulent kan ikke have funktionen terapeut")
        .has("value=\"kim\"")
        .has(&format!("<option value=\"{team}\" selected>"))
        .has("<option value=\"therapist\" selected>");
    // A username already taken: neither the account nor the membership.
    let before = audited(&w.t, "team.member.add").await.len();
    post(
        &c,
        "/admin/users",
        &account("ida", "therapist", "therapist"),
    )
    .await
    .assert_status(StatusCode::CONFLICT)
    .has("brugernavnet »ida« er optaget");
    post(&c, "/admin/users", &account("kim", "therapist", ""))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("<span class=\"field-error\">vælg en funktion</span>");
    assert_eq!(audited(&w.t, "team.member.add").await.len(), before);
    assert!(
        w.t.store
            .find_user_by_username("kim")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_norwegian_office_is_told_in_bokmal_or_english_and_chooses_norwegian_municipalities() {
    let (t, c) =
        TestApp::alone_as(rundt_web::router, "no.office", "national_admin", "NO", None).await;
    c.get("/teams/new?lang=nb")
        .await
        .assert_ok()
        .has("<h1>Nytt team</h1>")
        .has("<option value=\"0301\">Oslo (0301)</option>")
        .lacks("Aarhus (0751)");
    let fields = team_fields("MST Romerike", &[("0301", "60"), ("3201", "30")]);
    for (lang, said) in [
        ("nb", "eierandelene må til sammen bli 100 %, de blir 90 %"),
        (
            "en",
            "ownership shares must add up to 100 %, they add up to 90 %",
        ),
    ] {
        post(&c, &format!("/teams/new?lang={lang}"), &fields)
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .has(&format!("<html lang=\"{lang}\">"))
            .has(&format!("<span class=\"field-error\">{said}</span>"));
    }
    // A Danish municipality is not one of Norway's.
    post(
        &c,
        "/teams/new?lang=nb",
        &team_fields("MST Romerike", &[("0751", "100")]),
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .has("field-error");
    let made = post(
        &c,
        "/teams/new?lang=nb",
        &team_fields("MST Romerike", &[("0301", "60"), ("3201", "40")]),
    )
    .await;
    c.get(&format!("{}?lang=nb", made.redirected_to()))
        .await
        .has("<p class=\"meta\">MST-CAN · Norge</p>")
        .has("<tr><td>Oslo</td><td>60\u{a0}%</td></tr>");
    assert_eq!(audited(&t, "team.create").await.len(), 1);
}
