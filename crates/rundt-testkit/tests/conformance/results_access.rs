//! Who sees which results: small cells hidden from municipal staff, the
//! caseworker's and the therapist's own families, every listed family
//! audited, and the summary rows recounted from the raw records, over the
//! hand-made families of [`super::world`].

use super::world::*;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_testkit::code;

async fn a_municipal_manager_sees_no_figure_about_fewer_than_five_families(t: TestApp) {
    let w = world(t).await;
    let d = w
        .quarterly("anders", Scope::Municipality(code("0751")))
        .await;
    assert_eq!(d.scope.name, "Aarhus");
    assert!(d.small_cells_suppressed);
    assert!(
        d.families.is_none(),
        "a manager sees aggregates, not families"
    );
    // Aarhus' nine families, enough to show; but completed 5 of 9 leaves
    // four in the rest: hidden.
    assert_eq!(d.totals.indicators.discharges, 9);
    assert_eq!(d.totals.indicators["completed"], HIDDEN);
    assert_eq!(d.totals.treatment_days_total, Some(930));
    // Surveys A1–A5, A7 and B4: 425 + 0 = 425 / 7 = 60.7; 4/7 recommend
    // (four, and three who do not): hidden.
    assert_eq!(d.totals.experience.surveys, 7);
    assert_eq!(d.totals.experience.average_score, Some(60.7));
    assert_eq!(d.totals.experience.recommend_percent, None);
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
    // Completed 5 of 7 leaves two: hidden.
    assert_eq!(d.owned_teams[0].figures.indicators["completed"], HIDDEN);
    assert!(d.by_municipality.is_empty());
    assert_eq!(now_count(&d, "discharged"), Some(9));

    // Another municipality's figures, and a team Aarhus does not own, are refused.
    assert!(w.refused("anders", Scope::Municipality(code("0461"))).await);
    assert!(w.refused("anders", Scope::Team(w.team_b)).await);
    assert!(w.refused("anders", Scope::National(Country::DK)).await);
    // The team Aarhus owns: aggregates only, suppressed.
    let own = w.quarterly("anders", Scope::Team(w.team_a)).await;
    assert!(own.small_cells_suppressed && own.families.is_none());
    assert!(period(&own, "2025-Q1").indicators.suppressed);
    assert!(own.by_therapist.is_empty(), "no figures per therapist");
}

async fn the_caseworker_of_the_same_municipality_sees_the_numbers_and_the_families(t: TestApp) {
    let w = world(t).await;
    let d = w
        .quarterly("louise", Scope::Municipality(code("0751")))
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
        .quarterly("karen", Scope::Municipality(code("0461")))
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
    assert!(w.refused("karen", Scope::Municipality(code("0751"))).await);

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

async fn a_therapist_sees_the_team_suppressed_and_only_their_own_families(t: TestApp) {
    let w = world(t).await;
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
    assert!(w.refused("jonas", Scope::Team(w.team_b)).await);
    // The other team's supervisor neither.
    assert!(w.refused("hanne", Scope::Team(w.team_a)).await);
}

async fn each_family_listed_on_a_dashboard_is_audited_once_with_the_young_person(t: TestApp) {
    let w = world(t).await;
    let before = w.t.store.audit_events(0, 100_000).await.unwrap().len() as i64;
    w.quarterly("louise", Scope::Municipality(code("0751")))
        .await;
    let events = w.t.store.audit_events(before, 100_000).await.unwrap();
    let listed: Vec<_> = events
        .iter()
        .filter(|e| e.event.action == "results.families")
        .collect();
    assert_eq!(listed.len(), 9, "one event per family listed");
    let keys = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B4", "B5"];
    let expected: BTreeSet<(Option<i64>, Option<PersonId>)> = keys
        .iter()
        .map(|k| {
            let f = &w.families[k];
            (Some(f.case_id.get()), Some(f.young_person_id))
        })
        .collect();
    let got: BTreeSet<(Option<i64>, Option<PersonId>)> = listed
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
    w.quarterly("anders", Scope::Municipality(code("0751")))
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
    let objects: BTreeSet<CaseId> = events
        .iter()
        .filter(|e| e.event.action == "results.families")
        .filter_map(|e| e.event.object_id.map(CaseId::new))
        .collect();
    assert_eq!(objects, w.ids(&["A1", "A3", "A5", "A7"]));
}

async fn the_summary_rows_equal_a_recount_of_the_raw_records(t: TestApp) {
    let w = world(t).await;
    type Key = (Month, TeamId, MunicipalityCode);
    let mut outcome: BTreeMap<Key, (OutcomeCounts, [FollowUpCounts; 3], ExperienceCounts)> =
        BTreeMap::new();
    let mut adherence: BTreeMap<(Month, TeamId, UserId, MunicipalityCode), AdherenceCounts> =
        BTreeMap::new();
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
            reason: d.reason,
            treatment_days: d.treatment_days,
            living_at_home: d.living_at_home,
            in_school_or_working: d.in_school_or_working,
            no_new_arrests: d.no_new_arrests,
        };
        facts.push(fact);
        let month = Month::of(d.discharged_on);
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
                    Month::of(i.interviewed_on),
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
        from_month: Month::parse("2025-01").unwrap(),
        to_month: Month::parse("2025-12").unwrap(),
    };
    let rows = w.t.store.outcome_summary(&filter).await.unwrap();
    let stored: BTreeMap<Key, _> = rows
        .iter()
        .map(|r| {
            (
                (r.month, r.team_id, r.municipality_code.clone()),
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
    let months: Vec<Month> = rows.iter().map(|r| r.month).collect();
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
                    r.month,
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
                municipality: Some(code("0461")),
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

rundt_testkit::scenarios!(app:
    a_municipal_manager_sees_no_figure_about_fewer_than_five_families,
    the_caseworker_of_the_same_municipality_sees_the_numbers_and_the_families,
    a_therapist_sees_the_team_suppressed_and_only_their_own_families,
    each_family_listed_on_a_dashboard_is_audited_once_with_the_young_person,
    the_summary_rows_equal_a_recount_of_the_raw_records,
);
