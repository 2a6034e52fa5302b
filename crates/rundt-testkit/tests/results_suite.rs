//! Results at any time, on both backends: dashboards, fidelity (TAM-R) and
//! the family's experience, over hand-made families driven through the real
//! use cases on back-dated clocks. Every expected figure is worked out by
//! hand in the comments from the table in [`FAMILIES`].

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
use rundt_app::results::{self, Dashboard, DashboardRequest, GroupFigures, ResultFigures, Scope};
use rundt_app::{Actor, AppError, fidelity};
use rundt_domain::adherence::{self, AdherenceCounts, Interview, SupervisorRating};
use rundt_domain::audit::Outcome;
use rundt_domain::country::Country;
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_domain::experience::{ExperienceCounts, FamilyExperience};
use rundt_domain::indicators::{
    self, Denominator, DischargeFacts, FollowUpCounts, OutcomeCounts, Share, TargetStatus,
};
use rundt_domain::period::{Grouping, Month, MonthRange};
use rundt_store::SummaryFilter;
use rundt_testkit::{Family, TestApp, test_now};

const T: bool = true;
const F: bool = false;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn outcomes([home, school, arrests]: [bool; 3]) -> UltimateOutcomes {
    UltimateOutcomes {
        living_at_home: home,
        in_school_or_working: school,
        no_new_arrests: arrests,
    }
}

/// A share shown with its numerator, denominator and percent.
fn shown(count: u32, of: u32, percent: f64) -> Share {
    Share {
        count,
        of,
        percent: Some(percent),
    }
}

/// A share hidden by the small-cell rule.
const HIDDEN: Share = Share {
    count: 0,
    of: 0,
    percent: None,
};

/// One discharged family of the hand-made world.
struct Spec {
    key: &'static str,
    /// 'A' (MST Aarhus, owned by Aarhus 0751) or 'B' (MST Fyn, owned by Odense 0461).
    team: char,
    /// Who referred: louise (Aarhus 0751) or karen (Odense 0461).
    caseworker: &'static str,
    therapist: &'static str,
    discharged: &'static str,
    treatment_days: i64,
    reason: DischargeReason,
    /// Living at home, in school or working, no new arrests.
    at_discharge: [bool; 3],
    /// The five answers of the family-experience survey, three days after discharge.
    survey: Option<[u8; 5]>,
    fu6: Option<[bool; 3]>,
    fu12: Option<[bool; 3]>,
}

use DischargeReason::{Completed, LackOfEngagement, Moved, Other, Placed};

