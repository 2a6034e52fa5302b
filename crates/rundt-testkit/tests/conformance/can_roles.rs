//! MST-CAN's two team roles beside the therapists, on both backends: the
//! psychiatrist reads a family only while the team's request to consult on
//! it is open, and answers it; the crisis caseworker reads the team's
//! safety plans and incidents — each read in every child's access log —
//! and nothing else of the families.

use chrono::NaiveDate;
use rundt_app::organisation::{self, AddMember};
use rundt_app::{Actor, AppError, cases, consultation, safety, treatment};
use rundt_domain::consultation::{ConsultationRequest, ConsultationState};
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::team::TeamId;
use rundt_testkit::{TestApp, can_safety_plan};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const START: &str = "2026-11-02";
const TODAY: &str = "2026-11-20";

/// Bærum's MST-CAN team with `username` in `position` (their role of the
/// same name), and the two-child family in treatment with nina.
async fn team_with(t: &TestApp, username: &str, role_and_position: &str) -> (TeamId, CaseId) {
    let (team, _) = t.baerum_can_team().await;
    t.join_can_team(team, username, role_and_position).await;
    let case = t.start_can_family(team, day(START)).await;
    (team, case)
}

fn nothing_assessed() -> rundt_domain::treatment::Assessment {
    rundt_domain::treatment::Assessment {
        systems: vec![],
        key_participants: vec![],
        overarching_goals: vec![],
    }
}

fn question(psychiatrist: UserId) -> ConsultationRequest {
    ConsultationRequest {
        psychiatrist_id: psychiatrist,
        question: "Mor er nedstemt og sover dårlig: er det en depresjon som bør behandles?".into(),
    }
}

async fn the_psychiatrist_reads_a_family_only_while_the_team_asks(t: TestApp) {
    let (_, case) = team_with(&t, "bjorn", "psychiatrist").await;
    let on = day(TODAY);
    let app = t.app.on_day(on);
    let bjorn = t.actor_on("bjorn", on).await;
    let nina = t.actor_on("nina", on).await;
    let refused = cases::read_case(&app, &bjorn, case).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "not yet asked: {refused:?}"
    );
    assert!(cases::list_cases(&app, &bjorn).await.unwrap().is_empty());

    let bjorn_id = t.named("bjorn").await.id;
    let asked = consultation::request(&app, &nina, case, &question(bjorn_id))
        .await
        .unwrap();
    assert_eq!(asked.state(), ConsultationState::Asked);
    assert_eq!(asked.requested_by, Some(t.named("nina").await.id));
    let bjorn = t.actor_on("bjorn", on).await;
    let read = cases::read_case(&app, &bjorn, case).await.unwrap();
    assert_eq!(read.people.len(), 3, "the whole family");
    let listed = cases::list_cases(&app, &bjorn).await.unwrap();
    assert_eq!(listed.iter().map(|c| c.id).collect::<Vec<_>>(), [case]);
    // Reading is not writing.
    let refused = treatment::save_assessment(&app, &bjorn, case, &nothing_assessed(), None).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    // The therapist cannot answer for the psychiatrist.
    let refused = consultation::answer(&app, &nina, case, asked.id, "Ja.", asked.version).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );

    let answer = "Tegn på moderat depresjon: henvis til fastlegen.";
    let stale = consultation::answer(&app, &bjorn, case, asked.id, answer, asked.version + 1).await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { .. })),
        "{stale:?}"
    );
    let empty = consultation::answer(&app, &bjorn, case, asked.id, "   ", asked.version).await;
    assert!(matches!(empty, Err(AppError::Invalid(_))), "{empty:?}");
    let answered = consultation::answer(&app, &bjorn, case, asked.id, answer, asked.version)
        .await
        .unwrap();
    assert_eq!(answered.state(), ConsultationState::Answered);
    assert_eq!(answered.answer.as_deref(), Some(answer));

    let ended = consultation::end(&app, &nina, case, asked.id, answered.version)
        .await
        .unwrap();
    assert_eq!(ended.state(), ConsultationState::Ended);
    assert_eq!(ended.ended_by, Some(t.named("nina").await.id));
    let refused = cases::read_case(&app, &bjorn, case).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "the end of the request ends the access: {refused:?}"
    );
    let again = consultation::end(&app, &nina, case, asked.id, ended.version).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    // Kept, with every step in the audit log (and the therapist's refused
    // answer as a denial).
    let kept = t.store.consultations(case).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].answer.as_deref(), Some(answer));
    let actions: Vec<String> = t
        .store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.action.starts_with("case.consultation"))
        .map(|e| format!("{} {:?}", e.event.action, e.event.outcome))
        .collect();
    assert_eq!(
        actions,
        [
            "case.consultation.request Success",
            "case.consultation.answer Denied",
            "case.consultation.answer Success",
            "case.consultation.end Success"
        ]
    );
}

