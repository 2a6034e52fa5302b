//! A family's course after referral: the team's decision, assignment with
//! caseload awareness, the assessment, weekly summaries, supervision
//! recommendations, discharge with its report, and follow-ups.

use chrono::{Duration, NaiveDate};
use rundt_domain::access::CourseDetail;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::discharge::{ChildFollowUp, Discharge, FollowUp, check_children, treatment_days};
use rundt_domain::error::Validator;
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::lifecycle::{CaseStatus, Step};
use rundt_domain::msg;
use rundt_domain::people::{MeetingAttendance, validate_attendance};
use rundt_domain::referral::Screening;
use rundt_domain::team::TeamId;
use rundt_domain::treatment::{Assessment, WeeklySummary, missing_last_week, week_start_of};
use rundt_store::{
    CanWrite, CaseChange, CaseFilter, CaseRecord, DischargeRecord, FollowUpRecord, Recommendation,
    StatusChange, SupervisionRecord, WeeklySummaryWrite,
};
use serde::{Deserialize, Serialize};

use crate::case_write::{CaseWrite, IfMatch, status_change};
use crate::cases::{CaseView, view};

pub use crate::capacity::{Capacity, TherapistLoad, WaitingPlace, capacity, capacity_of};
pub use crate::decisions::{
    AssignTherapist, Assignment, accept, accept_and_assign, assign, decline, screening,
};

/// The first day of treatment of a case that must have started it.
fn treatment_start(case: &CaseRecord) -> AppResult<NaiveDate> {
    case.treatment_start
        .ok_or_else(|| AppError::Conflict(msg!("treatment-no-start")))
}
use crate::{Actor, App, AppError, AppResult, access};

/// The stored assessment and its version.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentView {
    pub assessment: Assessment,
    pub version: i64,
}

pub async fn save_assessment(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    assessment: &Assessment,
    expected_version: Option<i64>,
) -> AppResult<AssessmentView> {
    let at = IfMatch::Assessment(expected_version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseAssessmentSave, at).await?;
    if write.status() != CaseStatus::InTreatment {
        return Err(AppError::Conflict(msg!("assessment-not-in-treatment")));
    }
    write.safety_first(app).await?;
    assessment.validate()?;
    let doc = app
        .store
        .save_assessment(case_id, assessment, expected_version, &write.event)
        .await?;
    Ok(AssessmentView {
        assessment: doc.content,
        version: doc.version,
    })
}

/// A stored weekly summary.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklySummaryView {
    pub id: i64,
    pub summary: WeeklySummary,
    pub contact_count: u32,
    pub contact_minutes: u32,
    pub version: i64,
}

fn summary_view(r: rundt_store::WeeklySummaryRecord) -> AppResult<WeeklySummaryView> {
    Ok(WeeklySummaryView {
        id: r.id,
        summary: r.content,
        contact_count: r.contact_count,
        contact_minutes: r.contact_minutes,
        version: r.version,
    })
}

/// Writes (or, with a version, edits) the weekly summary of a week.
pub async fn save_weekly_summary(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    summary: &WeeklySummary,
    expected_version: Option<i64>,
) -> AppResult<WeeklySummaryView> {
    let at = IfMatch::WeeklySummary(summary.week_start, expected_version);
    let write =
        CaseWrite::open(app, actor, case_id, AuditAction::CaseWeeklySummarySave, at).await?;
    write.next(Step::RecordWeeklySummary, &[])?;
    let safety_first = write.safety_first(app).await?;
    let start = treatment_start(&write.case)?;
    // The plan's review is asked beside the summary's own checks, so the
    // form says everything that is missing at once.
    let mut missing = match summary.validate(start, app.clock.today()) {
        Ok(()) => Vec::new(),
        Err(rundt_domain::DomainError::Invalid(fields)) => fields,
        Err(other) => return Err(other.into()),
    };
    if safety_first && summary.safety_review.is_none() {
        let why = msg!("safety-review-missing");
        missing.push(rundt_domain::FieldError::new("safety_review", why));
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing));
    }
    let record = WeeklySummaryWrite {
        case_id,
        week_start: summary.week_start,
        therapist_id: write.case.therapist_id,
        content: summary.clone(),
    };
    summary_view(
        app.store
            .save_weekly_summary(&record, expected_version, &write.event)
            .await?,
    )
}

