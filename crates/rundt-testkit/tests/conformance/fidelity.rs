//! Fidelity and the family's voice, on both backends: the adherence
//! interview (TAM-R structure) and its reminders, the family-experience
//! survey, the therapists' ratings of their supervisor (SAM structure), and
//! when adherence figures may be shown outside the team.

use super::world::*;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::period::Month;
use rundt_testkit::code;

/// A family of the Aarhus team of [`TestApp::aarhus_team`] in treatment
/// since `start`, with `therapist`.
async fn family_in_treatment(t: &TestApp, team: TeamId, therapist: &str, start: &str) -> Family {
    t.start_family(team, "louise", "mette", therapist, day(start))
        .await
}

/// Jonas discharges the family on `on`: treatment completed, every
/// outcome met.
async fn completed_by_jonas(t: &TestApp, family: &mut Family, on: &str) {
    let outcomes = outcomes([T, T, T]);
    t.discharge_family(
        family,
        "jonas",
        day(on),
        DischargeReason::Completed,
        outcomes,
    )
    .await;
}

/// The family's caregiver answers 4 to every item, by phone.
fn all_fours(f: &Family, date: &str) -> Interview {
    Interview {
        date: day(date),
        respondent_id: f.caregiver_id,
        mode: InterviewMode::Phone,
        answers: vec![Some(4); 28],
    }
}

async fn interview(
    t: &TestApp,
    who: &str,
    case_id: CaseId,
    i: &Interview,
) -> Result<fidelity::InterviewView, AppError> {
    fidelity::record_interview(
        &t.app.on_day(i.date),
        &t.actor_on(who, i.date).await,
        case_id,
        i,
    )
    .await
}

/// The interviews of a family as `who` reads them today.
async fn interviews_as(
    t: &TestApp,
    who: &str,
    case_id: CaseId,
) -> Result<Vec<fidelity::InterviewView>, AppError> {
    let actor = t.actor_on(who, t.app.clock.today()).await;
    fidelity::interviews(&t.app, &actor, case_id).await
}

async fn the_familys_own_therapist_may_not_make_the_adherence_interview(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let f = family_in_treatment(&t, team, "jonas", "2026-10-01").await;
    let i = all_fours(&f, "2026-10-22");
    // The family's own therapist is refused by role (403), and it is audited.
    let own = interview(&t, "jonas", f.case_id, &i).await.unwrap_err();
    assert!(
        matches!(&own, AppError::Forbidden(m) if m.code == "collector-not-therapist"),
        "{own:?}"
    );
    // A colleague in the team may not write to the family at all (403).
    let colleague = interview(&t, "sofie", f.case_id, &i).await.unwrap_err();
    assert!(matches!(colleague, AppError::Forbidden(_)), "{colleague:?}");
    let denied: Vec<UserId> = t
        .store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.event.action == "case.adherence_interview" && e.event.outcome == Outcome::Denied
        })
        .filter_map(|e| e.event.actor_user_id)
        .collect();
    assert_eq!(denied, vec![users["jonas"], users["sofie"]]);

    // A supervisor who is also the family's therapist is refused by the
    // fidelity rule itself (409 Conflict).
    organisation::add_member(
        &t.app,
        &Actor::cli(),
        team,
        &AddMember {
            user_id: users["mette"],
            position: "therapist".into(),
            since: Some(day("2025-01-01")),
        },
    )
    .await
    .unwrap();
    let hers = family_in_treatment(&t, team, "mette", "2026-10-01").await;
    let conflict = interview(&t, "mette", hers.case_id, &all_fours(&hers, "2026-10-22"))
        .await
        .unwrap_err();
    assert!(
        matches!(&conflict, AppError::Conflict(m) if m.code == "interviewer-is-therapist"),
        "{conflict:?}"
    );
    // Nothing was stored by any refusal.
    let supervisor = t.actor_on("mette", day("2026-10-22")).await;
    for case in [f.case_id, hers.case_id] {
        assert!(
            fidelity::interviews(&t.app, &supervisor, case)
                .await
                .unwrap()
                .is_empty()
        );
    }
    // The supervisor interviews jonas' family: 0.75, adherent, rating jonas.
    let made = interview(&t, "mette", f.case_id, &i).await.unwrap();
    assert_eq!(made.score, Some(0.75));
    assert_eq!(made.adherent, Some(true));
    assert_eq!(made.therapist_id, users["jonas"]);
    assert_eq!(made.interviewer_id, users["mette"]);
    // Whoever may read the family reads its interviews; the colleague may not.
    let own_view = interviews_as(&t, "jonas", f.case_id).await.unwrap();
    assert_eq!(own_view.len(), 1);
    assert!(matches!(
        interviews_as(&t, "sofie", f.case_id).await,
        Err(AppError::Forbidden(_))
    ));
    // The interviews are the team's quality data: the referring caseworker,
    // who may read the family, does not see them one by one.
    assert!(matches!(
        interviews_as(&t, "louise", f.case_id).await,
        Err(AppError::Forbidden(_))
    ));
}

