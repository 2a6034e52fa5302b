//! The supervision agenda is filled in from the week's summaries: a family
//! whose summary for last week is missing comes first, then one whose
//! therapist asks something; only the team's supervisor and consultant
//! read it, and each young person's access log shows the reading.

use chrono::NaiveDate;
use rundt_app::supervision_agenda::agenda;
use rundt_app::{AppError, cases, treatment};
use rundt_domain::treatment::{FitDriver, System};
use rundt_testkit::{TestApp, test_now};

use super::store_support::weekly_summary;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn the_agenda_puts_a_missing_summary_first_and_brings_the_weeks_questions(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let written = t
        .start_family(team, "louise", "mette", "jonas", day(2026, 10, 1))
        .await;
    let missing = t
        .start_family(team, "louise", "mette", "sofie", day(2026, 10, 1))
        .await;
    let today = test_now().date_naive();
    // Jonas wrote last week's summary (the week from Monday 16 November),
    // with a question for supervision and a prioritised driver.
    let mut summary = weekly_summary("2026-11-16", "mother kept the curfew", 1);
    summary.questions = "Should the school meeting wait until the father is home?".into();
    summary.fit_drivers = vec![FitDriver {
        system: System::Peers,
        driver: "older boys after school".into(),
        prioritised: true,
    }];
    summary.next_week_goals = vec!["home by 21:00 four nights".into()];
    let jonas = t.actor_on("jonas", today).await;
    treatment::save_weekly_summary(&t.app, &jonas, written.case_id, &summary, None)
        .await
        .unwrap();

    let mette = t.actor_on("mette", today).await;
    let items = agenda(&t.app, &mette, team).await.unwrap();
    let order: Vec<_> = items.iter().map(|i| i.case_id).collect();
    assert_eq!(
        order,
        vec![missing.case_id, written.case_id],
        "the missing summary first"
    );
    assert_eq!(items[0].missing_week, Some(day(2026, 11, 16)));
    assert_eq!(items[0].therapist_id, Some(users["sofie"]));
    assert!(items[0].summary.is_none());
    let brought = items[1].summary.as_ref().unwrap();
    assert_eq!(items[1].week_start, Some(day(2026, 11, 16)));
    assert_eq!(brought.questions, summary.questions);
    assert_eq!(items[1].young_person, "Mikkel Testesen");
    assert_eq!(items[1].missing_week, None);

    // Therapists do not read the team's agenda.
    let refused = agenda(&t.app, &jonas, team).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );

    // Reading it is in each young person's access log (the agenda's
    // events are appended together, one per person).
    let auditor = t.user("anne", "auditor", "DK", None).await;
    let anne = t.actor_on(&auditor.username, today).await;
    for person in [written.young_person_id, missing.young_person_id] {
        let log = cases::person_access_log(&t.app, &anne, person, cases::AccessLogCursor::newest())
            .await
            .unwrap()
            .entries;
        assert!(
            log.iter()
                .any(|e| e.action == "team.supervision.agenda" && e.who.contains("mette")),
            "{log:?}"
        );
    }
}

rundt_testkit::scenarios!(app:
    the_agenda_puts_a_missing_summary_first_and_brings_the_weeks_questions,
);
