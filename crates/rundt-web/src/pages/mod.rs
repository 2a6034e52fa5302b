//! Server-rendered pages (askama), readable on a phone and a municipal PC,
//! in Danish, Norwegian Bokmål or English.

mod account;
mod admin;
mod admin_sso;
mod audit;
mod cases;
mod context;
mod course;
mod download;
mod error;
pub(crate) mod fidelity;
mod form;
mod login;
mod money;
mod oncall;
mod outbox;
pub(crate) mod people;
mod referral;
mod results;
mod retention;
mod sso;
mod start;
mod studies;
mod subject_copy;
mod team_admin;
mod teams;

use askama::Template;
use axum::Router;
use axum::extract::{Query, Request};
use axum::http::{StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rundt_app::AppError;
use rundt_domain::id::CaseId;
use rundt_domain::user::Role;
use serde::Deserialize;

pub use context::{Page, PageContext, Visitor};
pub use error::{OrPage, PageError, PageId, PageResult};
pub(crate) use referral::placement_key as referral_placement_key;

use crate::auth::Authenticated;
use crate::i18n::{CURRENT_TARGET, Lang, PageTarget, Tr};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(start::show))
        .route("/teams", get(teams::list))
        .route(
            "/teams/new",
            get(team_admin::new_form).post(team_admin::create),
        )
        .route("/teams/{id}", get(teams::show))
        .route(
            "/teams/{id}/members",
            get(teams::to_team).post(team_admin::add_member),
        )
        .route(
            "/teams/{id}/members/end",
            get(teams::to_team).post(team_admin::end_member),
        )
        .route(
            "/teams/{id}/owners",
            get(teams::to_team).post(team_admin::replace_owners),
        )
        .route(
            "/teams/{id}/supervision",
            get(teams::to_team).post(teams::record_supervision),
        )
        .route("/teams/{id}/oncall", get(oncall::show))
        .route("/teams/{id}/oncall/hours.csv", get(oncall::hours_csv))
        .route("/teams/{id}/oncall/hours.xlsx", get(oncall::hours_xlsx))
        .route("/teams/{id}/oncall/contacts.csv", get(oncall::contacts_csv))
        .route(
            "/teams/{id}/oncall/contacts.xlsx",
            get(oncall::contacts_xlsx),
        )
        .route(
            "/teams/{id}/oncall/shifts",
            get(oncall::show).post(oncall::add_shift),
        )
        .route(
            "/teams/{id}/oncall/shifts/{shift_id}",
            post(oncall::change_shift),
        )
        .route(
            "/teams/{id}/oncall/fill",
            get(oncall::show).post(oncall::fill),
        )
        .route(
            "/teams/{id}/oncall/leave",
            get(oncall::show).post(oncall::leave),
        )
        .route(
            "/teams/{id}/oncall/settings",
            get(oncall::show).post(oncall::settings),
        )
        .route(
            "/teams/{id}/oncall/publish",
            get(oncall::show).post(oncall::publish),
        )
        .route(
            "/teams/{id}/oncall/swaps",
            get(oncall::show).post(oncall::propose_swap),
        )
        .route(
            "/teams/{id}/oncall/swaps/{swap_id}/answer",
            post(oncall::answer_swap),
        )
        .route(
            "/teams/{id}/oncall/calendar-feeds",
            get(oncall::show).post(oncall::create_feed),
        )
        .route(
            "/teams/{id}/oncall/calendar-feeds/{feed_id}/revoke",
            post(oncall::revoke_feed),
        )
        .route("/oncall", get(oncall::gaps))
        .route("/teams/{id}/money", get(money::team_show))
        .route(
            "/teams/{id}/money/prices",
            get(money::team_show).post(money::price),
        )
        .route(
            "/teams/{id}/money/budget",
            get(money::team_show).post(money::save_budget),
        )
        .route(
            "/teams/{id}/money/agreements",
            get(money::team_show).post(money::new_agreement),
        )
        .route(
            "/teams/{id}/money/agreements/{agreement_id}",
            post(money::agreement),
        )
        .route(
            "/teams/{id}/money/closed-on",
            get(money::team_show).post(money::close),
        )
        .route("/teams/{id}/invoicing", get(money::team_invoicing))
        .route("/teams/{id}/invoicing.csv", get(money::team_csv))
        .route("/teams/{id}/invoicing.xlsx", get(money::team_xlsx))
        .route("/teams/{id}/einvoice.xml", get(money::team_einvoice))
        .route(
            "/municipalities/{code}/money",
            get(money::municipality_show),
        )
        .route(
            "/municipalities/{code}/money/placement-cost",
            get(money::municipality_show).post(money::placement_cost),
        )
        .route(
            "/municipalities/{code}/money/billing",
            get(money::municipality_show).post(money::billing),
        )
        .route(
            "/municipalities/{code}/invoicing",
            get(money::municipality_invoicing),
        )
        .route(
            "/municipalities/{code}/invoicing.csv",
            get(money::municipality_csv),
        )
        .route(
            "/municipalities/{code}/invoicing.xlsx",
            get(money::municipality_xlsx),
        )
        .route(
            "/municipalities/{code}/einvoice.xml",
            get(money::municipality_einvoice),
        )
        .route("/money", get(money::national_show))
        .route(
            "/money/licence-fees",
            get(money::national_show).post(money::licence_fee),
        )
        .route("/login", get(login::form).post(login::submit))
        .route(
            "/login/second-factor",
            get(login::second_factor_form).post(login::second_factor_submit),
        )
        .route("/login/oidc/callback", get(sso::callback))
        .route("/login/oidc/{id}", get(sso::begin))
        .route("/logout", get(to("/login")).post(login::logout))
        .route("/cases", get(cases::list))
        .route(
            "/cases/{id}/adherence",
            get(fidelity::interview_form).post(fidelity::interview_submit),
        )
        .route(
            "/cases/{id}/experience",
            get(fidelity::experience_form).post(fidelity::experience_submit),
        )
        .route(
            "/teams/{id}/supervisor-rating",
            get(fidelity::rating_form).post(fidelity::rating_submit),
        )
        .route(
            "/teams/{id}/consultant-rating",
            get(fidelity::cam_form).post(fidelity::cam_submit),
        )
        .route("/teams/{id}/people", get(people::team_show))
        .route(
            "/teams/{id}/people/boosters",
            get(people::team_show).post(people::add_booster),
        )
        .route(
            "/teams/{id}/people/boosters/{booster_id}",
            get(people::team_show).post(people::hold_booster),
        )
        .route(
            "/teams/{id}/people/{user_id}/exception",
            get(people::team_show).post(people::exception),
        )
        .route(
            "/teams/{id}/people/{user_id}/plan",
            get(people::plan_form).post(people::save_plan),
        )
        .route(
            "/teams/{id}/people/{user_id}/plan/review",
            get(people::plan_form).post(people::review_plan),
        )
        .route(
            "/teams/{id}/people/{user_id}/plan/versions",
            get(people::plan_versions),
        )
        .route("/studies", get(studies::studies).post(studies::create))
        .route("/studies/new", get(studies::new_form))
        .route("/studies/{id}", get(studies::show))
        .route(
            "/studies/{id}/edit",
            get(studies::edit_form).post(studies::save),
        )
        .route(
            "/studies/{id}/import",
            get(studies::show).post(studies::import_potential).layer(
                axum::extract::DefaultBodyLimit::max(people::UPLOAD_BODY_LIMIT),
            ),
        )
        .route(
            "/studies/{id}/comments",
            get(studies::show).post(studies::comment),
        )
        .route(
            "/studies/{id}/approve",
            get(studies::show).post(studies::approve),
        )
        .route("/studies/{id}/versions", get(studies::versions))
        .route("/studies/{id}/report.pdf", get(studies::report_pdf))
        .route("/studies/{id}/numbers.csv", get(studies::report_csv))
        .route("/studies/{id}/numbers.xlsx", get(studies::report_xlsx))
        .route("/teams/{id}/plan", get(studies::team_plan))
        .route("/people", get(people::overview))
        .route("/people/{user_id}", get(people::person_show))
        .route(
            "/people/{user_id}/training",
            get(people::person_show)
                .post(people::record_training)
                .layer(axum::extract::DefaultBodyLimit::max(
                    people::UPLOAD_BODY_LIMIT,
                )),
        )
        .route(
            "/people/{user_id}/certificates/{record_id}",
            get(people::certificate),
        )
        .route("/results", get(results::home))
        .route("/results/{kind}/{key}", get(results::show))
        .route("/results/{kind}/{key}/export", get(results::export))
        .route("/cases/new", get(referral::form).post(referral::submit))
        .route("/cases/{id}", get(cases::show))
        .route(
            "/cases/{id}/break-glass",
            get(cases::to_case).post(cases::break_glass),
        )
        .route("/cases/{id}/receipt", get(cases::receipt))
        .route(
            "/cases/{id}/acknowledge",
            get(cases::to_case).post(cases::acknowledge),
        )
        .route(
            "/cases/{id}/withdraw",
            get(cases::to_case).post(cases::withdraw),
        )
        .route(
            "/cases/{id}/referral-information",
            get(cases::to_case).post(cases::add_information),
        )
        .route(
            "/cases/{id}/accept",
            get(cases::to_case).post(cases::accept),
        )
        .route(
            "/cases/{id}/decline",
            get(cases::to_case).post(cases::decline),
        )
        .route(
            "/cases/{id}/assign",
            get(cases::to_case).post(cases::assign),
        )
        .route(
            "/cases/{id}/assessment",
            get(course::assessment_form).post(course::assessment_submit),
        )
        .route(
            "/cases/{id}/weekly-summaries/new",
            get(course::summary_new).post(course::summary_create),
        )
        .route(
            "/cases/{id}/weekly-summaries/{week}/edit",
            get(course::summary_edit).post(course::summary_update),
        )
        .route("/cases/{id}/safety", get(course::safety_show))
        .route(
            "/cases/{id}/safety-plan",
            get(cases::to_case).post(course::plan_submit),
        )
        .route(
            "/cases/{id}/incidents",
            get(cases::to_case).post(course::incident_submit),
        )
        .route(
            "/cases/{id}/incidents/{incident_id}/notification",
            post(course::notification_submit),
        )
        .route(
            "/cases/{id}/discharge",
            get(course::discharge_form).post(course::discharge_submit),
        )
        .route(
            "/cases/{id}/plan",
            get(course::treatment_plan_show).post(course::treatment_plan_submit),
        )
        .route(
            "/cases/{id}/plan/modules",
            get(course::treatment_plan_show).post(course::module_start),
        )
        .route(
            "/cases/{id}/plan/modules/{module_id}",
            get(course::plan_at).post(course::module_update),
        )
        .route(
            "/cases/{id}/follow-up",
            get(course::follow_up_form).post(course::follow_up_submit),
        )
        .route("/cases/{id}/crisis", get(course::crisis_essentials_show))
        .route(
            "/cases/{id}/home",
            get(course::home_show).post(course::home_submit),
        )
        .route("/oncall/now", get(course::on_call_now_show))
        .route(
            "/cases/{id}/crisis-plan",
            get(course::crisis_plan_show).post(course::crisis_plan_submit),
        )
        .route(
            "/cases/{id}/crisis-contacts",
            get(course::crisis_contacts_show).post(course::crisis_contact_submit),
        )
        .route(
            "/cases/{id}/crisis-contacts/new",
            get(course::crisis_contact_new),
        )
        .route(
            "/cases/{id}/crisis-contacts/{contact_id}",
            get(course::crisis_contact_show),
        )
        .route(
            "/cases/{id}/consultations",
            get(course::consultations_show).post(course::consultation_request),
        )
        .route(
            "/cases/{id}/consultations/{request_id}/answer",
            post(course::consultation_answer),
        )
        .route(
            "/cases/{id}/consultations/{request_id}/end",
            post(course::consultation_end),
        )
        .route(
            "/cases/{id}/mapping",
            get(course::mapping_show).post(course::mapping_submit),
        )
        .route(
            "/cases/{id}/child-voices",
            get(course::mapping_show).post(course::child_voice_submit),
        )
        .route("/break-glass", get(cases::review))
        .route("/persons/{id}/access-log", get(audit::person_log))
        .route("/audit", get(audit::overview))
        .route("/audit/person", get(to("/audit")).post(audit::lookup))
        .route("/retention", get(retention::overview))
        .route(
            "/retention/holds",
            get(to("/retention")).post(retention::place),
        )
        .route("/retention/holds/{id}/lift", post(retention::lift))
        .route(
            "/audit/subject-copy",
            get(to("/audit")).post(subject_copy::download),
        )
        .route("/account", get(account::show))
        .route(
            "/account/language",
            get(to("/account")).post(account::set_language),
        )
        .route(
            "/account/password",
            get(to("/account")).post(account::change_password),
        )
        .route(
            "/account/notifications",
            get(to("/account")).post(account::save_notifications),
        )
        .route(
            "/account/tokens",
            get(to("/account")).post(account::create_token),
        )
        .route(
            "/account/tokens/{id}/revoke",
            get(to("/account")).post(account::revoke_token),
        )
        .route("/admin/users", get(admin::list).post(admin::create))
        .route("/admin/outbox", get(outbox::show))
        .route(
            "/admin/users/{id}/active",
            get(to("/admin/users")).post(admin::set_active),
        )
        .route(
            "/admin/users/{id}/sso",
            get(admin_sso::show).post(admin_sso::link),
        )
        .route(
            "/admin/users/{id}/sso/remove",
            axum::routing::post(admin_sso::unlink),
        )
        .route("/static/app.css", get(css))
        .route("/static/summary-draft.js", get(draft_script))
        .layer(middleware::from_fn(remember_target))
}