async fn an_adherence_interview_is_made_while_the_family_is_in_treatment_with_every_answer_checked(
    t: TestApp,
) {
    let (team, _) = t.aarhus_team().await;
    let mut f = family_in_treatment(&t, team, "jonas", "2026-09-01").await;
    let invalid = |e: AppError, field: &str| match e {
        AppError::Invalid(fields) => assert!(
            fields.iter().any(|x| x.field == field),
            "{field}: {fields:?}"
        ),
        other => panic!("{field}: {other:?}"),
    };
    let mut i = all_fours(&f, "2026-09-25");
    i.answers.pop();
    invalid(
        interview(&t, "mette", f.case_id, &i).await.unwrap_err(),
        "answers",
    );
    let mut i = all_fours(&f, "2026-09-25");
    i.answers[3] = Some(6);
    invalid(
        interview(&t, "mette", f.case_id, &i).await.unwrap_err(),
        "answers[3]",
    );
    // Before treatment started.
    invalid(
        interview(&t, "mette", f.case_id, &all_fours(&f, "2026-08-30"))
            .await
            .unwrap_err(),
        "date",
    );
    // In the future (the clock says 2026-09-25).
    let future = all_fours(&f, "2026-09-30");
    invalid(
        fidelity::record_interview(
            &t.app.on_day(day("2026-09-25")),
            &t.actor_on("mette", day("2026-09-25")).await,
            f.case_id,
            &future,
        )
        .await
        .unwrap_err(),
        "date",
    );
    interview(&t, "mette", f.case_id, &all_fours(&f, "2026-09-25"))
        .await
        .unwrap();

    completed_by_jonas(&t, &mut f, "2026-11-20").await;
    let after = interview(&t, "mette", f.case_id, &all_fours(&f, "2026-11-24"))
        .await
        .unwrap_err();
    assert!(
        matches!(&after, AppError::Conflict(m) if m.code == "interview-not-in-treatment"),
        "{after:?}"
    );
    let supervisor = t.actor_on("mette", day("2026-11-25")).await;
    assert_eq!(
        fidelity::interviews(&t.app, &supervisor, f.case_id)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// The field a use case refused, or the test fails.
fn refused_field(e: AppError) -> String {
    match e {
        AppError::Invalid(fields) if fields.len() == 1 => fields[0].field.clone(),
        other => panic!("a refusal of one field: {other:?}"),
    }
}

async fn an_interview_keeps_who_answered_how_and_who_asked_and_an_empty_one_is_not_stored(
    t: TestApp,
) {
    let (team, users) = t.aarhus_team().await;
    let f = family_in_treatment(&t, team, "jonas", "2026-09-01").await;
    let other = family_in_treatment(&t, team, "sofie", "2026-09-01").await;
    // Mette interviews Lone, the family's caregiver, by phone in September
    // and in person in October.
    let by_phone = all_fours(&f, "2026-09-22");
    let in_person = Interview {
        mode: InterviewMode::InPerson,
        ..all_fours(&f, "2026-10-22")
    };
    for i in [&by_phone, &in_person] {
        let made = interview(&t, "mette", f.case_id, i).await.unwrap();
        assert_eq!(
            (made.respondent_id, made.mode, made.interviewer_id),
            (Some(f.caregiver_id), Some(i.mode), users["mette"])
        );
    }
    // Read back from the store by the family's therapist, newest first.
    let read: Vec<_> = interviews_as(&t, "jonas", f.case_id)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.interviewed_on, i.respondent_id, i.mode, i.interviewer_id))
        .collect();
    let lone = Some(f.caregiver_id);
    assert_eq!(
        read,
        [
            (
                day("2026-10-22"),
                lone,
                Some(InterviewMode::InPerson),
                users["mette"]
            ),
            (
                day("2026-09-22"),
                lone,
                Some(InterviewMode::Phone),
                users["mette"]
            ),
        ]
    );
    // The young person is no caregiver, nor is the caregiver of another
    // family; an interview where the caregiver answered nothing, or too few
    // items to score, is refused as well.
    let mut refusals = Vec::new();
    for respondent in [f.young_person_id, other.caregiver_id] {
        let i = Interview {
            respondent_id: respondent,
            ..all_fours(&f, "2026-10-23")
        };
        refusals.push(interview(&t, "mette", f.case_id, &i).await.unwrap_err());
    }
    for answered in [0, 23] {
        let mut i = all_fours(&f, "2026-10-23");
        for a in i.answers.iter_mut().skip(answered) {
            *a = None;
        }
        refusals.push(interview(&t, "mette", f.case_id, &i).await.unwrap_err());
    }
    let fields: Vec<String> = refusals.into_iter().map(refused_field).collect();
    assert_eq!(
        fields,
        ["respondent_id", "respondent_id", "answers", "answers"]
    );
    // None of them was stored or counted.
    let stored = interviews_as(&t, "jonas", f.case_id).await.unwrap();
    assert_eq!(stored.len(), 2);
    let rows = t
        .store
        .adherence_summary(&SummaryFilter {
            country: Country::DK,
            team_ids: Some(vec![team]),
            municipality: None,
            from_month: Month::parse("2026-09").unwrap(),
            to_month: Month::parse("2026-10").unwrap(),
        })
        .await
        .unwrap();
    let counted: u32 = rows.iter().map(|r| r.counts.interviews).sum();
    assert_eq!(counted, 2);
}