/// A family whose summary for last week is missing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverdueSummary {
    pub case_id: CaseId,
    pub therapist_id: Option<UserId>,
    pub week_start: NaiveDate,
}

/// Families in the actor's care (a therapist's own, a supervisor's team's)
/// whose summary for last week is missing.
pub async fn overdue_summaries(app: &App, actor: &Actor) -> AppResult<Vec<OverdueSummary>> {
    use rundt_domain::user::Role::*;
    let mut filter = CaseFilter {
        statuses: Some(vec![CaseStatus::InTreatment]),
        ..CaseFilter::default()
    };
    match actor.principal() {
        Some(p) if p.role == Therapist => filter.therapist_id = Some(p.user_id),
        Some(p) if matches!(p.role, Supervisor | Consultant) => {
            filter.team_ids = Some(p.team_ids.clone())
        }
        Some(_) => return Ok(Vec::new()),
        None => {}
    }
    let cases = app.store.list_cases(&filter).await?;
    let today = app.clock.today();
    let since = week_start_of(today) - Duration::days(7);
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let done = app.store.summarised_weeks(&ids, since).await?;
    Ok(cases
        .iter()
        .filter_map(|c| {
            let weeks: Vec<NaiveDate> = done
                .iter()
                .filter(|(id, _)| *id == c.id)
                .map(|(_, w)| *w)
                .collect();
            missing_last_week(c.treatment_start?, today, &weeks).map(|week| OverdueSummary {
                case_id: c.id,
                therapist_id: c.therapist_id,
                week_start: week,
            })
        })
        .collect())
}

/// Discharges a family: the clinical evaluation against the goals, the
/// ultimate outcomes, treatment days computed.
pub async fn discharge(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    d: &Discharge,
) -> AppResult<CaseView> {
    let at = IfMatch::Case(version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseDischarge, at).await?;
    let next = write.next(Step::Discharge, &[])?;
    let start = treatment_start(&write.case)?;
    let goals: Vec<String> = match app.store.assessment(case_id).await? {
        Some(doc) => doc
            .content
            .overarching_goals
            .into_iter()
            .map(|g| g.goal)
            .collect(),
        None => Vec::new(),
    };
    d.validate(start, app.clock.today(), &goals)?;
    let per_child = crate::can_results::per_child(app, &write.case).await?;
    let children = if per_child {
        crate::can_results::children(app, &write.case).await?
    } else {
        Vec::new()
    };
    let given: Vec<_> = d.children.iter().map(|c| c.child).collect();
    let mut v = Validator::new();
    check_children(&mut v, "children", &given, &children, per_child);
    v.finish()?;
    let can = match per_child {
        true => Some(CanWrite {
            facts: crate::can_results::facts(app, &write.case, &children, d.date, &d.children, &[])
                .await?,
            children: d.children.clone(),
        }),
        false => None,
    };
    let record = DischargeRecord {
        case_id,
        discharged_on: d.date,
        reason: d.reason,
        content: d.clone(),
        treatment_days: treatment_days(start, d.date),
        living_at_home: d.outcomes.living_at_home,
        in_school_or_working: d.outcomes.in_school_or_working,
        no_new_arrests: d.outcomes.no_new_arrests,
        can,
    };
    let change = CaseChange {
        discharged_on: Some(d.date),
        ..status_change(next)
    };
    let updated = app
        .store
        .discharge_case(&record, write.version(), &change, &write.event)
        .await?;
    Ok(view(app, updated, false))
}

