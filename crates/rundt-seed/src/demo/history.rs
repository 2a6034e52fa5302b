//! Earlier courses for the demo: two years of families per team, discharged
//! with varied reasons and outcomes, with monthly adherence interviews, the
//! family-experience survey and the follow-ups that have fallen due, so the
//! dashboards have figures to show (and to suppress). Entered through the
//! real use cases on back-dated clocks, like the rest of the demo; weekly
//! notes are left out of these older courses to keep loading quick.

use chrono::{Datelike, Duration, NaiveDate};
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::organisation::TeamOverview;
use rundt_app::treatment;
use rundt_app::{Actor, App, AppError, AppResult, auth, fidelity};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
use rundt_domain::experience::FamilyExperience;
use rundt_domain::id::UserId;
use rundt_domain::referral::{Consent, ReferralBehaviour, ReferralDetails, default_legal_basis};
use rundt_domain::team::Position;
use rundt_domain::treatment::Attainment;

use super::course::{assessment, goals, national_id};
use super::mapping::map_family;
use super::safety::{plan_for, reported_incident};
use rundt_app::records::ParticipantRole;

use super::words::words;
use crate::steps::{
    Respondent, accept_on, assign_and_assess, child_outcomes, follow_ups, monthly_interviews,
};

/// Earlier families per team: two a month over two years, about what a
/// team of three or four therapists discharges. Fewer would leave a
/// municipality's year of results almost all hidden by the small-cell rule.
pub const FAMILIES_PER_TEAM: usize = 48;

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

pub(super) fn referral(country: Country, referred: NaiveDate) -> ReferralDetails {
    let w = words(country);
    ReferralDetails {
        behaviours: vec![ReferralBehaviour {
            behaviour: w.history_behaviour[0].into(),
            frequency: w.history_behaviour[1].into(),
            intensity: w.history_behaviour[2].into(),
            duration: w.history_behaviour[3].into(),
        }],
        legal_basis: default_legal_basis(country).into(),
        consent: Some(Consent {
            given_by: w.parent.into(),
            given_on: referred - Duration::days(3),
        }),
        exclusions: Default::default(),
        known_to_child_protection_within_180_days: true,
        notes: String::new(),
        contact: Default::default(),
        school: String::new(),
        placement_considered: None,
        // The child welfare service's case number, as its own system writes it.
        child_welfare_case: format!("{}/{:05}", referred.format("%Y"), referred.ordinal() * 37),
    }
}

/// The team's therapists, in the order the team lists its members.
fn therapist_ids(team: &TeamOverview) -> Vec<UserId> {
    team.members
        .iter()
        .filter(|m| m.position == Position::Therapist)
        .map(|m| m.user_id)
        .collect()
}

/// The owning municipalities' codes in ascending order.
fn owner_codes(team: &TeamOverview) -> Vec<&str> {
    let mut codes: Vec<&str> = team
        .owners
        .iter()
        .map(|o| o.municipality_code.as_str())
        .collect();
    codes.sort_unstable();
    codes
}

