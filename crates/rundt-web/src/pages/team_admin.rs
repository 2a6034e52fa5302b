//! The national office's administration of its country's teams: a new
//! team (name, programme model, owning municipalities with their shares,
//! start date), and on a team's page its staff (a person added in a
//! position, a membership ended) and its owners. The use cases decide who
//! may (`organisation::manages_teams` only says whether to offer the
//! forms) and audit every change; a refused form comes back as typed with
//! what was wrong beside the fields.

use askama::Template;
use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_app::AppError;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput, TeamOverview};
use rundt_domain::FieldError;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::municipality::Municipality;
use rundt_domain::team::Position;

use super::cases::day;
use super::form::{self, Errors, Fields};
use super::{Nav, OrPage, Page, PageContext, PageId, PageResult, go_to, role_label};
use crate::i18n::Tr;

/// At most this many owner rows are read from a form.
const MAX_OWNERS: usize = 20;
/// A new team's form offers at least this many owner rows.
const NEW_TEAM_OWNER_ROWS: usize = 4;

/// One owning municipality of an owners form, as typed.
#[derive(Debug, Clone, Default)]
pub struct OwnerRow {
    pub municipality_code: String,
    /// The share in percent as typed ("50", "33,33").
    pub share: String,
}

/// The owner rows a form sent, rows left empty dropped, so the rows shown
/// again are numbered as the use case's errors name them.
fn owner_rows(f: &Fields) -> Vec<OwnerRow> {
    (0..f.rows("owners", MAX_OWNERS))
        .map(|i| OwnerRow {
            municipality_code: f.get(&format!("owners[{i}].municipality_code")),
            share: f.get(&format!("owners[{i}].share_percent")),
        })
        .filter(|r| form::any_filled(&[&r.municipality_code, &r.share]))
        .collect()
}

/// A share as a person types it: `50`, `33,33`, `33.33` or `25 %`.
fn share_number(typed: &str) -> Option<f64> {
    typed
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite())
}

/// The owner rows as the use cases take them; what cannot be read is
/// added to `problems` (the shares' sum and the rest the use case checks).
fn owner_inputs(rows: &[OwnerRow], problems: &mut Vec<FieldError>) -> Vec<OwnerInput> {
    let mut inputs = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.municipality_code.is_empty() {
            problems.push(FieldError::new(
                format!("owners[{i}].municipality_code"),
                msg!("owner-municipality-missing"),
            ));
        }
        let field = format!("owners[{i}].share_percent");
        let share = if row.share.is_empty() {
            problems.push(FieldError::new(field, msg!("required")));
            None
        } else {
            let share = share_number(&row.share);
            if share.is_none() {
                problems.push(FieldError::new(
                    field,
                    msg!("share-not-a-number", given = &row.share),
                ));
            }
            share
        };
        if let Some(share_percent) = share {
            inputs.push(OwnerInput {
                municipality_code: row.municipality_code.clone(),
                share_percent,
            });
        }
    }
    inputs
}

/// The rows typed and spare empty ones: one more than typed, at least `min`.
fn padded(mut rows: Vec<OwnerRow>, min: usize) -> Vec<OwnerRow> {
    let n = (rows.len() + 1).max(min);
    rows.resize(n, OwnerRow::default());
    rows
}

/// A share as the form shows it: `50`, and `33,33` on Danish and
/// Norwegian pages.
pub(super) fn share_text(tr: Tr, percent: f64) -> String {
    let s = format!("{percent:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match tr.code() {
        "en" => s.to_owned(),
        _ => s.replace('.', ","),
    }
}

/// The municipalities to choose from, by name: (code, "Name (code)").
fn municipality_options(list: &[Municipality]) -> Vec<(String, String)> {
    list.iter()
        .map(|m| (m.code.to_string(), format!("{} ({})", m.name, m.code)))
        .collect()
}

/// A date field: `None` with a problem when empty or unreadable.
fn required_date(raw: &str, field: &str, problems: &mut Vec<FieldError>) -> Option<NaiveDate> {
    if raw.is_empty() {
        problems.push(FieldError::new(field, msg!("required")));
        return None;
    }
    form::date(raw, field, problems, msg!("bad_date"))
}

/// The new-team form as typed.
#[derive(Debug, Clone, Default)]
struct TeamForm {
    name: String,
    programme_model: String,
    started_on: String,
    owners: Vec<OwnerRow>,
}

#[derive(Template)]
#[template(path = "team_new.html")]
struct NewTeamPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    /// (code, "MST-CAN · name").
    models: Vec<(String, String)>,
    municipalities: Vec<(String, String)>,
    form: TeamForm,
    errors: Errors,
}

