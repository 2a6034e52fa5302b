//! Generates a national-scale installation for the benchmarks: teams, each with a
//! supervisor and four therapists, and years of families going through the
//! real use cases (referral, decision, assignment, assessment, weekly
//! summaries, monthly adherence interviews by the supervisor, discharge with
//! varied reasons and outcomes, the family-experience survey, the follow-ups
//! that have fallen due, the therapists' ratings of their supervisor every
//! two months), so every row has its audit event and the summary
//! tables the dashboards read are filled by the same transactions as in use.
//!
//! Scales (PERF-RELIABILITY.md §3):
//! - `national-1y`: 40 teams (20 DK, 20 NO) × 40 families over one year.
//! - `national-10y`: 40 teams (20 DK, 20 NO) × 40 families a year × 10
//!   years = 16,000 families, each course with its weekly summaries. The
//!   Norwegian teams' municipalities were merged or renumbered in 2018, 2020
//!   or 2024, and every family is referred under the code of its day
//!   ([`crate::reform`]).

use chrono::{Duration, NaiveDate};
use rundt_app::cases::{PersonInput, ReferFamily};
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
use rundt_app::treatment;
use rundt_app::{Actor, App, AppError, AppResult, auth, fidelity, users};
use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
use rundt_domain::experience::FamilyExperience;
use rundt_domain::id::TeamId;
use rundt_domain::id::UserId;
use rundt_domain::referral::{Consent, ReferralBehaviour, ReferralDetails};
use rundt_domain::treatment::{
    Assessment, Attainment, Contact, ContactMode, GoalProgress, KeyParticipant, OverarchingGoal,
    System, SystemAssessment, WeeklySummary, week_start_of,
};

use crate::reform::CodeHistory;
use crate::steps::{
    Respondent, accept_on, assign_and_assess, follow_ups, monthly_interviews, supervisor_ratings,
};

/// How big an installation to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub teams: usize,
    /// Families a team starts treating per year.
    pub families_per_team: usize,
    /// Planned weeks of a completed course (each family varies ±3 weeks;
    /// early discharges are shorter).
    pub weeks_per_family: i64,
    /// Years of history up to the app's today.
    pub years: u16,
    /// Weekly summaries are written for families whose treatment ended
    /// within this many years (or goes on); older courses have none.
    pub summary_years: u16,
}

impl Scale {
    pub const NATIONAL_1Y: Scale = Scale {
        teams: 40,
        families_per_team: 40,
        weeks_per_family: 20,
        years: 1,
        summary_years: 1,
    };
    pub const NATIONAL_10Y: Scale = Scale {
        teams: 40,
        families_per_team: 40,
        weeks_per_family: 20,
        years: 10,
        summary_years: 10,
    };
    pub const SMALL: Scale = Scale {
        teams: 4,
        families_per_team: 8,
        weeks_per_family: 30,
        years: 1,
        summary_years: 1,
    };
    /// PERF-RELIABILITY.md's `world-10y`: twice the world's MST volume of
    /// 2015, 750 teams × 40 families a year × 10 years = 300,000 families,
    /// for PostgreSQL. Weekly summaries are written for the courses of the
    /// last year only (30,000 families): the dashboards read the summary
    /// tables, which the summaries do not feed, and all ten years of them
    /// (6 M) would take the generator hours.
    pub const WORLD_10Y: Scale = Scale {
        teams: 750,
        families_per_team: 40,
        weeks_per_family: 20,
        years: 10,
        summary_years: 1,
    };
    /// Ten years of a few teams, to try the generator quickly.
    pub const SMALL_10Y: Scale = Scale {
        teams: 4,
        families_per_team: 8,
        weeks_per_family: 20,
        years: 10,
        summary_years: 1,
    };

    /// The scale a data set name stands for.
    pub fn named(name: &str) -> Option<Scale> {
        match name {
            "national-1y" => Some(Self::NATIONAL_1Y),
            "national-10y" => Some(Self::NATIONAL_10Y),
            "small" => Some(Self::SMALL),
            "small-10y" => Some(Self::SMALL_10Y),
            "world-10y" => Some(Self::WORLD_10Y),
            _ => None,
        }
    }

    /// Families in the whole data set.
    pub fn families(&self) -> usize {
        self.teams * self.families_per_team * usize::from(self.years)
    }
}

/// The names [`Scale::named`] knows.
pub const SCALE_NAMES: &str = "national-1y, national-10y, small, small-10y, world-10y";