/// Records a follow-up at 6, 12 or 18 months; the last one closes the case.
pub async fn follow_up(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    version: i64,
    f: &FollowUp,
) -> AppResult<CaseView> {
    let at = IfMatch::Case(version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseFollowUp, at).await?;
    let done: Vec<u8> = app
        .store
        .follow_ups(case_id)
        .await?
        .iter()
        .map(|f| f.months)
        .collect();
    let next = write.next(Step::RecordFollowUp { months: f.months }, &done)?;
    let discharged = write
        .case
        .discharged_on
        .ok_or_else(|| AppError::Conflict(msg!("discharge-date-missing")))?;
    f.validate(discharged, app.clock.today())?;
    let per_child = crate::can_results::per_child(app, &write.case).await?;
    let children = if per_child {
        crate::can_results::children(app, &write.case).await?
    } else {
        Vec::new()
    };
    let given: Vec<_> = f.children.iter().map(|c| c.child).collect();
    let mut v = Validator::new();
    check_children(&mut v, "children", &given, &children, per_child);
    v.finish()?;
    let can = match per_child {
        true => {
            let at_discharge = app.store.can_child_outcomes(case_id).await?;
            let mut rows: Vec<ChildFollowUp> = app
                .store
                .can_child_follow_ups(case_id)
                .await?
                .into_iter()
                .map(|r| r.row)
                .collect();
            rows.extend_from_slice(&f.children);
            let facts = crate::can_results::facts(
                app,
                &write.case,
                &children,
                discharged,
                &at_discharge,
                &rows,
            )
            .await?;
            Some(CanWrite {
                children: f.children.clone(),
                facts,
            })
        }
        false => None,
    };
    let record = FollowUpRecord {
        case_id,
        months: f.months,
        done_on: f.date,
        living_at_home: f.outcomes.living_at_home,
        in_school_or_working: f.outcomes.in_school_or_working,
        no_new_arrests: f.outcomes.no_new_arrests,
        notes: f.notes.clone(),
        can,
    };
    let updated = app
        .store
        .record_follow_up(&record, write.version(), &status_change(next), &write.event)
        .await?;
    Ok(view(app, updated, false))
}

/// Everything about a family, for its page and its discharge report. Reading
/// it is audited per person (through `cases::read_case`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseFile {
    /// How much of the course the reader sees (the municipality reads the
    /// weeks' progress, not the team's working notes).
    pub detail: CourseDetail,
    pub case: CaseView,
    pub referral: Option<rundt_domain::referral::ReferralDetails>,
    pub screening: Option<Screening>,
    pub assessment: Option<AssessmentView>,
    pub weekly_summaries: Vec<WeeklySummaryView>,
    pub recommendations: Vec<Recommendation>,
    pub discharge: Option<Discharge>,
    pub treatment_days: Option<i64>,
    pub follow_ups: Vec<FollowUp>,
    pub history: Vec<StatusChange>,
    /// Last week's summary is missing.
    pub overdue_week: Option<NaiveDate>,
    /// An MST-CAN family's safety: its plan, incidents and warnings (`None`
    /// for a model that does not work safety first).
    pub safety: Option<crate::safety::SafetyStatus>,
    /// An MST family's crisis plan and contacts: whether the plan is due,
    /// how many contacts the reader has not opened (`None` for a model
    /// that works safety first, and for the municipality).
    pub crisis: Option<crate::crisis_plan::CrisisStatus>,
    /// The overarching goals of the latest MST-CAN treatment plan, with how
    /// progress is measured: reviewed in each weekly summary and rated at
    /// discharge beside the assessment's.
    pub plan_goals: Vec<rundt_domain::treatment::OverarchingGoal>,
    /// The referral's hand-off: the receipt, the acknowledgement and the
    /// information the caseworker added.
    pub handoff: crate::referrals::Handoff,
}

