//! Making a study: a first draft with the defaults, versions saved whole,
//! the potential imported from a CSV file, comments, the list a reader may
//! see, and a study with its projection.

use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::access::{Action, StudyScope};
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::error::FieldError;
use rundt_domain::feasibility::{
    self, Study, StudyComment, StudyDocument, StudyProjection, StudySummary, StudyVersion,
};
use rundt_domain::money::{Currency, split_largest_remainder};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{FULL_SHARE_BP, Ownership};
use rundt_domain::user::{Role, UserId};
use rundt_store::Written;

use super::scope_of;
use crate::{Actor, App, AppError, AppResult, access};

/// Longest comment, in characters.
const MAX_COMMENT_CHARS: usize = 2_000;

/// A study with what its pages and report show beside it.
#[derive(Debug, Clone)]
pub struct StudyView {
    pub study: Study,
    /// The three scenarios worked out from the newest version.
    pub projection: StudyProjection,
    pub model: ProgrammeModel,
    /// The names of the study's municipalities, in its order.
    pub municipality_names: Vec<(MunicipalityCode, String)>,
    /// Whether the reader may save a new version (a manager of one of the
    /// municipalities, while the study is a draft).
    pub may_edit: bool,
    pub may_comment: bool,
    /// The reader's municipality, when the reader may approve the newest
    /// version for it and has not yet.
    pub may_approve_for: Option<MunicipalityCode>,
    /// The municipalities that approved the newest version.
    pub approved_now: Vec<MunicipalityCode>,
    /// The names of those who commented and approved.
    pub names: HashMap<UserId, String>,
}

fn written(app: &App, actor: &Actor) -> Written {
    Written {
        by: actor.principal().map(|p| p.user_id),
        at: app.clock.now(),
    }
}

pub(super) async fn model(app: &App, code: &str) -> AppResult<ProgrammeModel> {
    app.store.get_programme_model(code).await?.ok_or_else(|| {
        AppError::invalid(
            "programme_model",
            msg!("programme-model-unknown", given = code),
        )
    })
}

pub(super) async fn get_study(app: &App, id: i64) -> AppResult<Study> {
    app.store
        .study(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("study {id}")))
}

