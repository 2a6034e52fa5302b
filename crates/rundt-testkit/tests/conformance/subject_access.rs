//! The data subject's copy (GDPR art. 15) through the use case, on both
//! backends: the auditor of the person's country gets everything Rundt
//! holds about the person — their record, every family's case they take
//! part in with its documents, and their access log — and making the copy
//! is itself in the log; everyone else is refused, audited. An MST-CAN
//! child's copy has the family's safety plan, map and treatment plan, the
//! incidents that involved the child and the child's own voice, not a
//! sibling's; and every read of an MST-CAN family, each of its pages, is in
//! every child's (and caregiver's) access log.

use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::subject_access::{self, SubjectCopy};
use rundt_app::treatment::{self, FamilyDiscussed, RecordSupervision};
use rundt_domain::access::Principal;
use rundt_domain::audit::AuditAction;
use rundt_domain::mapping::Voice;
use rundt_domain::treatment::WeeklySummary;
use rundt_store::ParticipantRole;
use rundt_testkit::sample_referral;

use super::store_support::weekly_summary;
use super::world::*;

async fn principal(t: &TestApp, username: &str) -> Principal {
    match t.actor_on(username, t.app.clock.today()).await {
        Actor::User(p) => p,
        other => panic!("{username} is {other:?}"),
    }
}

/// Mikkel and his mother Lone's course with the Aarhus team, every document
/// of it written: referred, accepted and assigned to Jonas from 2 March
/// 2026 with the assessment, a week's summary, a supervision meeting's
/// recommendation, Mette's adherence interview of Lone, the discharge on 15
/// May, the family's survey and the six-month follow-up; Jonas reads the
/// family last.
async fn a_whole_course(t: &TestApp) -> Family {
    let (team, _) = t.aarhus_team().await;
    t.user("dk_auditor", "auditor", "DK", None).await;
    let mut f = t
        .start_family(team, "louise", "mette", "jonas", day("2026-03-02"))
        .await;
    let met = day("2026-03-05");
    treatment::save_weekly_summary(
        &t.app.on_day(day("2026-03-06")),
        &t.actor_on("jonas", day("2026-03-06")).await,
        f.case_id,
        &WeeklySummary {
            next_week_goals: vec!["School meeting with Lone".into()],
            ..weekly_summary("2026-03-02", "Mikkel went to school four days", 2)
        },
        None,
    )
    .await
    .unwrap();
    treatment::record_supervision(
        &t.app.on_day(met),
        &t.actor_on("mette", met).await,
        team,
        &RecordSupervision {
            held_on: met,
            kind: "supervision".into(),
            attendees: vec!["Mette".into(), "Jonas".into()],
            attendance: Vec::new(),
            families: vec![FamilyDiscussed {
                case_id: f.case_id,
                recommendation: "Bring the school into the plan".into(),
            }],
        },
    )
    .await
    .unwrap();
    let asked = day("2026-03-25");
    fidelity::record_interview(
        &t.app.on_day(asked),
        &t.actor_on("mette", asked).await,
        f.case_id,
        &Interview {
            date: asked,
            respondent_id: f.caregiver_id,
            mode: InterviewMode::Phone,
            answers: vec![Some(4); 28],
        },
    )
    .await
    .unwrap();
    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-05-15"),
        DischargeReason::Completed,
        outcomes([T, T, T]),
    )
    .await;
    let answered = day("2026-05-18");
    fidelity::record_experience(
        &t.app.on_day(answered),
        &t.actor_on("mette", answered).await,
        f.case_id,
        &FamilyExperience {
            date: answered,
            answers: vec![5, 4, 4, 5, 4],
            comment: "They listened to us.".into(),
        },
    )
    .await
    .unwrap();
    t.follow_up_family(&mut f, "jonas", 6, outcomes([T, T, T]))
        .await;
    // Jonas opens the family's page once more.
    let today = t.app.clock.today();
    cases::read_case(&t.app, &t.actor_on("jonas", today).await, f.case_id)
        .await
        .unwrap();
    f
}

fn actions(copy: &SubjectCopy) -> Vec<&str> {
    copy.access_log.iter().map(|e| e.action.as_str()).collect()
}