async fn the_family_experience_survey_is_answered_once_after_discharge_and_collected_by_the_supervisor(
    t: TestApp,
) {
    let (team, _) = t.aarhus_team().await;
    let mut f = family_in_treatment(&t, team, "jonas", "2026-08-03").await;
    let survey = |date: &str, answers: &[u8]| FamilyExperience {
        date: day(date),
        answers: answers.to_vec(),
        comment: "They listened to us.".into(),
    };
    let case = f.case_id;
    let record = |who: &'static str, s: FamilyExperience| {
        let t = &t;
        async move {
            fidelity::record_experience(
                &t.app.on_day(s.date),
                &t.actor_on(who, s.date).await,
                case,
                &s,
            )
            .await
        }
    };
    // Not yet discharged.
    let early = record("mette", survey("2026-10-01", &[5, 5, 5, 5, 5]))
        .await
        .unwrap_err();
    assert!(matches!(early, AppError::Conflict(_)), "{early:?}");
    completed_by_jonas(&t, &mut f, "2026-11-16").await;
    // The family's therapist does not collect it.
    let own = record("jonas", survey("2026-11-18", &[5, 5, 5, 5, 5]))
        .await
        .unwrap_err();
    assert!(matches!(own, AppError::Forbidden(_)), "{own:?}");
    // Four answers, an answer of 6.
    assert!(matches!(
        record("mette", survey("2026-11-18", &[5, 5, 5, 5])).await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(
        record("mette", survey("2026-11-18", &[5, 5, 6, 5, 5])).await,
        Err(AppError::Invalid(_))
    ));
    // (4 + 3 + 2 + 4 + 3) / 20 = 80; recommends (last answer 4).
    let made = record("mette", survey("2026-11-18", &[5, 4, 3, 5, 4]))
        .await
        .unwrap();
    assert_eq!(made.score, 80);
    assert!(made.recommends);
    let again = record("mette", survey("2026-11-19", &[1, 1, 1, 1, 1]))
        .await
        .unwrap_err();
    assert!(
        matches!(&again, AppError::Conflict(m) if m.code == "survey-recorded"),
        "{again:?}"
    );
    // Counted once, in the discharge month's row.
    let rows = t
        .store
        .outcome_summary(&SummaryFilter {
            country: Country::DK,
            team_ids: Some(vec![team]),
            municipality: None,
            from_month: Month::parse("2026-11").unwrap(),
            to_month: Month::parse("2026-11").unwrap(),
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].experience,
        ExperienceCounts {
            surveys: 1,
            score_sum: 80,
            recommend: 1
        }
    );
    assert_eq!(rows[0].outcomes.discharges, 1);
    let read = fidelity::experience(
        &t.app,
        &t.actor_on("louise", day("2026-11-25")).await,
        f.case_id,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(read.score, 80);
    assert_eq!(read.comment, "They listened to us.");
}

async fn an_interview_falls_due_three_weeks_after_the_start_and_then_thirty_days_after_the_last(
    t: TestApp,
) {
    let (team, _) = t.aarhus_team().await;
    let start = day("2026-09-01");
    let mut f = family_in_treatment(&t, team, "jonas", "2026-09-01").await;
    let due_on = |d: NaiveDate| {
        let t = &t;
        async move {
            fidelity::interviews_due(&t.app.on_day(d), &t.actor_on("mette", d).await, team)
                .await
                .unwrap()
        }
    };
    // Reminders show a week ahead: not yet 14 days before the first is due…
    assert!(due_on(start + Duration::days(13)).await.is_empty());
    // …21 days after the start it is due today, not yet overdue.
    let due = due_on(start + Duration::days(21)).await;
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].case_id, f.case_id);
    assert_eq!(due[0].due, day("2026-09-22"));
    assert!(!due[0].overdue);
    assert_eq!(due[0].last_interview, None);
    assert_eq!(
        due[0].therapist_id,
        Some(
            t.store
                .find_user_by_username("jonas")
                .await
                .unwrap()
                .unwrap()
                .id
        )
    );
    let late = due_on(start + Duration::days(22)).await;
    assert!(late[0].overdue);
    // The supervisor's team dashboard shows the same reminder.
    let d = results::dashboard(
        &t.app.on_day(start + Duration::days(22)),
        &t.actor_on("mette", start + Duration::days(22)).await,
        &DashboardRequest {
            scope: Scope::Team(team),
            range: MonthRange::last_twelve_months(start + Duration::days(22)),
            grouping: Grouping::Quarter,
            denominator: Denominator::AllDischarges,
        },
        results::FamilyTable::Page(1),
    )
    .await
    .unwrap();
    assert_eq!(d.interviews_due, late);

    // Interviewed on 23 September: the next is due 30 days later, 23 October.
    interview(&t, "mette", f.case_id, &all_fours(&f, "2026-09-23"))
        .await
        .unwrap();
    assert!(due_on(day("2026-09-23")).await.is_empty());
    assert!(due_on(day("2026-10-15")).await.is_empty(), "8 days ahead");
    let next = due_on(day("2026-10-16")).await;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].due, day("2026-10-23"));
    assert_eq!(next[0].last_interview, Some(day("2026-09-23")));

    // Reminders are for the team's supervisor (and consultant), not its therapists.
    for who in ["jonas", "sofie", "louise"] {
        assert!(
            matches!(
                fidelity::interviews_due(&t.app, &t.actor_on(who, day("2026-10-16")).await, team)
                    .await,
                Err(AppError::Forbidden(_))
            ),
            "{who}"
        );
    }
    // Discharged families need no more interviews.
    completed_by_jonas(&t, &mut f, "2026-10-20").await;
    assert!(due_on(day("2026-10-21")).await.is_empty());
}