/// Danish municipalities (codes valid since 2007).
const DK_CODES: [&str; 20] = [
    "0101", "0147", "0151", "0153", "0157", "0159", "0161", "0163", "0165", "0167", "0169", "0173",
    "0175", "0183", "0185", "0187", "0190", "0201", "0210", "0217",
];
/// Norwegian municipalities by today's code. Most were merged or renumbered
/// in 2018, 2020 or 2024 (Bergen 1201 → 4601, Drammen 0602 → 3005 → 3301);
/// a family is referred under the code in force on its day
/// ([`crate::reform::CodeHistory`]).
pub(crate) const NO_CODES: [&str; 20] = [
    "0301", "4601", "5001", "1103", "1108", "3301", "4204", "5501", "3201", "3203", "3105", "3107",
    "3907", "3909", "4003", "3403", "1804", "1508", "1106", "3205",
];

/// Country and owning municipality of team `t`, and the neighbouring
/// municipality that refers some of its families too.
fn team_place(t: usize) -> (&'static str, &'static str, &'static str) {
    let pick = |codes: &[&'static str], i: usize| -> (&'static str, &'static str) {
        let n = codes.len().max(1);
        (
            codes.get(i % n).copied().unwrap_or("0101"),
            codes.get((i + 1) % n).copied().unwrap_or("0101"),
        )
    };
    if t.is_multiple_of(2) {
        let (own, next) = pick(&DK_CODES, t / 2);
        ("DK", own, next)
    } else {
        let (own, next) = pick(&NO_CODES, t / 2);
        ("NO", own, next)
    }
}

/// A count (of families, weeks, days) as a number of days to compute with;
/// one too large for that is a scale nobody can generate, and says so.
fn days(n: usize) -> AppResult<i64> {
    i64::try_from(n).map_err(|_| AppError::Internal(format!("{n} is too many to count days with")))
}

/// A deterministic spread of 0–99 for family `f` of team `t`.
fn spread(t: usize, f: usize, salt: usize) -> usize {
    (t * 37 + f * 53 + salt * 11 + (f / 100) * 7) % 100
}

/// About 78 % completed, the rest ended early for the other reasons.
fn reason_for(h: usize) -> DischargeReason {
    match h {
        0..=77 => DischargeReason::Completed,
        78..=85 => DischargeReason::LackOfEngagement,
        86..=91 => DischargeReason::Placed,
        92..=95 => DischargeReason::Moved,
        _ => DischargeReason::Other,
    }
}

pub(crate) fn referral(referred: NaiveDate) -> ReferralDetails {
    ReferralDetails {
        behaviours: vec![ReferralBehaviour {
            behaviour: "truancy".into(),
            frequency: "3 days a week".into(),
            intensity: "misses most lessons".into(),
            duration: "4 months".into(),
        }],
        legal_basis: "Barnets Lov § 32, stk. 1, nr. 5".into(),
        consent: Some(Consent {
            given_by: "mother".into(),
            given_on: referred - Duration::days(3),
        }),
        exclusions: Default::default(),
        known_to_child_protection_within_180_days: false,
        notes: String::new(),
        contact: Default::default(),
        school: String::new(),
        placement_considered: None,
        child_welfare_case: String::new(),
    }
}

pub fn assessment() -> Assessment {
    Assessment {
        systems: System::ALL
            .iter()
            .map(|s| SystemAssessment {
                system: *s,
                strengths: "strengths".into(),
                needs: "needs".into(),
            })
            .collect(),
        key_participants: vec![KeyParticipant {
            name: "Mother".into(),
            relation: "mother".into(),
            desired_outcome: "goes to school".into(),
        }],
        overarching_goals: vec![OverarchingGoal {
            goal: "Attends school".into(),
            measure: "5 of 5 days for 4 weeks".into(),
        }],
    }
}

/// A realistic weekly summary: three contacts, goals, the do-loop fields.
pub fn summary(week: NaiveDate) -> WeeklySummary {
    WeeklySummary {
        week_start: week,
        contacts: (0..3u16)
            .map(|i| Contact {
                date: week + Duration::days(i64::from(i)),
                minutes: 60 + 15 * i,
                with: vec!["mother".into(), "young person".into()],
                place: "home".into(),
                mode: ContactMode::FaceToFace,
            })
            .collect(),
        last_week_goals: vec![GoalProgress {
            goal: "home by 21:00".into(),
            attainment: Attainment::Partly,
            note: String::new(),
        }],
        advances: "mother kept the curfew three nights".into(),
        barriers: "father works nights; older friends".into(),
        fit_drivers: vec![],
        next_week_goals: vec!["home by 21:00 four nights".into(), "school meeting".into()],
        overarching_progress: vec![GoalProgress {
            goal: "Attends school".into(),
            attainment: Attainment::Partly,
            note: String::new(),
        }],
        safety: String::new(),
        safety_review: None,
        questions: String::new(),
    }
}

