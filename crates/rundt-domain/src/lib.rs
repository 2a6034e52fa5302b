//! Rundt's domain: the rules of MST programmes, their organisation and their
//! people, as pure Rust. Nothing here performs I/O; storage and HTTP live in
//! other crates and call into this one.
#![forbid(unsafe_code)]

#[macro_use]
mod coded;

pub mod access;
pub mod adherence;
pub mod api_token;
pub mod audit;
pub mod can_plan;
pub mod caseload;
pub mod consultation;
pub mod country;
pub mod crisis_contact;
pub mod crisis_plan;
pub mod discharge;
pub mod error;
pub mod experience;
pub mod family_search;
pub mod feasibility;
pub mod handoff;
pub mod home;
pub mod id;
pub mod incident;
pub mod indicators;
pub mod lifecycle;
pub mod mapping;
pub mod message;
pub mod money;
pub mod municipality;
pub mod municipality_history;
pub mod national_id;
pub mod national_office;
pub mod notice;
pub mod oncall;
pub mod people;
pub mod period;
pub mod programme;
pub mod referral;
pub mod retention;
pub mod safety;
pub mod sso;
pub mod team;
#[cfg(test)]
mod testing;
pub mod totp;
pub mod treatment;
pub mod user;
pub mod working_days;

pub use error::{DomainError, FieldError};
pub use message::{Arg, Message};
