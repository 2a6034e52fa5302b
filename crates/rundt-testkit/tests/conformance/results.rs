//! Results at any time: dashboards, fidelity (TAM-R) and the family's
//! experience, over hand-made families driven through the real
//! use cases on back-dated clocks. Every expected figure is worked out by
//! hand in the comments from the table in [`FAMILIES`].

use super::world::*;
use rundt_domain::discharge::DischargeReason;

async fn the_team_dashboard_shows_the_supervisor_every_indicator_against_hand_counted_figures(
    t: TestApp,
) {
    let w = world(t).await;
    let d = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert!(
        !d.small_cells_suppressed,
        "the supervisor sees every family"
    );
    assert_eq!((d.from.as_str(), d.to.as_str()), ("2025-01", "2025-12"));
    assert_eq!(d.programmes, vec!["MST"]);
    let i = &d.totals.indicators;
    // Team A: A1–A7, seven discharges.
    assert_eq!(i.discharges, 7);
    assert!(!i.suppressed);
    // Completed A1 A2 A4 A5 A7 = 5/7 = 71.4 %; lack of engagement A3 = 1/7
    // = 14.3 %; placed A6 = 1/7 = 14.3 %.
    assert_eq!(i["completed"], shown(5, 7, 71.4));
    assert_eq!(i["lack_of_engagement"], shown(1, 7, 14.3));
    assert_eq!(i["placed"], shown(1, 7, 14.3));
    // Over all discharges: at home all but A6 = 6/7 = 85.7 %; in school A1
    // A2 A4 A7 = 4/7 = 57.1 %; no new arrests all but A2 = 6/7 = 85.7 %.
    assert_eq!(i["living_at_home"], shown(6, 7, 85.7));
    assert_eq!(i["in_school_or_working"], shown(4, 7, 57.1));
    assert_eq!(i["no_new_arrests"], shown(6, 7, 85.7));
    // Days 120 + 100 + 40 + 140 + 130 + 80 + 110 = 720; 720 / 7 = 102.86.
    assert_eq!(d.totals.treatment_days_total, Some(720));
    assert_eq!(i.average_length_of_stay_days, Some(102.9));
    let t = &d.totals.against_targets;
    assert_eq!(t["living_at_home"], TargetStatus::NotMet, "85.7 < 90");
    assert_eq!(t["completed"], TargetStatus::NotMet, "71.4 < 85");
    assert_eq!(t["lack_of_engagement"], TargetStatus::NotMet, "14.3 ≥ 5");
    assert_eq!(t["placed"], TargetStatus::NotMet, "14.3 ≥ 10");
    assert_eq!(t.length_of_stay, TargetStatus::Met, "102.9 in 100–140");

    // Follow-ups at 6 months: A1 A2 A4 A5 A6 A7 = 6; at home all but A6 =
    // 5/6 = 83.3 %; in school all but A2 and A6 = 4/6 = 66.7 %; no arrests
    // 6/6. At 12 months: A4 A5 = 2; school A4 only = 1/2. None at 18.
    let fu = &d.totals.follow_ups;
    assert_eq!(
        fu.iter().map(|f| f.months).collect::<Vec<_>>(),
        vec![6, 12, 18]
    );
    assert_eq!(fu[0].done, 6);
    assert_eq!(fu[0].living_at_home, shown(5, 6, 83.3));
    assert_eq!(fu[0].in_school_or_working, shown(4, 6, 66.7));
    assert_eq!(fu[0].no_new_arrests, shown(6, 6, 100.0));
    assert_eq!(fu[1].done, 2);
    assert_eq!(fu[1].living_at_home, shown(2, 2, 100.0));
    assert_eq!(fu[1].in_school_or_working, shown(1, 2, 50.0));
    assert!(!fu[1].suppressed, "the supervisor sees small cells too");
    assert_eq!(fu[2].done, 0);
    assert_eq!(fu[2].living_at_home.percent, None);

    // Surveys A1 A2 A3 A4 A5 A7: (100 + 75 + 25 + 80 + 50 + 95) / 6 =
    // 425 / 6 = 70.8; recommending A1 A2 A4 A7 = 4/6 = 66.7 %.
    let e = &d.totals.experience;
    assert_eq!(e.surveys, 6);
    assert_eq!(e.average_score, Some(70.8));
    assert_eq!(e.recommend_percent, Some(66.7));

    // TAM-R: 7 interviews, 6 scored: 0.75 + 1.0 + 0.5 + 0.625 + 0.25 + 0.75
    // = 3.875; 3.875 / 6 = 0.6458 → 0.646. Adherent (≥ 0.61): I1 I2 I4 I6
    // = 4/6 = 66.7 %, under the team target of 80 %.
    let a = &d.totals.adherence;
    assert_eq!((a.interviews, a.scored), (7, 6));
    assert_eq!(a.mean_score, Some(0.646));
    assert_eq!(a.adherent_percent, Some(66.7));
    assert_eq!(a.target_met, Some(false));
    // Per therapist: jonas I1 I2 I3 = (0.75 + 1.0 + 0.5) / 3 = 0.75, 2/3
    // adherent; sofie I4 I5 I6 I7 = 4 interviews, 3 scored, (0.625 + 0.25 +
    // 0.75) / 3 = 0.5417 → 0.542, 2/3 adherent.
    assert_eq!(d.by_therapist.len(), 2);
    let by = |name: &str| {
        d.by_therapist
            .iter()
            .find(|x| x.therapist_id == w.users[name])
            .unwrap()
            .adherence
    };
    let jonas = by("jonas");
    assert_eq!((jonas.interviews, jonas.scored), (3, 3));
    assert_eq!(jonas.mean_score, Some(0.75));
    assert_eq!(jonas.adherent_percent, Some(66.7));
    let sofie = by("sofie");
    assert_eq!((sofie.interviews, sofie.scored), (4, 3));
    assert_eq!(sofie.mean_score, Some(0.542));
    assert_eq!(sofie.adherent_percent, Some(66.7));

    // A team dashboard splits by municipality (all seven from Aarhus), not by team.
    assert!(d.by_team.is_empty() && d.owned_teams.is_empty());
    assert_eq!(d.by_municipality.len(), 1);
    assert_eq!(d.by_municipality[0].name, "Aarhus");
    assert_eq!(
        group(&d.by_municipality, "0751").indicators,
        d.totals.indicators
    );
    // Families now: all seven discharged (none has had all three follow-ups).
    assert_eq!(now_count(&d, "discharged"), Some(7));
    assert_eq!(now_count(&d, "in_treatment"), Some(0));
    assert_eq!(
        family_ids(&d),
        w.ids(&["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
    );
    assert!(d.interviews_due.is_empty(), "nobody is in treatment");
    let a4 = d
        .families
        .as_ref()
        .unwrap()
        .iter()
        .find(|f| f.case_id == w.families["A4"].case_id)
        .unwrap();
    assert_eq!(a4.treatment_days, Some(140));
    assert_eq!(a4.discharge_reason, Some(DischargeReason::Completed));
    assert_eq!(a4.experience_score, Some(80));
    assert_eq!(a4.interviews, 2);
    assert_eq!(a4.last_adherence_score, Some(0.25), "I5 is A4's latest");
    assert!(a4.follow_up_12.is_some() && a4.follow_up_18.is_none());

    // The same families over completers only (A1 A2 A4 A5 A7): at home
    // 5/5; in school all but A5 = 4/5 = 80 %; no arrests all but A2 = 4/5.
    // Completion stays over all discharges.
    let c = w
        .dashboard(
            "mette",
            Scope::Team(w.team_a),
            Grouping::Quarter,
            Denominator::Completers,
        )
        .await
        .unwrap();
    let ci = &c.totals.indicators;
    assert_eq!(ci.denominator, Denominator::Completers);
    assert_eq!(ci["living_at_home"], shown(5, 5, 100.0));
    assert_eq!(ci["in_school_or_working"], shown(4, 5, 80.0));
    assert_eq!(ci["no_new_arrests"], shown(4, 5, 80.0));
    assert_eq!(ci["completed"], shown(5, 7, 71.4));

    // The team's consultant sees what the supervisor sees.
    let k = w.quarterly("kasper", Scope::Team(w.team_a)).await;
    assert!(!k.small_cells_suppressed);
    assert_eq!(k.totals, d.totals);
    assert_eq!(family_ids(&k).len(), 7);
}

async fn trends_count_each_family_in_the_period_it_was_discharged_and_each_interview_when_made(
    t: TestApp,
) {
    let w = world(t).await;
    let q = w.quarterly("mette", Scope::Team(w.team_a)).await;
    let labels: Vec<&str> = q.trend.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(labels, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    // Q1: A1 (Feb), A2, A3 (Mar): completed 2/3; days (120 + 100 + 40) / 3 = 86.7.
    let q1 = period(&q, "2025-Q1");
    assert_eq!(q1.indicators.discharges, 3);
    assert_eq!(q1.indicators["completed"], shown(2, 3, 66.7));
    assert_eq!(q1.indicators["lack_of_engagement"], shown(1, 3, 33.3));
    assert_eq!(q1.indicators.average_length_of_stay_days, Some(86.7));
    assert_eq!(q1.treatment_days_total, Some(260));
    // Q1 surveys A1 A2 A3: (100 + 75 + 25) / 3 = 66.7, 2/3 recommend.
    assert_eq!(q1.experience.average_score, Some(66.7));
    assert_eq!(q1.experience.recommend_percent, Some(66.7));
    // Q1 interviews I1–I5 (by the month they were made): (0.75 + 1.0 + 0.5
    // + 0.625 + 0.25) / 5 = 0.625; adherent I1 I2 I4 = 3/5 = 60 %.
    assert_eq!(q1.adherence.scored, 5);
    assert_eq!(q1.adherence.mean_score, Some(0.625));
    assert_eq!(q1.adherence.adherent_percent, Some(60.0));
    // Q2: A4 A5 (May), A6 A7 (June): completed 3/4, placed 1/4; days (140 +
    // 130 + 80 + 110) / 4 = 115. Surveys A4 A5 A7 = (80 + 50 + 95) / 3 = 75.
    // Interviews I6 (scored 0.75) and I7 (not scored).
    let q2 = period(&q, "2025-Q2");
    assert_eq!(q2.indicators.discharges, 4);
    assert_eq!(q2.indicators["completed"], shown(3, 4, 75.0));
    assert_eq!(q2.indicators["placed"], shown(1, 4, 25.0));
    assert_eq!(q2.indicators["living_at_home"], shown(3, 4, 75.0));
    assert_eq!(q2.indicators.average_length_of_stay_days, Some(115.0));
    assert_eq!(q2.experience.average_score, Some(75.0));
    assert_eq!((q2.adherence.interviews, q2.adherence.scored), (2, 1));
    assert_eq!(q2.adherence.mean_score, Some(0.75));
    // Follow-ups belong to the discharge cohort: A1's and A2's 6-month
    // follow-ups (made in August and September) count in Q1.
    assert_eq!(q1.follow_ups[0].done, 2);
    assert_eq!(q2.follow_ups[0].done, 4);
    assert_eq!(q2.follow_ups[1].done, 2);
    // Nothing in the second half of the year.
    for label in ["2025-Q3", "2025-Q4"] {
        let p = period(&q, label);
        assert_eq!(p.indicators.discharges, 0, "{label}");
        assert_eq!(p.indicators["completed"].percent, None, "{label}");
        assert_eq!(p.treatment_days_total, None, "{label}");
    }

    let m = w
        .dashboard(
            "mette",
            Scope::Team(w.team_a),
            Grouping::Month,
            Denominator::AllDischarges,
        )
        .await
        .unwrap();
    let labels: Vec<&str> = m.trend.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(
        labels,
        [
            "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08",
            "2025-09", "2025-10", "2025-11", "2025-12"
        ]
    );
    let discharges: Vec<u32> = m
        .trend
        .iter()
        .map(|p| p.figures.indicators.discharges)
        .collect();
    assert_eq!(discharges, [0, 1, 2, 0, 2, 2, 0, 0, 0, 0, 0, 0]);
    // Interviews by month: Jan I4, Feb I1 I5, Mar I2 I3, Apr I6, May I7.
    let interviews: Vec<u32> = m
        .trend
        .iter()
        .map(|p| p.figures.adherence.interviews)
        .collect();
    assert_eq!(interviews, [1, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(period(&m, "2025-01").adherence.mean_score, Some(0.625));
    // February: I1 0.75 and I5 0.25 → 0.5; one of two adherent.
    assert_eq!(period(&m, "2025-02").adherence.mean_score, Some(0.5));
    assert_eq!(period(&m, "2025-02").adherence.adherent_percent, Some(50.0));
    // May: only I7, too few answers to score.
    assert_eq!(period(&m, "2025-05").adherence.scored, 0);
    assert_eq!(period(&m, "2025-05").adherence.mean_score, None);
    // March: A2 completed, A3 lack of engagement.
    assert_eq!(
        period(&m, "2025-03").indicators["completed"],
        shown(1, 2, 50.0)
    );

    // By year: one bucket holding everything.
    let y = w
        .dashboard(
            "mette",
            Scope::Team(w.team_a),
            Grouping::Year,
            Denominator::AllDischarges,
        )
        .await
        .unwrap();
    assert_eq!(y.trend.len(), 1);
    assert_eq!(y.trend[0].period, "2025");
    assert_eq!(y.trend[0].figures, y.totals);
}

async fn the_national_office_sees_both_teams_added_up_and_split_by_team_and_municipality(
    t: TestApp,
) {
    let w = world(t).await;
    let d = w.quarterly("dk.office", Scope::National(Country::DK)).await;
    assert_eq!(d.scope.kind, "national");
    assert_eq!(d.scope.key, "DK");
    assert!(d.small_cells_suppressed);
    assert!(d.families.is_none(), "the national office sees no families");
    let i = &d.totals.indicators;
    // All twelve. Completed A1 A2 A4 A5 A7 B1 B3 = 7/12 = 58.3 %; lack of
    // engagement A3 B4 = 2/12 and placed A6 = 1/12 count one or two
    // families: hidden from the office.
    assert_eq!(i.discharges, 12);
    assert_eq!(i["completed"], shown(7, 12, 58.3));
    assert_eq!(i["lack_of_engagement"], HIDDEN);
    assert_eq!(i["placed"], HIDDEN);
    // At home all but A6 = 11/12 and no arrests all but A2 and B4 = 10/12
    // leave one and two families in the rest: hidden; in school A1 A2 A4
    // A7 B1 B5 = 6/12 = 50 %.
    assert_eq!(i["living_at_home"], HIDDEN);
    assert_eq!(i["in_school_or_working"], shown(6, 12, 50.0));
    assert_eq!(i["no_new_arrests"], HIDDEN);
    // Days 720 (team A) + 125 + 90 + 135 + 60 + 150 (team B: 560) = 1280;
    // 1280 / 12 = 106.67.
    assert_eq!(d.totals.treatment_days_total, Some(1280));
    assert_eq!(i.average_length_of_stay_days, Some(106.7));
    let t = &d.totals.against_targets;
    assert_eq!(t["living_at_home"], TargetStatus::Unknown, "hidden");
    assert_eq!(t["in_school_or_working"], TargetStatus::NotMet);
    assert_eq!(t["no_new_arrests"], TargetStatus::Unknown, "hidden");
    assert_eq!(t["placed"], TargetStatus::Unknown, "hidden");
    assert_eq!(t["lack_of_engagement"], TargetStatus::Unknown, "hidden");
    assert_eq!(t.length_of_stay, TargetStatus::Met);
    // 6-month follow-ups: team A's six and B1 = 7: home 6/7 and school 5/7
    // leave one and two: hidden; no arrests 7/7 shown.
    // The two 12-month follow-ups are fewer than five: hidden.
    let fu = &d.totals.follow_ups;
    assert_eq!(fu[0].done, 7);
    assert_eq!(fu[0].living_at_home, HIDDEN);
    assert_eq!(fu[0].in_school_or_working, HIDDEN);
    assert_eq!(fu[0].no_new_arrests, shown(7, 7, 100.0));
    assert!(fu[1].suppressed);
    assert_eq!((fu[1].done, fu[1].living_at_home), (0, HIDDEN));
    // Surveys: team A's 425 + B1 85 + B4 0 = 510 over 8 = 63.75 → 63.8;
    // recommending 4 + B1 = 5/8 leaves three: hidden.
    assert_eq!(d.totals.experience.surveys, 8);
    assert_eq!(d.totals.experience.average_score, Some(63.8));
    assert_eq!(d.totals.experience.recommend_percent, None);
    // The year's 7 interviews are with at most three families in any one
    // month: too few families behind them for the national office.
    assert!(d.totals.adherence.suppressed);
    assert_eq!(d.totals.adherence.mean_score, None);

    // Over completers (A1 A2 A4 A5 A7 B1 B3): home 7/7; school all but A5
    // and B3 = 5/7 and no arrests all but A2 = 6/7 leave two and one:
    // hidden.
    let c = w
        .dashboard(
            "dk.office",
            Scope::National(Country::DK),
            Grouping::Quarter,
            Denominator::Completers,
        )
        .await
        .unwrap();
    assert_eq!(c.totals.indicators["living_at_home"], shown(7, 7, 100.0));
    assert_eq!(c.totals.indicators["in_school_or_working"], HIDDEN);
    assert_eq!(c.totals.indicators["no_new_arrests"], HIDDEN);

    // By team: A has 7, B exactly 5 — a cell of five is shown, but of its
    // shares only those that count none or all five: completed B1 B3 =
    // 2/5, lack of engagement B4 = 1/5, school B1 B5 = 2/5 and no arrests
    // all but B4 = 4/5 are hidden; at home 5/5; days 560 / 5 = 112.
    assert_eq!(d.by_team.len(), 2);
    assert_eq!(
        group(&d.by_team, &w.team_a.to_string())
            .indicators
            .discharges,
        7
    );
    let b = group(&d.by_team, &w.team_b.to_string());
    assert!(!b.indicators.suppressed, "five families are enough");
    assert_eq!(b.indicators.discharges, 5);
    assert_eq!(b.indicators["completed"], HIDDEN);
    assert_eq!(b.indicators["lack_of_engagement"], HIDDEN);
    assert_eq!(b.indicators["living_at_home"], shown(5, 5, 100.0));
    assert_eq!(b.indicators["in_school_or_working"], HIDDEN);
    assert_eq!(b.indicators["no_new_arrests"], HIDDEN);
    assert_eq!(b.indicators["placed"], shown(0, 5, 0.0));
    assert_eq!(b.indicators.average_length_of_stay_days, Some(112.0));
    assert_eq!(b.treatment_days_total, Some(560));
    // …but team B's two surveys and no interviews are hidden.
    assert!(b.experience.suppressed && b.experience.average_score.is_none());
    assert!(b.adherence.suppressed);

    // By municipality: Aarhus (A1–A7, B4, B5) = 9 and Odense (B1–B3) = 3.
    // Odense is hidden; with the total of 12 shown, Aarhus' 9 would give
    // Odense's 3 away, so Aarhus is hidden too — to protect Odense.
    assert_eq!(d.by_municipality.len(), 2);
    let odense = group(&d.by_municipality, "0461");
    assert!(odense.indicators.suppressed);
    assert!(!odense.hidden_to_protect_others);
    assert_eq!(odense.indicators.discharges, 0);
    assert_eq!(odense.indicators["completed"], HIDDEN);
    assert_eq!(odense.treatment_days_total, None);
    let aarhus = group(&d.by_municipality, "0751");
    assert!(aarhus.hidden_to_protect_others, "9 − … would reveal Odense");
    assert_eq!(aarhus.indicators.discharges, 0);
    assert_eq!(aarhus.indicators["completed"], HIDDEN);
    assert_eq!(aarhus.treatment_days_total, None);

    // Quarters: Q1 A1 A2 A3 B1 = 4 (hidden); Q2 A4 A5 A6 A7 B4 = 5 (shown,
    // but completed 3/5 counts three: hidden); Q3 B2 and Q4 B3 B5 hidden.
    assert!(period(&d, "2025-Q1").indicators.suppressed);
    let q2 = period(&d, "2025-Q2");
    assert!(!q2.indicators.suppressed);
    assert_eq!(q2.indicators.discharges, 5);
    assert_eq!(q2.indicators["completed"], HIDDEN);
    assert!(period(&d, "2025-Q3").indicators.suppressed);
    assert!(period(&d, "2025-Q4").indicators.suppressed);
    assert_eq!(now_count(&d, "discharged"), Some(12));
    assert!(d.by_therapist.is_empty() && d.interviews_due.is_empty());
}

/// The `results.view` events in the audit log.
async fn looks_logged(w: &World) -> usize {
    w.t.store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.event.action == "results.view")
        .count()
}

async fn a_dashboard_read_again_is_the_same_and_a_discharge_shows_at_once_on_every_server(
    t: TestApp,
) {
    let w = world(t).await;
    let national = Scope::National(Country::DK);
    // A second app server on the same database, with a cache of its own.
    let other = rundt_app::App::new(
        w.t.store.clone(),
        w.t.app.clock.clone(),
        w.t.app.keys.clone(),
    );
    let office = w.t.actor_on("dk.office", test_now().date_naive()).await;
    let request = DashboardRequest {
        scope: national.clone(),
        range: year_2025(),
        grouping: Grouping::Quarter,
        denominator: Denominator::AllDischarges,
    };
    let looks = looks_logged(&w).await;
    let first = w.quarterly("dk.office", national.clone()).await;
    let again = w.quarterly("dk.office", national.clone()).await;
    assert_eq!(first, again, "read twice, the same dashboard");
    assert_eq!(first.totals.indicators.discharges, 12);
    let on_other = results::dashboard(&other, &office, &request, FamilyTable::Page(1))
        .await
        .unwrap();
    assert_eq!(on_other, first, "the other server agrees");
    assert_eq!(
        looks_logged(&w).await,
        looks + 3,
        "every look is logged, kept figures or not"
    );
    // The supervisor's own view of the same months is not the office's
    // (small cells shown), though the office's figures are kept.
    let own = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert!(!own.small_cells_suppressed);
    assert_eq!(own.totals.indicators.discharges, 7);

    // A thirteenth family of team A is discharged in December 2025,
    // completed, through the first server.
    let start = day("2025-09-01");
    let mut f =
        w.t.start_family(w.team_a, "louise", "mette", "jonas", start)
            .await;
    w.t.discharge_family(
        &mut f,
        "jonas",
        day("2025-12-01"),
        DischargeReason::Completed,
        outcomes([T, T, T]),
    )
    .await;
    let after = w.quarterly("dk.office", national.clone()).await;
    assert_eq!(after.totals.indicators.discharges, 13, "no stale figure");
    assert_eq!(after.totals.indicators["completed"], shown(8, 13, 61.5));
    let on_other = results::dashboard(&other, &office, &request, FamilyTable::Page(1))
        .await
        .unwrap();
    assert_eq!(
        on_other.totals, after.totals,
        "the other server's kept figures gave way too"
    );
    let own_after = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert_eq!(own_after.totals.indicators.discharges, 8);
    assert_eq!(
        period(&own_after, "2025-Q4").indicators.discharges,
        period(&own, "2025-Q4").indicators.discharges + 1,
        "the trend too"
    );
}

/// Each server keeps the municipality names a dashboard groups by; a
/// reference-data sync that renames one is seen at the next look.
async fn a_dashboard_shows_a_renamed_municipality_by_its_new_name_at_the_next_look(t: TestApp) {
    let w = world(t).await;
    let before = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert_eq!(before.by_municipality[0].name, "Aarhus");
    let aarhus =
        w.t.store
            .list_municipalities(Some(Country::DK), None)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.code.as_str() == "0751")
            .unwrap();
    let renamed = rundt_domain::municipality::Municipality {
        name: "Aarhus Kommune".into(),
        ..aarhus
    };
    let report =
        w.t.store
            .sync_reference_data(
                &rundt_store::ReferenceData {
                    programme_models: Vec::new(),
                    national_offices: Vec::new(),
                    municipalities: vec![renamed],
                },
                &super::store_support::event(
                    rundt_domain::audit::AuditAction::ReferenceDataSync,
                    rundt_domain::audit::ObjectKind::ReferenceData,
                ),
            )
            .await
            .unwrap();
    assert_eq!(report.municipalities_updated, 1);
    let after = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert_eq!(after.by_municipality[0].name, "Aarhus Kommune");
    assert_eq!(after.totals, before.totals, "the same figures");
}

rundt_testkit::scenarios!(app:
    the_team_dashboard_shows_the_supervisor_every_indicator_against_hand_counted_figures,
    a_dashboard_shows_a_renamed_municipality_by_its_new_name_at_the_next_look,
    a_dashboard_read_again_is_the_same_and_a_discharge_shows_at_once_on_every_server,
    trends_count_each_family_in_the_period_it_was_discharged_and_each_interview_when_made,
    the_national_office_sees_both_teams_added_up_and_split_by_team_and_municipality,
);