async fn only_the_teams_psychiatrists_can_be_asked(t: TestApp) {
    let (_, case) = team_with(&t, "bjorn", "psychiatrist").await;
    let on = day(TODAY);
    let app = t.app.on_day(on);
    let nina = t.actor_on("nina", on).await;
    let thomas = t.named("thomas").await.id;
    let refused = consultation::request(&app, &nina, case, &question(thomas)).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("a therapist is not the team's psychiatrist: {refused:?}");
    };
    assert_eq!(fields[0].field, "psychiatrist_id");
    assert_eq!(
        fields[0].message.code,
        "consultation-not-teams-psychiatrist"
    );
    let bjorn = t.named("bjorn").await.id;
    let mut blank = question(bjorn);
    blank.question = " ".into();
    assert!(matches!(
        consultation::request(&app, &nina, case, &blank).await,
        Err(AppError::Invalid(_))
    ));
    // Nothing was stored by the refusals.
    assert!(t.store.consultations(case).await.unwrap().is_empty());
    // The psychiatrist cannot ask themselves in.
    let bjorn_acting = t.actor_on("bjorn", on).await;
    let refused = consultation::request(&app, &bjorn_acting, case, &question(bjorn)).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
}

async fn the_crisis_caseworker_reads_the_teams_safety_records_and_nothing_else(t: TestApp) {
    let (team, case) = team_with(&t, "anders", "crisis_caseworker").await;
    let on = day(TODAY);
    let app = t.app.on_day(on);
    let nina = t.actor_on("nina", on).await;
    safety::save_plan(&app, &nina, case, &can_safety_plan(on), None)
        .await
        .unwrap();
    let anders = t.actor_on("anders", on).await;

    let records = safety::case_safety(&app, &anders, case).await.unwrap();
    assert_eq!(records.plans.len(), 1);
    let page = safety::safety_file(&app, &anders, case).await.unwrap();
    assert!(page.safety_only, "the page offers no way into the case");
    let overview = safety::team_safety(&app, &anders).await.unwrap();
    assert_eq!(overview.len(), 1);
    assert_eq!(overview[0].team_id, team);
    let family = &overview[0].families[0];
    assert_eq!(family.case_id, case);
    assert_eq!(family.children, ["Emma Nilsen", "Jonas Nilsen"]);
    assert_eq!(family.status.plan_version, Some(1));

    for refused in [
        cases::read_case(&app, &anders, case).await.err(),
        treatment::case_file(&app, &anders, case).await.err(),
        safety::save_plan(&app, &anders, case, &can_safety_plan(on), Some(1))
            .await
            .err(),
        cases::list_cases(&app, &anders).await.err(),
    ] {
        assert!(
            matches!(refused, Some(AppError::Forbidden(_))),
            "{refused:?}"
        );
    }

    // Each child's access log shows the crisis caseworker's reading.
    let anders_id = t.named("anders").await.id;
    let children = t
        .store
        .case_people_in_role(case, rundt_app::records::ParticipantRole::YoungPerson)
        .await
        .unwrap();
    assert_eq!(children.len(), 2);
    for child in children {
        let log = t.store.person_access_log(child).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.event.actor_user_id == Some(anders_id) && e.event.action == "case.read"),
            "child {child}"
        );
    }
}

async fn the_crisis_caseworker_of_another_team_reads_nothing(t: TestApp) {
    let (_, case) = team_with(&t, "anders", "crisis_caseworker").await;
    let other = organisation::create_team(
        &t.app,
        &Actor::cli(),
        &organisation::CreateTeam {
            name: "MST-CAN Asker".into(),
            country: "NO".into(),
            programme_model: "MST-CAN".into(),
            owners: vec![organisation::OwnerInput {
                municipality_code: "3203".into(),
                share_percent: 100.0,
            }],
            started_on: None,
        },
    )
    .await
    .unwrap();
    let stranger = t.user("stine", "crisis_caseworker", "NO", None).await;
    organisation::add_member(
        &t.app,
        &Actor::cli(),
        other.id,
        &AddMember {
            user_id: stranger.id,
            position: "crisis_caseworker".into(),
            since: Some(day("2025-01-01")),
        },
    )
    .await
    .unwrap();
    let on = day(TODAY);
    let app = t.app.on_day(on);
    let stine = t.actor_on("stine", on).await;
    let refused = safety::case_safety(&app, &stine, case).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let overview = safety::team_safety(&app, &stine).await.unwrap();
    assert!(overview.iter().all(|t| t.families.is_empty()));
}

rundt_testkit::scenarios!(app:
    the_psychiatrist_reads_a_family_only_while_the_team_asks,
    only_the_teams_psychiatrists_can_be_asked,
    the_crisis_caseworker_reads_the_teams_safety_records_and_nothing_else,
    the_crisis_caseworker_of_another_team_reads_nothing,
);