/// A SAM-structured rating: every item answered `v`.
fn sam(date: NaiveDate, v: u8) -> SupervisorRating {
    SupervisorRating {
        date,
        answers: vec![Some(v); adherence::SAM_ITEMS],
    }
}

/// `who` rates the supervisor of team A on `on` (that day's clock).
async fn rate(
    w: &World,
    who: &str,
    on: NaiveDate,
    rating: &SupervisorRating,
) -> Result<Option<f64>, AppError> {
    fidelity::rate_supervisor(
        &w.t.app.on_day(on),
        &w.t.actor_on(who, on).await,
        w.team_a,
        rating,
    )
    .await
}

async fn therapists_rate_their_supervisor_and_only_a_mean_of_five_ratings_is_ever_shown(
    t: TestApp,
) {
    let w = world(t).await;
    let (jonas_day, sofie_day) = (day("2025-03-10"), day("2025-05-20"));
    // Jonas and Sofie rate Mette: 4s → 0.75 and 5s → 1.0.
    for (who, on, v) in [("jonas", jonas_day, 4), ("sofie", sofie_day, 5)] {
        let score = rate(&w, who, on, &sam(on, v)).await.unwrap();
        assert_eq!(score, Some(if v == 4 { 0.75 } else { 1.0 }));
    }
    // The supervisor rates nobody, and another team's therapist may not
    // rate Mette; both refusals are audited.
    for who in ["mette", "peter"] {
        let refused = rate(&w, who, jonas_day, &sam(jonas_day, 4)).await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{who}");
    }
    // A rating dated in the future, or with a sixth answer, is refused.
    let mut bad = sam(jonas_day + Duration::days(1), 4);
    assert!(matches!(
        rate(&w, "jonas", jonas_day, &bad).await,
        Err(AppError::Invalid(_))
    ));
    bad.date = jonas_day;
    bad.answers[3] = Some(6);
    assert!(matches!(
        rate(&w, "jonas", jonas_day, &bad).await,
        Err(AppError::Invalid(_))
    ));

    // Two ratings: hidden from everyone, the supervisor included.
    let d = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert!(d.totals.supervisor_adherence.suppressed);
    assert_eq!(d.totals.supervisor_adherence.mean_score, None);

    // Three more (4, 4, 3 → 0.75, 0.75, 0.5) make five: the mean
    // (0.75 + 1 + 0.75 + 0.75 + 0.5) / 5 = 0.75 is shown, on the team's
    // page and the national one, but a quarter with fewer stays hidden.
    for (who, on, v) in [
        ("jonas", day("2025-07-10"), 4),
        ("sofie", day("2025-07-22"), 4),
        ("jonas", day("2025-09-10"), 3),
    ] {
        rate(&w, who, on, &sam(on, v)).await.unwrap();
    }
    let d = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert_eq!(d.totals.supervisor_adherence.scored, 5);
    assert_eq!(d.totals.supervisor_adherence.mean_score, Some(0.75));
    assert!(period(&d, "2025-Q3").supervisor_adherence.suppressed);
    let national = w.quarterly("dk.office", Scope::National(Country::DK)).await;
    assert_eq!(
        group(&national.by_team, &w.team_a.to_string())
            .supervisor_adherence
            .mean_score,
        Some(0.75)
    );
    // A municipality's page has no supervisor figures: they are the team's.
    let m = w
        .quarterly("anders", Scope::Municipality(code("0751")))
        .await;
    assert_eq!(m.totals.supervisor_adherence.scored, 0);

    // Jonas's next rating is due two months after his last.
    let due = fidelity::ratings_due(
        &w.t.app.on_day(day("2025-10-01")),
        &w.t.actor_on("jonas", day("2025-10-01")).await,
    )
    .await
    .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].last, Some(day("2025-09-10")));
    assert_eq!(due[0].due, day("2025-11-10"));
    assert!(!due[0].overdue);
}

