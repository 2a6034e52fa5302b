//! Generates a national-scale installation for benchmarks: DK and NO teams,
//! each with a supervisor and four therapists, and a year of families going
//! through the real use cases (referral, decision, assignment, assessment,
//! weekly summaries, discharge), so every row has its audit events.
//!
//! Scale `national-1y` (PERF-RELIABILITY.md §3): 40 teams × 40 families,
//! about 20 weekly summaries each.
#![forbid(unsafe_code)]

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rundt_app::cases::{PersonInput, ReferFamily};
use rundt_app::clock::FixedClock;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
use rundt_app::protect::FieldKeys;
use rundt_app::treatment::{self, AssignTherapist};
use rundt_app::{Actor, App, AppError, AppResult};
use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
use rundt_domain::referral::{Consent, ReferralBehaviour, ReferralDetails};
use rundt_domain::treatment::{
    Assessment, Attainment, Contact, ContactMode, GoalProgress, KeyParticipant, OverarchingGoal,
    System, SystemAssessment, WeeklySummary, week_start_of,
};
use rundt_store_sqlite::SqliteStore;

/// How big an installation to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub teams: usize,
    pub families_per_team: usize,
    pub weeks_per_family: i64,
}

impl Scale {
    pub const NATIONAL_1Y: Scale = Scale {
        teams: 40,
        families_per_team: 40,
        weeks_per_family: 20,
    };
    pub const SMALL: Scale = Scale {
        teams: 4,
        families_per_team: 8,
        weeks_per_family: 30,
    };
}

/// The moment the generated data ends (and benchmarks run).
pub fn bench_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A fixed key, so a cached database can be reopened.
pub fn bench_keys() -> FieldKeys {
    FieldKeys::from_bytes(&[7u8; 64])
}

/// An app over a SQLite database in `dir`, on the benchmark clock.
pub async fn open(dir: &Path) -> AppResult<App> {
    let store = SqliteStore::open_in(dir).map_err(AppError::from)?;
    let app = App::new(
        Arc::new(store),
        Arc::new(FixedClock(bench_now())),
        Arc::new(bench_keys()),
    );
    app.prepare().await?;
    Ok(app)
}

const DK_CODES: [&str; 20] = [
    "0101", "0147", "0151", "0153", "0157", "0159", "0161", "0163", "0165", "0167", "0169", "0173",
    "0175", "0183", "0185", "0187", "0190", "0201", "0210", "0217",
];
const NO_CODES: [&str; 20] = [
    "0301", "1101", "1103", "1106", "1108", "1111", "1112", "1114", "1119", "1120", "1121", "1122",
    "1124", "1127", "1130", "1133", "1134", "1135", "1144", "1145",
];

fn referral() -> ReferralDetails {
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
            given_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        }),
        exclusions: Default::default(),
        known_to_child_protection_within_180_days: false,
        notes: String::new(),
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
        contacts: (0..3)
            .map(|i| Contact {
                date: week + Duration::days(i),
                minutes: 60 + 15 * u16::try_from(i).unwrap_or(0),
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
        questions: String::new(),
    }
}

/// Generates the installation; returns the ids of the first team and its
/// supervisor (for benchmarks of the team page).
pub async fn generate(app: &App, scale: Scale) -> AppResult<(i64, i64)> {
    let cli = Actor::cli();
    let today = app.clock.today();
    let mut first = (0, 0);
    for t in 0..scale.teams {
        let (country, code) = if t % 2 == 0 {
            ("DK", DK_CODES[(t / 2) % 20])
        } else {
            ("NO", NO_CODES[(t / 2) % 20])
        };
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
            },
        )
        .await?;
        let mut staff = Vec::new();
        for (i, (role, position)) in [
            ("supervisor", "supervisor"),
            ("therapist", "therapist"),
            ("therapist", "therapist"),
            ("therapist", "therapist"),
            ("therapist", "therapist"),
        ]
        .iter()
        .enumerate()
        {
            let user = rundt_app::users::create_user(
                app,
                &cli,
                &rundt_app::users::CreateUser {
                    username: format!("t{t}.{role}{i}"),
                    display_name: format!("Team {t} {role} {i}"),
                    email: None,
                    role: (*role).into(),
                    country: country.into(),
                    municipality_code: None,
                    password: Some("benchmark password".into()),
                },
            )
            .await?
            .user;
            organisation::add_member(
                app,
                &cli,
                team.id,
                &AddMember {
                    user_id: user.id,
                    position: (*position).into(),
                    since: Some(today - Duration::days(900)),
                },
            )
            .await?;
            staff.push(user.id);
        }
        if t == 0 {
            first = (team.id, staff[0]);
        }
        for f in 0..scale.families_per_team {
            // Spread starts over the year; the newest families are still in treatment.
            let offset = i64::try_from(f).unwrap_or(0) * 365
                / i64::try_from(scale.families_per_team.max(1)).unwrap_or(1);
            let start = today - Duration::days(365 - offset);
            let referred = start - Duration::days(10);
            let case = rundt_app::cases::refer_family(
                &app.on_day(referred),
                &cli,
                &ReferFamily {
                    team_id: team.id,
                    referring_municipality: Some(code.into()),
                    young_person: PersonInput {
                        given_name: format!("Young{f}"),
                        family_name: format!("Family{t}"),
                        national_id: None,
                        birth_date: Some(today - Duration::days(15 * 365)),
                    },
                    caregivers: vec![PersonInput {
                        given_name: format!("Parent{f}"),
                        family_name: format!("Family{t}"),
                        national_id: None,
                        birth_date: Some(today - Duration::days(42 * 365)),
                    }],
                    referral: referral(),
                },
            )
            .await?;
            let accepted = treatment::accept(
                &app.on_day(referred + Duration::days(2)),
                &cli,
                case.id,
                case.version,
                None,
            )
            .await?;
            let therapist = staff[1 + f % 4];
            let assigned = treatment::assign(
                &app.on_day(start),
                &cli,
                case.id,
                accepted.version,
                &AssignTherapist {
                    therapist_id: therapist,
                    start: Some(start),
                    note: None,
                },
            )
            .await?;
            treatment::save_assessment(
                &app.on_day(start + Duration::days(14)),
                &cli,
                case.id,
                &assessment(),
                None,
            )
            .await?;
            let end = (start + Duration::days(scale.weeks_per_family * 7 + 3)).min(today);
            let mut week = week_start_of(start);
            while week + Duration::days(6) < end {
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
            if end < today {
                let d = Discharge {
                    date: end,
                    reason: DischargeReason::Completed,
                    reason_note: String::new(),
                    clinical_evaluation: "Goals met and sustained.".into(),
                    goals: vec![GoalResult {
                        goal: "Attends school".into(),
                        result: Attainment::Met,
                    }],
                    outcomes: UltimateOutcomes {
                        living_at_home: true,
                        in_school_or_working: true,
                        no_new_arrests: true,
                    },
                };
                treatment::discharge(&app.on_day(end), &cli, case.id, assigned.case.version, &d)
                    .await?;
            }
        }
    }
    Ok(first)
}

/// Database size in bytes (file plus WAL).
pub fn database_bytes(dir: &Path) -> u64 {
    ["rundt.sqlite3", "rundt.sqlite3-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

/// Counts rows for the report.
pub fn describe(scale: Scale) -> String {
    serde_json::json!({
        "teams": scale.teams,
        "families": scale.teams * scale.families_per_team,
        "weeks_per_family": scale.weeks_per_family,
    })
    .to_string()
}