pub async fn case_file(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CaseFile> {
    let case = crate::case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    file_of(app, &case).await
}

/// The file of a case the guard has opened.
pub async fn file_of(app: &App, opened: &crate::case_access::OpenCase) -> AppResult<CaseFile> {
    let case_id = opened.id();
    let case = crate::cases::read_opened(app, opened).await?;
    let records = app.store.case_records(case_id).await?;
    let referral = records.referral;
    let summaries = records.weekly_summaries;
    let weeks: Vec<NaiveDate> = summaries.iter().map(|s| s.week_start).collect();
    let discharge_record = records.discharge;
    let child_follow_ups = records.child_follow_ups;
    let team = app.store.get_team(case.team_id).await?;
    // The team's model once, for the safety and the crisis status both.
    let model = match &team {
        Some(team) => Some(crate::organisation::model_of(app, team).await?),
        None => None,
    };
    let safety = match &model {
        Some(model) => crate::safety::status_of(app, &case, model).await?,
        None => None,
    };
    let detail = rundt_domain::access::course_detail(opened.actor().principal());
    let crisis = match &model {
        Some(model) if detail != CourseDetail::Municipal => {
            // The guard's record: the case was read a moment ago.
            let reader = opened.actor().principal().map(|p| p.user_id);
            crate::crisis_plan::status_of(app, opened.record(), model, reader).await?
        }
        _ => None,
    };
    let team_name = team.map(|t| t.name).unwrap_or_default();
    let overdue_week = match (case.status, case.treatment_start) {
        (CaseStatus::InTreatment, Some(start)) => {
            missing_last_week(start, app.clock.today(), &weeks)
        }
        _ => None,
    };
    let municipal = detail == CourseDetail::Municipal;
    let mut weekly_summaries = summaries
        .into_iter()
        .map(summary_view)
        .collect::<AppResult<Vec<_>>>()?;
    if municipal {
        for w in &mut weekly_summaries {
            w.summary = w.summary.for_municipality();
        }
    }
    Ok(CaseFile {
        detail,
        referral: referral.as_ref().map(|r| r.details.clone()),
        screening: referral.map(|r| r.screening),
        assessment: match records.assessment {
            Some(doc) => Some(AssessmentView {
                assessment: doc.content,
                version: doc.version,
            }),
            None => None,
        },
        weekly_summaries,
        // Supervision's recommendations are the team's working notes.
        recommendations: if municipal {
            Vec::new()
        } else {
            records.recommendations
        },
        treatment_days: discharge_record.as_ref().map(|d| d.treatment_days),
        discharge: discharge_record.as_ref().map(|d| d.content.clone()),
        follow_ups: records
            .follow_ups
            .into_iter()
            .map(|f| FollowUp {
                children: child_follow_ups
                    .iter()
                    .filter(|r| r.months == f.months)
                    .map(|r| r.row)
                    .collect(),
                months: f.months,
                date: f.done_on,
                outcomes: rundt_domain::discharge::UltimateOutcomes {
                    living_at_home: f.living_at_home,
                    in_school_or_working: f.in_school_or_working,
                    no_new_arrests: f.no_new_arrests,
                },
                notes: f.notes,
            })
            .collect(),
        history: records.status_history,
        overdue_week,
        safety,
        crisis,
        plan_goals: records
            .treatment_plans
            .into_iter()
            .next()
            .map(|v| {
                v.plan
                    .goals
                    .into_iter()
                    .map(|g| rundt_domain::treatment::OverarchingGoal {
                        goal: g.overarching,
                        measure: g.measured_by,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        handoff: crate::referrals::handoff_of(app, opened, &case, team_name).await?,
        case,
    })
}

/// A weekly supervision or consultation meeting.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordSupervision {
    pub held_on: NaiveDate,
    /// `supervision` or `consultation`.
    pub kind: String,
    /// Names of others present (guests); the team's members present are
    /// added from `attendance`.
    #[serde(default)]
    pub attendees: Vec<String>,
    /// Each team member: present, or absent with a reason. Weeks missed
    /// are counted from it.
    #[serde(default)]
    pub attendance: Vec<MeetingAttendance>,
    pub families: Vec<FamilyDiscussed>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyDiscussed {
    pub case_id: CaseId,
    pub recommendation: String,
}

/// The names of those present: the team's members marked present, then
/// the guests named, each once.
fn attendee_names(
    attendance: &[MeetingAttendance],
    members: &[rundt_store::TeamMember],
    guests: &[String],
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let present = attendance.iter().filter(|a| a.present);
    let member_names = present.filter_map(|a| {
        members
            .iter()
            .find(|m| m.user_id == a.user_id)
            .map(|m| m.display_name.clone())
    });
    for name in member_names.chain(guests.iter().map(|g| g.trim().to_owned())) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// How many past meetings the supervision history shows: a year of weekly
/// meetings.
pub const SUPERVISION_HISTORY_MEETINGS: u32 = 52;

/// The team's past supervision and consultation meetings with their
/// recommendations, newest first, for the team's supervisor and consultant.
/// The recommendations are about families: the reading is audited.
pub async fn supervision_history(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
) -> AppResult<Vec<SupervisionRecord>> {
    let who = access::InTeam::SupervisorOrConsultant;
    let why = msg!("supervisor-records-meetings");
    access::require_in_team(
        app,
        actor,
        team_id,
        who,
        AuditAction::TeamSupervisionRead,
        why,
    )
    .await?;
    let read = actor.event(
        app.clock.now(),
        AuditAction::TeamSupervisionRead,
        Object::team(team_id),
    );
    let meetings = app
        .store
        .team_supervisions(team_id, SUPERVISION_HISTORY_MEETINGS, &read)
        .await?;
    Ok(meetings)
}

/// The supervisor records a meeting; its recommendations show on each
/// family's page.
pub async fn record_supervision(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &RecordSupervision,
) -> AppResult<SupervisionRecord> {
    // The supervisor records both meetings; the consultant also the
    // consultation they hold.
    let who = if input.kind == "consultation" {
        access::InTeam::SupervisorOrConsultant
    } else {
        access::InTeam::Supervisor
    };
    let why = msg!("supervisor-records-meetings");
    access::require_in_team(
        app,
        actor,
        team_id,
        who,
        AuditAction::TeamSupervisionRecord,
        why,
    )
    .await?;
    let members = app
        .store
        .team_members_between(team_id, input.held_on, input.held_on)
        .await?;
    let member_ids: Vec<UserId> = members.iter().map(|m| m.user_id).collect();
    let mut v = rundt_domain::error::Validator::new();
    v.take(validate_attendance(&input.attendance, &member_ids));
    v.check(
        matches!(input.kind.as_str(), "supervision" | "consultation"),
        "kind",
        msg!("meeting-kind"),
    );
    v.check(
        input.held_on <= app.clock.today(),
        "held_on",
        msg!("meeting-in-future"),
    );
    v.check(
        !input.attendees.is_empty() || !input.attendance.is_empty(),
        "attendees",
        msg!("attendees-missing"),
    );
    // A meeting is about families, or at least records who came: one
    // with neither is nothing to keep.
    v.check(
        !input.families.is_empty() || !input.attendance.is_empty(),
        "families",
        msg!("families-discussed-missing"),
    );
    for (i, f) in input.families.iter().enumerate() {
        v.take(rundt_domain::error::clean_text(
            &format!("families[{i}].recommendation"),
            &f.recommendation,
            4000,
        ));
    }
    for (i, a) in input.attendees.iter().enumerate() {
        v.take(rundt_domain::error::clean_name(
            &format!("attendees[{i}]"),
            a,
            200,
        ));
    }
    v.finish()?;
    let record = SupervisionRecord {
        id: 0,
        team_id,
        held_on: input.held_on,
        kind: input.kind.clone(),
        attendees: attendee_names(&input.attendance, &members, &input.attendees),
        attendance: input.attendance.clone(),
        recommendations: input
            .families
            .iter()
            .map(|f| (f.case_id, f.recommendation.trim().to_owned()))
            .collect(),
    };
    let event = actor.event(
        app.clock.now(),
        AuditAction::TeamSupervisionRecord,
        Object::of(ObjectKind::Supervision),
    );
    Ok(app.store.create_supervision(&record, &event).await?)
}