async fn new_team_page(
    p: &Page,
    status: StatusCode,
    typed: Option<TeamForm>,
    errors: Errors,
) -> PageResult {
    // Only for those who manage the country's teams: anyone else gets the
    // refusal (audited) as the page.
    let choices = organisation::new_team_choices(p.app(), &p.who.principal)
        .await
        .on(p)?;
    let mut form = typed.unwrap_or_else(|| TeamForm {
        programme_model: choices
            .models
            .first()
            .map(|m| m.code.clone())
            .unwrap_or_default(),
        started_on: day(p.app().clock.today()),
        ..TeamForm::default()
    });
    form.owners = padded(form.owners, NEW_TEAM_OWNER_ROWS);
    let tr = p.tr;
    Ok(p.render(
        status,
        &NewTeamPage {
            tr,
            title: tr.t("new_team").into(),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            models: choices
                .models
                .iter()
                .map(|m| (m.code.clone(), format!("{} · {}", m.code, m.name)))
                .collect(),
            municipalities: municipality_options(&choices.municipalities),
            form,
            errors,
        },
    ))
}

pub async fn new_form(p: Page) -> PageResult {
    new_team_page(&p, StatusCode::OK, None, Errors::none()).await
}

pub async fn create(p: Page, f: Fields) -> PageResult {
    let typed = TeamForm {
        name: form::one_line(&f.text("name")),
        programme_model: f.get("programme_model"),
        started_on: f.get("started_on"),
        owners: owner_rows(&f),
    };
    let mut problems = Vec::new();
    let owners = owner_inputs(&typed.owners, &mut problems);
    let started_on = required_date(&typed.started_on, "started_on", &mut problems);
    let result = if problems.is_empty() {
        let request = CreateTeam {
            name: typed.name.clone(),
            country: p.who.principal.country.code().to_owned(),
            programme_model: typed.programme_model.clone(),
            owners,
            started_on,
        };
        organisation::create_team(p.app(), &p.actor(), &request).await
    } else {
        Err(AppError::Invalid(problems))
    };
    match result {
        Ok(team) => go_to(&format!("/teams/{}", team.id)),
        Err(e) => {
            let (status, errors) = form::refused(&p, e)?;
            new_team_page(&p, status, Some(typed), errors).await
        }
    }
}

/// The add-a-member form as typed.
#[derive(Debug, Clone, Default)]
pub struct MemberForm {
    pub(super) user_id: String,
    pub(super) position: String,
    pub(super) since: String,
}

/// What the administrator sent in one of the team page's forms that was
/// refused: the form as typed and what was wrong. The other forms are
/// shown fresh.
#[derive(Debug, Default)]
pub enum Refused {
    #[default]
    Nothing,
    Member(MemberForm, Errors),
    /// The membership whose end was refused, the last day typed.
    End(i64, String, Errors),
    Owners(Vec<OwnerRow>, Errors),
}

/// The team page's administration forms, ready to show.
pub struct AdminView {
    /// (user id, "Name · role").
    pub(super) candidates: Vec<(String, String)>,
    /// (code, label).
    pub(super) positions: Vec<(&'static str, &'static str)>,
    pub(super) municipalities: Vec<(String, String)>,
    pub(super) member: MemberForm,
    pub(super) member_errors: Errors,
    /// The membership whose end form is open again, with the date typed.
    pub(super) ending: Option<(i64, String)>,
    pub(super) end_errors: Errors,
    pub(super) owners: Vec<OwnerRow>,
    pub(super) owners_errors: Errors,
    /// The team's version the owners form changes.
    pub(super) version: i64,
    pub(super) today: String,
}

impl AdminView {
    /// The last day typed into the end form of membership `id` (today
    /// unless that form was refused).
    pub fn until_of(&self, id: &i64) -> &str {
        match &self.ending {
            Some((m, typed)) if m == id => typed,
            _ => &self.today,
        }
    }

    /// Whether the end form of membership `id` was refused (shown open).
    pub fn ending(&self, id: &i64) -> bool {
        self.ending.as_ref().is_some_and(|(m, _)| m == id)
    }
}

