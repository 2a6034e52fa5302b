//! A person's identities at the installation's identity providers, for the
//! administrator who manages their account: linked by the provider's
//! subject, never by e-mail.

use askama::Template;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::sso::{self, LinkIdentity};
use rundt_domain::id::UserId;
use rundt_domain::msg;
use serde::Deserialize;

use super::cases::day;
use super::form::{self, Errors};
use super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use crate::auth::CsrfForm;
use crate::i18n::Tr;

/// A linked identity as listed.
struct Row {
    provider: String,
    /// The provider's label, or its id when it is no longer configured.
    label: String,
    subject: String,
    linked: String,
}

#[derive(Template)]
#[template(path = "admin_user_sso.html")]
struct IdentitiesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    user_id: UserId,
    rows: Vec<Row>,
    /// (id, label) of each configured provider.
    providers: Vec<(String, String)>,
    form_provider: String,
    form_subject: String,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    provider: String,
    #[serde(default)]
    subject: String,
}

async fn page(
    p: &Page,
    id: UserId,
    status: StatusCode,
    form: LinkForm,
    errors: Errors,
) -> PageResult {
    let found = sso::identities(p.app(), &p.actor(), id).await.on(p)?;
    let label_of = |provider: &str| {
        p.state
            .sso
            .get(provider)
            .map_or_else(|| provider.to_owned(), |c| c.config.label.clone())
    };
    let rows = found
        .identities
        .into_iter()
        .map(|i| Row {
            label: label_of(&i.provider),
            provider: i.provider,
            subject: i.subject,
            linked: day(i.linked_at.date_naive()),
        })
        .collect();
    let providers = p
        .state
        .sso
        .all()
        .map(|c| (c.config.id.clone(), c.config.label.clone()))
        .collect();
    Ok(p.render(
        status,
        &IdentitiesPage {
            tr: p.tr,
            title: format!(
                "{} {} ({})",
                p.tr.t("sso_identities_of"),
                found.user.display_name,
                found.user.username
            ),
            nav: p.nav(),
            user_id: id,
            rows,
            providers,
            form_provider: form.provider,
            form_subject: form.subject,
            errors,
        },
    ))
}

pub async fn show(p: Page, PageId(id): PageId<UserId>) -> PageResult {
    page(&p, id, StatusCode::OK, LinkForm::default(), Errors::none()).await
}

pub async fn link(
    p: Page,
    PageId(id): PageId<UserId>,
    CsrfForm(input): CsrfForm<LinkForm>,
) -> PageResult {
    let result = match p.state.sso.get(&input.provider) {
        Some(provider) => {
            let request = LinkIdentity {
                provider: input.provider.clone(),
                subject: input.subject.clone(),
            };
            let issuer = provider.config.issuer.clone();
            sso::link(p.app(), &p.actor(), id, &issuer, &request).await
        }
        None => Err(AppError::invalid("provider", msg!("sso-provider-unknown"))),
    };
    let target = format!("/admin/users/{id}/sso");
    form::settle(&p, result, &target, |status, errors| {
        page(&p, id, status, input, errors)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct UnlinkForm {
    provider: String,
    subject: String,
}

pub async fn unlink(
    p: Page,
    PageId(id): PageId<UserId>,
    CsrfForm(input): CsrfForm<UnlinkForm>,
) -> PageResult {
    sso::unlink(p.app(), &p.actor(), id, &input.provider, &input.subject)
        .await
        .on(&p)?;
    super::go_to(&format!("/admin/users/{id}/sso"))
}
