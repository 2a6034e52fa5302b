//! One family's course through the HTML pages, as the caseworker, the
//! supervisor and the therapist click through it: plain form posts with the
//! session's CSRF token, asserting on the rendered pages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use rundt_testkit::http::{AarhusTeam, Client, Reply};
use rundt_testkit::test_now;

/// The Aarhus team at their browsers, in English.
struct World(AarhusTeam);

impl std::ops::Deref for World {
    type Target = AarhusTeam;
    fn deref(&self) -> &AarhusTeam {
        &self.0
    }
}

impl World {
    async fn new() -> Self {
        Self(AarhusTeam::new(rundt_web::router).await)
    }

    /// The browser of `who`, in English, signed in on the clock at `at`.
    async fn browser(&self, who: &str, at: DateTime<Utc>) -> Client {
        self.client(who, at).await.language("en")
    }

    /// A page as `who` sees it.
    async fn get(&self, who: &str, at: DateTime<Utc>, uri: &str) -> Reply {
        self.browser(who, at).await.get(uri).await
    }

    /// A form post from our own page, as a browser sends it.
    async fn post(
        &self,
        who: &str,
        at: DateTime<Utc>,
        uri: &str,
        fields: &[(&str, &str)],
    ) -> Reply {
        self.browser(who, at).await.form(uri, fields).await
    }

    /// Louise refers the family of [`referral_fields`]; returns the path of
    /// its page (the form leads to the receipt, which links to it).
    async fn refer(&self, now: DateTime<Utc>) -> String {
        let fields = referral_fields(&self.team.to_string());
        let receipt = self
            .post("louise", now, "/cases/new", &pairs(&fields))
            .await
            .redirected_to();
        receipt.strip_suffix("/receipt").unwrap().to_owned()
    }

    /// Louise refers the family, Mette accepts it and assigns Jonas, who
    /// began the treatment three weeks before `now`; returns the path of the
    /// family's page.
    async fn a_family_in_treatment_with_jonas(&self, now: DateTime<Utc>) -> String {
        let case_path = self.refer(now).await;
        let v = self
            .get("mette", now, &case_path)
            .await
            .version_in("accept-form");
        let accept = format!("{case_path}/accept");
        self.post("mette", now, &accept, &[("version", &v)])
            .await
            .redirected_to();
        let v = self
            .get("mette", now, &case_path)
            .await
            .version_in("assign-form");
        let jonas = self.users["jonas"].to_string();
        let start = (now - Duration::days(22)).date_naive().to_string();
        let assign = [
            ("version", &*v),
            ("therapist_id", &jonas),
            ("start", &start),
        ];
        self.post("mette", now, &format!("{case_path}/assign"), &assign)
            .await
            .redirected_to();
        case_path
    }
}