/// The twelve families, all discharged in 2025 (H = home, S = school or
/// work, A = no new arrests):
///
/// | family | team | municipality | therapist | discharged | days | reason | H S A | survey (score, recommends) | 6 mo | 12 mo |
/// |---|---|---|---|---|---|---|---|---|---|---|
/// | A1 | A | 0751 | jonas | 2025-02-20 | 120 | completed | T T T | 5 5 5 5 5 (100, yes) | T T T | |
/// | A2 | A | 0751 | sofie | 2025-03-10 | 100 | completed | T T F | 4 4 4 4 4 (75, yes) | T F T | |
/// | A3 | A | 0751 | jonas | 2025-03-25 | 40 | lack of engagement | T F T | 2 2 2 2 2 (25, no) | | |
/// | A4 | A | 0751 | sofie | 2025-05-05 | 140 | completed | T T T | 5 4 3 5 4 (80, yes) | T T T | T T T |
/// | A5 | A | 0751 | jonas | 2025-05-20 | 130 | completed | T F T | 3 3 3 3 3 (50, no) | T T T | T F T |
/// | A6 | A | 0751 | sofie | 2025-06-10 | 80 | placed | F F T | — | F F T | |
/// | A7 | A | 0751 | jonas | 2025-06-20 | 110 | completed | T T T | 5 5 5 5 4 (95, yes) | T T T | |
/// | B1 | B | 0461 | peter | 2025-03-05 | 125 | completed | T T T | 5 4 4 4 5 (85, yes) | T T T | |
/// | B2 | B | 0461 | peter | 2025-07-01 | 90 | moved | T F T | — | | |
/// | B3 | B | 0461 | peter | 2025-10-20 | 135 | completed | T F T | — | | |
/// | B4 | B | 0751 | peter | 2025-04-10 | 60 | lack of engagement | T F F | 1 1 1 1 1 (0, no) | | |
/// | B5 | B | 0751 | peter | 2025-11-05 | 150 | other | T T T | — | | |
///
/// Survey score = sum of (answer − 1) / 20 × 100; it recommends when the
/// last answer is 4 or 5.
const FAMILIES: &[Spec] = &[
    Spec {
        key: "A1",
        team: 'A',
        caseworker: "louise",
        therapist: "jonas",
        discharged: "2025-02-20",
        treatment_days: 120,
        reason: Completed,
        at_discharge: [T, T, T],
        survey: Some([5, 5, 5, 5, 5]),
        fu6: Some([T, T, T]),
        fu12: None,
    },
    Spec {
        key: "A2",
        team: 'A',
        caseworker: "louise",
        therapist: "sofie",
        discharged: "2025-03-10",
        treatment_days: 100,
        reason: Completed,
        at_discharge: [T, T, F],
        survey: Some([4, 4, 4, 4, 4]),
        fu6: Some([T, F, T]),
        fu12: None,
    },
    Spec {
        key: "A3",
        team: 'A',
        caseworker: "louise",
        therapist: "jonas",
        discharged: "2025-03-25",
        treatment_days: 40,
        reason: LackOfEngagement,
        at_discharge: [T, F, T],
        survey: Some([2, 2, 2, 2, 2]),
        fu6: None,
        fu12: None,
    },
    Spec {
        key: "A4",
        team: 'A',
        caseworker: "louise",
        therapist: "sofie",
        discharged: "2025-05-05",
        treatment_days: 140,
        reason: Completed,
        at_discharge: [T, T, T],
        survey: Some([5, 4, 3, 5, 4]),
        fu6: Some([T, T, T]),
        fu12: Some([T, T, T]),
    },
    Spec {
        key: "A5",
        team: 'A',
        caseworker: "louise",
        therapist: "jonas",
        discharged: "2025-05-20",
        treatment_days: 130,
        reason: Completed,
        at_discharge: [T, F, T],
        survey: Some([3, 3, 3, 3, 3]),
        fu6: Some([T, T, T]),
        fu12: Some([T, F, T]),
    },
    Spec {
        key: "A6",
        team: 'A',
        caseworker: "louise",
        therapist: "sofie",
        discharged: "2025-06-10",
        treatment_days: 80,
        reason: Placed,
        at_discharge: [F, F, T],
        survey: None,
        fu6: Some([F, F, T]),
        fu12: None,
    },
    Spec {
        key: "A7",
        team: 'A',
        caseworker: "louise",
        therapist: "jonas",
        discharged: "2025-06-20",
        treatment_days: 110,
        reason: Completed,
        at_discharge: [T, T, T],
        survey: Some([5, 5, 5, 5, 4]),
        fu6: Some([T, T, T]),
        fu12: None,
    },
    Spec {
        key: "B1",
        team: 'B',
        caseworker: "karen",
        therapist: "peter",
        discharged: "2025-03-05",
        treatment_days: 125,
        reason: Completed,
        at_discharge: [T, T, T],
        survey: Some([5, 4, 4, 4, 5]),
        fu6: Some([T, T, T]),
        fu12: None,
    },
    Spec {
        key: "B2",
        team: 'B',
        caseworker: "karen",
        therapist: "peter",
        discharged: "2025-07-01",
        treatment_days: 90,
        reason: Moved,
        at_discharge: [T, F, T],
        survey: None,
        fu6: None,
        fu12: None,
    },
    Spec {
        key: "B3",
        team: 'B',
        caseworker: "karen",
        therapist: "peter",
        discharged: "2025-10-20",
        treatment_days: 135,
        reason: Completed,
        at_discharge: [T, F, T],
        survey: None,
        fu6: None,
        fu12: None,
    },
    Spec {
        key: "B4",
        team: 'B',
        caseworker: "louise",
        therapist: "peter",
        discharged: "2025-04-10",
        treatment_days: 60,
        reason: LackOfEngagement,
        at_discharge: [T, F, F],
        survey: Some([1, 1, 1, 1, 1]),
        fu6: None,
        fu12: None,
    },
    Spec {
        key: "B5",
        team: 'B',
        caseworker: "louise",
        therapist: "peter",
        discharged: "2025-11-05",
        treatment_days: 150,
        reason: Other,
        at_discharge: [T, T, T],
        survey: None,
        fu6: None,
        fu12: None,
    },
];

