//! The storage conformance suite: every scenario runs on SQLite and on
//! PostgreSQL (`rundt_testkit::scenarios!` expands it into a `sqlite` and a
//! `postgres` test). Scenarios over `TestApp` go through the use cases where
//! a rule lives there; scenarios over `TestDb` drive the `Store` trait
//! directly, from an empty database.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod access_log_pages;
mod audit_search;
mod audit_verify;
mod calendar_feeds;
mod can_referral;
mod can_results;
mod can_roles;
mod crisis;
mod decisions;
mod family_list;
mod fidelity;
mod home;
mod key_rotation;
mod login;
mod mapping;
mod notices;
mod on_call_access;
mod oncall;
mod organisation;
mod postgres_admin;
mod protection;
mod referrals;
mod results;
mod results_access;
mod results_rollup;
mod results_version;
mod retention;
mod safety;
mod safety_first;
mod sso;
mod store_access_log;
mod store_agenda;
mod store_audit;
mod store_can_plan;
mod store_case_list;
mod store_close;
mod store_feasibility;
mod store_identity;
mod store_mapping;
mod store_money;
mod store_organisation;
mod store_people;
mod store_referrals;
mod store_request_auth;
mod store_results;
mod store_safety;
mod store_support;
mod store_team_at;
mod store_treatment;
mod subject_access;
mod supervision_agenda;
mod world;
