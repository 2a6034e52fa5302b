//! The shared world of the results and fidelity scenarios: hand-made
//! families driven through the real use cases on back-dated clocks.

pub(crate) use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(crate) use chrono::{Duration, NaiveDate};
pub(crate) use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
pub(crate) use rundt_app::results::{
    self, Dashboard, DashboardRequest, FamilyTable, GroupFigures, ResultFigures, Scope,
};
pub(crate) use rundt_app::{Actor, AppError, fidelity};
pub(crate) use rundt_domain::adherence::{
    self, AdherenceCounts, Interview, InterviewMode, SupervisorRating,
};
pub(crate) use rundt_domain::audit::Outcome;
pub(crate) use rundt_domain::country::Country;
pub(crate) use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
pub(crate) use rundt_domain::experience::{ExperienceCounts, FamilyExperience};
pub(crate) use rundt_domain::id::{CaseId, PersonId, TeamId, UserId};
pub(crate) use rundt_domain::indicators::{
    self, Denominator, DischargeFacts, FollowUpCounts, OutcomeCounts, Share, TargetStatus,
};
pub(crate) use rundt_domain::period::{Grouping, Month, MonthRange};
pub(crate) use rundt_store::SummaryFilter;
pub(crate) use rundt_testkit::{Family, TestApp, test_now};

pub(crate) const T: bool = true;
pub(crate) const F: bool = false;

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn outcomes([home, school, arrests]: [bool; 3]) -> UltimateOutcomes {
    UltimateOutcomes {
        living_at_home: home,
        in_school_or_working: school,
        no_new_arrests: arrests,
    }
}

/// A share shown with its numerator, denominator and percent.
pub(crate) fn shown(count: u32, of: u32, percent: f64) -> Share {
    Share {
        count: Some(count),
        of: Some(of),
        percent: Some(percent),
        hidden: false,
    }
}

/// A share hidden by the small-cell rule.
pub(crate) const HIDDEN: Share = Share::HIDDEN;

/// One discharged family of the hand-made world.
pub(crate) struct Spec {
    pub(crate) key: &'static str,
    /// 'A' (MST Aarhus, owned by Aarhus 0751) or 'B' (MST Fyn, owned by Odense 0461).
    pub(crate) team: char,
    /// Who referred: louise (Aarhus 0751) or karen (Odense 0461).
    pub(crate) caseworker: &'static str,
    pub(crate) therapist: &'static str,
    pub(crate) discharged: &'static str,
    pub(crate) treatment_days: i64,
    pub(crate) reason: DischargeReason,
    /// Living at home, in school or working, no new arrests.
    pub(crate) at_discharge: [bool; 3],
    /// The five answers of the family-experience survey, three days after discharge.
    pub(crate) survey: Option<[u8; 5]>,
    pub(crate) fu6: Option<[bool; 3]>,
    pub(crate) fu12: Option<[bool; 3]>,
}

pub(crate) use DischargeReason::{Completed, LackOfEngagement, Moved, Other, Placed};

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
pub(crate) const FAMILIES: &[Spec] = &[
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
pub(crate) enum Answers {
    /// Every item the same: score (v − 1) / 4.
    All(u8),
    /// Half the items one value, half another: the mean of both scores.
    Half(u8, u8),
    /// One value, the first `n` items left unanswered (fewer than 24
    /// answered items are not scored).
    Unanswered(u8, usize),
}

impl Answers {
    pub(crate) fn items(self) -> Vec<Option<u8>> {
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
///
/// I7 has too few answers to score, which is refused now; it stands for
/// the interviews stored before that rule, which earlier databases keep and
/// the dashboards count as interviews without a score, so the world puts it
/// in the store directly ([`earlier_unscored_interview`]).
pub(crate) const INTERVIEWS: &[(&str, &str, Answers)] = &[
    ("A5", "2025-02-10", Answers::All(4)),
    ("A5", "2025-03-12", Answers::All(5)),
    ("A7", "2025-03-25", Answers::All(3)),
    ("A4", "2025-01-20", Answers::Half(4, 3)),
    ("A4", "2025-02-20", Answers::All(2)),
    ("A6", "2025-04-15", Answers::Unanswered(4, 4)),
    ("A6", "2025-05-15", Answers::Unanswered(4, 5)),
];

pub(crate) struct World {
    pub(crate) t: TestApp,
    pub(crate) team_a: TeamId,
    pub(crate) team_b: TeamId,
    pub(crate) users: HashMap<&'static str, UserId>,
    pub(crate) families: BTreeMap<&'static str, Family>,
}

impl World {
    pub(crate) fn ids(&self, keys: &[&str]) -> BTreeSet<CaseId> {
        keys.iter().map(|k| self.families[k].case_id).collect()
    }

    /// `who`'s dashboard of 2025 on the test clock (25 November 2026).
    pub(crate) async fn dashboard(
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
            FamilyTable::Page(1),
        )
        .await
    }

    /// Whether `who` is refused the quarterly dashboard of `scope`.
    pub(crate) async fn refused(&self, who: &str, scope: Scope) -> bool {
        let answer = self
            .dashboard(who, scope, Grouping::Quarter, Denominator::AllDischarges)
            .await;
        matches!(answer, Err(AppError::Forbidden(_)))
    }

    pub(crate) async fn quarterly(&self, who: &str, scope: Scope) -> Dashboard {
        self.dashboard(who, scope, Grouping::Quarter, Denominator::AllDischarges)
            .await
            .unwrap()
    }
}

pub(crate) fn year_2025() -> MonthRange {
    MonthRange::new(
        Month::parse("2025-01").unwrap(),
        Month::parse("2025-12").unwrap(),
    )
    .unwrap()
}

pub(crate) async fn team(t: &TestApp, name: &str, owner: &str) -> TeamId {
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
            started_on: None,
        },
    )
    .await
    .unwrap()
    .id
}