/// The 28 answers of an interview.
#[derive(Clone, Copy)]
enum Answers {
    /// Every item the same: score (v − 1) / 4.
    All(u8),
    /// Half the items one value, half another: the mean of both scores.
    Half(u8, u8),
    /// One value, the first `n` items left unanswered (fewer than 24
    /// answered items are not scored).
    Unanswered(u8, usize),
}

impl Answers {
    fn items(self) -> Vec<Option<u8>> {
        let n = rundt_domain::adherence::ITEMS;
        match self {
            Answers::All(v) => vec![Some(v); n],
            Answers::Half(a, b) => (0..n)
                .map(|i| Some(if i < n / 2 { a } else { b }))
                .collect(),
            Answers::Unanswered(v, k) => (0..n).map(|i| (i >= k).then_some(v)).collect(),
        }
    }
}

/// The supervisor's (mette's) caregiver interviews in team A, during
/// treatment:
///
/// | interview | family | therapist | date | answers | score | adherent (≥ 0.61) |
/// |---|---|---|---|---|---|---|
/// | I1 | A5 | jonas | 2025-02-10 | all 4 | 0.75 | yes |
/// | I2 | A5 | jonas | 2025-03-12 | all 5 | 1.0 | yes |
/// | I3 | A7 | jonas | 2025-03-25 | all 3 | 0.5 | no |
/// | I4 | A4 | sofie | 2025-01-20 | 14 × 4, 14 × 3 | 0.625 | yes |
/// | I5 | A4 | sofie | 2025-02-20 | all 2 | 0.25 | no |
/// | I6 | A6 | sofie | 2025-04-15 | 24 × 4, 4 blank | 0.75 | yes |
/// | I7 | A6 | sofie | 2025-05-15 | 23 × 4, 5 blank | not scored | — |
const INTERVIEWS: &[(&str, &str, Answers)] = &[
    ("A5", "2025-02-10", Answers::All(4)),
    ("A5", "2025-03-12", Answers::All(5)),
    ("A7", "2025-03-25", Answers::All(3)),
    ("A4", "2025-01-20", Answers::Half(4, 3)),
    ("A4", "2025-02-20", Answers::All(2)),
    ("A6", "2025-04-15", Answers::Unanswered(4, 4)),
    ("A6", "2025-05-15", Answers::Unanswered(4, 5)),
];

struct World {
    t: TestApp,
    team_a: i64,
    team_b: i64,
    users: HashMap<&'static str, i64>,
    families: BTreeMap<&'static str, Family>,
}

impl World {
    fn ids(&self, keys: &[&str]) -> BTreeSet<i64> {
        keys.iter().map(|k| self.families[k].case_id).collect()
    }

    /// `who`'s dashboard of 2025 on the test clock (25 November 2026).
    async fn dashboard(
        &self,
        who: &str,
        scope: Scope,
        grouping: Grouping,
        denominator: Denominator,
    ) -> Result<Dashboard, AppError> {
        let actor = self.t.actor_on(who, test_now().date_naive()).await;
        results::dashboard(
            &self.t.app,
            &actor,
            &DashboardRequest {
                scope,
                range: year_2025(),
                grouping,
                denominator,
            },
        )
        .await
    }

    async fn quarterly(&self, who: &str, scope: Scope) -> Dashboard {
        self.dashboard(who, scope, Grouping::Quarter, Denominator::AllDischarges)
            .await
            .unwrap()
    }
}

fn year_2025() -> MonthRange {
    MonthRange::new(
        Month::parse("2025-01").unwrap(),
        Month::parse("2025-12").unwrap(),
    )
    .unwrap()
}

async fn team(t: &TestApp, name: &str, owner: &str) -> i64 {
    organisation::create_team(
        &t.app,
        &Actor::cli(),
        &CreateTeam {
            name: name.into(),
            country: "DK".into(),
            programme_model: "MST".into(),
            owners: vec![OwnerInput {
                municipality_code: owner.into(),
                share_percent: 100.0,
            }],
        },
    )
    .await
    .unwrap()
    .id
}

async fn join(t: &TestApp, team: i64, user: i64, position: &str) {
    organisation::add_member(
        &t.app,
        &Actor::cli(),
        team,
        &AddMember {
            user_id: user,
            position: position.into(),
            since: Some(day("2024-01-01")),
        },
    )
    .await
    .unwrap();
}

