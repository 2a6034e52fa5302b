//! Earlier courses for the demo: two years of families per team, discharged
//! with varied reasons and outcomes, with monthly adherence interviews, the
//! family-experience survey and the follow-ups that have fallen due, so the
//! dashboards have figures to show (and to suppress). Entered through the
//! real use cases on back-dated clocks, like the rest of the demo; weekly
//! notes are left out of these older courses to keep loading quick.

use chrono::{Duration, NaiveDate};
use rundt_domain::adherence::{self, Interview};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, DischargeReason, FollowUp, GoalResult, UltimateOutcomes};
use rundt_domain::experience::FamilyExperience;
use rundt_domain::referral::{Consent, ReferralBehaviour, ReferralDetails, default_legal_basis};
use rundt_domain::team::{Position, Team};
use rundt_domain::treatment::Attainment;

use crate::cases::{PersonInput, ReferFamily};
use crate::demo_course::{assessment, goals};
use crate::treatment::{self, AssignTherapist};
use crate::{Actor, App, AppError, AppResult, auth, cases, fidelity};

/// Earlier families per team.
pub const FAMILIES_PER_TEAM: usize = 14;

const GIVEN: &[&str] = &[
    "Oliver", "Noah", "Ella", "Alma", "William", "Clara", "Lucas", "Ida", "Oscar", "Freja",
    "Victor", "Agnes", "Malthe", "Nora",
];
const FAMILY: &[&str] = &[
    "Jensen",
    "Hansen",
    "Pedersen",
    "Larsen",
    "Christensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristiansen",
    "Olsen",
    "Berg",
    "Haugen",
    "Johansen",
    "Bakke",
];

/// A deterministic spread of 0–99 for family `i` of team `t`.
fn spread(t: i64, i: usize, salt: i64) -> i64 {
    (t * 37 + i as i64 * 53 + salt * 11).rem_euclid(100)
}

fn reason_for(h: i64) -> DischargeReason {
    match h {
        0..=77 => DischargeReason::Completed,
        78..=83 => DischargeReason::LackOfEngagement,
        84..=91 => DischargeReason::Placed,
        92..=95 => DischargeReason::Moved,
        _ => DischargeReason::Other,
    }
}

/// Answers 1–5 for the 28 items: mostly 4–5, lower for some therapists.
pub(crate) fn interview_answers(level: i64, n: usize) -> Vec<Option<u8>> {
    (0..adherence::ITEMS)
        .map(|i| {
            // Level 2 alternates below and just above the 0.61 threshold.
            let modulus = 2 + level + i64::from(level == 2 && n.is_multiple_of(2));
            let v = 5 - ((i as i64 + n as i64 + level) % modulus) as u8;
            Some(v.clamp(1, 5))
        })
        .collect()
}

fn referral(country: Country, referred: NaiveDate) -> ReferralDetails {
    ReferralDetails {
        behaviours: vec![ReferralBehaviour {
            behaviour: "Skolefravær og konflikter".into(),
            frequency: "flere gange om ugen".into(),
            intensity: "udeblevet fra skolen i ugevis".into(),
            duration: "et halvt år".into(),
        }],
        legal_basis: default_legal_basis(country).into(),
        consent: Some(Consent {
            given_by: "forælder".into(),
            given_on: referred - Duration::days(3),
        }),
        exclusions: Default::default(),
        known_to_child_protection_within_180_days: true,
        notes: String::new(),
    }
}

