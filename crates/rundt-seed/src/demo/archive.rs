//! Records old enough for the retention rules (docs/RETENTION.md): on each
//! country's oldest team, two courses followed up over 18 months and a
//! declined referral (Denmark: 2013–15, so they are due; Norway: 2020, the
//! first year its municipality numbers are known); a therapist who left
//! in 2021 treated them; the country's auditor has put the second course
//! on legal hold (a complaint is pending). So `rundt retention --dry-run`
//! shows a newcomer something due in Denmark, courses kept for good in
//! Norway, and a hold in each country, in the country's language.

use chrono::{Duration, NaiveDate};
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::organisation;
use rundt_app::organisation::TeamOverview;
use rundt_app::users::{self, JoinTeam};
use rundt_app::{Actor, App, AppResult, auth, retention, treatment};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
use rundt_domain::id::CaseId;
use rundt_domain::treatment::Attainment;
use rundt_domain::user::{Role, User, UserId};

use super::course::{assessment, goals};
use super::history::referral;
use super::safety::plan_for;
use super::words::words;
use crate::steps::{accept_on, assign_and_assess, child_outcomes, follow_ups};
use rundt_domain::programme::MST_CAN;

fn day(y: i32, m: u32, d: u32) -> AppResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| rundt_app::AppError::Internal(format!("no day {y}-{m}-{d}")))
}

/// Adds the old records to the oldest team of each country that worked in
/// 2013, and the auditor's legal hold.
pub(super) async fn add_archive(
    app: &App,
    teams: &[TeamOverview],
    everyone: &[User],
) -> AppResult<()> {
    let worked_then = day(2013, 1, 1)?;
    for country in Country::ALL {
        let Some(team) = teams
            .iter()
            .filter(|t| t.country == country && t.started_on <= worked_then)
            .min_by_key(|t| t.started_on)
        else {
            continue;
        };
        let w = words(country);
        let therapist = former_therapist(app, team).await?;
        let mut cases = Vec::new();
        // Norway's municipality numbers are known from 2020 (the reference
        // list starts with the 2020 reform), so its old records are newer.
        let (course_year, referral_year) = match country {
            Country::DK => (2013, 2015),
            Country::NO => (2020, 2020),
        };
        for (k, names) in w.archive_names.iter().take(2).enumerate() {
            let referred = day(course_year, 2, 3)? + Duration::days(35 * k as i64);
            cases.push(old_course(app, team, therapist, referred, *names).await?);
        }
        let declined_on = day(referral_year, 9, 7)?;
        old_declined_referral(app, team, declined_on, w.archive_names[2]).await?;
        let auditor = everyone
            .iter()
            .find(|u| u.role == Role::Auditor && u.country == country);
        if let (Some(auditor), Some(held)) = (auditor, cases.get(1)) {
            let actor = auth::act_as(app, auditor.id).await?;
            retention::place_hold(app, &actor, *held, w.legal_hold).await?;
        }
    }
    Ok(())
}

/// The therapist who treated the old families: on the team from 2012 to
/// the summer of 2021, when they left.
async fn former_therapist(app: &App, team: &TeamOverview) -> AppResult<UserId> {
    let cli = Actor::cli();
    let (username, name) = match team.country {
        Country::DK => ("bente.therapist", "Bente Kjær"),
        Country::NO => ("per.therapist", "Per Haugland"),
    };
    let made = users::create_user_in_team(
        app,
        &cli,
        &super::demo_user(username, name, "therapist", team.country.code(), None),
        &JoinTeam {
            team_id: team.id,
            position: "therapist".into(),
            since: Some(day(2012, 6, 1)?),
        },
    )
    .await?;
    let id = made.created.user.id;
    crate::trained(
        app,
        id,
        &team.programme_model.code,
        "therapist",
        day(2012, 6, 1)?,
    )
    .await?;
    organisation::end_membership(
        app,
        &cli,
        team.id,
        made.membership.id,
        Some(day(2021, 6, 30)?),
    )
    .await?;
    Ok(id)
}

/// The family `names` (young person, caregiver, family name) referred to
/// `team` on `referred` by its first owner municipality.
async fn refer(
    app: &App,
    team: &TeamOverview,
    referred: NaiveDate,
    names: (&str, &str, &str),
) -> AppResult<cases::CaseView> {
    let (young, parent, family) = names;
    let person = |given: &str, born: NaiveDate| PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        national_id: None,
        birth_date: Some(born),
    };
    cases::refer_family(
        &app.on_day(referred),
        &Actor::cli(),
        &ReferFamily {
            team_id: team.id,
            referring_municipality: team
                .owners
                .first()
                .map(|o| o.municipality_code.as_str().to_owned()),
            young_person: person(young, referred - Duration::days(365 * 14 + 40)),
            other_children: Vec::new(),
            caregivers: vec![person(parent, referred - Duration::days(365 * 42))],
            referral: referral(team.country, referred),
        },
    )
    .await
}

/// A course referred on `referred`, treated for 18 weeks and followed up.
async fn old_course(
    app: &App,
    team: &TeamOverview,
    therapist: UserId,
    referred: NaiveDate,
    names: (&str, &str, &str),
) -> AppResult<CaseId> {
    let cli = Actor::cli();
    let case = refer(app, team, referred, names).await?;
    let accepted = accept_on(app, case.id, case.version, referred + Duration::days(3)).await?;
    let start = referred + Duration::days(14);
    let plan = plan_for(team, names.0, names.1, start);
    let version = assign_and_assess(
        app,
        case.id,
        accepted,
        therapist,
        start,
        &assessment(team.country, names.1),
        plan.as_ref(),
    )
    .await?;
    let discharged_on = start + Duration::weeks(18);
    let g = goals(team.country);
    let good = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    let can = team.programme_model.code == MST_CAN;
    let children = child_outcomes(&case, can, |_| (true, false));
    let version = treatment::discharge(
        &app.on_day(discharged_on),
        &cli,
        case.id,
        version,
        &Discharge {
            date: discharged_on,
            reason: DischargeReason::Completed,
            reason_note: String::new(),
            clinical_evaluation: words(team.country).short_evaluation.into(),
            goals: g
                .iter()
                .map(|(goal, _)| GoalResult {
                    goal: (*goal).into(),
                    result: Attainment::Met,
                })
                .collect(),
            outcomes: good,
            children: children.clone(),
        },
    )
    .await?
    .version;
    follow_ups(
        app,
        case.id,
        version,
        discharged_on,
        words(team.country).follow_up_source,
        &children,
        |_, _| good,
    )
    .await?;
    Ok(case.id)
}

/// A referral the team declined a week after it came.
async fn old_declined_referral(
    app: &App,
    team: &TeamOverview,
    referred: NaiveDate,
    names: (&str, &str, &str),
) -> AppResult<CaseId> {
    let cli = Actor::cli();
    let case = refer(app, team, referred, names).await?;
    let decided = referred + Duration::days(7);
    treatment::decline(
        &app.on_day(decided),
        &cli,
        case.id,
        case.version,
        words(team.country).declined,
    )
    .await?;
    Ok(case.id)
}