/// Two Danish teams, two municipalities, the people around them, and the
/// twelve families of [`FAMILIES`] with the interviews of [`INTERVIEWS`].
async fn world() -> World {
    let t = TestApp::new().await;
    let team_a = team(&t, "MST Aarhus", "0751").await;
    let team_b = team(&t, "MST Fyn", "0461").await;
    let mut users = HashMap::new();
    for (name, role, municipality, membership) in [
        ("mette", "supervisor", None, Some((team_a, "supervisor"))),
        ("jonas", "therapist", None, Some((team_a, "therapist"))),
        ("sofie", "therapist", None, Some((team_a, "therapist"))),
        (
            "kasper",
            "consultant",
            None,
            Some((team_a, "administrator")),
        ),
        ("hanne", "supervisor", None, Some((team_b, "supervisor"))),
        ("peter", "therapist", None, Some((team_b, "therapist"))),
        ("louise", "municipal_caseworker", Some("0751"), None),
        ("karen", "municipal_caseworker", Some("0461"), None),
        ("anders", "municipal_manager", Some("0751"), None),
        ("dk.office", "national_admin", None, None),
    ] {
        let id = t.user(name, role, "DK", municipality).await.id;
        if let Some((team, position)) = membership {
            join(&t, team, id, position).await;
        }
        users.insert(name, id);
    }
    let mut families = BTreeMap::new();
    for s in FAMILIES {
        let (team_id, supervisor) = match s.team {
            'A' => (team_a, "mette"),
            _ => (team_b, "hanne"),
        };
        let discharged = day(s.discharged);
        let start = discharged - Duration::days(s.treatment_days);
        let mut f = t
            .start_family(team_id, s.caseworker, supervisor, s.therapist, start)
            .await;
        for (key, on, answers) in INTERVIEWS.iter().filter(|i| i.0 == s.key) {
            let on = day(on);
            assert!(start <= on && on <= discharged, "{key}: during treatment");
            fidelity::record_interview(
                &t.app.on_day(on),
                &t.actor_on(supervisor, on).await,
                f.case_id,
                &Interview {
                    date: on,
                    answers: answers.items(),
                },
            )
            .await
            .unwrap();
        }
        t.discharge_family(
            &mut f,
            s.therapist,
            discharged,
            s.reason,
            outcomes(s.at_discharge),
        )
        .await;
        if let Some(answers) = s.survey {
            let on = discharged + Duration::days(3);
            fidelity::record_experience(
                &t.app.on_day(on),
                &t.actor_on(supervisor, on).await,
                f.case_id,
                &FamilyExperience {
                    date: on,
                    answers: answers.to_vec(),
                    comment: String::new(),
                },
            )
            .await
            .unwrap();
        }
        for (months, o) in [(6, s.fu6), (12, s.fu12)] {
            if let Some(o) = o {
                t.follow_up_family(&mut f, s.therapist, months, outcomes(o))
                    .await;
            }
        }
        families.insert(s.key, f);
    }
    World {
        t,
        team_a,
        team_b,
        users,
        families,
    }
}

fn group<'a>(groups: &'a [GroupFigures], key: &str) -> &'a ResultFigures {
    &groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key}"))
        .figures
}

fn period<'a>(d: &'a Dashboard, label: &str) -> &'a ResultFigures {
    &d.trend
        .iter()
        .find(|p| p.period == label)
        .unwrap_or_else(|| panic!("no period {label}"))
        .figures
}

fn now_count(d: &Dashboard, status: &str) -> Option<u32> {
    d.now.iter().find(|s| s.status == status).unwrap().families
}