fn referral_fields(team: &str) -> Vec<(&'static str, String)> {
    [
        ("team_id", team),
        ("young_person.given_name", "Mikkel"),
        ("young_person.family_name", "Andersen"),
        ("young_person.national_id", ""),
        ("young_person.birth_date", "2011-03-15"),
        ("caregivers[0].given_name", "Lone"),
        ("caregivers[0].family_name", "Andersen"),
        ("caregivers[0].national_id", ""),
        ("caregivers[0].birth_date", "1982-06-02"),
        ("caregivers[1].given_name", ""),
        ("caregivers[1].family_name", ""),
        ("caregivers[1].national_id", ""),
        ("caregivers[1].birth_date", ""),
        ("referral.behaviours[0].behaviour", "truancy"),
        ("referral.behaviours[0].frequency", "3 days a week"),
        (
            "referral.behaviours[0].intensity",
            "has not attended maths since August",
        ),
        ("referral.behaviours[0].duration", "4 months"),
        ("referral.behaviours[1].behaviour", "violence at home"),
        ("referral.behaviours[1].frequency", "weekly"),
        (
            "referral.behaviours[1].intensity",
            "hits his mother; police called twice",
        ),
        ("referral.behaviours[1].duration", "since the summer"),
        ("referral.behaviours[2].behaviour", ""),
        ("referral.behaviours[2].frequency", ""),
        ("referral.behaviours[2].intensity", ""),
        ("referral.behaviours[2].duration", ""),
        (
            "referral.legal_basis",
            "Barnets Lov § 32, stk. 1, nr. 5 (familiebehandling)",
        ),
        ("referral.consent.given_by", "mother"),
        ("referral.consent.given_on", "2026-11-20"),
        (
            "referral.notes",
            "Mother asks for help\nbefore the holidays.",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A valid weekly summary of the week from 16 November 2026.
fn summary_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("week_start", "2026-11-16"),
        ("contacts[0].date", "2026-11-18"),
        ("contacts[0].minutes", "90"),
        ("contacts[0].with", "mother, Mikkel"),
        ("contacts[0].place", "home"),
        ("contacts[0].mode", "face_to_face"),
        ("contacts[1].date", ""),
        ("contacts[1].minutes", ""),
        ("contacts[1].with", ""),
        ("contacts[1].place", ""),
        ("contacts[1].mode", "face_to_face"),
        ("contacts[2].date", "2026-11-19"),
        ("contacts[2].minutes", "20"),
        ("contacts[2].with", "class teacher"),
        ("contacts[2].place", "phone"),
        ("contacts[2].mode", "phone"),
        ("last_week_goals[0].goal", ""),
        ("last_week_goals[0].attainment", ""),
        ("last_week_goals[0].note", ""),
        (
            "advances",
            "Mother kept the curfew.\nMikkel went to school twice.",
        ),
        ("barriers", "Father works nights"),
        ("fit_drivers[0].system", "peers"),
        ("fit_drivers[0].driver", "older boys after school"),
        ("fit_drivers[0].prioritised", "true"),
        ("fit_drivers[1].system", "individual"),
        ("fit_drivers[1].driver", ""),
        ("next_week_goals[0]", "home by 21:00 four nights"),
        ("next_week_goals[1]", ""),
        ("next_week_goals[2]", "meeting with the school"),
        ("overarching_progress[0].goal", "Mikkel attends school"),
        ("overarching_progress[0].attainment", "partly"),
        ("overarching_progress[0].note", "2 of 5 days"),
        ("overarching_progress[1].goal", "No violence at home"),
        ("overarching_progress[1].attainment", ""),
        ("overarching_progress[1].note", ""),
        ("safety", ""),
        ("questions", "How to involve the father?"),
    ]
}

/// [`summary_fields`] with a contact outside the week and no goals for next
/// week: readable, but against the rules.
fn summary_breaking_the_rules() -> Vec<(&'static str, &'static str)> {
    let mut bad = summary_fields();
    bad.retain(|(k, _)| !k.starts_with("next_week_goals") && *k != "contacts[0].date");
    bad.push(("contacts[0].date", "2026-11-24"));
    bad
}

#[tokio::test]
async fn a_family_goes_through_the_pages_from_referral_to_follow_up() {
    let w = World::new().await;
    let now = test_now(); // Wednesday 25 November 2026
    let team = w.team.to_string();

    // The caseworker refers the family with the form.
    w.get("louise", now, "/cases")
        .await
        .assert_ok()
        .has("href=\"/cases/new\"")
        .has("Refer a family");
    w.get("louise", now, "/cases/new")
        .await
        .assert_ok()
        .has("MST Aarhus")
        .has("Barnets Lov § 32, stk. 1, nr. 5 (familiebehandling)")
        .has("name=\"csrf_token\"");
    let fields = referral_fields(&team);
    let created = w.post("louise", now, "/cases/new", &pairs(&fields)).await;
    // The form leads to the receipt, which links to the family's page.
    let receipt = created.redirected_to();
    let case_path = receipt.strip_suffix("/receipt").unwrap().to_owned();
    let id: i64 = case_path.strip_prefix("/cases/").unwrap().parse().unwrap();
    w.get("louise", now, &receipt)
        .await
        .assert_ok()
        .has(&format!("href=\"{case_path}\""));

    // Her family page shows the referral and the screening.
    w.get("louise", now, &case_path)
        .await
        .assert_ok()
        .has("The family meets the programme&#39;s criteria.")
        .has("hits his mother; police called twice")
        .has("Mother asks for help\nbefore the holidays.")
        .has("status-referred")
        .has("Aarhus")
        .lacks("accept-form");
    w.get("louise", now, "/cases")
        .await
        .has(&format!("href=\"/cases/{id}\""))
        .has("Referred")
        .has("Aarhus");

    // The supervisor accepts; a second decision on the old version is refused kindly.
    let page = w.get("mette", now, &case_path).await;
    page.assert_ok().has("accept-form").has("decline-form");
    let v1 = page.version_in("accept-form");
    let accepted = w
        .post(
            "mette",
            now,
            &format!("{case_path}/accept"),
            &[("version", &v1)],
        )
        .await;
    assert_eq!(accepted.redirected_to(), case_path);
    let stale = w
        .post(
            "mette",
            now,
            &format!("{case_path}/decline"),
            &[("version", &v1), ("reason", "changed our mind after all")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    stale
        .has("Someone else changed this family; reload")
        .has("changed our mind after all")
        .has("<html");
    w.get("mette", now, "/cases?status=waiting")
        .await
        .has(&format!("href=\"/cases/{id}\""));
    w.get("mette", now, "/cases?status=closed")
        .await
        .lacks(&format!("href=\"/cases/{id}\""));

    // Assignment: the therapists with their caseloads; treatment began three weeks ago.
    let page = w.get("mette", now, &case_path).await;
    page.assert_ok()
        .has("status-waiting")
        .has("Test jonas · 0 families · room for more")
        .has("Test sofie");
    let v2 = page.version_in("assign-form");
    let start = (now - Duration::days(22)).date_naive().to_string();
    let jonas = w.users["jonas"].to_string();
    let assigned = w
        .post(
            "mette",
            now,
            &format!("{case_path}/assign"),
            &[
                ("version", &v2),
                ("therapist_id", &jonas),
                ("start", &start),
            ],
        )
        .await;
    assert_eq!(assigned.redirected_to(), case_path);

    // The therapist sees the missing summary and the forms.
    w.get("jonas", now, &case_path)
        .await
        .assert_ok()
        .has("status-in_treatment")
        .has("The weekly summary for the week from 2026-11-16 is missing.")
        .has(&format!("href=\"/cases/{id}/weekly-summaries/new\""))
        .has(&format!("href=\"/cases/{id}/assessment\""));
    w.get("jonas", now, "/cases")
        .await
        .has("Weekly summary missing");
    w.get("jonas", now, &format!("{case_path}/assessment"))
        .await
        .assert_ok()
        .has("systems[4].needs");
    let mut assessment: Vec<(String, String)> = Vec::new();
    for i in 0..5 {
        assessment.push((format!("systems[{i}].strengths"), "good at football".into()));
        assessment.push((
            format!("systems[{i}].needs"),
            "structure in the evenings\nand a plan".into(),
        ));
    }
    for (k, v) in [
        ("key_participants[0].name", "Lone"),
        ("key_participants[0].relation", "mother"),
        (
            "key_participants[0].desired_outcome",
            "Mikkel goes to school",
        ),
        ("key_participants[1].name", ""),
        ("key_participants[1].relation", ""),
        ("key_participants[1].desired_outcome", ""),
        ("overarching_goals[0].goal", "Mikkel attends school"),
        (
            "overarching_goals[0].measure",
            "5 of 5 days for 4 weeks (school register)",
        ),
        ("overarching_goals[1].goal", "No violence at home"),
        (
            "overarching_goals[1].measure",
            "no incidents reported by mother for 6 weeks",
        ),
        ("overarching_goals[2].goal", ""),
        ("overarching_goals[2].measure", ""),
        ("version", ""),
    ] {
        assessment.push((k.into(), v.into()));
    }
    let body: Vec<(&str, &str)> = assessment
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = w
        .post("jonas", now, &format!("{case_path}/assessment"), &body)
        .await;
    assert_eq!(saved.redirected_to(), case_path);
    w.get("jonas", now, &case_path)
        .await
        .has("structure in the evenings\nand a plan")
        .has("5 of 5 days for 4 weeks (school register)");

    // The weekly summary form starts from last week and the assessment's goals.
    w.get("jonas", now, &format!("{case_path}/weekly-summaries/new"))
        .await
        .assert_ok()
        .has("value=\"2026-11-16\"")
        .has("value=\"Mikkel attends school\"")
        .has("value=\"No violence at home\"")
        .has("contacts[2].minutes");
    let written = w
        .post(
            "jonas",
            now,
            &format!("{case_path}/weekly-summaries/new"),
            &summary_fields(),
        )
        .await;
    // The family's page confirms the week (and so ends the draft kept on
    // the device).
    let saved_path = format!("{case_path}?summary_saved=2026-11-16");
    assert_eq!(written.redirected_to(), format!("{saved_path}#summaries"));
    let page = w.get("jonas", now, &saved_path).await;
    page.assert_ok()
        .has("The weekly summary for the week from 2026-11-16 is saved.")
        .has(&format!(
            "data-draft-done=\"weekly-summary:case-{id}:week-2026-11-16:\""
        ))
        .has("Week from <span class=\"date\">2026-11-16</span>")
        .has("2 contacts · 110 minutes")
        .has("older boys after school")
        .has("meeting with the school")
        .has("Mother kept the curfew.\nMikkel went to school twice.")
        .lacks("is missing.");

    // Supervision from the team page, with the capacity view.
    let team_page = w.get("mette", now, &format!("/teams/{}", w.team)).await;
    team_page
        .assert_ok()
        .has("id=\"capacity\"")
        .has("Test jonas")
        .has("room for more")
        .has(&format!("name=\"rec[{id}]\""));
    w.get("jonas", now, &format!("/teams/{}", w.team))
        .await
        .assert_ok()
        .lacks("id=\"capacity\"")
        .lacks("id=\"supervision\"");
    let rec_field = format!("rec[{id}]");
    let (mette_id, jonas_id) = (w.users["mette"].to_string(), w.users["jonas"].to_string());
    let sofie_away = format!("absence[{}]", w.users["sofie"]);
    let recorded = w
        .post(
            "mette",
            now,
            &format!("/teams/{}/supervision", w.team),
            &[
                ("held_on", "2026-11-24"),
                ("kind", "supervision"),
                ("present", &mette_id),
                ("present", &jonas_id),
                (&sofie_away, "leave"),
                ("other_attendees", "Consultant Karen"),
                (&rec_field, "Involve the class teacher in the safety plan"),
            ],
        )
        .await;
    assert_eq!(
        recorded.redirected_to(),
        format!("/teams/{}?recorded=1", w.team)
    );
    w.get("jonas", now, &case_path)
        .await
        .has("Involve the class teacher in the safety plan");
    // The meeting is in the team's supervision history, for the supervisor.
    let team_page = w.get("mette", now, &format!("/teams/{}", w.team)).await;
    team_page
        .has("Past supervision and consultation")
        .has("2026-11-24</span> · Supervision")
        .has("Test mette, Test jonas, Consultant Karen")
        .has("Absent: Test sofie (Holiday or leave)")
        .has(&format!(
            "href=\"/cases/{id}\">Family {id}</a>: <span class=\"prose\">Involve the class teacher"
        ));
    w.get("jonas", now, &format!("/teams/{}", w.team))
        .await
        .lacks("Past supervision and consultation");

    // Editing the summary carries its version.
    let edit_path = format!("{case_path}/weekly-summaries/2026-11-16/edit");
    let edit = w.get("jonas", now, &edit_path).await;
    edit.assert_ok().has("value=\"home by 21:00 four nights\"");
    let version = edit.version();
    let mut changed = summary_fields();
    changed.push(("version", &version));
    changed.retain(|(k, _)| *k != "barriers");
    changed.push(("barriers", "Father works nights; grandmother helps"));
    let edited = w.post("jonas", now, &edit_path, &changed).await;
    assert_eq!(edited.redirected_to(), format!("{saved_path}#summaries"));
    let again = w.post("jonas", now, &edit_path, &changed).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    again.has("Someone else changed this family; reload");

    // Discharge: each overarching goal rated.
    let form = w.get("jonas", now, &format!("{case_path}/discharge")).await;
    form.assert_ok()
        .has("name=\"goals[1].result\"")
        .has("value=\"No violence at home\"");
    let v = form.version();
    // The discharge form as the therapist fills it in: the second goal
    // rated `second_result`.
    let discharge_form = |evaluation: &'static str, second_result: &'static str| {
        vec![
            ("version", v.as_str()),
            ("date", "2026-11-25"),
            ("reason", "completed"),
            ("clinical_evaluation", evaluation),
            ("goals[0].goal", "Mikkel attends school"),
            ("goals[0].result", "met"),
            ("goals[1].goal", "No violence at home"),
            ("goals[1].result", second_result),
        ]
    };
    let discharge_path = format!("{case_path}/discharge");
    let unrated_form = discharge_form("Goals met and sustained.", "");
    let unrated = w.post("jonas", now, &discharge_path, &unrated_form).await;
    assert_eq!(unrated.status, StatusCode::UNPROCESSABLE_ENTITY);
    unrated
        .has("class=\"field-error\"")
        .has("No violence at home")
        .has("Goals met and sustained.");
    let mut rated_form = discharge_form("Goals met and sustained for four weeks.", "partly");
    rated_form.extend([
        ("living_at_home", "true"),
        ("in_school_or_working", "true"),
        ("no_new_arrests", "true"),
    ]);
    let discharged = w.post("jonas", now, &discharge_path, &rated_form).await;
    assert_eq!(discharged.redirected_to(), format!("{case_path}#discharge"));
    w.get("jonas", now, &case_path)
        .await
        .assert_ok()
        .has("status-discharged")
        .has("Goals met and sustained for four weeks.")
        .has(&format!(
            "href=\"/api/v1/cases/{id}/discharge-report.pdf?lang=en\""
        ))
        .has("<dt>Treatment days</dt><dd>22</dd>")
        .lacks(&format!("href=\"/cases/{id}/weekly-summaries/new\""))
        .lacks(&format!("href=\"/cases/{id}/follow-up\""));
    w.get("louise", now, &format!("{case_path}?lang=da"))
        .await
        .has("Hent udskrivningsrapport (PDF)")
        .has("discharge-report.pdf?lang=da");

    // Six months on, the therapist records the follow-up.
    let later = now + Duration::days(183);
    w.get("jonas", later, &case_path)
        .await
        .has(&format!("href=\"/cases/{id}/follow-up\""));
    let form = w
        .get("jonas", later, &format!("{case_path}/follow-up"))
        .await;
    form.assert_ok()
        .has("<option value=\"6\" selected>6 months</option>")
        .has("18 months");
    let v = form.version();
    let due = later.date_naive().to_string();
    let follow_up = [
        ("version", v.as_str()),
        ("months", "6"),
        ("date", &due),
        ("living_at_home", "true"),
        ("no_new_arrests", "true"),
        ("notes", "phone call with mother"),
    ];
    let follow_up_path = format!("{case_path}/follow-up");
    let done = w.post("jonas", later, &follow_up_path, &follow_up).await;
    assert_eq!(done.redirected_to(), format!("{case_path}#follow-ups"));
    w.get("jonas", later, &case_path)
        .await
        .has("6 months")
        .has("phone call with mother");
    w.get("jonas", later, &format!("{case_path}/follow-up"))
        .await
        .lacks("<option value=\"6\"")
        .has("<option value=\"12\" selected>12 months</option>");
}

#[tokio::test]
async fn an_invalid_weekly_summary_is_shown_again_with_its_errors() {
    let w = World::new().await;
    let now = test_now();
    let case_path = w.a_family_in_treatment_with_jonas(now).await;
    let new_summary = format!("{case_path}/weekly-summaries/new");

    // Unreadable minutes are caught before the rules are checked.
    let mut bad = summary_fields();
    bad.retain(|(k, _)| *k != "contacts[2].minutes");
    bad.push(("contacts[2].minutes", "twenty"));
    let page = w.post("jonas", now, &new_summary, &bad).await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("Give the minutes (1–720)")
        .has("value=\"twenty\"")
        .has("Father works nights");

    // A contact outside the week and no goals for next week break the rules.
    let bad = summary_breaking_the_rules();
    let page = w.post("jonas", now, &new_summary, &bad).await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("class=\"error\" role=\"alert\"")
        .has("<span class=\"field-error\">the contact must fall in the week")
        .has("set at least one intermediary goal for next week")
        .has("value=\"2026-11-24\"")
        .has("Mother kept the curfew.")
        .lacks("{\"error\"");
    // Nothing was saved: the week is still missing.
    w.get("jonas", now, &case_path)
        .await
        .has("The weekly summary for the week from 2026-11-16 is missing.");
}

#[tokio::test]
async fn a_therapist_without_access_gets_the_locked_page() {
    let w = World::new().await;
    let now = test_now();
    let case_path = w.refer(now).await;
    let page = w.get("sofie", now, &case_path).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    page.has("You do not have access to this family.")
        .has(&format!("action=\"{case_path}/break-glass\""))
        .lacks("Mikkel");
    let form = w
        .get("sofie", now, &format!("{case_path}/weekly-summaries/new"))
        .await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    form.lacks("Mikkel");
    // A caseworker cannot accept her own referral.
    let refused = w
        .post(
            "louise",
            now,
            &format!("{case_path}/accept"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_language_links_keep_the_page_and_its_query() {
    let w = World::new().await;
    let now = test_now();
    let visitor = Client::new(rundt_web::router(w.t.at(now)));
    let login = visitor.get("/login?next=%2Fcases&lang=en").await;
    login
        .assert_ok()
        .has("href=\"/login?next=%2Fcases&#38;lang=da\"")
        .has("href=\"/login?next=%2Fcases&#38;lang=nb\"")
        .has("href=\"/login?next=%2Fcases&#38;lang=en\" aria-current=\"true\"");
    w.get("mette", now, "/cases?status=waiting")
        .await
        .has("href=\"/cases?status=waiting&#38;lang=nb\"");
    w.get("mette", now, "/no-such-page")
        .await
        .has("href=\"/no-such-page?lang=da\"");
    // A language chosen on a page a form post showed leads back to its page.
    let back = w.get("mette", now, "/cases/7/accept?lang=nb").await;
    assert_eq!(back.location().as_deref(), Some("/cases/7?lang=nb"));
}

#[tokio::test]
async fn a_danish_page_shows_the_rules_in_danish() {
    let w = World::new().await;
    let now = test_now();
    let case_path = w.a_family_in_treatment_with_jonas(now).await;

    // No goals for next week and a contact outside the week, posted from
    // the Danish page.
    let bad = summary_breaking_the_rules();
    let page = w
        .post(
            "jonas",
            now,
            &format!("{case_path}/weekly-summaries/new?lang=da"),
            &bad,
        )
        .await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("sæt mindst ét delmål for den kommende uge")
        .has("<span class=\"field-error\">kontakten skal ligge i ugen 2026-11-16 – 2026-11-22")
        .lacks("set at least one intermediary goal for next week")
        .lacks("the contact must fall in the week");
}

#[tokio::test]
async fn each_role_of_the_team_lands_on_what_needs_them() {
    let w = World::new().await;
    let now = test_now();
    let waiting = w.refer(now).await;
    let v = w
        .get("mette", now, &waiting)
        .await
        .version_in("accept-form");
    w.post(
        "mette",
        now,
        &format!("{waiting}/accept"),
        &[("version", &v)],
    )
    .await
    .redirected_to();
    let referred = w.refer(now).await;
    // In treatment for three weeks, last week's summary not written.
    let treated = w.a_family_in_treatment_with_jonas(now).await;
    let link = |path: &str| format!("href=\"{path}\"");

    // The supervisor: an inbox per team.
    let mette = w.get("mette", now, "/").await;
    assert_eq!(mette.status, StatusCode::OK);
    mette
        .has("<h1>Start</h1>")
        .has("New referrals")
        .has(&link(&referred))
        .has("Awaiting acknowledgement until 2026-11-30")
        .has("Waiting list")
        .has(&link(&waiting))
        // Sofie has room today: the first in the queue can start now.
        .has("number 1 in the queue · expected start 2026-11-25")
        .has("Missing weekly summaries")
        .has(&link(&treated))
        .has("Therapists with room")
        .has("sofie");
    // The therapist: their week.
    let jonas = w.get("jonas", now, "/").await;
    jonas
        .has("My families in treatment")
        .has(&link(&treated))
        .has("in treatment since")
        .has(&link(&format!("{treated}/weekly-summaries/new")))
        .lacks(&link(&referred));
    // The caseworker: the municipality's families on their way in.
    let louise = w.get("louise", now, "/").await;
    louise
        .has("Referrals the team has not decided")
        .has(&link(&referred))
        .has("referred 2026-11-25 (0 days)")
        .has(&link(&waiting))
        .has("number 1 in the queue · expected start 2026-11-25")
        .has("In treatment")
        .has(&link(&treated));
    // The team page shows the use of places and the queue, not only overload.
    let team = w.get("mette", now, &format!("/teams/{}", w.team)).await;
    team.has("<dd id=\"use-of-places\">1 of 8 places</dd>")
        .has("<dd id=\"free-places\">7</dd>")
        .has(&link(&waiting))
        .has("Expected start");
    // Everyone can still reach the teams.
    w.get("louise", now, "/teams").await.has("MST Aarhus");
}

#[tokio::test]
async fn a_manager_starts_on_the_results_and_an_auditor_on_the_break_glass_reviews() {
    let route = rundt_web::router;
    let (_t, manager) =
        rundt_testkit::TestApp::alone_as(route, "anders", "municipal_manager", "DK", Some("0751"))
            .await;
    assert_eq!(manager.get("/").await.redirected_to(), "/results");
    let (_t, auditor) = rundt_testkit::TestApp::alone_as(route, "dpo", "auditor", "DK", None).await;
    auditor
        .language("en")
        .get("/")
        .await
        .has("Break-glass accesses to review")
        .has("No break-glass access in the last 30 days.");
}