/// Ids the benchmarks need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// The first team, and its supervisor.
    pub team: TeamId,
    pub supervisor: UserId,
    /// A national administrator of the first team's country.
    pub national_admin: UserId,
    /// The manager of the first team's owning municipality.
    pub manager: UserId,
}

impl Generated {
    /// `team supervisor national_admin manager`, as kept in the marker file.
    pub fn to_line(&self) -> String {
        format!(
            "{} {} {} {}",
            self.team, self.supervisor, self.national_admin, self.manager
        )
    }

    pub fn parse(line: &str) -> Option<Generated> {
        let ids: Vec<i64> = line
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        match ids.as_slice() {
            [team, supervisor, national_admin, manager] => Some(Generated {
                team: TeamId::new(*team),
                supervisor: UserId::new(*supervisor),
                national_admin: UserId::new(*national_admin),
                manager: UserId::new(*manager),
            }),
            _ => None,
        }
    }
}

/// The owning municipality of the first team (whose manager is created);
/// the same at every scale.
pub fn first_municipality(_: &Scale) -> &'static str {
    team_place(0).1
}

/// The country of the first team (and of the national administrator); the
/// same at every scale.
pub fn first_country(_: &Scale) -> &'static str {
    team_place(0).0
}

pub(crate) async fn create_user(
    app: &App,
    username: String,
    display_name: String,
    role: &str,
    country: &str,
    municipality: Option<&str>,
) -> AppResult<UserId> {
    Ok(users::create_user(
        app,
        &Actor::cli(),
        &users::CreateUser {
            username,
            display_name,
            email: None,
            role: role.into(),
            country: country.into(),
            municipality_code: municipality.map(str::to_owned),
            password: Some("benchmark password".into()),
        },
    )
    .await?
    .user
    .id)
}

/// Generates the installation.
pub async fn generate(app: &App, scale: Scale) -> AppResult<Generated> {
    generate_with_progress(app, scale, &mut |_, _| {}).await
}