fn family_ids(d: &Dashboard) -> BTreeSet<i64> {
    d.families
        .as_ref()
        .expect("the families table")
        .iter()
        .map(|f| f.case_id)
        .collect()
}

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
    assert_eq!(i.completed, shown(5, 7, 71.4));
    assert_eq!(i.lack_of_engagement, shown(1, 7, 14.3));
    assert_eq!(i.placed, shown(1, 7, 14.3));
    // Over all discharges: at home all but A6 = 6/7 = 85.7 %; in school A1
    // A2 A4 A7 = 4/7 = 57.1 %; no new arrests all but A2 = 6/7 = 85.7 %.
    assert_eq!(i.living_at_home, shown(6, 7, 85.7));
    assert_eq!(i.in_school_or_working, shown(4, 7, 57.1));
    assert_eq!(i.no_new_arrests, shown(6, 7, 85.7));
    // Days 120 + 100 + 40 + 140 + 130 + 80 + 110 = 720; 720 / 7 = 102.86.
    assert_eq!(d.totals.treatment_days_total, Some(720));
    assert_eq!(i.average_length_of_stay_days, Some(102.9));
    let t = &d.totals.against_targets;
    assert_eq!(t.living_at_home, TargetStatus::NotMet, "85.7 < 90");
    assert_eq!(t.completed, TargetStatus::NotMet, "71.4 < 85");
    assert_eq!(t.lack_of_engagement, TargetStatus::NotMet, "14.3 ≥ 5");
    assert_eq!(t.placed, TargetStatus::NotMet, "14.3 ≥ 10");
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
    assert_eq!(ci.living_at_home, shown(5, 5, 100.0));
    assert_eq!(ci.in_school_or_working, shown(4, 5, 80.0));
    assert_eq!(ci.no_new_arrests, shown(4, 5, 80.0));
    assert_eq!(ci.completed, shown(5, 7, 71.4));

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
    assert_eq!(q1.indicators.completed, shown(2, 3, 66.7));
    assert_eq!(q1.indicators.lack_of_engagement, shown(1, 3, 33.3));
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
    assert_eq!(q2.indicators.completed, shown(3, 4, 75.0));
    assert_eq!(q2.indicators.placed, shown(1, 4, 25.0));
    assert_eq!(q2.indicators.living_at_home, shown(3, 4, 75.0));
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
        assert_eq!(p.indicators.completed.percent, None, "{label}");
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
        period(&m, "2025-03").indicators.completed,
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
    let d = w.quarterly("dk.office", Scope::National).await;
    assert_eq!(d.scope.kind, "national");
    assert_eq!(d.scope.key, "DK");
    assert!(d.small_cells_suppressed);
    assert!(d.families.is_none(), "the national office sees no families");
    let i = &d.totals.indicators;
    // All twelve. Completed A1 A2 A4 A5 A7 B1 B3 = 7/12 = 58.3 %; lack of
    // engagement A3 B4 = 2/12 = 16.7 %; placed A6 = 1/12 = 8.3 %.
    assert_eq!(i.discharges, 12);
    assert_eq!(i.completed, shown(7, 12, 58.3));
    assert_eq!(i.lack_of_engagement, shown(2, 12, 16.7));
    assert_eq!(i.placed, shown(1, 12, 8.3));
    // At home all but A6 = 11/12 = 91.7 %; in school A1 A2 A4 A7 B1 B5 =
    // 6/12 = 50 %; no arrests all but A2 and B4 = 10/12 = 83.3 %.
    assert_eq!(i.living_at_home, shown(11, 12, 91.7));
    assert_eq!(i.in_school_or_working, shown(6, 12, 50.0));
    assert_eq!(i.no_new_arrests, shown(10, 12, 83.3));
    // Days 720 (team A) + 125 + 90 + 135 + 60 + 150 (team B: 560) = 1280;
    // 1280 / 12 = 106.67.
    assert_eq!(d.totals.treatment_days_total, Some(1280));
    assert_eq!(i.average_length_of_stay_days, Some(106.7));
    let t = &d.totals.against_targets;
    assert_eq!(t.living_at_home, TargetStatus::Met, "91.7 ≥ 90");
    assert_eq!(t.in_school_or_working, TargetStatus::NotMet);
    assert_eq!(t.no_new_arrests, TargetStatus::NotMet, "83.3 < 90");
    assert_eq!(t.placed, TargetStatus::Met, "8.3 < 10");
    assert_eq!(t.lack_of_engagement, TargetStatus::NotMet);
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
            Scope::National,
            Grouping::Quarter,
            Denominator::Completers,
        )
        .await
        .unwrap();
    assert_eq!(c.totals.indicators.living_at_home, shown(7, 7, 100.0));
    assert_eq!(c.totals.indicators.in_school_or_working, shown(5, 7, 71.4));
    assert_eq!(c.totals.indicators.no_new_arrests, shown(6, 7, 85.7));

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
    assert_eq!(b.indicators.completed, shown(2, 5, 40.0));
    assert_eq!(b.indicators.lack_of_engagement, shown(1, 5, 20.0));
    assert_eq!(b.indicators.living_at_home, shown(5, 5, 100.0));
    assert_eq!(b.indicators.in_school_or_working, shown(2, 5, 40.0));
    assert_eq!(b.indicators.no_new_arrests, shown(4, 5, 80.0));
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
    assert_eq!(odense.indicators.completed, HIDDEN);
    assert_eq!(odense.treatment_days_total, None);
    let aarhus = group(&d.by_municipality, "0751");
    assert!(aarhus.hidden_to_protect_others, "9 − … would reveal Odense");
    assert_eq!(aarhus.indicators.discharges, 0);
    assert_eq!(aarhus.indicators.completed, HIDDEN);
    assert_eq!(aarhus.treatment_days_total, None);

    // Quarters: Q1 A1 A2 A3 B1 = 4 (hidden); Q2 A4 A5 A6 A7 B4 = 5 (shown:
    // completed 3/5); Q3 B2 and Q4 B3 B5 hidden.
    assert!(period(&d, "2025-Q1").indicators.suppressed);
    let q2 = period(&d, "2025-Q2");
    assert!(!q2.indicators.suppressed);
    assert_eq!(q2.indicators.completed, shown(3, 5, 60.0));
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
    assert_eq!(d.totals.indicators.completed, shown(5, 9, 55.6));
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
        q1.indicators.completed,
        q1.indicators.living_at_home,
        q1.indicators.in_school_or_working,
        q1.indicators.no_new_arrests,
        q1.indicators.lack_of_engagement,
        q1.indicators.placed,
    ] {
        assert_eq!(s, HIDDEN);
    }
    assert_eq!(q1.indicators.average_length_of_stay_days, None);
    assert_eq!(q1.treatment_days_total, None);
    assert_eq!(q1.against_targets.completed, TargetStatus::Unknown);
    assert!(q1.experience.suppressed && q1.experience.average_score.is_none());
    // Q2: A4 A5 A6 A7 B4 = exactly 5, but Q1 (3) and Q4 (1) hidden hold
    // only 4 together: with the total of 9 shown, Q2 would give them away,
    // so Q2 is hidden too. (A caseworker sees Q2's figures unhidden.)
    let q2 = period(&d, "2025-Q2");
    assert!(q2.hidden_to_protect_others);
    assert_eq!(q2.indicators.discharges, 0);
    assert_eq!(q2.indicators.completed, HIDDEN);
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
    assert_eq!(in_b.indicators.completed, HIDDEN);
    // The teams Aarhus owns: team A, with all its families.
    assert_eq!(d.owned_teams.len(), 1);
    assert_eq!(d.owned_teams[0].key, w.team_a.to_string());
    assert_eq!(d.owned_teams[0].name, "MST Aarhus");
    assert_eq!(
        d.owned_teams[0].figures.indicators.completed,
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
            Scope::National,
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
    assert_eq!(q1.indicators.completed, shown(2, 3, 66.7));
    // Q4: B5 alone, discharged for another reason, 150 days.
    let q4 = period(&d, "2025-Q4");
    assert_eq!(q4.indicators.discharges, 1);
    assert_eq!(q4.indicators.completed, shown(0, 1, 0.0));
    assert_eq!(q4.indicators.average_length_of_stay_days, Some(150.0));
    // Team B holds two Aarhus families: shown to their caseworker.
    let in_b = group(&d.by_team, &w.team_b.to_string());
    assert_eq!(in_b.indicators.discharges, 2);
    assert_eq!(in_b.indicators.lack_of_engagement, shown(1, 2, 50.0));
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
    assert_eq!(o.totals.indicators.completed, shown(2, 3, 66.7));
    assert_eq!(o.totals.indicators.living_at_home, shown(3, 3, 100.0));
    assert_eq!(o.totals.indicators.in_school_or_working, shown(1, 3, 33.3));
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
    w.quarterly("dk.office", Scope::National).await;
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

/// A family of the Aarhus team of [`TestApp::aarhus_team`] in treatment
/// since `start`, with `therapist`.
async fn family_in_treatment(t: &TestApp, team: i64, therapist: &str, start: &str) -> Family {
    t.start_family(team, "louise", "mette", therapist, day(start))
        .await
}

fn all_fours(date: &str) -> Interview {
    Interview {
        date: day(date),
        answers: vec![Some(4); 28],
    }
}

async fn interview(
    t: &TestApp,
    who: &str,
    case_id: i64,
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

#[tokio::test]
async fn the_familys_own_therapist_may_not_make_the_adherence_interview() {
    let t = TestApp::new().await;
    let (team, users) = t.aarhus_team().await;
    let f = family_in_treatment(&t, team, "jonas", "2026-10-01").await;
    let i = all_fours("2026-10-22");
    // The family's own therapist is refused by role (403), and it is audited.
    let own = interview(&t, "jonas", f.case_id, &i).await.unwrap_err();
    assert!(
        matches!(&own, AppError::Forbidden(m) if m.contains("never the family's therapist")),
        "{own:?}"
    );
    // A colleague in the team may not write to the family at all (403).
    let colleague = interview(&t, "sofie", f.case_id, &i).await.unwrap_err();
    assert!(matches!(colleague, AppError::Forbidden(_)), "{colleague:?}");
    let denied: Vec<i64> = t
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
    let conflict = interview(&t, "mette", hers.case_id, &i).await.unwrap_err();
    assert!(
        matches!(&conflict, AppError::Conflict(m) if m.contains("own therapist")),
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
    let own_view = fidelity::interviews(
        &t.app,
        &t.actor_on("jonas", t.app.clock.today()).await,
        f.case_id,
    )
    .await
    .unwrap();
    assert_eq!(own_view.len(), 1);
    assert!(matches!(
        fidelity::interviews(
            &t.app,
            &t.actor_on("sofie", t.app.clock.today()).await,
            f.case_id
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
    // The interviews are the team's quality data: the referring caseworker,
    // who may read the family, does not see them one by one.
    assert!(matches!(
        fidelity::interviews(
            &t.app,
            &t.actor_on("louise", t.app.clock.today()).await,
            f.case_id
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn an_adherence_interview_is_made_while_the_family_is_in_treatment_with_every_answer_checked()
{
    let t = TestApp::new().await;
    let (team, _) = t.aarhus_team().await;
    let mut f = family_in_treatment(&t, team, "jonas", "2026-09-01").await;
    let invalid = |e: AppError, field: &str| match e {
        AppError::Invalid(fields) => assert!(
            fields.iter().any(|x| x.field == field),
            "{field}: {fields:?}"
        ),
        other => panic!("{field}: {other:?}"),
    };
    let mut i = all_fours("2026-09-25");
    i.answers.pop();
    invalid(
        interview(&t, "mette", f.case_id, &i).await.unwrap_err(),
        "answers",
    );
    let mut i = all_fours("2026-09-25");
    i.answers[3] = Some(6);
    invalid(
        interview(&t, "mette", f.case_id, &i).await.unwrap_err(),
        "answers[3]",
    );
    // Before treatment started.
    invalid(
        interview(&t, "mette", f.case_id, &all_fours("2026-08-30"))
            .await
            .unwrap_err(),
        "date",
    );
    // In the future (the clock says 2026-09-25).
    let future = all_fours("2026-09-30");
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
    interview(&t, "mette", f.case_id, &all_fours("2026-09-25"))
        .await
        .unwrap();

    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-11-20"),
        DischargeReason::Completed,
        outcomes([T, T, T]),
    )
    .await;
    let after = interview(&t, "mette", f.case_id, &all_fours("2026-11-24"))
        .await
        .unwrap_err();
    assert!(
        matches!(&after, AppError::Conflict(m) if m.contains("in treatment")),
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

#[tokio::test]
async fn the_family_experience_survey_is_answered_once_after_discharge_and_collected_by_the_supervisor()
 {
    let t = TestApp::new().await;
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
    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-11-16"),
        DischargeReason::Completed,
        outcomes([T, T, T]),
    )
    .await;
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
        matches!(&again, AppError::Conflict(m) if m.contains("already")),
        "{again:?}"
    );
    // Counted once, in the discharge month's row.
    let rows = t
        .store
        .outcome_summary(&SummaryFilter {
            country: Country::DK,
            team_ids: Some(vec![team]),
            municipality: None,
            from_month: "2026-11".into(),
            to_month: "2026-11".into(),
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

#[tokio::test]
async fn an_interview_falls_due_three_weeks_after_the_start_and_then_thirty_days_after_the_last() {
    let t = TestApp::new().await;
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
    )
    .await
    .unwrap();
    assert_eq!(d.interviews_due, late);

    // Interviewed on 23 September: the next is due 30 days later, 23 October.
    interview(&t, "mette", f.case_id, &all_fours("2026-09-23"))
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
    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-10-20"),
        DischargeReason::Completed,
        outcomes([T, T, T]),
    )
    .await;
    assert!(due_on(day("2026-10-21")).await.is_empty());
}

/// A SAM-structured rating: every item answered `v`.
fn sam(date: NaiveDate, v: u8) -> SupervisorRating {
    SupervisorRating {
        date,
        answers: vec![Some(v); adherence::SAM_ITEMS],
    }
}

#[tokio::test]
async fn therapists_rate_their_supervisor_and_only_a_mean_of_five_ratings_is_ever_shown() {
    let w = world().await;
    let (jonas_day, sofie_day) = (day("2025-03-10"), day("2025-05-20"));
    // Jonas and Sofie rate Mette: 4s → 0.75 and 5s → 1.0.
    for (who, on, v) in [("jonas", jonas_day, 4), ("sofie", sofie_day, 5)] {
        let score = fidelity::rate_supervisor(
            &w.t.app.on_day(on),
            &w.t.actor_on(who, on).await,
            w.team_a,
            &sam(on, v),
        )
        .await
        .unwrap();
        assert_eq!(score, Some(if v == 4 { 0.75 } else { 1.0 }));
    }
    // The supervisor rates nobody, and another team's therapist may not
    // rate Mette; both refusals are audited.
    for who in ["mette", "peter"] {
        let refused = fidelity::rate_supervisor(
            &w.t.app.on_day(jonas_day),
            &w.t.actor_on(who, jonas_day).await,
            w.team_a,
            &sam(jonas_day, 4),
        )
        .await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{who}");
    }
    // A rating dated in the future, or with a sixth answer, is refused.
    let mut bad = sam(jonas_day + Duration::days(1), 4);
    assert!(matches!(
        fidelity::rate_supervisor(
            &w.t.app.on_day(jonas_day),
            &w.t.actor_on("jonas", jonas_day).await,
            w.team_a,
            &bad,
        )
        .await,
        Err(AppError::Invalid(_))
    ));
    bad.date = jonas_day;
    bad.answers[3] = Some(6);
    assert!(matches!(
        fidelity::rate_supervisor(
            &w.t.app.on_day(jonas_day),
            &w.t.actor_on("jonas", jonas_day).await,
            w.team_a,
            &bad,
        )
        .await,
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
        fidelity::rate_supervisor(
            &w.t.app.on_day(on),
            &w.t.actor_on(who, on).await,
            w.team_a,
            &sam(on, v),
        )
        .await
        .unwrap();
    }
    let d = w.quarterly("mette", Scope::Team(w.team_a)).await;
    assert_eq!(d.totals.supervisor_adherence.scored, 5);
    assert_eq!(d.totals.supervisor_adherence.mean_score, Some(0.75));
    assert!(period(&d, "2025-Q3").supervisor_adherence.suppressed);
    let national = w.quarterly("dk.office", Scope::National).await;
    assert_eq!(
        group(&national.by_team, &w.team_a.to_string())
            .supervisor_adherence
            .mean_score,
        Some(0.75)
    );
    // A municipality's page has no supervisor figures: they are the team's.
    let m = w
        .quarterly("anders", Scope::Municipality("0751".into()))
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

#[tokio::test]
async fn interviews_with_five_families_in_a_month_are_shown_to_the_municipality() {
    let w = world().await;
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
                answers: vec![Some(4); 28],
            },
        )
        .await
        .unwrap();
    }
    let d = w
        .quarterly("anders", Scope::Municipality("0751".into()))
        .await;
    let q4 = period(&d, "2025-Q4");
    assert!(!q4.adherence.suppressed, "five families in October");
    assert_eq!(q4.adherence.scored, 5);
    assert_eq!(q4.adherence.mean_score, Some(0.75));
    assert_eq!(q4.adherence.adherent_percent, Some(100.0));
    // The year as a whole rests on October's five families too.
    assert!(!d.totals.adherence.suppressed);
}