/// The administration forms of `team`'s page for someone who manages it.
pub async fn admin_view(
    p: &Page,
    team: &TeamOverview,
    refused: Refused,
) -> Result<AdminView, super::PageError> {
    let tr = p.tr;
    let choices = organisation::team_admin_choices(p.app(), &p.actor(), team.id)
        .await
        .on(p)?;
    let today = day(p.app().clock.today());
    let mut view = AdminView {
        candidates: choices
            .candidates
            .iter()
            .map(|c| {
                (
                    c.user_id.to_string(),
                    format!("{} · {}", c.display_name, role_label(tr, c.role)),
                )
            })
            .collect(),
        positions: Position::ALL
            .iter()
            .map(|p| (p.as_str(), tr.t(p.as_str())))
            .collect(),
        municipalities: municipality_options(&choices.choices.municipalities),
        member: MemberForm {
            since: today.clone(),
            ..MemberForm::default()
        },
        member_errors: Errors::none(),
        ending: None,
        end_errors: Errors::none(),
        owners: team
            .owners
            .iter()
            .map(|o| OwnerRow {
                municipality_code: o.municipality_code.to_string(),
                share: share_text(tr, o.share_percent),
            })
            .collect(),
        owners_errors: Errors::none(),
        version: team.version,
        today,
    };
    match refused {
        Refused::Nothing => {}
        Refused::Member(typed, errors) => {
            view.member = typed;
            view.member_errors = errors;
        }
        Refused::End(id, typed, errors) => {
            view.ending = Some((id, typed));
            view.end_errors = errors;
        }
        Refused::Owners(typed, errors) => {
            view.owners = typed;
            view.owners_errors = errors;
        }
    }
    view.owners = padded(std::mem::take(&mut view.owners), 2);
    Ok(view)
}

/// The team page after one of its forms: on to the page with a notice when
/// the use case took it, else the page with the form as typed.
async fn settle<T>(
    p: &Page,
    id: TeamId,
    result: Result<T, AppError>,
    done: &str,
    refused: impl FnOnce(Errors) -> Refused,
) -> PageResult {
    match result {
        Ok(_) => go_to(&format!("/teams/{id}?done={done}")),
        Err(e) => {
            let (status, errors) = form::refused(p, e)?;
            super::teams::team_page_after(p, id, status, refused(errors)).await
        }
    }
}

pub async fn add_member(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let typed = MemberForm {
        user_id: f.get("user_id"),
        position: f.get("position"),
        since: f.get("since"),
    };
    // Who may be added (also the check that the visitor manages the team).
    let choices = organisation::team_admin_choices(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let mut problems = Vec::new();
    let user_id = match typed.user_id.parse::<UserId>() {
        Ok(user) if choices.candidates.iter().any(|c| c.user_id == user) => Some(user),
        Ok(_) => {
            problems.push(FieldError::new("user_id", msg!("member-user-unknown")));
            None
        }
        Err(_) => {
            problems.push(FieldError::new("user_id", msg!("member-user-missing")));
            None
        }
    };
    if typed.position.is_empty() {
        problems.push(FieldError::new("position", msg!("position-missing")));
    }
    let since = required_date(&typed.since, "since", &mut problems);
    let result = match user_id {
        Some(user_id) if problems.is_empty() => {
            let input = AddMember {
                user_id,
                position: typed.position.clone(),
                since,
            };
            organisation::add_member(p.app(), &p.actor(), id, &input).await
        }
        _ => Err(AppError::Invalid(problems)),
    };
    settle(&p, id, result, "member_added", |errors| {
        Refused::Member(typed, errors)
    })
    .await
}

pub async fn end_member(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let Ok(membership) = f.get("membership_id").parse::<i64>() else {
        return Err(p.fail(AppError::NotFound("team membership".into())));
    };
    let typed = f.get("until");
    let mut problems = Vec::new();
    let until = required_date(&typed, "until", &mut problems);
    let result = match until {
        Some(until) if problems.is_empty() => {
            organisation::end_membership(p.app(), &p.actor(), id, membership, Some(until)).await
        }
        _ => Err(AppError::Invalid(problems)),
    };
    settle(&p, id, result, "membership_ended", |errors| {
        Refused::End(membership, typed, errors)
    })
    .await
}

pub async fn replace_owners(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let rows = owner_rows(&f);
    let mut problems = Vec::new();
    let owners = owner_inputs(&rows, &mut problems);
    let result = match f.required_version() {
        Ok(version) if problems.is_empty() => {
            organisation::replace_owners(p.app(), &p.actor(), id, version, &owners).await
        }
        Ok(_) => Err(AppError::Invalid(problems)),
        Err(e) => Err(e),
    };
    settle(&p, id, result, "owners_saved", |errors| {
        Refused::Owners(rows, errors)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_read_with_a_comma_or_a_point_and_an_optional_percent_sign() {
        assert_eq!(share_number("33,33"), Some(33.33));
        assert_eq!(share_number("33.33"), Some(33.33));
        assert_eq!(share_number("25 %"), Some(25.0));
        assert_eq!(share_number("halvdelen"), None);
        assert_eq!(share_number("NaN"), None);
    }

    #[test]
    fn a_row_without_a_municipality_or_share_is_named_by_its_number() {
        let rows = vec![
            OwnerRow {
                municipality_code: "0751".into(),
                share: "60".into(),
            },
            OwnerRow {
                municipality_code: String::new(),
                share: "4O".into(),
            },
        ];
        let mut problems = Vec::new();
        let inputs = owner_inputs(&rows, &mut problems);
        assert_eq!(inputs.len(), 1);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            ["owners[1].municipality_code", "owners[1].share_percent"]
        );
    }
}