/// Generates the installation, telling `progress` (teams done, teams)
/// after each team.
pub async fn generate_with_progress(
    app: &App,
    scale: Scale,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> AppResult<Generated> {
    generate_concurrently(app, scale, 1, progress).await
}

/// Generates the installation with up to `at_once` teams going through
/// their years at the same time (each team's families one after the other,
/// as in use), telling `progress` (teams done, teams) after each team.
/// Worth it on PostgreSQL, whose server works on the other cores; on SQLite
/// the one writer takes the commits in turn either way.
pub async fn generate_concurrently(
    app: &App,
    scale: Scale,
    at_once: usize,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> AppResult<Generated> {
    let at_once = at_once.max(1);
    let mut running = tokio::task::JoinSet::new();
    let mut next = 0;
    let mut done = 0;
    let mut first = None;
    while done < scale.teams {
        while next < scale.teams && running.len() < at_once {
            let (app, t) = (app.clone(), next);
            running.spawn(async move { (t, one_team(&app, &scale, t).await) });
            next += 1;
        }
        let Some(finished) = running.join_next().await else {
            break;
        };
        let (t, ids) = finished
            .map_err(|e| AppError::Internal(format!("a team's generation stopped: {e}")))?;
        let ids = ids?;
        if t == 0 {
            first = Some(ids);
        }
        done += 1;
        // The tables grow by a team's years at a time: plans chosen for the
        // sizes of the first teams (or none) slow every team after them
        // where nothing else keeps the statistics (PostgreSQL with
        // autovacuum off: 3,727 s for national-10y without, 1,013 s with an
        // ANALYZE every two minutes; docs/PERFORMANCE.md). Once per team
        // generated one at a time, once per `at_once` teams otherwise, and
        // after the last team either way.
        if done.is_multiple_of(at_once) || done == scale.teams {
            app.refresh_statistics().await?;
        }
        progress(done, scale.teams);
    }
    let (team, supervisor) =
        first.ok_or_else(|| AppError::Internal("a scale without teams".into()))?;
    let (country, code, _) = team_place(0);
    let national_admin = create_user(
        app,
        format!("{}.national", country.to_lowercase()),
        format!("National office {country}"),
        "national_admin",
        country,
        None,
    )
    .await?;
    let manager = create_user(
        app,
        format!("m{code}.manager"),
        format!("Manager of {code}"),
        "municipal_manager",
        country,
        Some(code),
    )
    .await?;
    Ok(Generated {
        team,
        supervisor,
        national_admin,
        manager,
    })
}

/// Team `t` with its supervisor and four therapists, and its years of
/// families; its id and its supervisor's.
async fn one_team(app: &App, scale: &Scale, t: usize) -> AppResult<(TeamId, UserId)> {
    let cli = Actor::cli();
    let today = app.clock.today();
    // Staff joined before the oldest family was referred.
    let since = today - Duration::days(365 * i64::from(scale.years) + 60);
    let (country, code, _) = team_place(t);
    let team = organisation::create_team(
        app,
        &cli,
        &CreateTeam {
            name: format!("MST team {t}"),
            country: country.into(),
            programme_model: "MST".into(),
            owners: vec![OwnerInput {
                municipality_code: code.into(),
                share_percent: 100.0,
            }],
            started_on: None,
        },
    )
    .await?;
    let mut staff = Vec::new();
    for (i, role) in [
        "supervisor",
        "therapist",
        "therapist",
        "therapist",
        "therapist",
    ]
    .iter()
    .enumerate()
    {
        let user = create_user(
            app,
            format!("t{t}.{role}{i}"),
            format!("Team {t} {role} {i}"),
            role,
            country,
            None,
        )
        .await?;
        organisation::add_member(
            app,
            &cli,
            team.id,
            &AddMember {
                user_id: user,
                position: (*role).into(),
                since: Some(since),
            },
        )
        .await?;
        crate::trained(app, user, "MST", role, since).await?;
        staff.push(user);
    }
    generate_team(app, scale, t, team.id, &staff).await?;
    Ok((team.id, staff[0]))
}

/// The families of team `t`: `staff[0]` is the supervisor, the rest are
/// therapists.
async fn generate_team(
    app: &App,
    scale: &Scale,
    t: usize,
    team_id: TeamId,
    staff: &[UserId],
) -> AppResult<()> {
    let cli = Actor::cli();
    let today = app.clock.today();
    let (country, code, neighbour) = team_place(t);
    let history = CodeHistory::of(country.parse()?)?;
    let supervisor = auth::act_as(app, staff[0]).await?;
    let span = 365 * i64::from(scale.years);
    let families = scale.families_per_team * usize::from(scale.years);
    let summaries_from = today - Duration::days(365 * i64::from(scale.summary_years));
    for f in 0..families {
        // Spread starts over the years; the newest families are still in treatment.
        let offset = days(f)? * span / days(families.max(1))?;
        let start = today - Duration::days(span - offset);
        let referred = start - Duration::days(10);
        let h = spread(t, f, 3);
        let reason = reason_for(h);
        let planned = scale.weeks_per_family - 3 + days(spread(t, f, 1) % 7)?;
        let weeks = match reason {
            DischargeReason::Completed => planned,
            DischargeReason::LackOfEngagement => planned * 2 / 5,
            DischargeReason::Placed => planned / 2,
            DischargeReason::Moved => planned * 3 / 5,
            DischargeReason::Other => planned / 3,
        }
        .max(3);
        let end = start + Duration::days(weeks * 7 + 3);
        let discharged = end < today;
        let today_code = if spread(t, f, 5) < 75 {
            code
        } else {
            neighbour
        };
        let municipality = history.code_on(today_code, referred)?;
        let born = referred - Duration::days(365 * 13 + days(spread(t, f, 2))? * 10);
        let case = rundt_app::cases::refer_family(
            &app.on_day(referred),
            &cli,
            &ReferFamily {
                team_id,
                referring_municipality: Some(municipality),
                young_person: PersonInput {
                    given_name: format!("Young{f}"),
                    family_name: format!("Family{t}"),
                    national_id: None,
                    birth_date: Some(born),
                },
                other_children: Vec::new(),
                caregivers: vec![PersonInput {
                    given_name: format!("Parent{f}"),
                    family_name: format!("Family{t}"),
                    national_id: None,
                    birth_date: Some(born - Duration::days(28 * 365)),
                }],
                referral: referral(referred),
            },
        )
        .await?;
        let accepted = accept_on(app, case.id, case.version, referred + Duration::days(2)).await?;
        let therapist_no = f % 4;
        let therapist = staff[1 + therapist_no];
        let version = assign_and_assess(
            app,
            case.id,
            accepted,
            therapist,
            start,
            &assessment(),
            None,
        )
        .await?;
        if !discharged || end > summaries_from {
            let last = end.min(today);
            let mut week = week_start_of(start);
            while week + Duration::days(6) < last {
                treatment::save_weekly_summary(
                    &app.on_day(week + Duration::days(6)),
                    &cli,
                    case.id,
                    &summary(week),
                    None,
                )
                .await?;
                week += Duration::days(7);
            }
        }
        // Monthly adherence interviews by the supervisor; one therapist in
        // three drifts lower.
        let ended = discharged.then_some(end);
        monthly_interviews(
            app,
            &supervisor,
            Respondent::primary_caregiver(&case)?,
            start,
            ended,
            today,
            therapist_no % 3,
        )
        .await?;
        if !discharged {
            continue;
        }
        let outcomes = UltimateOutcomes {
            living_at_home: reason != DischargeReason::Placed && !h.is_multiple_of(13),
            in_school_or_working: !h.is_multiple_of(5),
            no_new_arrests: !h.is_multiple_of(7),
        };
        let result = match reason {
            DischargeReason::Completed if !h.is_multiple_of(4) => Attainment::Met,
            DischargeReason::Completed => Attainment::Partly,
            _ if h.is_multiple_of(2) => Attainment::Partly,
            _ => Attainment::NotMet,
        };
        let d = Discharge {
            date: end,
            reason,
            reason_note: if reason == DischargeReason::Other {
                "the family wished to stop".into()
            } else {
                String::new()
            },
            clinical_evaluation: "Evaluation of the goals at discharge.".into(),
            goals: vec![GoalResult {
                goal: "Attends school".into(),
                result,
            }],
            outcomes,
            children: Vec::new(),
        };
        let version = treatment::discharge(&app.on_day(end), &cli, case.id, version, &d)
            .await?
            .version;
        let surveyed = end + Duration::days(3);
        if h % 10 != 9 && surveyed <= today {
            let lower = u8::from(reason != DischargeReason::Completed);
            let survey = FamilyExperience {
                date: surveyed,
                answers: (0..5)
                    .map(|k| 5 - u8::try_from((h + k) % 3).unwrap_or(0) - lower)
                    .collect(),
                comment: String::new(),
            };
            fidelity::record_experience(&app.on_day(surveyed), &supervisor, case.id, &survey)
                .await?;
        }
        follow_ups(
            app,
            case.id,
            version,
            end,
            "telephone call with the mother",
            &[],
            |months, _| {
                let m = usize::from(months);
                UltimateOutcomes {
                    living_at_home: outcomes.living_at_home || h.is_multiple_of(3),
                    in_school_or_working: !(h + m).is_multiple_of(6),
                    no_new_arrests: !(h + m).is_multiple_of(8),
                }
            },
        )
        .await?;
    }
    // Every therapist rates the supervisor every two months (SAM structure).
    for (k, therapist) in staff.iter().skip(1).enumerate() {
        let first = today - Duration::days(span - 30 - 9 * days(k)?);
        supervisor_ratings(app, team_id, *therapist, first, k + t).await?;
    }
    Ok(())
}

/// Counts rows for the report.
pub fn describe(scale: Scale) -> String {
    serde_json::json!({
        "teams": scale.teams,
        "families": scale.families(),
        "years": scale.years,
        "weeks_per_family": scale.weeks_per_family,
        "weekly_summaries_for_the_last_years": scale.summary_years,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_the_marker_file() {
        let ids = Generated {
            team: TeamId::new(1),
            supervisor: UserId::new(2),
            national_admin: UserId::new(201),
            manager: UserId::new(202),
        };
        assert_eq!(Generated::parse(&ids.to_line()), Some(ids));
        assert_eq!(Generated::parse("1 2"), None);
    }

    #[test]
    fn scales_have_the_families_the_documentation_says() {
        assert_eq!(Scale::NATIONAL_1Y.families(), 1_600);
        assert_eq!(Scale::NATIONAL_10Y.families(), 16_000);
        assert_eq!(Scale::WORLD_10Y.families(), 300_000);
        assert_eq!(first_country(&Scale::NATIONAL_10Y), "DK");
        assert_eq!(first_municipality(&Scale::NATIONAL_1Y), "0101");
    }
}