async fn interviews_with_five_families_in_a_month_are_shown_to_the_municipality(t: TestApp) {
    let w = world(t).await;
    // Five more Aarhus families in treatment from September, each
    // interviewed once in October (all 4s → 0.75, adherent).
    let on = day("2025-10-06");
    for therapist in ["jonas", "sofie", "jonas", "sofie", "jonas"] {
        let f =
            w.t.start_family(w.team_a, "louise", "mette", therapist, day("2025-09-01"))
                .await;
        fidelity::record_interview(
            &w.t.app.on_day(on),
            &w.t.actor_on("mette", on).await,
            f.case_id,
            &Interview {
                date: on,
                respondent_id: f.caregiver_id,
                mode: InterviewMode::Phone,
                answers: vec![Some(4); 28],
            },
        )
        .await
        .unwrap();
    }
    let d = w
        .quarterly("anders", Scope::Municipality(code("0751")))
        .await;
    let q4 = period(&d, "2025-Q4");
    assert!(!q4.adherence.suppressed, "five families in October");
    assert_eq!(q4.adherence.scored, 5);
    assert_eq!(q4.adherence.mean_score, Some(0.75));
    assert_eq!(q4.adherence.adherent_percent, Some(100.0));
    // The year as a whole rests on October's five families too.
    assert!(!d.totals.adherence.suppressed);
}

rundt_testkit::scenarios!(app:
    the_familys_own_therapist_may_not_make_the_adherence_interview,
    an_adherence_interview_is_made_while_the_family_is_in_treatment_with_every_answer_checked,
    an_interview_keeps_who_answered_how_and_who_asked_and_an_empty_one_is_not_stored,
    the_family_experience_survey_is_answered_once_after_discharge_and_collected_by_the_supervisor,
    an_interview_falls_due_three_weeks_after_the_start_and_then_thirty_days_after_the_last,
    therapists_rate_their_supervisor_and_only_a_mean_of_five_ratings_is_ever_shown,
    interviews_with_five_families_in_a_month_are_shown_to_the_municipality,
);
