//! The demonstration installation: every team with its staff, families at
//! every stage of the course, loaded once. Runs on SQLite, and on
//! PostgreSQL when RUNDT_TEST_DATABASE_URL points at a server.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_app::auth::{self, NextStep};
use rundt_app::records::ParticipantRole;
use rundt_app::{Actor, audit_log, cases, fidelity, organisation, referrals, treatment};
use rundt_domain::country::Country;
use rundt_domain::totp::{TotpSecret, code_at};
use rundt_seed::demo;
use rundt_testkit::TestApp;

#[tokio::test]
async fn the_demo_loads_every_team_with_staff_once() {
    let t = TestApp::new().await;
    let report = demo::load(&t.app).await.unwrap();
    assert!(!report.already_loaded);
    let teams = organisation::team_overviews(&t.app, &Actor::cli())
        .await
        .unwrap();
    assert_eq!(teams.len(), 6);
    assert!(
        teams.iter().any(|t| t.country == Country::DK)
            && teams.iter().any(|t| t.country == Country::NO)
    );
    assert!(teams.iter().any(|t| t.programme_model.code == "MST-CAN"));
    assert!(teams.iter().all(|t| !t.members.is_empty()));
    // Some demo teams are deliberately short-staffed, to show the warnings.
    assert!(teams.iter().any(|t| !t.warnings.is_empty()));
    assert!(teams.iter().any(|t| t.warnings.is_empty()));
    // Each team has its start date, and in each country a therapist has
    // given notice: still in the team, with the last day shown.
    let named = |name: &str| teams.iter().find(|t| t.name == name).unwrap();
    assert_eq!(
        named("MST-CAN Bærum og Asker").started_on.to_string(),
        "2016-09-01"
    );
    assert_eq!(named("MST Aarhus").started_on.to_string(), "2008-03-03");
    let today = t.app.clock.today();
    for (team, leaving, days) in [
        ("MST Oslo", "Erik Haugen", 42),
        ("MST-CAN Nordjylland", "Maja Kristensen", 60),
    ] {
        let member = named(team)
            .members
            .iter()
            .find(|m| m.display_name == leaving)
            .unwrap();
        assert_eq!(
            member.until,
            Some(today + chrono::Days::new(days)),
            "{leaving}"
        );
    }
    // The caseworkers chose their pages' language; the others did not.
    let everyone = rundt_app::users::list_users(&t.app, &Actor::cli())
        .await
        .unwrap();
    for (username, chosen) in [
        ("aarhus.caseworker", Some("da")),
        ("oslo.caseworker", Some("nb")),
        ("mette.supervisor", None),
    ] {
        let user = everyone.iter().find(|u| u.username == username).unwrap();
        let Actor::User(who) = auth::act_as(&t.app, user.id).await.unwrap() else {
            panic!("{username} is a person")
        };
        assert_eq!(
            rundt_app::users::language(&t.app, &who)
                .await
                .unwrap()
                .as_deref(),
            chosen,
            "{username}"
        );
    }
    // Families at every stage of the course.
    let cases = cases::list_cases(&t.app, &Actor::cli()).await.unwrap();
    for status in [
        "referred",
        "declined",
        "waiting",
        "in_treatment",
        "discharged",
        "closed",
        "withdrawn",
    ] {
        assert!(
            cases.iter().any(|c| c.status.as_str() == status),
            "no demo family is {status}"
        );
    }
    let overdue = treatment::overdue_summaries(&t.app, &Actor::cli())
        .await
        .unwrap();
    assert!(
        !overdue.is_empty(),
        "a demo family lacks last week's summary"
    );
    referrals_await_acknowledgement_in_both_countries(&t, &teams).await;
    norwegian_families_are_documented_in_norwegian(&t, &teams, &cases).await;
    mst_can_families_are_mapped_in_their_language_and_a_child_is_not_yet_heard(&t, &teams, &cases)
        .await;
    mst_can_families_have_a_plan_in_three_theme_areas_and_an_rbt_module(&t, &teams, &cases).await;
    every_interview_records_the_caregiver_who_answered_and_how(&t, &cases).await;
    weekly_summaries_have_busy_weeks_and_calls_without_a_place(&t, &teams, &cases).await;
    each_countrys_auditor_finds_a_young_person_by_national_id(&t).await;
    mst_families_have_crisis_plans_and_last_nights_contacts_are_unread(&t, &teams, &cases).await;
    the_baerum_supervisor_sees_the_mst_can_results_of_the_children(&t, &teams).await;
    every_team_has_a_published_rota_and_one_a_gap_with_a_reason(&t, &teams).await;
    every_team_has_a_price_and_each_country_a_municipality_buying_places(&t, &teams).await;
    every_team_has_a_year_of_people_history_with_some_flags(&t).await;
    let again = demo::load(&t.app).await.unwrap();
    assert!(again.already_loaded);
    assert_eq!(again.teams, 6);
    assert_eq!(again.users, report.users);
    let chain = audit_log::verify(&t.app).await.unwrap();
    assert!(chain.is_intact(), "{:?}", chain.problems);
    demo_accounts_log_in_with_the_demo_password_and_secret(&t).await;
}