/// Remembers the page's path and query while it is handled, so its
/// language links lead to the same page (`Tr::lang_links`).
async fn remember_target(req: Request, next: Next) -> Response {
    let target = PageTarget::new(req.uri().path(), req.uri().query());
    CURRENT_TARGET.scope(target, next.run(req)).await
}

/// A GET on an address that only takes form posts (say, after choosing a
/// language on a page a form re-rendered) leads to the page it belongs to.
fn to(
    target: &'static str,
) -> impl Fn(Query<LangQuery>) -> std::future::Ready<Redirect> + Clone + Send + Sync + 'static {
    move |Query(q): Query<LangQuery>| std::future::ready(Redirect::to(&with_lang(target, &q)))
}

/// `target` with the `?lang=` of the query kept.
pub fn with_lang(target: &str, q: &LangQuery) -> String {
    match q.lang.as_deref() {
        Some(l) if !l.is_empty() => format!(
            "{target}?lang={}",
            Lang::from_tag(l).unwrap_or(Lang::Da).code()
        ),
        _ => target.to_owned(),
    }
}

/// A handler's answer that leads on to `target` (after a form post).
pub fn go_to(target: &str) -> PageResult {
    Ok(Redirect::to(target).into_response())
}

/// A path id that is not a number is a page that does not exist.
pub fn parse_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse::<T>()
        .map_err(|_| AppError::NotFound(raw.to_owned()))
}

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// The navigation bar of a logged-in person.
pub struct Nav {
    pub name: String,
    pub role: String,
    pub links: Vec<(String, String)>,
    pub csrf: String,
}

