//! Results at any time, on both backends: dashboards, fidelity (TAM-R) and
//! the family's experience, over hand-made families driven through the real
//! use cases on back-dated clocks. Every expected figure is worked out by
//! hand in the comments from the table in [`FAMILIES`].

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    dead_code,
    unused_imports,
    reason = "a failing test may panic; each suite uses part of the shared world"
)]

include!("common/results_world.rs");

#[tokio::test]
async fn the_team_dashboard_shows_the_supervisor_every_indicator_against_hand_counted_figures() {
    let w = world().await;
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
    assert_eq!(a4.discharge_reason.as_deref(), Some("completed"));
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

#[tokio::test]
async fn trends_count_each_family_in_the_period_it_was_discharged_and_each_interview_when_made() {
    let w = world().await;
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

#[tokio::test]
async fn the_national_office_sees_both_teams_added_up_and_split_by_team_and_municipality() {
    let w = world().await;
    let d = w.quarterly("dk.office", Scope::National(Country::DK)).await;
    assert_eq!(d.scope.kind, "national");
    assert_eq!(d.scope.key, "DK");
    assert!(d.small_cells_suppressed);
    assert!(d.families.is_none(), "the national office sees no families");
    let i = &d.totals.indicators;
    // All twelve. Completed A1 A2 A4 A5 A7 B1 B3 = 7/12 = 58.3 %; lack of
    // engagement A3 B4 = 2/12 = 16.7 %; placed A6 = 1/12 = 8.3 %.
    assert_eq!(i.discharges, 12);
    assert_eq!(i["completed"], shown(7, 12, 58.3));
    assert_eq!(i["lack_of_engagement"], shown(2, 12, 16.7));
    assert_eq!(i["placed"], shown(1, 12, 8.3));
    // At home all but A6 = 11/12 = 91.7 %; in school A1 A2 A4 A7 B1 B5 =
    // 6/12 = 50 %; no arrests all but A2 and B4 = 10/12 = 83.3 %.
    assert_eq!(i["living_at_home"], shown(11, 12, 91.7));
    assert_eq!(i["in_school_or_working"], shown(6, 12, 50.0));
    assert_eq!(i["no_new_arrests"], shown(10, 12, 83.3));
    // Days 720 (team A) + 125 + 90 + 135 + 60 + 150 (team B: 560) = 1280;
    // 1280 / 12 = 106.67.
    assert_eq!(d.totals.treatment_days_total, Some(1280));
    assert_eq!(i.average_length_of_stay_days, Some(106.7));
    let t = &d.totals.against_targets;
    assert_eq!(t["living_at_home"], TargetStatus::Met, "91.7 ≥ 90");
    assert_eq!(t["in_school_or_working"], TargetStatus::NotMet);
    assert_eq!(t["no_new_arrests"], TargetStatus::NotMet, "83.3 < 90");
    assert_eq!(t["placed"], TargetStatus::Met, "8.3 < 10");
    assert_eq!(t["lack_of_engagement"], TargetStatus::NotMet);
    assert_eq!(t.length_of_stay, TargetStatus::Met);
    // 6-month follow-ups: team A's six and B1 = 7: home 6/7, school 5/7.
    // The two 12-month follow-ups are fewer than five: hidden.
    let fu = &d.totals.follow_ups;
    assert_eq!(fu[0].done, 7);
    assert_eq!(fu[0].living_at_home, shown(6, 7, 85.7));
    assert_eq!(fu[0].in_school_or_working, shown(5, 7, 71.4));
    assert_eq!(fu[0].no_new_arrests, shown(7, 7, 100.0));
    assert!(fu[1].suppressed);
    assert_eq!((fu[1].done, fu[1].living_at_home), (0, HIDDEN));
    // Surveys: team A's 425 + B1 85 + B4 0 = 510 over 8 = 63.75 → 63.8;
    // recommending 4 + B1 = 5/8 = 62.5 %.
    assert_eq!(d.totals.experience.surveys, 8);
    assert_eq!(d.totals.experience.average_score, Some(63.8));
    assert_eq!(d.totals.experience.recommend_percent, Some(62.5));
    // The year's 7 interviews are with at most three families in any one
    // month: too few families behind them for the national office.
    assert!(d.totals.adherence.suppressed);
    assert_eq!(d.totals.adherence.mean_score, None);

    // Over completers (A1 A2 A4 A5 A7 B1 B3): home 7/7; school all but A5
    // and B3 = 5/7 = 71.4 %; no arrests all but A2 = 6/7 = 85.7 %.
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
    assert_eq!(
        c.totals.indicators["in_school_or_working"],
        shown(5, 7, 71.4)
    );
    assert_eq!(c.totals.indicators["no_new_arrests"], shown(6, 7, 85.7));

    // By team: A has 7, B exactly 5 — a cell of five is shown. B: completed
    // B1 B3 = 2/5; lack of engagement B4 = 1/5; at home 5/5; school B1 B5 =
    // 2/5; no arrests all but B4 = 4/5; days 560 / 5 = 112.
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
    assert_eq!(b.indicators["completed"], shown(2, 5, 40.0));
    assert_eq!(b.indicators["lack_of_engagement"], shown(1, 5, 20.0));
    assert_eq!(b.indicators["living_at_home"], shown(5, 5, 100.0));
    assert_eq!(b.indicators["in_school_or_working"], shown(2, 5, 40.0));
    assert_eq!(b.indicators["no_new_arrests"], shown(4, 5, 80.0));
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

    // Quarters: Q1 A1 A2 A3 B1 = 4 (hidden); Q2 A4 A5 A6 A7 B4 = 5 (shown:
    // completed 3/5); Q3 B2 and Q4 B3 B5 hidden.
    assert!(period(&d, "2025-Q1").indicators.suppressed);
    let q2 = period(&d, "2025-Q2");
    assert!(!q2.indicators.suppressed);
    assert_eq!(q2.indicators["completed"], shown(3, 5, 60.0));
    assert!(period(&d, "2025-Q3").indicators.suppressed);
    assert!(period(&d, "2025-Q4").indicators.suppressed);
    assert_eq!(now_count(&d, "discharged"), Some(12));
    assert!(d.by_therapist.is_empty() && d.interviews_due.is_empty());
}

#[tokio::test]
async fn a_municipal_manager_sees_no_figure_about_fewer_than_five_families() {
    let w = world().await;
    let d = w
        .quarterly("anders", Scope::Municipality("0751".into()))
        .await;
    assert_eq!(d.scope.name, "Aarhus");
    assert!(d.small_cells_suppressed);
    assert!(
        d.families.is_none(),
        "a manager sees aggregates, not families"
    );
    // Aarhus' nine families, enough to show.
    assert_eq!(d.totals.indicators.discharges, 9);
    assert_eq!(d.totals.indicators["completed"], shown(5, 9, 55.6));
    assert_eq!(d.totals.treatment_days_total, Some(930));
    // Surveys A1–A5, A7 and B4: 425 + 0 = 425 / 7 = 60.7; 4/7 recommend.
    assert_eq!(d.totals.experience.surveys, 7);
    assert_eq!(d.totals.experience.average_score, Some(60.7));
    assert_eq!(d.totals.experience.recommend_percent, Some(57.1));
    // 6-month follow-ups A1 A2 A4 A5 A6 A7 = 6 (shown); 12-month 2 (hidden).
    assert_eq!(d.totals.follow_ups[0].done, 6);
    assert!(d.totals.follow_ups[1].suppressed);

    // Q1: A1 A2 A3 = 3 families → every figure hidden, not just the shares.
    let q1 = period(&d, "2025-Q1");
    assert!(q1.indicators.suppressed);
    assert_eq!(q1.indicators.discharges, 0);
    for s in [
        q1.indicators["completed"],
        q1.indicators["living_at_home"],
        q1.indicators["in_school_or_working"],
        q1.indicators["no_new_arrests"],
        q1.indicators["lack_of_engagement"],
        q1.indicators["placed"],
    ] {
        assert_eq!(s, HIDDEN);
    }
    assert_eq!(q1.indicators.average_length_of_stay_days, None);
    assert_eq!(q1.treatment_days_total, None);
    assert_eq!(q1.against_targets["completed"], TargetStatus::Unknown);
    assert!(q1.experience.suppressed && q1.experience.average_score.is_none());
    // Q2: A4 A5 A6 A7 B4 = exactly 5, but Q1 (3) and Q4 (1) hidden hold
    // only 4 together: with the total of 9 shown, Q2 would give them away,
    // so Q2 is hidden too. (A caseworker sees Q2's figures unhidden.)
    let q2 = period(&d, "2025-Q2");
    assert!(q2.hidden_to_protect_others);
    assert_eq!(q2.indicators.discharges, 0);
    assert_eq!(q2.indicators["completed"], HIDDEN);
    assert_eq!(q2.treatment_days_total, None);
    // TAM-R: Q1 has five scored interviews, but with only a few families
    // each month — so they are hidden too; Q2's single one likewise.
    assert!(q1.adherence.suppressed);
    assert_eq!(q1.adherence.mean_score, None);
    assert!(period(&d, "2025-Q2").adherence.suppressed);
    assert_eq!(period(&d, "2025-Q2").adherence.mean_score, None);
    // Q3 (nobody) and Q4 (B5 alone) are hidden too.
    assert!(period(&d, "2025-Q3").indicators.suppressed);
    assert!(period(&d, "2025-Q4").indicators.suppressed);

    // By team: Aarhus' two in team B are hidden, and so are its seven in
    // team A, since 9 − 7 would give the two away.
    let in_a = group(&d.by_team, &w.team_a.to_string());
    assert!(in_a.hidden_to_protect_others);
    assert_eq!(in_a.indicators.discharges, 0);
    let in_b = group(&d.by_team, &w.team_b.to_string());
    assert!(in_b.indicators.suppressed);
    assert_eq!(in_b.indicators["completed"], HIDDEN);
    // The teams Aarhus owns: team A, with all its families.
    assert_eq!(d.owned_teams.len(), 1);
    assert_eq!(d.owned_teams[0].key, w.team_a.to_string());
    assert_eq!(d.owned_teams[0].name, "MST Aarhus");
    assert_eq!(
        d.owned_teams[0].figures.indicators["completed"],
        shown(5, 7, 71.4)
    );
    assert!(d.by_municipality.is_empty());
    assert_eq!(now_count(&d, "discharged"), Some(9));

    // Another municipality's figures, and a team Aarhus does not own, are refused.
    assert!(matches!(
        w.dashboard(
            "anders",
            Scope::Municipality("0461".into()),
            Grouping::Quarter,
            Denominator::AllDischarges
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        w.dashboard(
            "anders",
            Scope::Team(w.team_b),
            Grouping::Quarter,
            Denominator::AllDischarges
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        w.dashboard(
            "anders",
            Scope::National(Country::DK),
            Grouping::Quarter,
            Denominator::AllDischarges
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
    // The team Aarhus owns: aggregates only, suppressed.
    let own = w.quarterly("anders", Scope::Team(w.team_a)).await;
    assert!(own.small_cells_suppressed && own.families.is_none());
    assert!(period(&own, "2025-Q1").indicators.suppressed);
    assert!(own.by_therapist.is_empty(), "no figures per therapist");
}

#[tokio::test]
async fn the_caseworker_of_the_same_municipality_sees_the_numbers_and_the_families() {
    let w = world().await;
    let d = w
        .quarterly("louise", Scope::Municipality("0751".into()))
        .await;
    assert!(!d.small_cells_suppressed);
    // The quarter the manager cannot see: A1 A2 A3, completed 2/3.
    let q1 = period(&d, "2025-Q1");
    assert_eq!(q1.indicators.discharges, 3);
    assert_eq!(q1.indicators["completed"], shown(2, 3, 66.7));
    // Q4: B5 alone, discharged for another reason, 150 days.
    let q4 = period(&d, "2025-Q4");
    assert_eq!(q4.indicators.discharges, 1);
    assert_eq!(q4.indicators["completed"], shown(0, 1, 0.0));
    assert_eq!(q4.indicators.average_length_of_stay_days, Some(150.0));
    // Team B holds two Aarhus families: shown to their caseworker.
    let in_b = group(&d.by_team, &w.team_b.to_string());
    assert_eq!(in_b.indicators.discharges, 2);
    assert_eq!(in_b.indicators["lack_of_engagement"], shown(1, 2, 50.0));
    // The teams Aarhus owns are shown as for everyone (suppressed below five).
    assert_eq!(d.owned_teams.len(), 1);
    assert_eq!(d.totals.follow_ups[1].done, 2);
    // The families Aarhus referred, in both teams.
    assert_eq!(
        family_ids(&d),
        w.ids(&["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B4", "B5"])
    );

    // Odense's caseworker: B1 B2 B3 — completed 2/3; at home 3/3; school
    // B1 only = 1/3; days (125 + 90 + 135) / 3 = 116.7.
    let o = w
        .quarterly("karen", Scope::Municipality("0461".into()))
        .await;
    assert!(!o.small_cells_suppressed);
    assert_eq!(o.totals.indicators.discharges, 3);
    assert_eq!(o.totals.indicators["completed"], shown(2, 3, 66.7));
    assert_eq!(o.totals.indicators["living_at_home"], shown(3, 3, 100.0));
    assert_eq!(
        o.totals.indicators["in_school_or_working"],
        shown(1, 3, 33.3)
    );
    assert_eq!(o.totals.indicators.average_length_of_stay_days, Some(116.7));
    assert_eq!(family_ids(&o), w.ids(&["B1", "B2", "B3"]));
    assert!(o.owned_teams.iter().any(|t| t.key == w.team_b.to_string()));
    // …and not Aarhus'.
    assert!(matches!(
        w.dashboard(
            "karen",
            Scope::Municipality("0751".into()),
            Grouping::Quarter,
            Denominator::AllDischarges
        )
        .await,
        Err(AppError::Forbidden(_))
    ));

    // On the dashboard of team A (owned by Aarhus) the caseworker is an
    // outsider to the team: aggregates suppressed, only Aarhus' families listed.
    let team = w.quarterly("louise", Scope::Team(w.team_a)).await;
    assert!(team.small_cells_suppressed);
    assert!(period(&team, "2025-Q1").indicators.suppressed);
    assert_eq!(
        family_ids(&team),
        w.ids(&["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
    );
    assert!(team.by_therapist.is_empty());
}

#[tokio::test]
async fn a_therapist_sees_the_team_suppressed_and_only_their_own_families() {
    let w = world().await;
    let d = w.quarterly("jonas", Scope::Team(w.team_a)).await;
    assert!(d.small_cells_suppressed);
    // Seven families in the team: the total is shown…
    assert_eq!(d.totals.indicators.discharges, 7);
    // …but a quarter of three is not, nor the 12-month follow-ups (2).
    assert!(period(&d, "2025-Q1").indicators.suppressed);
    assert!(d.totals.follow_ups[1].suppressed);
    // Only jonas' own families: A1 A3 A5 A7.
    assert_eq!(family_ids(&d), w.ids(&["A1", "A3", "A5", "A7"]));
    assert!(d.by_therapist.is_empty(), "no colleague's adherence");
    assert!(d.interviews_due.is_empty());
    // Another team is not theirs to see.
    assert!(matches!(
        w.dashboard(
            "jonas",
            Scope::Team(w.team_b),
            Grouping::Quarter,
            Denominator::AllDischarges
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
    // The other team's supervisor neither.
    assert!(matches!(
        w.dashboard(
            "hanne",
            Scope::Team(w.team_a),
            Grouping::Quarter,
            Denominator::AllDischarges
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn each_family_listed_on_a_dashboard_is_audited_once_with_the_young_person() {
    let w = world().await;
    let before = w.t.store.audit_events(0, 100_000).await.unwrap().len() as i64;
    w.quarterly("louise", Scope::Municipality("0751".into()))
        .await;
    let events = w.t.store.audit_events(before, 100_000).await.unwrap();
    let listed: Vec<_> = events
        .iter()
        .filter(|e| e.event.action == "results.families")
        .collect();
    assert_eq!(listed.len(), 9, "one event per family listed");
    let keys = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B4", "B5"];
    let expected: BTreeSet<(Option<i64>, Option<i64>)> = keys
        .iter()
        .map(|k| {
            let f = &w.families[k];
            (Some(f.case_id), Some(f.young_person_id))
        })
        .collect();
    let got: BTreeSet<(Option<i64>, Option<i64>)> = listed
        .iter()
        .map(|e| (e.event.object_id, e.event.person_id))
        .collect();
    assert_eq!(got, expected, "the case and its young person");
    for e in &listed {
        assert_eq!(e.event.actor_user_id, Some(w.users["louise"]));
        assert_eq!(e.event.object_kind, "case");
        assert_eq!(e.event.outcome, Outcome::Success);
    }
    // The listing shows in the young person's own access log.
    let log =
        w.t.store
            .person_access_log(w.families["B4"].young_person_id)
            .await
            .unwrap();
    assert!(log.iter().any(|e| e.event.action == "results.families"));

    // Aggregate-only viewers list no family, so nothing is logged per family.
    let before = w.t.store.audit_events(0, 100_000).await.unwrap().len() as i64;
    w.quarterly("anders", Scope::Municipality("0751".into()))
        .await;
    w.quarterly("dk.office", Scope::National(Country::DK)).await;
    let events = w.t.store.audit_events(before, 100_000).await.unwrap();
    assert!(
        events.iter().all(|e| e.event.action != "results.families"),
        "{events:?}"
    );
    // The therapist's own four.
    let before = w.t.store.audit_events(0, 100_000).await.unwrap().len() as i64;
    w.quarterly("jonas", Scope::Team(w.team_a)).await;
    let events = w.t.store.audit_events(before, 100_000).await.unwrap();
    let objects: BTreeSet<i64> = events
        .iter()
        .filter(|e| e.event.action == "results.families")
        .filter_map(|e| e.event.object_id)
        .collect();
    assert_eq!(objects, w.ids(&["A1", "A3", "A5", "A7"]));
}

#[tokio::test]
async fn the_summary_rows_equal_a_recount_of_the_raw_records() {
    let w = world().await;
    type Key = (String, i64, String);
    let mut outcome: BTreeMap<Key, (OutcomeCounts, [FollowUpCounts; 3], ExperienceCounts)> =
        BTreeMap::new();
    let mut adherence: BTreeMap<(String, i64, i64, String), AdherenceCounts> = BTreeMap::new();
    let mut facts = Vec::new();
    for f in w.families.values() {
        let case =
            w.t.store
                .case_for_access_check(f.case_id)
                .await
                .unwrap()
                .unwrap();
        let d = w.t.store.discharge(f.case_id).await.unwrap().unwrap();
        let fact = DischargeFacts {
            reason: DischargeReason::parse(&d.reason).unwrap(),
            treatment_days: d.treatment_days,
            living_at_home: d.living_at_home,
            in_school_or_working: d.in_school_or_working,
            no_new_arrests: d.no_new_arrests,
        };
        facts.push(fact);
        let month = d.discharged_on.format("%Y-%m").to_string();
        let cell = outcome
            .entry((month, case.team_id, case.referring_municipality.clone()))
            .or_default();
        cell.0.add(&OutcomeCounts::of(&fact));
        for fu in w.t.store.follow_ups(f.case_id).await.unwrap() {
            let at = [6, 12, 18].iter().position(|m| *m == fu.months).unwrap();
            cell.1[at].add(&FollowUpCounts::of(
                fu.living_at_home,
                fu.in_school_or_working,
                fu.no_new_arrests,
            ));
        }
        if let Some(e) = w.t.store.family_experience(f.case_id).await.unwrap() {
            cell.2.add(&ExperienceCounts {
                surveys: 1,
                score_sum: u32::from(e.score),
                recommend: u32::from(e.recommends),
            });
        }
        for i in w.t.store.adherence_interviews(f.case_id).await.unwrap() {
            adherence
                .entry((
                    i.interviewed_on.format("%Y-%m").to_string(),
                    case.team_id,
                    i.therapist_id,
                    case.referring_municipality.clone(),
                ))
                .or_default()
                .add(&AdherenceCounts::of(i.score));
        }
    }
    let filter = SummaryFilter {
        country: Country::DK,
        team_ids: None,
        municipality: None,
        from_month: "2025-01".into(),
        to_month: "2025-12".into(),
    };
    let rows = w.t.store.outcome_summary(&filter).await.unwrap();
    let stored: BTreeMap<Key, _> = rows
        .iter()
        .map(|r| {
            (
                (r.month.clone(), r.team_id, r.municipality_code.clone()),
                (r.outcomes, r.follow_ups, r.experience),
            )
        })
        .collect();
    assert_eq!(
        stored.len(),
        rows.len(),
        "one row per team, municipality and month"
    );
    assert_eq!(stored, outcome);
    // The rows come ordered by month.
    let months: Vec<&str> = rows.iter().map(|r| r.month.as_str()).collect();
    let mut sorted = months.clone();
    sorted.sort();
    assert_eq!(months, sorted);
    // Added up, they give the same indicators as the domain over the raw discharges.
    let summed = OutcomeCounts::sum(rows.iter().map(|r| &r.outcomes));
    for d in [Denominator::AllDischarges, Denominator::Completers] {
        assert_eq!(
            summed.indicators(d, false),
            indicators::compute(&facts, d, false)
        );
    }
    assert_eq!(summed.treatment_days, 1280);

    let rows = w.t.store.adherence_summary(&filter).await.unwrap();
    let stored: BTreeMap<_, _> = rows
        .iter()
        .map(|r| {
            (
                (
                    r.month.clone(),
                    r.team_id,
                    r.therapist_id,
                    r.municipality_code.clone(),
                ),
                r.counts,
            )
        })
        .collect();
    assert_eq!(stored.len(), rows.len());
    assert_eq!(stored, adherence);
    // 3875 thousandths over the six scored interviews.
    let mut all = AdherenceCounts::default();
    for r in &rows {
        all.add(&r.counts);
    }
    assert_eq!(
        (
            all.interviews,
            all.scored,
            all.adherent,
            all.score_milli_sum
        ),
        (7, 6, 4, 3875)
    );

    // A narrower filter reads only its rows: Odense's families, team B.
    let odense =
        w.t.store
            .outcome_summary(&SummaryFilter {
                municipality: Some("0461".into()),
                ..filter.clone()
            })
            .await
            .unwrap();
    assert!(
        odense
            .iter()
            .all(|r| r.municipality_code == "0461" && r.team_id == w.team_b)
    );
    assert_eq!(
        OutcomeCounts::sum(odense.iter().map(|r| &r.outcomes)).discharges,
        3
    );
    let none =
        w.t.store
            .outcome_summary(&SummaryFilter {
                country: Country::NO,
                ..filter
            })
            .await
            .unwrap();
    assert!(none.is_empty(), "no Danish row in Norway's figures");
}