/// Adds the earlier courses of one team.
pub(super) async fn add_history(app: &App, team: &TeamOverview) -> AppResult<()> {
    let therapist_ids = therapist_ids(team);
    let owners = owner_codes(team);
    let Some(supervisor) = supervisor_actor(app, team).await? else {
        return Ok(());
    };
    if therapist_ids.is_empty() {
        return Ok(());
    }
    let cli = Actor::cli();
    let today = app.clock.today();
    let can = team.programme_model.code != "MST";
    let weeks_base: i64 = if can { 30 } else { 17 };
    for i in 0..FAMILIES_PER_TEAM {
        let t = team.id.get();
        let owner = owners
            .get(i % owners.len().max(1))
            .map(|code| (*code).to_owned())
            .ok_or_else(|| AppError::Internal(format!("team {} has no owner", team.name)))?;
        // One family in eight of a team that sells places comes from the
        // municipality that buys them (issue 14's invoicing).
        let buyer = super::money::BUYERS
            .iter()
            .find(|(name, _, _)| *name == team.name)
            .map(|(_, _, buyer)| (*buyer).to_owned());
        let municipality = match buyer {
            Some(buyer) if i % 8 == 7 => buyer,
            _ => owner,
        };
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
        // An MST-CAN child is recorded with a national id.
        let serial = 5000 + u32::try_from(t).unwrap_or(0) * 97 + i as u32;
        let mut child = person(GIVEN[i % GIVEN.len()], family, born);
        if can {
            child.national_id = Some(national_id(team.country, born, serial)?);
        }
        let parent = words(team.country).parent_name;
        let case = cases::refer_family(
            &app.on_day(referred),
            &cli,
            &ReferFamily {
                team_id: team.id,
                referring_municipality: Some(municipality),
                young_person: child,
                other_children: Vec::new(),
                caregivers: vec![person(parent, family, born - Duration::days(365 * 30))],
                referral: referral(team.country, referred),
            },
        )
        .await?;
        let accepted = accept_on(app, case.id, case.version, referred + Duration::days(3)).await?;
        let therapist_id = therapist_ids[i % therapist_ids.len()];
        let h = spread(t, i, 3);
        // One MST-CAN family in six agrees its safety plan only on day 9.
        let plan = plan_for(team, GIVEN[i % GIVEN.len()], parent, start).map(|mut p| {
            if h % 6 == 0 {
                p.agreed_with_family_on = start + Duration::days(9);
                p.shared_with_child_welfare_on = Some(start + Duration::days(9));
            }
            p
        });
        let version = assign_and_assess(
            app,
            case.id,
            accepted,
            therapist_id,
            start,
            &assessment(team.country, parent),
            plan.as_ref(),
        )
        .await?;
        // Monthly interviews by the supervisor; one therapist drifts lower.
        let level = therapist_id.get().rem_euclid(3) as usize;
        let end = Some(discharged_on);
        let who = Respondent::primary_caregiver(&case)?;
        monthly_interviews(app, &supervisor, who, start, end, discharged_on, level).await?;
        if can {
            // The map and the child's voice (three in four heard), and in
            // one family in five an incident, reported to child welfare.
            map_family(app, &case, team.country, parent, start, h % 4 != 0).await?;
            if h % 5 == 0 {
                let child = case
                    .people
                    .iter()
                    .find(|p| p.role == ParticipantRole::YoungPerson)
                    .map(|p| p.id)
                    .ok_or_else(|| {
                        AppError::Internal(format!("family {} has no child", case.id))
                    })?;
                let happened = start + Duration::days(45);
                reported_incident(app, case.id, team.country, child, happened).await?;
            }
        }
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
                words(team.country).stopped_reason.into()
            } else {
                String::new()
            },
            clinical_evaluation: words(team.country).short_evaluation.into(),
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
            // Of the children not at home, every other one by a care order.
            children: child_outcomes(&case, can, |_| {
                (
                    outcomes.living_at_home,
                    !outcomes.living_at_home && h % 2 == 0,
                )
            }),
        };
        let version = treatment::discharge(
            &app.on_day(discharged_on),
            &cli,
            case.id,
            version,
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
        follow_ups(
            app,
            case.id,
            version,
            discharged_on,
            words(team.country).follow_up_source,
            &discharge.children,
            |months, _| UltimateOutcomes {
                living_at_home: outcomes.living_at_home || h % 3 == 0,
                in_school_or_working: (h + i64::from(months)) % 6 != 0,
                no_new_arrests: (h + i64::from(months)) % 8 != 0,
            },
        )
        .await?;
    }
    Ok(())
}

/// The team's supervisor as an acting person (interviews and surveys are
/// theirs to record).
pub(super) async fn supervisor_actor(app: &App, team: &TeamOverview) -> AppResult<Option<Actor>> {
    let Some(supervisor) = team
        .members
        .iter()
        .find(|m| m.position == Position::Supervisor)
    else {
        return Ok(None);
    };
    Ok(Some(auth::act_as(app, supervisor.user_id).await?))
}