pub fn nav(tr: Tr, who: &Authenticated) -> Option<Nav> {
    let role = who.principal.role;
    // Those with things to do start on their start page; the others on the
    // teams.
    let mut links = if matches!(
        role,
        Role::Supervisor
            | Role::Therapist
            | Role::MunicipalCaseworker
            | Role::Auditor
            | Role::CrisisCaseworker
            | Role::Psychiatrist
    ) {
        vec![
            ("/".to_owned(), tr.t("start").to_owned()),
            ("/teams".to_owned(), tr.t("teams").to_owned()),
        ]
    } else {
        vec![("/teams".to_owned(), tr.t("teams").to_owned())]
    };
    if matches!(
        role,
        Role::Therapist
            | Role::Supervisor
            | Role::Consultant
            | Role::MunicipalCaseworker
            | Role::Psychiatrist
    ) {
        links.push(("/cases".into(), tr.t("families").into()));
    }
    if !matches!(
        role,
        Role::Auditor | Role::CrisisCaseworker | Role::Psychiatrist
    ) {
        links.push(("/results".into(), tr.t("results").into()));
    }
    if matches!(
        role,
        Role::Therapist | Role::Supervisor | Role::CrisisCaseworker
    ) {
        links.push(("/oncall/now".into(), tr.t("on_call_now_title").into()));
    }
    if role == Role::Supervisor {
        links.push(("/break-glass".into(), tr.t("break_glass").into()));
    }
    if role == Role::NationalAdmin {
        links.push(("/admin/users".into(), tr.t("users").into()));
        links.push(("/oncall".into(), tr.t("oncall_nav").into()));
        links.push(("/money".into(), tr.t("money_nav").into()));
        links.push(("/admin/outbox".into(), tr.t("outbox-title").into()));
    }
    if matches!(role, Role::NationalAdmin | Role::MunicipalManager) {
        links.push(("/people".into(), tr.t("people_nav").into()));
    }
    if matches!(role, Role::NationalAdmin | Role::MunicipalManager) {
        links.push(("/studies".into(), tr.t("studies_nav").into()));
    }
    if matches!(role, Role::Therapist | Role::Supervisor | Role::Consultant) {
        let own = format!("/people/{}", who.principal.user_id);
        links.push((own, tr.t("people_mine").into()));
    }
    if role == Role::MunicipalManager
        && let Some(code) = &who.principal.municipality_code
    {
        links.push((
            format!("/municipalities/{}/money", code.as_str()),
            tr.t("money_nav").into(),
        ));
    }
    if matches!(role, Role::Auditor | Role::NationalAdmin) {
        links.push(("/audit".into(), tr.t("audit").into()));
    }
    if role == Role::Auditor {
        links.push(("/retention".into(), tr.t("retention").into()));
    }
    links.push(("/account".into(), tr.t("account").into()));
    Some(Nav {
        name: who
            .user
            .as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        role: role_label(tr, role).to_owned(),
        links,
        csrf: who.csrf_token().to_owned(),
    })
}