async fn demo_accounts_log_in_with_the_demo_password_and_secret(t: &TestApp) {
    let secret = TotpSecret::from_base32(demo::DEMO_TOTP_SECRET).unwrap();
    let code = code_at(&secret, t.app.clock.now().timestamp());
    let pending = auth::login(&t.app, "dk.admin", demo::DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap();
    assert_eq!(pending.next, Some(NextStep::Verify), "already enrolled");
    let session = auth::complete_login(&t.app, &pending.token, &code, "127.0.0.1")
        .await
        .unwrap();
    assert!(matches!(
        auth::session_state(&t.app, &session.token).await.unwrap(),
        auth::SessionState::Active { .. }
    ));
}

/// In each country one referral awaits the team's acknowledgement and one
/// is overdue, their forms filled in with the school, the placement
/// considered and the caseworker's telephone of that country.
async fn referrals_await_acknowledgement_in_both_countries(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
) {
    let awaiting = referrals::awaiting(&t.app, &Actor::cli()).await.unwrap();
    for (country, phone) in [(Country::DK, "+45 "), (Country::NO, "+47 ")] {
        let of_country: Vec<_> = awaiting
            .iter()
            .filter(|a| {
                teams
                    .iter()
                    .any(|team| team.id == a.team_id && team.country == country)
            })
            .collect();
        for overdue in [false, true] {
            let shown = of_country
                .iter()
                .filter(|a| a.overdue == overdue)
                .map(|a| a.case_id)
                .collect::<Vec<_>>();
            assert!(
                !shown.is_empty(),
                "{country}: none awaiting with overdue {overdue}"
            );
            let mut filled = false;
            for id in shown {
                let file = treatment::case_file(&t.app, &Actor::cli(), id)
                    .await
                    .unwrap();
                let referral = file.referral.unwrap();
                filled |= !referral.school.is_empty()
                    && referral.placement_considered.is_some()
                    && referral.contact.phone.starts_with(phone);
            }
            assert!(
                filled,
                "{country}: a referral with overdue {overdue} is filled in"
            );
        }
    }
}

/// Every file of a Norwegian team's family, as the team would read it,
/// is in Norwegian: none of the demo's Danish phrases appear in it.
async fn norwegian_families_are_documented_in_norwegian(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
    cases: &[cases::CaseSummary],
) {
    let norwegian: Vec<_> = teams
        .iter()
        .filter(|team| team.country == Country::NO)
        .map(|team| team.id)
        .collect();
    let mut files = 0;
    let mut written = String::new();
    for case in cases.iter().filter(|c| norwegian.contains(&c.team_id)) {
        let file = treatment::case_file(&t.app, &Actor::cli(), case.id)
            .await
            .unwrap();
        written.push_str(&serde_json::to_string(&file.referral).unwrap());
        written.push_str(&serde_json::to_string(&file.handoff).unwrap());
        written.push_str(&serde_json::to_string(&file.assessment).unwrap());
        written.push_str(&serde_json::to_string(&file.weekly_summaries).unwrap());
        written.push_str(&serde_json::to_string(&file.discharge).unwrap());
        written.push_str(&serde_json::to_string(&file.follow_ups).unwrap());
        files += 1;
    }
    assert!(files > 0, "the demo has Norwegian families");
    assert!(written.contains("forelder"), "Norwegian words are written");
    for danish in [
        "forælder",
        "Forælder",
        "ældre drenge",
        "går i skole",
        "Evaluering af",
        "ønskede",
    ] {
        assert!(
            !written.contains(danish),
            "Danish \"{danish}\" in a Norwegian file"
        );
    }
}

/// The MST-CAN families with a safety plan have their ecological map and
/// the child's voice in the team's language, in both countries; in one
/// family still in treatment the child has not yet been heard, so the page
/// shows it.
async fn mst_can_families_are_mapped_in_their_language_and_a_child_is_not_yet_heard(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
    cases: &[cases::CaseSummary],
) {
    let mut mapped = Vec::new();
    let mut not_heard_in_treatment = 0;
    let mut refused_before_plan = false;
    for team in teams.iter().filter(|t| t.programme_model.code == "MST-CAN") {
        for case in cases.iter().filter(|c| c.team_id == team.id) {
            let m = rundt_app::mapping::case_mapping(&t.app, &Actor::cli(), case.id)
                .await
                .unwrap();
            let Some(current) = m.current() else {
                if case.status.as_str() == "in_treatment" {
                    unplanned_is_refused(t, &m).await;
                    refused_before_plan = true;
                }
                continue;
            };
            assert!((2..=3).contains(&current.mapping.key_persons.len()));
            assert!(!m.voices.is_empty(), "{} heard or not", team.name);
            let written = serde_json::to_string(&current.mapping).unwrap()
                + &serde_json::to_string(&m.voices.iter().map(|v| &v.voice).collect::<Vec<_>>())
                    .unwrap();
            let (own, other) = match team.country {
                Country::NO => ("barneverntjenesten", "Sagsbehandler"),
                Country::DK => ("Sagsbehandler", "barneverntjenesten"),
            };
            assert!(written.contains(own), "{}: {written}", team.name);
            assert!(!written.contains(other), "{}: {written}", team.name);
            if case.status.as_str() == "in_treatment" {
                not_heard_in_treatment += m.not_yet_heard.len();
            }
            mapped.push(team.country);
        }
    }
    assert!(mapped.contains(&Country::NO) && mapped.contains(&Country::DK));
    assert!(refused_before_plan, "the family without a safety plan");
    assert!(
        not_heard_in_treatment > 0,
        "a child in treatment is not yet heard"
    );
}

/// The MST-CAN family without a safety plan: nothing of the mapping is
/// saved before the plan (409, the safety-first rule).
async fn unplanned_is_refused(t: &TestApp, m: &rundt_app::mapping::CaseMapping) {
    use rundt_domain::mapping::{ChildVoice, Voice};
    let child = m.children.first().expect("a child").id;
    let voice = ChildVoice {
        child,
        on: t.app.clock.today(),
        voice: Voice::NotHeard {
            reason: "Sov da terapeuten kom".into(),
        },
    };
    let refused =
        rundt_app::mapping::record_child_voice(&t.app, &Actor::cli(), m.case.id, &voice).await;
    let Err(rundt_app::AppError::Conflict(why)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(why.code, "safety-plan-first");
}

/// Each MST-CAN family in treatment with a safety plan has its treatment
/// plan, goals in three theme areas written in the team's language, and an
/// RBT module with drug screens beside a second module.
async fn mst_can_families_have_a_plan_in_three_theme_areas_and_an_rbt_module(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
    cases: &[cases::CaseSummary],
) {
    use rundt_domain::can_plan::ModuleKind;
    let mut seen = Vec::new();
    for team in teams
        .iter()
        .filter(|team| team.programme_model.code == "MST-CAN")
    {
        for case in cases
            .iter()
            .filter(|c| c.team_id == team.id && c.status.as_str() == "in_treatment")
        {
            let safety = rundt_app::safety::case_safety(&t.app, &Actor::cli(), case.id)
                .await
                .unwrap();
            if safety.plans.is_empty() {
                // The family still without a safety plan has nothing else.
                let p = rundt_app::can_plan::case_plan(&t.app, &Actor::cli(), case.id)
                    .await
                    .unwrap();
                assert!(p.plan.is_none() && p.modules.is_empty());
                continue;
            }
            let p = rundt_app::can_plan::case_plan(&t.app, &Actor::cli(), case.id)
                .await
                .unwrap();
            let plan = p.plan.expect("a treatment plan").plan;
            assert_eq!(plan.by_theme().len(), 3, "three theme areas");
            let rbt = p
                .modules
                .iter()
                .find(|m| m.module.kind == ModuleKind::Rbt)
                .expect("an RBT module");
            assert!(!rbt.module.drug_screens.is_empty(), "drug screens");
            assert_eq!(p.modules.len(), 2);
            let text = serde_json::to_string(&plan).unwrap();
            let (own, other) = match team.country {
                Country::NO => ("trygg hjemme", "tryg derhjemme"),
                Country::DK => ("tryg derhjemme", "trygg hjemme"),
            };
            assert!(text.contains(own) && !text.contains(other), "{text}");
            seen.push(team.country);
        }
    }
    assert!(seen.contains(&Country::NO) && seen.contains(&Country::DK));
}

/// Each demo interview was answered by one of the family's caregivers, by
/// phone or in person (both occur), and names the supervisor who asked.
async fn every_interview_records_the_caregiver_who_answered_and_how(
    t: &TestApp,
    cases: &[cases::CaseSummary],
) {
    let mut modes = std::collections::BTreeSet::new();
    let mut interviews = 0;
    for case in cases {
        let made = fidelity::interviews(&t.app, &Actor::cli(), case.id)
            .await
            .unwrap();
        if made.is_empty() {
            continue;
        }
        let family = cases::read_case(&t.app, &Actor::cli(), case.id)
            .await
            .unwrap();
        for i in made {
            let respondent = family
                .people
                .iter()
                .find(|p| Some(p.id) == i.respondent_id)
                .unwrap_or_else(|| panic!("family {}: {:?}", case.id, i.respondent_id));
            assert_eq!(respondent.role, ParticipantRole::Caregiver);
            modes.insert(i.mode.unwrap().as_str());
            assert_ne!(Some(i.interviewer_id), case.therapist_id);
            interviews += 1;
        }
    }
    assert!(interviews > 0, "the demo has interviews");
    assert_eq!(modes, ["in_person", "phone"].into());
}

/// In each country the weekly summaries show what a phone in a kitchen
/// records: a busy week of more than three contacts, and calls by phone
/// and video written without a place, while every meeting in person says
/// where it was.
async fn weekly_summaries_have_busy_weeks_and_calls_without_a_place(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
    cases: &[cases::CaseSummary],
) {
    use rundt_domain::treatment::ContactMode;
    for country in [Country::DK, Country::NO] {
        let (mut busy, mut visits) = (0, 0);
        let mut calls = std::collections::BTreeSet::new();
        for case in cases.iter().filter(|c| {
            teams
                .iter()
                .any(|team| team.id == c.team_id && team.country == country)
        }) {
            let file = treatment::case_file(&t.app, &Actor::cli(), case.id)
                .await
                .unwrap();
            for week in &file.weekly_summaries {
                busy += usize::from(week.summary.contacts.len() > 3);
                for c in &week.summary.contacts {
                    if c.mode.needs_place() {
                        assert!(!c.place.is_empty(), "{country}: a visit without a place");
                        visits += 1;
                    } else {
                        assert_eq!(c.place, "", "{country}: a call has no place");
                        calls.insert(format!("{:?}", c.mode));
                    }
                }
            }
        }
        assert!(busy > 0, "{country}: a week of more than three contacts");
        assert!(visits > 0, "{country}: visits at home and at school");
        let both: std::collections::BTreeSet<String> = [ContactMode::Phone, ContactMode::Video]
            .iter()
            .map(|m| format!("{m:?}"))
            .collect();
        assert_eq!(calls, both, "{country}: calls by phone and by video");
    }
}

/// Each country's auditor looks up the first family's young person by the
/// national id the demo printed, reads who opened their data and makes the
/// person's copy: in Denmark by CPR number, in Norway by fødselsnummer.
/// Each country has a break-glass access to review.
async fn each_countrys_auditor_finds_a_young_person_by_national_id(t: &TestApp) {
    use rundt_app::audit_search::{self, AuditCriteria};
    let examples = demo::lookup_examples().unwrap();
    assert_eq!(
        examples.iter().map(|e| e.country).collect::<Vec<_>>(),
        [Country::DK, Country::NO]
    );
    assert_eq!(examples[0].name, "Mikkel Andersen");
    assert_eq!(examples[0].national_id, "150311-4107");
    assert_eq!(examples[1].name, "Sander Olsen");
    let everyone = rundt_app::users::list_users(&t.app, &Actor::cli())
        .await
        .unwrap();
    for (auditor, example) in ["dk.auditor", "no.auditor"].iter().zip(&examples) {
        let user = everyone.iter().find(|u| u.username == *auditor).unwrap();
        assert_eq!(user.country, example.country, "{auditor}");
        let Actor::User(who) = auth::act_as(&t.app, user.id).await.unwrap() else {
            panic!("{auditor} is a person")
        };
        let person = audit_search::find_person(&t.app, &who, &example.national_id)
            .await
            .unwrap_or_else(|e| panic!("{auditor} finds {}: {e:?}", example.name));
        let criteria = AuditCriteria {
            person: Some(person),
            ..AuditCriteria::default()
        };
        let log = audit_search::search(&t.app, &who, &criteria, 50)
            .await
            .unwrap();
        assert!(
            log.entries
                .iter()
                .any(|e| e.event.event.action == "case.read" && e.actor_name.is_some()),
            "{auditor}: someone of the team read {}'s data",
            example.name
        );
        let glass = rundt_app::cases::break_glass_overview(&t.app, &who)
            .await
            .unwrap();
        assert_eq!(
            glass.len(),
            1,
            "{auditor}: one break-glass access to review"
        );
        assert_eq!(
            log.entries[0].event.event.action, "person.lookup",
            "{auditor}: the look-up itself is the newest event about {}",
            example.name
        );
        // And makes the person's copy of their data (GDPR art. 15).
        let copy =
            rundt_app::subject_access::copy_by_national_id(&t.app, &who, &example.national_id)
                .await
                .unwrap_or_else(|e| panic!("{auditor} copies {}: {e:?}", example.name));
        assert_eq!(
            format!("{} {}", copy.person.given_name, copy.person.family_name),
            example.name
        );
        assert!(
            !copy.cases.is_empty(),
            "{auditor}: {}'s family",
            example.name
        );
        assert!(
            copy.cases[0].assessment.is_some() || copy.cases[0].referral.is_some(),
            "{auditor}: the family's documents"
        );
    }
    // The Norwegian MST-CAN child the demo prints: the family's safety
    // plan in its versions, the map, and the child's own voice.
    let example = demo::can_copy_example().unwrap().unwrap();
    assert_eq!(example.name, "Jonas Berg");
    let auditor = everyone
        .iter()
        .find(|u| u.username == "no.auditor")
        .unwrap();
    let Actor::User(who) = auth::act_as(&t.app, auditor.id).await.unwrap() else {
        panic!("no.auditor is a person")
    };
    let copy = rundt_app::subject_access::copy_by_national_id(&t.app, &who, &example.national_id)
        .await
        .unwrap();
    let case = &copy.cases[0];
    assert!(case.safety_plans.len() >= 2, "the plan's versions");
    assert!(!case.mappings.is_empty(), "the family's map");
    assert!(!case.child_voices.is_empty(), "Jonas's own voice");
}

/// The Bærum MST-CAN team's supervisor opens the team's dashboard for the
/// last twelve months: its MST-CAN section counts the discharged families'
/// children, each recorded at discharge, with figures to see.
async fn the_baerum_supervisor_sees_the_mst_can_results_of_the_children(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
) {
    use rundt_app::results::{self, DashboardRequest, FamilyTable, Scope};
    let team = teams
        .iter()
        .find(|t| t.name == "MST-CAN Bærum og Asker")
        .unwrap();
    let everyone = rundt_app::users::list_users(&t.app, &Actor::cli())
        .await
        .unwrap();
    let kari = everyone
        .iter()
        .find(|u| u.username == "kari.supervisor")
        .unwrap();
    let kari = auth::act_as(&t.app, kari.id).await.unwrap();
    let today = t.app.clock.today();
    let req = DashboardRequest {
        scope: Scope::Team(team.id),
        range: rundt_domain::period::MonthRange::last_twelve_months(today),
        grouping: rundt_domain::period::Grouping::Quarter,
        denominator: rundt_domain::indicators::Denominator::AllDischarges,
    };
    let d = results::dashboard(&t.app, &kari, &req, FamilyTable::Page(1))
        .await
        .unwrap();
    let can = d.can.expect("the MST-CAN section").totals;
    assert!(can.discharged >= 5, "{can:?}");
    assert!(!can.suppressed);
    assert!(can.children >= can.discharged);
    assert_eq!(
        can.living_at_home_at_discharge.of,
        Some(can.children),
        "every child's outcome is recorded at discharge"
    );
    for share in [
        &can.living_at_home_at_discharge,
        &can.safety_plan_within_7_days,
        &can.children_heard,
        &can.stay_within_months,
    ] {
        assert!(share.percent.is_some(), "{can:?}");
    }
    let heard = can.children_heard.percent.unwrap_or_default();
    assert!(heard > 0.0 && heard < 100.0, "most children heard: {heard}");
}

/// Every team has its on-call phone and a published rota for the coming
/// eight weeks; MST Oslo's has two nights nobody took, published with a
/// reason in Norwegian; in MST Aarhus a swap waits for an answer.
async fn every_team_has_a_published_rota_and_one_a_gap_with_a_reason(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
) {
    use rundt_app::oncall;
    use rundt_app::records::SwapState;
    for team in teams {
        let rota = oncall::rota(&t.app, &Actor::cli(), team.id).await.unwrap();
        assert!(rota.settings.phone.is_some(), "{}", team.name);
        assert!(
            rota.shifts.len() >= 54,
            "{}: {}",
            team.name,
            rota.shifts.len()
        );
        let published = rota.publication.as_ref().unwrap();
        if team.name == "MST Oslo" {
            assert_eq!(rota.report.gaps.len(), 2, "{:?}", rota.report.gaps);
            assert_eq!(published.gaps, 2);
            assert!(
                published
                    .reason
                    .as_deref()
                    .unwrap()
                    .contains("hverdagsnetter"),
                "{published:?}"
            );
        } else {
            assert!(
                rota.report.gaps.is_empty(),
                "{}: {:?}",
                team.name,
                rota.report.gaps
            );
            assert_eq!(published.reason, None, "{}", team.name);
        }
        let waiting = rota
            .swaps
            .iter()
            .filter(|s| s.record.state == SwapState::Proposed)
            .count();
        assert_eq!(
            waiting,
            usize::from(team.name == "MST Aarhus"),
            "{}",
            team.name
        );
        // MST Aarhus's supervisor has the team's rota as a calendar feed.
        let feeds = oncall::calendar_feeds(&t.app, &Actor::cli(), team.id)
            .await
            .unwrap();
        assert_eq!(
            feeds.len(),
            usize::from(team.name == "MST Aarhus"),
            "{}",
            team.name
        );
        assert!(feeds.iter().all(|f| f.record.person_id.is_none()));
    }
}

/// Every MST family in treatment has its crisis plan in the team's
/// language, one of them more than four weeks old; the supervisor's calls
/// last night (one a home visit) are unread for the families' therapists.
async fn mst_families_have_crisis_plans_and_last_nights_contacts_are_unread(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
    cases: &[cases::CaseSummary],
) {
    use rundt_app::{crisis_contact, crisis_plan};
    use rundt_domain::crisis_contact::CrisisResponse;
    use rundt_domain::crisis_plan::CrisisPlanDue;
    let mut plans = 0;
    let mut overdue = 0;
    let mut visits = 0;
    let mut contacts = 0;
    for case in cases.iter().filter(|c| c.status.as_str() == "in_treatment") {
        let team = teams.iter().find(|team| team.id == case.team_id).unwrap();
        if team.programme_model.code != "MST" {
            continue;
        }
        let file = crisis_plan::read_plan(&t.app, &Actor::cli(), case.id)
            .await
            .unwrap();
        let Some(latest) = file.plans.first() else {
            // A family assigned this week has no plan yet, and is not due.
            assert_eq!(file.due, None, "case {}", case.id);
            continue;
        };
        plans += 1;
        let phone = &latest.plan.people_to_call[2].name;
        match team.country {
            Country::NO => assert!(phone.contains("vakttelefon"), "{phone}"),
            _ => assert!(phone.contains("vagttelefon"), "{phone}"),
        }
        if file.due == Some(CrisisPlanDue::NotCurrent) {
            overdue += 1;
        }
        // The home and its phones were written with the first plan, in the
        // team's language.
        let essentials =
            rundt_app::crisis_essentials::crisis_essentials(&t.app, &Actor::cli(), case.id)
                .await
                .unwrap();
        let home = essentials.home.expect("home details with the plan");
        match team.country {
            Country::NO => assert!(home.home.address.contains("veien"), "{:?}", home.home),
            _ => assert!(home.home.address.contains("vej"), "{:?}", home.home),
        }
        let logged = crisis_contact::list(&t.app, &Actor::cli(), case.id)
            .await
            .unwrap();
        if logged.contacts.is_empty() {
            continue;
        }
        contacts += logged.contacts.len();
        visits += logged
            .contacts
            .iter()
            .filter(|c| c.contact.responses.contains(&CrisisResponse::HomeVisit))
            .count();
        let therapist = auth::act_as(&t.app, case.therapist_id.unwrap())
            .await
            .unwrap();
        let unread = crisis_contact::unread_for(&t.app, &therapist)
            .await
            .unwrap();
        assert!(
            unread
                .iter()
                .any(|u| u.case_id == case.id && u.unread == logged.contacts.len()),
            "case {}: {unread:?}",
            case.id
        );
    }
    assert!(plans >= 2, "{plans} crisis plans");
    assert_eq!(overdue, 1, "one crisis plan is more than four weeks old");
    assert!(contacts >= 3, "{contacts} crisis contacts");
    assert_eq!(visits, 1, "one home visit last night");
}

async fn every_team_has_a_price_and_each_country_a_municipality_buying_places(
    t: &TestApp,
    teams: &[organisation::TeamOverview],
) {
    use chrono::Datelike;
    use rundt_app::money::{self, InvoicingScope};
    use rundt_domain::money::{InvoicePeriod, PricingBasis};
    let cli = Actor::cli();
    let year = t.app.clock.today().year();
    for team in teams {
        let economy = money::team_economy(&t.app, &cli, team.id, year)
            .await
            .unwrap();
        assert!(economy.price_today.is_some(), "{} has a price", team.name);
        assert_eq!(
            economy.prices.len(),
            2,
            "{}: a price change half a year ago",
            team.name
        );
        assert!(
            economy.economy.budget_total > 0,
            "{} has a budget",
            team.name
        );
        let fee = economy.licence_fee.expect("the year's licence fee");
        assert_eq!(
            fee.shares.iter().map(|s| s.amount).sum::<i64>(),
            fee.team_total,
            "{}: the owners' shares sum to the fee",
            team.name
        );
    }
    for (team_name, buyer_name) in [("MST Aarhus", "Skanderborg"), ("MST Oslo", "Bærum")] {
        let team = teams.iter().find(|t| t.name == team_name).unwrap();
        let sold = money::team_agreements(&t.app, &cli, team.id).await.unwrap();
        assert_eq!(sold.agreements.len(), 1, "{team_name}");
        assert_eq!(sold.agreements[0].buyer_name, buyer_name);
        // Two years of invoicing: the buyer's courses are invoiced under
        // the agreement in more than one quarter.
        let mut quarters_invoiced = 0;
        for back in 0..8 {
            let q =
                (year * 4 + i32::try_from((t.app.clock.today().month() - 1) / 3).unwrap()) - back;
            let period = InvoicePeriod::Quarter {
                year: q.div_euclid(4),
                quarter: u8::try_from(q.rem_euclid(4) + 1).unwrap(),
            };
            let basis =
                money::invoicing_basis(&t.app, &cli, &InvoicingScope::Team(team.id), &period)
                    .await
                    .unwrap();
            let to_buyer = basis
                .invoices
                .iter()
                .filter(|i| i.buyer_name == buyer_name && i.invoice.total > 0)
                .count();
            assert!(
                basis
                    .invoices
                    .iter()
                    .all(|i| i.invoice.total
                        == i.invoice.lines.iter().map(|l| l.amount).sum::<i64>()),
                "{team_name} {}: totals reconcile with the lines",
                basis.period
            );
            assert!(
                basis
                    .invoices
                    .iter()
                    .filter(|i| i.buyer_name == buyer_name)
                    .flat_map(|i| &i.invoice.lines)
                    .all(|l| l.basis == PricingBasis::Agreement)
            );
            quarters_invoiced += usize::from(to_buyer > 0);
        }
        assert!(
            quarters_invoiced >= 2,
            "{team_name}: {quarters_invoiced} quarters invoiced to {buyer_name}"
        );
    }
}

/// A year of the team's people (issue 15): everyone in post who takes
/// families is trained but the new therapist without an exception; every
/// team met weekly with attendance, held boosters (Vestegnen too few),
/// and has plans in versions; some people are flagged.
async fn every_team_has_a_year_of_people_history_with_some_flags(t: &TestApp) {
    use rundt_app::people;
    let cli = Actor::cli();
    let teams = organisation::team_overviews(&t.app, &cli).await.unwrap();
    let mut flagged_meetings = 0;
    let mut overdue_plans = 0;
    for team in &teams {
        let p = people::team_people(&t.app, &cli, team.id).await.unwrap();
        let rows = p.people.clone().unwrap();
        let f = &p.figures;
        assert!(f.people >= 2, "{}: {f:?}", team.name);
        assert!(
            f.supervision_attendance_percent.unwrap() > 70.0,
            "{}: weekly supervision with attendance: {f:?}",
            team.name
        );
        assert!(f.cam.mean.is_some(), "{}: five ratings or more", team.name);
        assert!(
            p.boosters.iter().any(|b| b.held_on.is_none()),
            "{}: one planned ahead",
            team.name
        );
        let expected_held = if team.name == "MST Vestegnen" { 2 } else { 4 };
        assert_eq!(f.boosters.held, expected_held, "{}", team.name);
        assert_eq!(
            f.boosters.flagged,
            team.name == "MST Vestegnen",
            "{}",
            team.name
        );
        flagged_meetings += rows
            .iter()
            .filter(|r| r.flags.consultation.flagged || r.flags.supervision.flagged)
            .count();
        overdue_plans += f.plans_overdue;
        for r in &rows {
            let new = matches!(r.name.as_str(), "Nikolaj Berg" | "Sander Myhre");
            assert_eq!(
                r.flags.initial_training.complete(),
                !new,
                "{}: {} trained",
                team.name,
                r.name
            );
            if !new {
                let plan = people::plan_history(&t.app, &cli, team.id, r.user_id)
                    .await
                    .unwrap();
                assert_eq!(
                    plan.len(),
                    2,
                    "{}: two versions of {}'s plan",
                    team.name,
                    r.name
                );
                assert_eq!(plan[1].reviews.len(), 2, "{}'s plan reviewed twice", r.name);
            }
        }
        if team.name == "MST Bergen" {
            assert_eq!(p.exceptions.len(), 1, "Sander's exception");
        }
    }
    assert!(
        flagged_meetings >= 2,
        "Aarhus and Oslo each flag one person"
    );
    assert!(
        overdue_plans >= teams.len() as u32,
        "one overdue review per team"
    );
    // A certificate comes with the supervisor's orientation.
    let everyone = rundt_app::users::list_users(&t.app, &cli).await.unwrap();
    let mette = everyone
        .iter()
        .find(|u| u.username == "mette.supervisor")
        .unwrap();
    let record = people::person_record(&t.app, &cli, mette.id).await.unwrap();
    let with_file = record
        .training
        .iter()
        .find(|c| c.certificate.is_some())
        .unwrap();
    let (_, file) = people::certificate(&t.app, &cli, with_file.id)
        .await
        .unwrap();
    assert!(file.bytes.starts_with(b"%PDF-"));
}