pub(crate) async fn join(t: &TestApp, team: TeamId, user: UserId, position: &str) {
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
    // Staff of the test teams have their initial training.
    let model = t
        .store
        .get_team(team)
        .await
        .unwrap()
        .unwrap()
        .programme_model;
    t.train(user, &model, position).await;
}

/// An interview with too few answers to score, as stored before such
/// interviews were refused (neither respondent nor mode recorded).
async fn earlier_unscored_interview(
    t: &TestApp,
    case_id: CaseId,
    supervisor: &str,
    therapist_id: UserId,
    on: NaiveDate,
    answers: Vec<Option<u8>>,
) {
    use rundt_domain::audit::{AuditAction, Object, ObjectKind};
    let actor = t.actor_on(supervisor, on).await;
    let interviewer_id = actor.principal().unwrap().user_id;
    let at = on.and_hms_opt(12, 0, 0).unwrap().and_utc();
    let event = actor.event(
        at,
        AuditAction::CaseAdherenceInterview,
        Object::of(ObjectKind::AdherenceInterview),
    );
    let interview = rundt_store::NewAdherenceInterview {
        case_id,
        interviewed_on: on,
        interviewer_id,
        therapist_id,
        respondent_id: None,
        mode: None,
        answers,
        score: None,
        created_at: at,
    };
    t.store
        .record_adherence_interview(&interview, &event)
        .await
        .unwrap();
}

/// Two Danish teams, two municipalities, the people around them, and the
/// twelve families of [`FAMILIES`] with the interviews of [`INTERVIEWS`].
pub(crate) async fn world(t: TestApp) -> World {
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
            let items = answers.items();
            if items.iter().flatten().count() < adherence::MIN_ANSWERED {
                let therapist = users[s.therapist];
                earlier_unscored_interview(&t, f.case_id, supervisor, therapist, on, items).await;
                continue;
            }
            fidelity::record_interview(
                &t.app.on_day(on),
                &t.actor_on(supervisor, on).await,
                f.case_id,
                &Interview {
                    date: on,
                    respondent_id: f.caregiver_id,
                    mode: InterviewMode::Phone,
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

pub(crate) fn group<'a>(groups: &'a [GroupFigures], key: &str) -> &'a ResultFigures {
    &groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key}"))
        .figures
}

pub(crate) fn period<'a>(d: &'a Dashboard, label: &str) -> &'a ResultFigures {
    &d.trend
        .iter()
        .find(|p| p.period == label)
        .unwrap_or_else(|| panic!("no period {label}"))
        .figures
}

pub(crate) fn now_count(d: &Dashboard, status: &str) -> Option<u32> {
    d.now.iter().find(|s| s.status == status).unwrap().families
}

pub(crate) fn family_ids(d: &Dashboard) -> BTreeSet<CaseId> {
    d.families
        .as_ref()
        .expect("the families table")
        .iter()
        .map(|f| f.case_id)
        .collect()
}