/// The title of a page about one family: what the page is for (its
/// catalogue key), then which family.
pub fn family_title(tr: Tr, what: &str, case_id: CaseId) -> String {
    format!("{} · {} {case_id}", tr.t(what), tr.t("family"))
}

pub fn role_label(tr: Tr, role: Role) -> &'static str {
    tr.t(&format!("role_{}", role.as_str()))
}

/// Renders a template; a template error is logged and shown as a plain 500.
pub fn render<T: Template>(status: StatusCode, page: &T, tr: Tr) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            // Remember the language; pages with personal data are not cached.
            if let Ok(v) =
                format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", tr.code()).parse()
            {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub tr: Tr,
    pub title: String,
    pub nav: Option<Nav>,
    pub message: String,
}

pub async fn not_found(uri: Uri, v: Visitor) -> Response {
    let tr = v.tr;
    let target = PageTarget::new(uri.path(), uri.query());
    CURRENT_TARGET
        .scope(target, async {
            message(
                StatusCode::NOT_FOUND,
                tr,
                None,
                tr.t("not_found"),
                tr.t("not_found").into(),
            )
        })
        .await
}

pub fn message(
    status: StatusCode,
    tr: Tr,
    nav: Option<Nav>,
    title: &str,
    message: String,
) -> Response {
    render(
        status,
        &MessagePage {
            tr,
            title: title.into(),
            nav,
            message,
        },
        tr,
    )
}