async fn an_auditor_gets_a_persons_copy_with_every_document_of_their_course_and_their_access_log(
    t: TestApp,
) {
    let f = a_whole_course(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    let copy = subject_access::copy(&t.app, &auditor, f.caregiver_id)
        .await
        .unwrap();
    assert_eq!(copy.produced_by, "Test dk_auditor");
    assert_eq!(
        (copy.person.given_name.as_str(), copy.person.id),
        ("Lone", f.caregiver_id)
    );
    assert_eq!(copy.cases.len(), 1);
    let case = &copy.cases[0];
    // Followed up at six months, still discharged until the last.
    assert_eq!(
        (case.case_id, case.role, case.status.as_str()),
        (f.case_id, ParticipantRole::Caregiver, "discharged")
    );
    assert_eq!(case.referring_municipality.name, "Aarhus");
    assert_eq!(case.therapist.as_deref(), Some("Test jonas"));
    // Mikkel is named with his part only.
    assert_eq!(case.family.len(), 1);
    assert_eq!(
        (case.family[0].role, case.family[0].given_name.as_str()),
        (ParticipantRole::YoungPerson, "Mikkel")
    );
    assert!(case.referral.is_some() && case.screening.is_some());
    let goals = &case.assessment.as_ref().unwrap().overarching_goals;
    assert_eq!(goals.len(), 2);
    assert_eq!(case.weekly_summaries.len(), 1);
    assert_eq!(
        case.weekly_summaries[0].summary.advances,
        "Mikkel went to school four days"
    );
    assert_eq!(
        case.weekly_summaries[0].therapist.as_deref(),
        Some("Test jonas")
    );
    assert_eq!(
        case.recommendations[0].recommendation,
        "Bring the school into the plan"
    );
    assert_eq!(case.adherence_interviews.len(), 1, "Lone answered one");
    assert_eq!(case.adherence_interviews[0].interviewer, "Test mette");
    assert_eq!(
        case.discharge.as_ref().unwrap().date,
        day("2026-05-15"),
        "the discharge"
    );
    assert_eq!(case.follow_ups.len(), 1);
    assert_eq!(
        case.family_experience.as_ref().unwrap().comment,
        "They listened to us."
    );
    let steps: Vec<&str> = case
        .status_history
        .iter()
        .map(|h| h.to_status.as_str())
        .collect();
    assert_eq!(steps.first(), Some(&"waiting"));
    assert!(steps.contains(&"discharged"), "{steps:?}");
    assert!(
        case.status_history
            .iter()
            .any(|h| h.by.as_deref() == Some("Test mette"))
    );

    // The access log: who did what with Lone's data, oldest first, this
    // copy's read of the family last.
    let log = actions(&copy);
    assert_eq!(log.first(), Some(&"case.create"));
    assert_eq!(log.last(), Some(&"case.subject_copy"));
    let read = copy.access_log.last().unwrap();
    assert_eq!(
        (read.who.as_str(), read.role.as_str()),
        ("Test dk_auditor", "auditor")
    );
    assert_eq!(
        (read.object_kind.as_str(), read.object_id),
        ("case", Some(f.case_id.get()))
    );
    assert_eq!(read.purpose.as_deref(), Some(subject_access::PURPOSE));
    assert!(
        copy.access_log
            .iter()
            .any(|e| e.action == "case.read" && e.who == "Test jonas")
    );

    // Mikkel's copy: the same family, no interview (he answered none).
    let his = subject_access::copy(&t.app, &auditor, f.young_person_id)
        .await
        .unwrap();
    assert_eq!(his.cases[0].role, ParticipantRole::YoungPerson);
    assert!(his.cases[0].adherence_interviews.is_empty());
    assert_eq!(his.cases[0].family[0].given_name, "Lone");
    // Lone's copy read the family, Mikkel's data with it: in his log too.
    assert_eq!(
        actions(&his)
            .iter()
            .filter(|a| **a == "case.subject_copy")
            .count(),
        2
    );
}

async fn making_a_copy_is_audited_and_shows_in_the_persons_next_copy(t: TestApp) {
    let f = a_whole_course(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    let first = subject_access::copy(&t.app, &auditor, f.caregiver_id)
        .await
        .unwrap();
    assert!(!actions(&first).contains(&"person.subject_copy"));
    let events = t.store.audit_events(0, 100_000).await.unwrap();
    let made = &events.last().unwrap().event;
    assert_eq!(made.action, AuditAction::PersonSubjectCopy.as_str());
    assert_eq!(made.person_id, Some(f.caregiver_id));
    assert_eq!(made.object_id, Some(f.caregiver_id.get()));
    assert_eq!(made.actor_user_id, Some(auditor.user_id));
    assert_eq!(made.outcome, Outcome::Success);
    assert_eq!(made.at, first.produced_at);
    let second = subject_access::copy(&t.app, &auditor, f.caregiver_id)
        .await
        .unwrap();
    let made_before = second
        .access_log
        .iter()
        .find(|e| e.action == "person.subject_copy")
        .expect("the first copy is in the second");
    assert_eq!(made_before.who, "Test dk_auditor");
    assert_eq!(made_before.at, first.produced_at);
}

/// Mikkel (CPR 150311-4107) and Lone (020682-1108) referred by Louise to
/// the Aarhus team, and Lone again with her younger son Emil; the auditors
/// of both countries and Denmark's office.
async fn two_families_with_national_ids(t: &TestApp) -> (PersonId, Vec<CaseId>) {
    let (team, _) = t.aarhus_team().await;
    t.user("dk_auditor", "auditor", "DK", None).await;
    t.user("no_auditor", "auditor", "NO", None).await;
    t.user("dk_admin", "national_admin", "DK", None).await;
    let person = |given: &str, cpr: &str| PersonInput {
        given_name: given.into(),
        family_name: "Andersen".into(),
        national_id: Some(cpr.into()),
        birth_date: None,
    };
    let louise = t.actor_on("louise", t.app.clock.today()).await;
    let mut cases = Vec::new();
    let mut lone = None;
    for (child, cpr) in [("Mikkel", "150311-4107"), ("Emil", "010113-4123")] {
        let case = cases::refer_family(
            &t.app,
            &louise,
            &ReferFamily {
                team_id: team,
                referring_municipality: None,
                young_person: person(child, cpr),
                other_children: Vec::new(),
                caregivers: vec![person("Lone", "020682-1108")],
                referral: sample_referral(),
            },
        )
        .await
        .unwrap();
        lone = case
            .people
            .iter()
            .find(|p| p.given_name == "Lone")
            .map(|p| p.id);
        cases.push(case.id);
    }
    (lone.unwrap(), cases)
}

async fn an_auditor_finds_the_person_by_national_id_and_gets_every_family_they_are_in(t: TestApp) {
    let (lone, families) = two_families_with_national_ids(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    let copy = subject_access::copy_by_national_id(&t.app, &auditor, "0206821108")
        .await
        .unwrap();
    assert_eq!(copy.person.id, lone);
    assert_eq!(copy.person.national_id.as_deref(), Some("020682-1108"));
    assert_eq!(copy.person.country, Country::DK);
    let cases: Vec<CaseId> = copy.cases.iter().map(|c| c.case_id).collect();
    assert_eq!(cases, families, "both families, oldest first");
    assert!(
        copy.cases
            .iter()
            .all(|c| c.role == ParticipantRole::Caregiver)
    );
    // The look-up, each family's read and the copy, in that order.
    let events = t.store.audit_events(0, 100_000).await.unwrap();
    let last: Vec<&str> = events[events.len() - 6..]
        .iter()
        .map(|e| e.event.action.as_str())
        .collect();
    assert_eq!(
        last,
        [
            "person.lookup",
            "case.subject_copy",
            "case.subject_copy",
            "case.subject_copy",
            "case.subject_copy",
            "person.subject_copy"
        ]
    );
}

async fn only_the_auditor_of_the_persons_country_makes_the_copy(t: TestApp) {
    let (lone, _) = two_families_with_national_ids(&t).await;
    for who in ["jonas", "mette", "louise", "dk_admin"] {
        let p = principal(&t, who).await;
        for refused in [
            subject_access::copy(&t.app, &p, lone).await.unwrap_err(),
            subject_access::copy_by_national_id(&t.app, &p, "020682-1108")
                .await
                .unwrap_err(),
        ] {
            assert!(
                matches!(refused, AppError::Forbidden(_)),
                "{who}: {refused:?}"
            );
            let last = t.store.audit_events(0, 100_000).await.unwrap();
            let last = &last.last().unwrap().event;
            assert_eq!(last.action, "person.subject_copy", "{who}");
            assert_eq!(last.outcome, Outcome::Denied);
            assert_eq!(last.actor_user_id, Some(p.user_id));
        }
    }
    // Norway's auditor: refused Lone by her id, and does not find her
    // Danish number among Norway's people.
    let norwegian = principal(&t, "no_auditor").await;
    let refused = subject_access::copy(&t.app, &norwegian, lone)
        .await
        .unwrap_err();
    assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
    let not_found = subject_access::copy_by_national_id(&t.app, &norwegian, "15108695088")
        .await
        .unwrap_err();
    assert!(
        matches!(&not_found, AppError::Invalid(f) if f[0].message.code == "national-id-no-person"),
        "{not_found:?}"
    );
    // Nothing of Lone's was read by anyone refused.
    let log = t.store.person_access_log(lone).await.unwrap();
    assert!(log.iter().all(|e| e.event.action != "case.subject_copy"));
}

async fn a_national_id_of_nobody_is_invalid_and_not_repeated(t: TestApp) {
    two_families_with_national_ids(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    for (typed, code) in [
        ("010190-1234", "national-id-no-person"),
        ("01019-1234", "cpr-shape"),
        ("  ", "text-empty"),
    ] {
        let e = subject_access::copy_by_national_id(&t.app, &auditor, typed)
            .await
            .unwrap_err();
        match &e {
            AppError::Invalid(fields) => {
                assert_eq!(
                    (fields[0].field.as_str(), fields[0].message.code),
                    ("national_id", code)
                );
            }
            other => panic!("{typed}: {other:?}"),
        }
        assert!(!format!("{e:?}").contains("1234"), "{e:?}");
    }
    let events = t.store.audit_events(0, 100_000).await.unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.event.action != "person.subject_copy"),
        "no copy was made"
    );
}

/// The Norwegian family of [`TestApp::can_family_on_record`] and Norway's
/// auditor.
async fn a_norwegian_can_family(t: &TestApp) -> rundt_testkit::CanFamily {
    let (team, _) = t.baerum_can_team().await;
    t.user("no_auditor", "auditor", "NO", None).await;
    t.can_family_on_record(team).await
}

async fn an_mst_can_childs_copy_has_the_safety_plan_the_incidents_that_involved_her_her_own_voice_and_the_plan(
    t: TestApp,
) {
    let f = a_norwegian_can_family(&t).await;
    let auditor = principal(&t, "no_auditor").await;
    let copy = subject_access::copy(&t.app, &auditor, f.emma)
        .await
        .unwrap();
    let case = &copy.cases[0];
    assert_eq!(case.role, ParticipantRole::YoungPerson);
    // The family's safety plan, both versions, oldest first.
    let versions: Vec<i64> = case.safety_plans.iter().map(|v| v.version).collect();
    assert_eq!(versions, [1, 2]);
    assert_eq!(case.safety_plans[1].plan.child_contacts.len(), 2);
    // The incident that involved Emma, not her brother's.
    assert_eq!(case.incidents.len(), 1);
    assert_eq!(
        case.incidents[0].what_happened,
        "Emma var alene hjemme hele kvelden"
    );
    assert_eq!(case.incidents[0].children, ["Emma Nilsen"]);
    // The family's map, its key person without her phone and e-mail.
    assert_eq!(case.mappings.len(), 1);
    assert_eq!(case.mappings[0].key_persons[0].name, "Kari Lund");
    // Emma's own voice only.
    assert_eq!(case.child_voices.len(), 1);
    assert!(matches!(
        &case.child_voices[0].voice,
        Voice::Heard { wishes, .. } if wishes == "At mamma står opp om morgenen"
    ));
    // The family's treatment plan and module, without her mother's drug screens.
    let goals: Vec<&str> = case.treatment_plans[0]
        .plan
        .goals
        .iter()
        .map(|g| g.overarching.as_str())
        .collect();
    assert_eq!(goals, rundt_testkit::CAN_PLAN_GOALS);
    assert_eq!(case.modules.len(), 1);
    assert!(case.modules[0].drug_screens.is_empty());
    let json = serde_json::to_string(&copy).unwrap();
    for left_out in [
        "Sa at han lager mat til Emma",
        "Å bo hos mormor i ferien",
        "Jonas fikk ikke mat før kvelden",
        "+47 67 00 00 00",
        "kari.lund@skole.example",
    ] {
        assert!(!json.contains(left_out), "{left_out} in Emma's copy");
    }

    // Jonas's copy: his incident and his voice, not Emma's.
    let his = subject_access::copy(&t.app, &auditor, f.jonas)
        .await
        .unwrap();
    let case = &his.cases[0];
    assert_eq!(case.incidents.len(), 1);
    assert_eq!(case.incidents[0].children, ["Jonas Nilsen"]);
    assert_eq!(case.child_voices.len(), 1);
    let json = serde_json::to_string(&his).unwrap();
    assert!(json.contains("Sa at han lager mat til Emma"));
    assert!(!json.contains("At mamma står opp om morgenen"));

    // Tone's copy: every incident of her family and her drug screen, no
    // child's voice.
    let hers = subject_access::copy(&t.app, &auditor, f.tone)
        .await
        .unwrap();
    let case = &hers.cases[0];
    assert_eq!(case.role, ParticipantRole::Caregiver);
    assert_eq!(case.incidents.len(), 2);
    assert!(case.child_voices.is_empty());
    assert_eq!(case.modules[0].drug_screens.len(), 1);
    assert_eq!(case.safety_plans.len(), 2);
    assert_eq!(case.mappings.len(), 1);
}

/// The case reads in each person's access log: (who, action, case).
async fn case_reads(t: &TestApp, person: PersonId) -> Vec<(String, String, Option<i64>)> {
    let auditor = t.actor_on("no_auditor", t.app.clock.today()).await;
    cases::person_access_log(&t.app, &auditor, person, whole_small_log())
        .await
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.action == "case.read")
        .map(|e| (e.who, e.action, e.object_id))
        .collect()
}

async fn reading_an_mst_can_familys_safety_plan_shows_in_each_childs_access_log(t: TestApp) {
    use rundt_app::{can_plan, family, mapping, safety};
    let f = a_norwegian_can_family(&t).await;
    let nina = t.actor_on("nina", t.app.clock.today()).await;
    let everyone = [f.emma, f.jonas, f.tone];
    let mut expected = Vec::new();
    for p in everyone {
        expected.push(case_reads(&t, p).await.len());
    }
    let mut read_once = async |what: &str| {
        for (i, p) in everyone.into_iter().enumerate() {
            expected[i] += 1;
            let reads = case_reads(&t, p).await;
            assert_eq!(reads.len(), expected[i], "{what}: person {p}");
            assert_eq!(
                reads.first().unwrap(),
                &(
                    "Test nina".to_owned(),
                    "case.read".to_owned(),
                    Some(f.case_id.get())
                ),
                "{what}"
            );
        }
    };
    safety::safety_file(&t.app, &nina, f.case_id).await.unwrap();
    read_once("the safety page").await;
    safety::case_safety(&t.app, &nina, f.case_id).await.unwrap();
    read_once("the safety records").await;
    mapping::case_mapping(&t.app, &nina, f.case_id)
        .await
        .unwrap();
    read_once("the map").await;
    can_plan::case_plan(&t.app, &nina, f.case_id).await.unwrap();
    read_once("the plan").await;
    family::report_file(&t.app, &nina, f.case_id).await.unwrap();
    read_once("the report").await;
    cases::read_case(&t.app, &nina, f.case_id).await.unwrap();
    read_once("the family").await;
}

rundt_testkit::scenarios!(app:
    an_mst_can_childs_copy_has_the_safety_plan_the_incidents_that_involved_her_her_own_voice_and_the_plan,
    reading_an_mst_can_familys_safety_plan_shows_in_each_childs_access_log,
    an_auditor_gets_a_persons_copy_with_every_document_of_their_course_and_their_access_log,
    making_a_copy_is_audited_and_shows_in_the_persons_next_copy,
    an_auditor_finds_the_person_by_national_id_and_gets_every_family_they_are_in,
    only_the_auditor_of_the_persons_country_makes_the_copy,
    a_national_id_of_nobody_is_invalid_and_not_repeated,
);

/// A page as large as a page may be: the whole log of a family this small.
fn whole_small_log() -> cases::AccessLogCursor {
    cases::AccessLogCursor {
        before: None,
        limit: rundt_app::access_log::MAX_PAGE,
    }
}
