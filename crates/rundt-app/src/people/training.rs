//! A person's training: the courses they took with their certificates,
//! and the supervisor's exception that lets a therapist without the
//! initial training take families. Assigning a family asks
//! [`check_may_take_families`].

use rundt_domain::access::Action;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::people::{
    Certificate, NewTrainingRecord, TrainingException, TrainingKind, TrainingRecord,
    check_certificate, check_exception_reason, initial_training, may_take_families,
};
use rundt_domain::team::{Position, Team};
use rundt_domain::{Arg, DomainError};

use super::load::post_today;
use super::{event, written};
use crate::organisation::{get_team, team_scope};
use crate::{Actor, App, AppError, AppResult, access};

/// A certificate file as it came in a form or request.
#[derive(Debug, Clone)]
pub struct CertificateUpload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The teams a person is in today.
async fn teams_of(app: &App, user_id: UserId) -> AppResult<Vec<TeamId>> {
    Ok(app.store.user_team_ids(user_id, app.clock.now()).await?)
}

/// Records a course `user_id` took, with its certificate if one came: by
/// the person, or the supervisor or consultant of a team they are in. The
/// record and its file are checked whole before anything is stored.
pub async fn record_training(
    app: &App,
    actor: &Actor,
    user_id: UserId,
    input: &NewTrainingRecord,
    upload: Option<CertificateUpload>,
) -> AppResult<TrainingRecord> {
    let action = AuditAction::PeopleTrainingRecord;
    let person_teams = teams_of(app, user_id).await?;
    let who = Action::RecordTraining {
        person: user_id,
        person_teams: &person_teams,
    };
    access::check(app, actor, &who, action, Object::user(user_id)).await?;
    if app.store.get_user(user_id).await?.is_none() {
        return Err(AppError::NotFound(format!("user {user_id}")));
    }
    let record = input.validate(app.clock.today());
    let certificate = upload.map(|u| check_certificate(&u.file_name, u.bytes));
    let (record, certificate) = both(record, certificate.transpose())?;
    let event = event(app, actor, action, Object::user(user_id));
    Ok(app
        .store
        .add_training_record(
            user_id,
            &record,
            certificate.as_ref(),
            written(app, actor),
            &event,
        )
        .await?)
}

/// Both results, or every field error of the two.
fn both<A, B>(a: Result<A, DomainError>, b: Result<B, DomainError>) -> Result<(A, B), DomainError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(DomainError::Invalid(mut x)), Err(DomainError::Invalid(y))) => {
            x.extend(y);
            Err(DomainError::Invalid(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// A training record's certificate, for those who see the person's
/// record; reading it is audited.
pub async fn certificate(
    app: &App,
    actor: &Actor,
    record_id: i64,
) -> AppResult<(TrainingRecord, Certificate)> {
    let action = AuditAction::PeopleCertificateRead;
    let object = Object::keyed(ObjectKind::TrainingRecord, record_id);
    let not_found = || AppError::NotFound(format!("certificate {record_id}"));
    let (record, file) = app
        .store
        .certificate(record_id)
        .await?
        .ok_or_else(not_found)?;
    let person_teams = teams_of(app, record.user_id).await?;
    let who = Action::ViewPersonRecord {
        person: record.user_id,
        person_teams: &person_teams,
    };
    access::check(app, actor, &who, action, object).await?;
    app.store
        .append_audit(&event(app, actor, action, object))
        .await?;
    Ok((record, file))
}

/// The supervisor records why a therapist of the team without the initial
/// training may be assigned families now.
pub async fn record_training_exception(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    user_id: UserId,
    reason: &str,
) -> AppResult<TrainingException> {
    let action = AuditAction::PeopleTrainingExceptionRecord;
    let team = get_team(app, team_id).await?;
    let scope = team_scope(&team);
    let who = Action::RecordTrainingException(&scope);
    access::check(app, actor, &who, action, Object::team(team_id)).await?;
    let reason = check_exception_reason(reason)?;
    let Some(position) = post_today(app, team_id, user_id).await? else {
        return Err(AppError::invalid("user_id", msg!("person-not-in-team")));
    };
    let records = app.store.training_records(&[user_id]).await?;
    let initial = initial_training(&team.programme_model, position, &records);
    if initial.required.is_empty() || initial.complete() {
        return Err(AppError::Conflict(msg!("training-exception-not-needed")));
    }
    let event = event(app, actor, action, Object::user(user_id));
    Ok(app
        .store
        .add_training_exception(team_id, user_id, &reason, written(app, actor), &event)
        .await?)
}

/// Refuses to give a family to a therapist whose initial training is not
/// recorded, unless the team's supervisor recorded an exception for them.
pub(crate) async fn check_may_take_families(
    app: &App,
    team: &Team,
    therapist_id: UserId,
    therapist_name: &str,
) -> AppResult<()> {
    let records = app.store.training_records(&[therapist_id]).await?;
    let initial = initial_training(&team.programme_model, Position::Therapist, &records);
    let exception = app
        .store
        .training_exceptions(team.id)
        .await?
        .iter()
        .any(|e| e.user_id == therapist_id);
    if may_take_families(&initial, exception) {
        return Ok(());
    }
    let first = initial
        .missing
        .first()
        .copied()
        .unwrap_or(TrainingKind::MstOrientation);
    Err(AppError::invalid(
        "therapist_id",
        msg!(
            "initial-training-missing",
            name = therapist_name,
            missing = Arg::word(kind_word(first)),
            more = initial.missing.len().saturating_sub(1)
        ),
    ))
}

/// The catalogue word for a kind of training (`training_mst_orientation`).
pub(crate) fn kind_word(kind: TrainingKind) -> String {
    format!("training_{}", kind.as_str())
}

/// Records every course of the initial training a post in a team of
/// `model_code` needs, one after the other from `first_day` (each its
/// standard days, a fortnight apart), given by `provider`; `certificate`
/// gives the file of a course, if any. For a cohort that took the
/// orientation together, and for generated and demo data.
pub async fn record_initial_training(
    app: &App,
    actor: &Actor,
    user_id: UserId,
    (model_code, position): (&str, Position),
    first_day: chrono::NaiveDate,
    provider: &str,
    certificate: impl Fn(TrainingKind) -> Option<CertificateUpload>,
) -> AppResult<Vec<TrainingRecord>> {
    let mut start = first_day;
    let mut recorded = Vec::new();
    for kind in rundt_domain::people::required_training(model_code, position) {
        let days = kind.standard_days().unwrap_or(1);
        let record = NewTrainingRecord {
            kind,
            title: None,
            provider: provider.to_owned(),
            started_on: start,
            finished_on: start + chrono::Duration::days(i64::from(days) - 1),
            days,
        };
        recorded.push(record_training(app, actor, user_id, &record, certificate(kind)).await?);
        start += chrono::Duration::days(14);
    }
    Ok(recorded)
}