/// A use-case error as a page.
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

pub fn error_page(tr: Tr, who: Option<&Authenticated>, e: AppError) -> Response {
    let nav = who.and_then(|w| nav(tr, w));
    match e {
        AppError::NotFound(_) => message(
            StatusCode::NOT_FOUND,
            tr,
            nav,
            tr.t("not_found"),
            tr.t("not_found").into(),
        ),
        AppError::Forbidden(reason) => {
            let body = format!(
                "{} {}",
                tr.t("forbidden"),
                capitalised(&tr.message(&reason))
            );
            message(StatusCode::FORBIDDEN, tr, nav, tr.t("forbidden"), body)
        }
        AppError::Unauthenticated(_) => Redirect::to("/login").into_response(),
        AppError::Invalid(_)
        | AppError::Conflict(_)
        | AppError::VersionMismatch { .. }
        | AppError::VersionRequired(_) => message(
            StatusCode::UNPROCESSABLE_ENTITY,
            tr,
            nav,
            "Rundt",
            tr.error(&e),
        ),
        AppError::TooManyAttempts { .. } | AppError::RateLimited { .. } => message(
            StatusCode::TOO_MANY_REQUESTS,
            tr,
            nav,
            "Rundt",
            tr.error(&e),
        ),
        AppError::NotWritable(ref detail) => {
            tracing::error!(%detail, "page could not save: the database cannot be written to");
            message(
                StatusCode::SERVICE_UNAVAILABLE,
                tr,
                nav,
                "Rundt",
                tr.message(&e.message()),
            )
        }
        AppError::Unavailable(_) | AppError::Internal(_) => {
            tracing::error!(error = ?e, "page failed");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                tr,
                nav,
                "Rundt",
                tr.message(&rundt_domain::msg!("internal")),
            )
        }
    }
}

/// The script that keeps a draft of the weekly summary on the device while
/// it is typed (see docs/SECURITY.md, "Drafts on the device"). Pages work
/// without it.
async fn draft_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/summary-draft.js"),
    )
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}