/// Adds the earlier courses of one team.
pub(crate) async fn add_history(app: &App, team: &Team) -> AppResult<()> {
    let members = app
        .store
        .list_team_members(team.id, app.clock.today())
        .await?;
    let therapist_ids: Vec<i64> = members
        .iter()
        .filter(|m| m.position == Position::Therapist)
        .map(|m| m.user_id)
        .collect();
    let Some(supervisor) = supervisor_actor(app, team).await? else {
        return Ok(());
    };
    if therapist_ids.is_empty() {
        return Ok(());
    }
    let cli = Actor::cli();
    let today = app.clock.today();
    let can = team.programme_model != "MST";
    let weeks_base: i64 = if can { 30 } else { 17 };
    for i in 0..FAMILIES_PER_TEAM {
        let t = team.id;
        let municipality = team
            .owners
            .get(i % team.owners.len().max(1))
            .map(|o| o.municipality_code.clone())
            .ok_or_else(|| AppError::Internal(format!("team {} has no owner", team.name)))?;
        let weeks = weeks_base + spread(t, i, 1) % 6;
        // Discharges spread over the last two years, the newest a month ago.
        let discharged_on =
            today - Duration::days(30 + (i as i64 * 700) / FAMILIES_PER_TEAM as i64);
        let start = discharged_on - Duration::days(weeks * 7);
        let referred = start - Duration::days(12);
        let born = start - Duration::days(365 * 14 + spread(t, i, 2) * 9);
        let person = |given: &str, family: &str, born: NaiveDate| PersonInput {
            given_name: given.into(),
            family_name: family.into(),
            national_id: None,
            birth_date: Some(born),
        };
        let family = FAMILY[(i + t as usize) % FAMILY.len()];
        let case = cases::refer_family(
            &app.on_day(referred),
            &cli,
            &ReferFamily {
                team_id: team.id,
                referring_municipality: Some(municipality),
                young_person: person(GIVEN[i % GIVEN.len()], family, born),
                caregivers: vec![person("Forælder", family, born - Duration::days(365 * 30))],
                referral: referral(team.country, referred),
            },
        )
        .await?;
        let accepted = treatment::accept(
            &app.on_day(referred + Duration::days(3)),
            &cli,
            case.id,
            case.version,
            None,
        )
        .await?;
        let therapist_id = therapist_ids[i % therapist_ids.len()];
        let assigned = treatment::assign(
            &app.on_day(start),
            &cli,
            case.id,
            accepted.version,
            &AssignTherapist {
                therapist_id,
                start: Some(start),
                note: None,
            },
        )
        .await?;
        treatment::save_assessment(
            &app.on_day(start + Duration::days(14)),
            &cli,
            case.id,
            &assessment(team.country, "Forælder"),
            None,
        )
        .await?;
        // Monthly interviews by the supervisor; one therapist drifts lower.
        let level = (therapist_id % 3) as i64;
        let mut done: Vec<NaiveDate> = Vec::new();
        while let Some(due) = adherence::next_due(start, &done, Some(discharged_on)) {
            let n = done.len();
            let interview = Interview {
                date: due,
                answers: interview_answers(level, n),
            };
            fidelity::record_interview(&app.on_day(due), &supervisor, case.id, &interview).await?;
            done.push(due);
        }
        let h = spread(t, i, 3);
        let reason = reason_for(h);
        let outcomes = UltimateOutcomes {
            living_at_home: reason != DischargeReason::Placed && h % 13 != 0,
            in_school_or_working: h % 5 != 0,
            no_new_arrests: h % 7 != 0,
        };
        let g = goals(team.country);
        let met = if reason == DischargeReason::Completed {
            Attainment::Met
        } else {
            Attainment::Partly
        };
        let discharge = Discharge {
            date: discharged_on,
            reason,
            reason_note: if reason == DischargeReason::Other {
                "familien ønskede at stoppe".into()
            } else {
                String::new()
            },
            clinical_evaluation: "Evaluering af målene ved afslutningen.".into(),
            goals: vec![
                GoalResult {
                    goal: g[0].0.into(),
                    result: met,
                },
                GoalResult {
                    goal: g[1].0.into(),
                    result: Attainment::Partly,
                },
            ],
            outcomes,
        };
        let mut version = treatment::discharge(
            &app.on_day(discharged_on),
            &cli,
            case.id,
            assigned.case.version,
            &discharge,
        )
        .await?
        .version;
        if h % 10 != 9 {
            let answers: Vec<u8> = (0..5)
                .map(|k| (5 - ((h + k) % 3)) as u8 - u8::from(reason != DischargeReason::Completed))
                .collect();
            let survey = FamilyExperience {
                date: discharged_on + Duration::days(3),
                answers,
                comment: String::new(),
            };
            fidelity::record_experience(
                &app.on_day(discharged_on + Duration::days(3)),
                &supervisor,
                case.id,
                &survey,
            )
            .await?;
        }
        for months in [6u8, 12, 18] {
            let due = rundt_domain::discharge::follow_up_due(discharged_on, months);
            if due > today {
                break;
            }
            let f = FollowUp {
                months,
                date: due,
                outcomes: UltimateOutcomes {
                    living_at_home: outcomes.living_at_home || h % 3 == 0,
                    in_school_or_working: (h + i64::from(months)) % 6 != 0,
                    no_new_arrests: (h + i64::from(months)) % 8 != 0,
                },
                notes: "telefonsamtale med forælder".into(),
            };
            version = treatment::follow_up(&app.on_day(due), &cli, case.id, version, &f)
                .await?
                .version;
        }
    }
    Ok(())
}

/// The team's supervisor as an acting person (interviews and surveys are
/// theirs to record).
pub(crate) async fn supervisor_actor(app: &App, team: &Team) -> AppResult<Option<Actor>> {
    let Some(id) = fidelity::team_supervisor(app, team.id).await? else {
        return Ok(None);
    };
    match app.store.get_user(id).await? {
        Some(user) => Ok(Some(Actor::User(auth::principal_for(app, &user).await?))),
        None => Ok(None),
    }
}

/// Two years of the therapists' ratings of their supervisor, every two
/// months.
pub(crate) async fn add_supervisor_ratings(app: &App, team: &Team) -> AppResult<()> {
    let today = app.clock.today();
    let members = app.store.list_team_members(team.id, today).await?;
    for (k, m) in members
        .iter()
        .filter(|m| m.position == Position::Therapist)
        .enumerate()
    {
        let Some(user) = app.store.get_user(m.user_id).await? else {
            continue;
        };
        let mut day = today - Duration::days(720 - 9 * k as i64);
        while day <= today - Duration::days(5) {
            let on = app.on_day(day);
            let therapist = Actor::User(auth::principal_for(&on, &user).await?);
            let rating = rundt_domain::adherence::SupervisorRating {
                date: day,
                answers: (0..rundt_domain::adherence::SAM_ITEMS)
                    .map(|i| Some(5 - ((i + k) % 3) as u8))
                    .collect(),
            };
            fidelity::rate_supervisor(&on, &therapist, team.id, &rating).await?;
            day += Duration::days(rundt_domain::adherence::SAM_INTERVAL_DAYS);
        }
    }
    Ok(())
}
