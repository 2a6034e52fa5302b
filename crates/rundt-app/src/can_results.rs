//! MST-CAN's outcomes per child at discharge and follow-up, and the
//! family's facts for the results, put together from what the team
//! recorded (the safety plans, the incidents, the children's voice).

use rundt_domain::discharge::{ChildFollowUp, ChildOutcome};
use rundt_domain::id::PersonId;
use rundt_domain::indicators::can::{CanCourse, CanFamilyFacts};
use rundt_domain::programme::MST_CAN;
use rundt_store::{CaseRecord, ParticipantRole};

use crate::{App, AppError, AppResult};

/// Whether the case's team follows each child's outcomes (MST-CAN).
pub(crate) async fn per_child(app: &App, case: &CaseRecord) -> AppResult<bool> {
    let team = app
        .store
        .get_team(case.team_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("case {} has no team", case.id)))?;
    Ok(team.programme_model == MST_CAN)
}

/// The family's children (its young persons) with their given names, for
/// the messages about a missing row.
pub(crate) async fn children(app: &App, case: &CaseRecord) -> AppResult<Vec<(PersonId, String)>> {
    let ids = app
        .store
        .case_people_in_role(case.id, ParticipantRole::YoungPerson)
        .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let name = app
            .store
            .get_person(id)
            .await?
            .map_or_else(|| id.to_string(), |p| p.given_name);
        out.push((id, name));
    }
    Ok(out)
}

/// The family's facts with the children's outcomes at discharge and the
/// rows of every follow-up so far.
pub(crate) async fn facts(
    app: &App,
    case: &CaseRecord,
    children: &[(PersonId, String)],
    discharged_on: chrono::NaiveDate,
    at_discharge: &[ChildOutcome],
    follow_ups: &[ChildFollowUp],
) -> AppResult<CanFamilyFacts> {
    let start = case
        .treatment_start
        .ok_or_else(|| AppError::Conflict(rundt_domain::msg!("treatment-no-start")))?;
    let plans: Vec<_> = app
        .store
        .safety_plans(case.id)
        .await?
        .into_iter()
        .map(|v| v.plan.agreed_with_family_on)
        .collect();
    let incidents: Vec<_> = app
        .store
        .incidents(case.id)
        .await?
        .into_iter()
        .map(|i| case.country.local_date(i.incident.at))
        .collect();
    let heard: Vec<PersonId> = app
        .store
        .child_voices(case.id)
        .await?
        .into_iter()
        .filter(|r| r.voice.is_heard())
        .map(|r| r.voice.child)
        .collect();
    let ids: Vec<PersonId> = children.iter().map(|(id, _)| *id).collect();
    Ok(CanFamilyFacts::of_course(&CanCourse {
        treatment_start: start,
        discharged_on: Some(discharged_on),
        children: &ids,
        at_discharge,
        follow_ups,
        safety_plans_agreed: &plans,
        incidents: &incidents,
        heard: &heard,
    }))
}