/// Checks a document by the domain's rules and that its municipalities are
/// municipalities of its country today.
async fn check_document(app: &App, document: &StudyDocument) -> AppResult<ProgrammeModel> {
    let model = model(app, &document.programme_model).await?;
    feasibility::check_study(document, &model)?;
    let today = app.clock.today();
    let mut errors = Vec::new();
    for (i, o) in document.municipalities.iter().enumerate() {
        if app
            .store
            .find_municipality(document.country, &o.municipality_code, today)
            .await?
            .is_none()
        {
            errors.push(FieldError::new(
                format!("municipalities[{i}].municipality_code"),
                msg!(
                    "municipality-unknown-on",
                    country = document.country.to_string(),
                    code = &o.municipality_code,
                    date = today
                ),
            ));
        }
    }
    if document.currency != Currency::of_country(document.country) {
        errors.push(FieldError::new(
            "currency",
            msg!(
                "currency-not-of-country",
                currency = Currency::of_country(document.country).as_str()
            ),
        ));
    }
    if errors.is_empty() {
        Ok(model)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// The municipalities of a new study: the reader's own (for a manager)
/// first, then each partner typed (blank ones skipped, none twice).
pub fn study_municipalities<'a>(
    who: &rundt_domain::access::Principal,
    partners: impl IntoIterator<Item = &'a str>,
) -> AppResult<Vec<MunicipalityCode>> {
    let mut codes: Vec<MunicipalityCode> = who.municipality_code.iter().cloned().collect();
    for raw in partners.into_iter().filter(|r| !r.trim().is_empty()) {
        let code = MunicipalityCode::parse(who.country, raw)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// A first draft for `municipalities` (the first is the reader's own, for
/// a manager): equal shares, the model's norms and the country's defaults,
/// the first municipality's newest placement cost. Nothing is stored.
pub async fn new_study_draft(
    app: &App,
    actor: &Actor,
    country: Country,
    municipalities: &[MunicipalityCode],
    programme_model: &str,
    starts_on: NaiveDate,
) -> AppResult<StudyDocument> {
    let scope = StudyScope {
        country,
        municipalities: municipalities.to_vec(),
    };
    access::check(
        app,
        actor,
        &Action::MakeStudy(&scope),
        AuditAction::FeasibilityStudyCreate,
        Object::of(ObjectKind::FeasibilityStudy),
    )
    .await?;
    if municipalities.is_empty() {
        return Err(AppError::invalid(
            "municipalities",
            msg!("study-no-municipality"),
        ));
    }
    let model = model(app, programme_model).await?;
    let weights = vec![1; municipalities.len()];
    let shares = split_largest_remainder(i64::from(FULL_SHARE_BP), &weights);
    let owners = municipalities
        .iter()
        .zip(shares)
        .map(|(code, share)| Ownership {
            municipality_code: code.clone(),
            share_bp: u32::try_from(share).unwrap_or(0),
        })
        .collect();
    let placement = app
        .store
        .placement_costs(country, &municipalities[0])
        .await?
        .into_iter()
        .next();
    let starts_on = first_of_month(starts_on);
    Ok(StudyDocument {
        title: String::new(),
        team_name: String::new(),
        country,
        programme_model: model.code.clone(),
        currency: Currency::of_country(country),
        municipalities: owners,
        potential: Vec::new(),
        referral_shares: Vec::new(),
        barriers: Vec::new(),
        assumptions: feasibility::default_assumptions(
            country,
            &model,
            starts_on,
            placement.as_ref(),
        ),
    })
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    rundt_domain::period::Month::of(day)
        .first_day()
        .unwrap_or(day)
}

/// Stores a new study as its version 1.
pub async fn create_study(app: &App, actor: &Actor, document: &StudyDocument) -> AppResult<Study> {
    let action = AuditAction::FeasibilityStudyCreate;
    require_municipality(document)?;
    let scope = scope_of(document);
    access::check(
        app,
        actor,
        &Action::MakeStudy(&scope),
        action,
        Object::of(ObjectKind::FeasibilityStudy),
    )
    .await?;
    check_document(app, document).await?;
    let event = actor.event(
        app.clock.now(),
        action,
        Object::of(ObjectKind::FeasibilityStudy),
    );
    Ok(app
        .store
        .create_study(document, written(app, actor), &event)
        .await?)
}

/// A study names at least one municipality: without one it is no one's
/// (said before who may make it is asked).
fn require_municipality(document: &StudyDocument) -> AppResult<()> {
    if document.municipalities.is_empty() {
        return Err(AppError::invalid(
            "municipalities",
            msg!("study-no-municipality"),
        ));
    }
    Ok(())
}

/// Refuses a change to an approved study.
fn require_draft(study: &Study) -> AppResult<()> {
    if study.status == rundt_domain::feasibility::StudyStatus::Approved {
        return Err(AppError::Conflict(msg!("study-already-approved")));
    }
    Ok(())
}

/// Saves a new version of a study at the version the reader saw. The
/// maker must be in the study before and after the change (a municipality
/// cannot be taken out by someone else's manager without being in it).
pub async fn save_study(
    app: &App,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    document: &StudyDocument,
) -> AppResult<Study> {
    let action = AuditAction::FeasibilityStudySave;
    let object = Object::keyed(ObjectKind::FeasibilityStudy, id);
    let study = get_study(app, id).await?;
    require_municipality(document)?;
    let before = scope_of(&study.current.document);
    access::check(app, actor, &Action::MakeStudy(&before), action, object).await?;
    let after = scope_of(document);
    access::check(app, actor, &Action::MakeStudy(&after), action, object).await?;
    require_draft(&study)?;
    if document.country != study.current.document.country {
        return Err(AppError::invalid("country", msg!("study-country-changed")));
    }
    check_document(app, document).await?;
    let event = actor.event(app.clock.now(), action, object);
    Ok(app
        .store
        .save_study_version(id, expected_version, document, written(app, actor), &event)
        .await?)
}

/// Replaces a study's potential with the figures of a CSV file
/// (`municipality;measure;count;source;year`) as a new version.
pub async fn import_potential(
    app: &App,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    csv_text: &str,
) -> AppResult<Study> {
    let study = get_study(app, id).await?;
    let mut document = study.current.document.clone();
    document.potential = feasibility::parse_potential_csv(document.country, csv_text)?;
    save_study(app, actor, id, expected_version, &document).await
}

/// Reads a study with its projection, audited under `action`.
async fn view(app: &App, actor: &Actor, id: i64, action: AuditAction) -> AppResult<StudyView> {
    let object = Object::keyed(ObjectKind::FeasibilityStudy, id);
    let study = get_study(app, id).await?;
    let scope = scope_of(&study.current.document);
    access::check(app, actor, &Action::ViewStudy(&scope), action, object).await?;
    let document = &study.current.document;
    let model = model(app, &document.programme_model).await?;
    let projection = feasibility::project(document, &model);
    let mut municipality_names = Vec::new();
    for o in &document.municipalities {
        let name = app
            .store
            .find_municipality(document.country, &o.municipality_code, app.clock.today())
            .await?
            .map_or_else(|| o.municipality_code.to_string(), |m| m.name);
        municipality_names.push((o.municipality_code.clone(), name));
    }
    let approved_now: Vec<MunicipalityCode> = study
        .approvals
        .iter()
        .filter(|a| a.version == study.current.version)
        .map(|a| a.municipality.clone())
        .collect();
    // The store keeps the two together: approved exactly when the study
    // made its team.
    let draft = study.status == rundt_domain::feasibility::StudyStatus::Draft;
    let (may_edit, may_comment, may_approve_for) = match actor.principal() {
        Some(who) => {
            let allowed = |a: &Action<'_>| rundt_domain::access::authorize(who, a).is_allowed();
            let mine = who.municipality_code.clone().filter(|m| {
                draft
                    && !approved_now.contains(m)
                    && allowed(&Action::ApproveStudy {
                        study: &scope,
                        municipality: m,
                    })
            });
            (
                draft && allowed(&Action::MakeStudy(&scope)),
                allowed(&Action::CommentOnStudy(&scope)),
                mine,
            )
        }
        None => (draft, true, None),
    };
    let wanted: Vec<UserId> = study
        .comments
        .iter()
        .filter_map(|c| c.written_by)
        .chain(study.approvals.iter().filter_map(|a| a.approved_by))
        .collect();
    let names = app
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| wanted.contains(&u.id))
        .map(|u| (u.id, u.display_name))
        .collect();
    app.store
        .append_audit(&actor.event(app.clock.now(), action, object))
        .await?;
    Ok(StudyView {
        study,
        projection,
        model,
        municipality_names,
        may_edit,
        may_comment,
        may_approve_for,
        approved_now,
        names,
    })
}

/// A study with its projection, for its page.
pub async fn study_view(app: &App, actor: &Actor, id: i64) -> AppResult<StudyView> {
    view(app, actor, id, AuditAction::FeasibilityStudyRead).await
}

/// A study with its projection, for the council report and its numbers
/// (audited as a report).
pub async fn study_report(app: &App, actor: &Actor, id: i64) -> AppResult<StudyView> {
    view(app, actor, id, AuditAction::FeasibilityStudyReport).await
}

/// Every version of a study, oldest first.
pub async fn study_versions(app: &App, actor: &Actor, id: i64) -> AppResult<Vec<StudyVersion>> {
    let action = AuditAction::FeasibilityStudyRead;
    let object = Object::keyed(ObjectKind::FeasibilityStudy, id);
    let study = get_study(app, id).await?;
    let scope = scope_of(&study.current.document);
    access::check(app, actor, &Action::ViewStudy(&scope), action, object).await?;
    let versions = app.store.study_versions(id).await?;
    app.store
        .append_audit(&actor.event(app.clock.now(), action, object))
        .await?;
    Ok(versions)
}

/// The studies the reader may see: a manager those naming the
/// municipality, the national office every study of its country.
pub async fn studies(app: &App, actor: &Actor) -> AppResult<Vec<StudySummary>> {
    let action = AuditAction::FeasibilityStudyList;
    let object = Object::of(ObjectKind::FeasibilityStudy);
    let Some(who) = actor.principal() else {
        return Err(AppError::Forbidden(msg!("studies-not-for-role")));
    };
    let municipality = match who.role {
        Role::NationalAdmin => None,
        Role::MunicipalManager => match &who.municipality_code {
            Some(code) => Some(code.clone()),
            None => return Err(AppError::Forbidden(msg!("studies-not-for-role"))),
        },
        _ => {
            return Err(
                access::refuse(app, who, action, object, msg!("studies-not-for-role")).await,
            );
        }
    };
    let list = app
        .store
        .studies(who.country, municipality.as_ref())
        .await?;
    app.store
        .append_audit(&actor.event(app.clock.now(), action, object))
        .await?;
    Ok(list)
}

/// A comment on the study's newest version.
pub async fn comment_on_study(
    app: &App,
    actor: &Actor,
    id: i64,
    text: &str,
) -> AppResult<StudyComment> {
    let action = AuditAction::FeasibilityStudyComment;
    let object = Object::keyed(ObjectKind::FeasibilityStudy, id);
    let study = get_study(app, id).await?;
    let scope = scope_of(&study.current.document);
    access::check(app, actor, &Action::CommentOnStudy(&scope), action, object).await?;
    let text = rundt_domain::error::clean_text("text", text, MAX_COMMENT_CHARS)?;
    if text.is_empty() {
        return Err(AppError::invalid("text", msg!("study-comment-empty")));
    }
    let event = actor.event(app.clock.now(), action, object);
    Ok(app
        .store
        .add_study_comment(
            id,
            study.current.version,
            &text,
            written(app, actor),
            &event,
        )
        .await?)
}
