//! The JSON API under `/api/v1` and its OpenAPI document.

mod account;
mod audit;
mod caller;
mod can_plan;
mod case_change;
mod cases;
mod consultation;
mod crisis;
mod documented_errors;
pub(crate) mod health;
mod mapping;
mod money;
mod notices;
mod on_call;
mod oncall;
mod oncall_calendar;
mod people;
mod reference;
mod referrals;
#[cfg(test)]
mod request_examples;
pub(crate) mod results;
mod safety;
pub mod session;
mod studies;
mod teams;
mod treatment;
mod users;
mod versions;
mod views;

use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde_json::json;
use utoipa::OpenApi;

use crate::state::AppState;
use documented_errors::CommonErrors;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rundt API",
        description = "Programme administration for Multisystemic Therapy (MST, MST-CAN) in Denmark and Norway. \
            Errors are JSON `{error, message}`; validation errors add `fields`.",
        version = "1"
    ),
    paths(
        reference::programme_models,
        reference::national_offices,
        reference::municipalities,
        teams::list,
        teams::create,
        teams::get_one,
        teams::replace_owners,
        teams::add_member,
        teams::end_membership,
        session::login,
        session::enrolment,
        session::second_factor,
        session::logout,
        session::me,
        account::change_password,
        account::list_tokens,
        account::create_token,
        account::revoke_token,
        account::language,
        account::set_language,
        notices::unseen,
        notices::mark_seen,
        notices::settings,
        notices::save_settings,
        notices::outbox,
        users::list,
        users::create,
        users::deactivate,
        users::activate,
        users::identities,
        users::link_identity,
        users::unlink_identity,
        cases::list,
        cases::refer,
        cases::get_one,
        cases::break_glass,
        cases::break_glass_overview,
        cases::access_log,
        audit::audit,
        audit::person_lookup,
        audit::subject_copy,
        audit::subject_copy_pdf,
        referrals::receipt,
        referrals::awaiting,
        referrals::acknowledge,
        referrals::withdraw,
        referrals::add_information,
        treatment::file,
        treatment::accept,
        treatment::decline,
        treatment::assign,
        treatment::accept_and_assign,
        treatment::assessment,
        safety::get_safety,
        safety::save_plan,
        safety::record_incident,
        safety::record_notification,
        safety::overview,
        consultation::list,
        consultation::request,
        consultation::answer,
        consultation::end,
        crisis::get_plan,
        crisis::save_plan,
        crisis::list_contacts,
        crisis::log_contact,
        crisis::read_contact,
        on_call::now,
        on_call::essentials,
        on_call::save_home,
        can_plan::get_plan,
        can_plan::save_plan,
        can_plan::start_module,
        can_plan::update_module,
        mapping::get_mapping,
        mapping::save_mapping,
        mapping::record_child_voice,
        treatment::create_summary,
        treatment::edit_summary,
        treatment::overdue,
        treatment::discharge,
        treatment::follow_up,
        treatment::capacity,
        treatment::supervision,
        treatment::discharge_report,
        results::dashboard,
        results::export,
        results::record_interview,
        results::interviews,
        results::interviews_due,
        results::record_experience,
        results::experience,
        results::rate_supervisor,
        results::ratings_due,
        teams::close,
        people::team,
        studies::list,
        studies::draft,
        studies::create,
        studies::show,
        studies::save,
        studies::import_potential,
        studies::versions_of,
        studies::comment,
        studies::approve,
        studies::team_plan,
        people::person,
        people::record_training,
        people::certificate,
        people::training_exception,
        people::add_booster,
        people::hold_booster,
        people::plan,
        people::save_plan,
        people::review_plan,
        people::rate_consultant,
        people::figures,
        people::reminders,
        money::team_money,
        money::prices,
        money::set_price,
        money::agreements,
        money::create_agreement,
        money::update_agreement,
        money::budget,
        money::save_budget,
        money::team_invoicing,
        money::referral_price,
        money::municipality_money,
        money::municipality_invoicing,
        money::set_placement_cost,
        money::billing_details,
        money::save_billing_details,
        money::national,
        money::set_licence_fee,
        oncall::rota,
        oncall::add_shift,
        oncall::change_shift,
        oncall::remove_shift,
        oncall::fill,
        oncall::record_leave,
        oncall::remove_leave,
        oncall::save_settings,
        oncall::publish,
        oncall::propose_swap,
        oncall::answer_swap,
        oncall::gaps,
        oncall_calendar::list,
        oncall_calendar::create,
        oncall_calendar::revoke,
        oncall_calendar::feed_document,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&CommonErrors),
    tags(
        (name = "reference", description = "Programme models, national offices, municipalities"),
        (name = "teams", description = "Teams, their owners and staff"),
        (name = "session", description = "Login with password and TOTP, logout"),
        (name = "account", description = "One's page language, password and API tokens"),
        (name = "notices", description = "What needs a person, told once on their start page and by e-mail where they asked for it (an e-mail names the kind and the team, never a family); the outbox of e-mails for the national office's administrator"),
        (name = "users", description = "Accounts (national programme office)"),
        (name = "cases", description = "Families' cases, break-glass access"),
        (name = "referrals", description = "A referral's hand-off: the receipt, the team's acknowledgement within three working days, referrals awaiting it, the caseworker's added information and withdrawal"),
        (name = "audit", description = "The audit log and people's access logs"),
        (name = "results", description = "Dashboards against the programme targets, exports, adherence interviews, family experience"),
        (name = "treatment", description = "A family's course: decisions, assessment, weekly summaries, discharge, follow-up"),
        (name = "safety", description = "MST-CAN: the family's safety plan in versions, incidents and the notification to child welfare"),
        (name = "can_plan", description = "MST-CAN: the treatment plan made with the family (goals by theme area) and the treatment modules (RBT with drug screens, PE, TF-CBT, anger management, clarification)"),
        (name = "consultations", description = "MST-CAN: the team asks its psychiatrist to consult on a family; the psychiatrist asked reads the family while the request is open"),
        (name = "people", description = "The team's people: training records with certificates (the initial training before a therapist may take families, unless the supervisor records an exception), attendance at the weekly supervision and consultation, boosters four a year, individual development plans in versions with reviews, the team's rating of its consultant (shown as a mean of five or more), and each team's figures"),
        (name = "studies", description = "Starting a team: feasibility studies by one or several municipalities — the potential with sources, the expected referral share, barriers, cost and placement assumptions — worked out in three scenarios (staffing ramp, yearly cost against placements avoided, break-even year), kept in versions, commented on by the national office, approved by each municipality (the last approval creates the team), and a team's plan against what happened"),
        (name = "money", description = "Money in integer øre: prices per team (effective-dated; the referral day decides), agreements selling places to other municipalities, the licence fee and its split, budgets, utilisation, the invoicing basis, and spending against out-of-home placements avoided"),
        (name = "oncall", description = "The on-call rota around the clock: shifts on the team's clock kept as instants, gaps and findings of the coming eight weeks, leave, limits, the pattern, publishing (with gaps only with a reason), swaps both agree to"),
        (name = "crisis", description = "MST: the family's crisis plan in versions and the crisis contact log, read by the team's person on call at night"),
        (name = "mapping", description = "MST-CAN: the family's ecological map in versions, the children's voice and who has not yet been heard"),
    )
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme-models", get(reference::programme_models))
        .route("/national-offices", get(reference::national_offices))
        .route("/municipalities", get(reference::municipalities))
        .route("/teams", get(teams::list).post(teams::create))
        .route("/teams/{id}", get(teams::get_one))
        .route("/teams/{id}/owners", put(teams::replace_owners))
        .route("/teams/{id}/members", post(teams::add_member))
        .route(
            "/teams/{id}/members/{membership_id}/end",
            post(teams::end_membership),
        )
        .route("/session", post(session::login).delete(session::logout))
        .route("/session/enrolment", get(session::enrolment))
        .route("/session/second-factor", post(session::second_factor))
        .route("/me", get(session::me))
        .route("/me/password", post(account::change_password))
        .route(
            "/me/tokens",
            get(account::list_tokens).post(account::create_token),
        )
        .route("/me/tokens/{id}", delete(account::revoke_token))
        .route(
            "/me/language",
            get(account::language).put(account::set_language),
        )
        .route("/me/notices", get(notices::unseen))
        .route("/me/notices/seen", post(notices::mark_seen))
        .route(
            "/me/notifications",
            get(notices::settings).put(notices::save_settings),
        )
        .route("/admin/outbox", get(notices::outbox))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}/deactivate", post(users::deactivate))
        .route("/users/{id}/activate", post(users::activate))
        .route(
            "/users/{id}/identities",
            get(users::identities).post(users::link_identity),
        )
        .route(
            "/users/{id}/identities/{provider}/{subject}",
            axum::routing::delete(users::unlink_identity),
        )
        .route("/cases", get(cases::list).post(cases::refer))
        .route("/cases/{id}", get(cases::get_one))
        .route("/cases/{id}/break-glass", post(cases::break_glass))
        .route("/cases/{id}/receipt", get(referrals::receipt))
        .route("/cases/{id}/acknowledge", post(referrals::acknowledge))
        .route("/cases/{id}/withdraw", post(referrals::withdraw))
        .route(
            "/cases/{id}/referral-information",
            post(referrals::add_information),
        )
        .route("/referrals/awaiting", get(referrals::awaiting))
        .route("/break-glass", get(cases::break_glass_overview))
        .route("/persons/{id}/access-log", get(cases::access_log))
        .route("/audit", get(audit::audit))
        .route("/audit/person-lookup", post(audit::person_lookup))
        .route("/audit/subject-copy", post(audit::subject_copy))
        .route("/audit/subject-copy.pdf", post(audit::subject_copy_pdf))
        .route("/cases/{id}/file", get(treatment::file))
        .route("/results/{kind}/{key}", get(results::dashboard))
        .route("/results/{kind}/{key}/export", get(results::export))
        .route(
            "/cases/{id}/adherence-interviews",
            get(results::interviews).post(results::record_interview),
        )
        .route(
            "/teams/{id}/adherence-interviews/due",
            get(results::interviews_due),
        )
        .route(
            "/teams/{id}/supervisor-ratings",
            post(results::rate_supervisor),
        )
        .route("/me/supervisor-ratings/due", get(results::ratings_due))
        .route(
            "/cases/{id}/family-experience",
            get(results::experience).post(results::record_experience),
        )
        .route("/cases/{id}/accept", post(treatment::accept))
        .route("/cases/{id}/decline", post(treatment::decline))
        .route("/cases/{id}/assign", post(treatment::assign))
        .route(
            "/cases/{id}/accept-and-assign",
            post(treatment::accept_and_assign),
        )
        .route("/cases/{id}/assessment", put(treatment::assessment))
        .route("/cases/{id}/safety", get(safety::get_safety))
        .route("/safety", get(safety::overview))
        .route(
            "/cases/{id}/consultations",
            get(consultation::list).post(consultation::request),
        )
        .route(
            "/cases/{id}/consultations/{request_id}/answer",
            post(consultation::answer),
        )
        .route(
            "/cases/{id}/consultations/{request_id}/end",
            post(consultation::end),
        )
        .route("/cases/{id}/safety-plan", put(safety::save_plan))
        .route(
            "/cases/{id}/crisis-plan",
            get(crisis::get_plan).put(crisis::save_plan),
        )
        .route(
            "/cases/{id}/crisis-contacts",
            get(crisis::list_contacts).post(crisis::log_contact),
        )
        .route(
            "/cases/{id}/crisis-contacts/{contact_id}/read",
            post(crisis::read_contact),
        )
        .route("/cases/{id}/crisis-essentials", get(on_call::essentials))
        .route("/cases/{id}/home", put(on_call::save_home))
        .route("/teams/{id}/closed-on", put(teams::close))
        .route("/teams/{id}/people", get(people::team))
        .route("/studies", get(studies::list).post(studies::create))
        .route("/studies/draft", get(studies::draft))
        .route("/studies/{id}", get(studies::show).put(studies::save))
        .route("/studies/{id}/potential", post(studies::import_potential))
        .route("/studies/{id}/versions", get(studies::versions_of))
        .route("/studies/{id}/comments", post(studies::comment))
        .route("/studies/{id}/approvals", post(studies::approve))
        .route("/teams/{id}/plan", get(studies::team_plan))
        .route("/people/figures", get(people::figures))
        .route("/people/reminders", get(people::reminders))
        .route("/people/{id}", get(people::person))
        .route(
            "/people/{id}/training",
            post(people::record_training).layer(axum::extract::DefaultBodyLimit::max(
                crate::auth::UPLOAD_BODY_LIMIT,
            )),
        )
        .route(
            "/training-records/{id}/certificate",
            get(people::certificate),
        )
        .route(
            "/teams/{id}/people/{user_id}/training-exception",
            post(people::training_exception),
        )
        .route("/teams/{id}/boosters", post(people::add_booster))
        .route("/boosters/{id}/held", post(people::hold_booster))
        .route(
            "/teams/{id}/people/{user_id}/plan",
            get(people::plan).put(people::save_plan),
        )
        .route(
            "/teams/{id}/people/{user_id}/plan/reviews",
            post(people::review_plan),
        )
        .route(
            "/teams/{id}/consultant-ratings",
            post(people::rate_consultant),
        )
        .route("/teams/{id}/money", get(money::team_money))
        .route(
            "/teams/{id}/prices",
            get(money::prices).post(money::set_price),
        )
        .route(
            "/teams/{id}/agreements",
            get(money::agreements).post(money::create_agreement),
        )
        .route("/agreements/{id}", put(money::update_agreement))
        .route(
            "/teams/{id}/budget/{year}",
            get(money::budget).put(money::save_budget),
        )
        .route("/teams/{id}/invoicing", get(money::team_invoicing))
        .route("/teams/{id}/referral-price", get(money::referral_price))
        .route(
            "/municipalities/{code}/money",
            get(money::municipality_money),
        )
        .route(
            "/municipalities/{code}/invoicing",
            get(money::municipality_invoicing),
        )
        .route(
            "/municipalities/{code}/placement-cost",
            put(money::set_placement_cost),
        )
        .route(
            "/municipalities/{code}/billing-details",
            get(money::billing_details).put(money::save_billing_details),
        )
        .route("/money/national", get(money::national))
        .route("/licence-fees/{year}", put(money::set_licence_fee))
        .route("/oncall/now", get(on_call::now))
        .route("/cases/{id}/incidents", post(safety::record_incident))
        .route(
            "/cases/{id}/treatment-plan",
            get(can_plan::get_plan).put(can_plan::save_plan),
        )
        .route("/cases/{id}/modules", post(can_plan::start_module))
        .route(
            "/cases/{id}/modules/{module_id}",
            put(can_plan::update_module),
        )
        .route(
            "/cases/{id}/incidents/{incident_id}/notification",
            put(safety::record_notification),
        )
        .route(
            "/cases/{id}/mapping",
            get(mapping::get_mapping).put(mapping::save_mapping),
        )
        .route(
            "/cases/{id}/child-voices",
            post(mapping::record_child_voice),
        )
        .route(
            "/cases/{id}/weekly-summaries",
            post(treatment::create_summary),
        )
        .route(
            "/cases/{id}/weekly-summaries/{week}",
            put(treatment::edit_summary),
        )
        .route("/weekly-summaries/overdue", get(treatment::overdue))
        .route("/cases/{id}/discharge", post(treatment::discharge))
        .route("/cases/{id}/follow-ups", post(treatment::follow_up))
        .route("/teams/{id}/capacity", get(treatment::capacity))
        .route("/teams/{id}/supervision", post(treatment::supervision))
        .route(
            "/cases/{id}/discharge-report.pdf",
            get(treatment::discharge_report),
        )
        .route("/teams/{id}/oncall", get(oncall::rota))
        .route("/teams/{id}/oncall/shifts", post(oncall::add_shift))
        .route(
            "/teams/{id}/oncall/shifts/{shift_id}",
            put(oncall::change_shift).delete(oncall::remove_shift),
        )
        .route("/teams/{id}/oncall/fill", post(oncall::fill))
        .route("/teams/{id}/oncall/leave", post(oncall::record_leave))
        .route(
            "/teams/{id}/oncall/leave/{leave_id}",
            delete(oncall::remove_leave),
        )
        .route("/teams/{id}/oncall/settings", put(oncall::save_settings))
        .route("/teams/{id}/oncall/publish", post(oncall::publish))
        .route("/teams/{id}/oncall/swaps", post(oncall::propose_swap))
        .route(
            "/teams/{id}/oncall/swaps/{swap_id}/answer",
            post(oncall::answer_swap),
        )
        .route("/oncall/gaps", get(oncall::gaps))
        .route(
            "/teams/{id}/oncall/calendar-feeds",
            get(oncall_calendar::list).post(oncall_calendar::create),
        )
        .route(
            "/teams/{id}/oncall/calendar-feeds/{feed_id}",
            delete(oncall_calendar::revoke),
        )
}

/// The OpenAPI document of the API.
pub async fn document() -> impl IntoResponse {
    axum::Json(ApiDoc::openapi())
}

/// An address under `/api/v1` that has no endpoint.
pub async fn not_found(uri: Uri) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(
            json!({"error": "not_found", "message": format!("no API endpoint at {}", uri.path())}),
        ),
    )
        .into_response()
}
