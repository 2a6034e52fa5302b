//! People who log in to Rundt, and the role each one has.

use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::country::Country;
use crate::error::{Validator, clean_name};
use crate::message::Arg;
use crate::msg;
use crate::municipality::MunicipalityCode;

pub use crate::id::UserId;

string_coded! {
    /// What a person does in the programme; access depends on the role and on
    /// the person's relation to a case.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        /// National programme office administrator.
        NationalAdmin => "national_admin",
        Supervisor => "supervisor",
        Therapist => "therapist",
        /// MST expert consultant for one or more teams.
        Consultant => "consultant",
        /// Municipal caseworker (sagsbehandler / saksbehandler).
        MunicipalCaseworker => "municipal_caseworker",
        /// Municipal manager: sees aggregates for the municipality only.
        MunicipalManager => "municipal_manager",
        /// Reads the audit log.
        Auditor => "auditor",
        /// MST-CAN: the child welfare service's crisis caseworker in the
        /// team, who sees the team's safety plans and incidents, nothing
        /// else of the families.
        CrisisCaseworker => "crisis_caseworker",
        /// MST-CAN: the team's part-time psychiatrist, who sees the
        /// families the team has asked them to consult on.
        Psychiatrist => "psychiatrist",
    }
    unknown => ("role", "role-unknown")
}

impl Role {
    /// Municipal roles act on behalf of exactly one municipality.
    pub fn needs_municipality(self) -> bool {
        matches!(self, Role::MunicipalCaseworker | Role::MunicipalManager)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub country: Country,
    /// Set for municipal roles.
    pub municipality_code: Option<MunicipalityCode>,
    pub active: bool,
    pub version: i64,
}

/// A validated request to create a user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub country: Country,
    pub municipality_code: Option<MunicipalityCode>,
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

impl NewUser {
    pub fn parse(
        username: &str,
        display_name: &str,
        email: Option<&str>,
        role: &str,
        country: &str,
        municipality_code: Option<&str>,
    ) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let username = v.take(parse_username(username));
        let display_name = v.take(clean_name("display_name", display_name, 120));
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            None => None,
            Some(e) => v.take(parse_email(e)).map(Some).unwrap_or(None),
        };
        let role = v.take(role.trim().parse::<Role>());
        let country = v.take(country.parse::<Country>());
        let municipality_code = municipality_code.map(str::trim).filter(|c| !c.is_empty());
        let mut municipality = None;
        if let (Some(role), Some(country)) = (role, country) {
            match (role.needs_municipality(), municipality_code) {
                (true, None) => v.check(
                    false,
                    "municipality_code",
                    msg!("role-needs-municipality", role = Arg::word(role_word(role))),
                ),
                (false, Some(_)) => v.check(
                    false,
                    "municipality_code",
                    msg!(
                        "role-without-municipality",
                        role = Arg::word(role_word(role))
                    ),
                ),
                (true, Some(code)) => {
                    municipality = v.take(MunicipalityCode::parse(country, code));
                }
                (false, None) => {}
            }
        }
        v.finish()?;
        match (username, display_name, role, country) {
            (Some(username), Some(display_name), Some(role), Some(country)) => Ok(Self {
                username,
                display_name,
                email,
                role,
                country,
                municipality_code: municipality,
            }),
            _ => Err(DomainError::invalid("user", msg!("user-invalid"))),
        }
    }
}

/// Usernames: 3-64 characters of lower-case letters, digits, `.`, `-`, `_`.
pub fn parse_username(raw: &str) -> Result<String, DomainError> {
    let name = raw.trim().to_lowercase();
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !(3..=64).contains(&name.len()) || !ok_chars {
        return Err(DomainError::invalid("username", msg!("username-shape")));
    }
    Ok(name)
}

fn parse_email(raw: &str) -> Result<String, DomainError> {
    check_email("email", raw)
}

/// An e-mail address as people type it: something before one `@`, a domain
/// with a dot after it, no spaces; refused as an error of `field`.
pub fn check_email(field: &str, raw: &str) -> Result<String, DomainError> {
    let valid = raw.len() <= 254
        && raw.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !raw.chars().any(char::is_whitespace);
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(DomainError::invalid(
            field,
            msg!("email-invalid", given = raw),
        ))
    }
}

/// Password rules after OWASP ASVS: long enough, not absurdly long, no forced
/// composition. (A breached-password list check comes with login.)
pub fn check_password(password: &str) -> Result<(), DomainError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(DomainError::invalid(
            "password",
            msg!("password-too-short", min = MIN_PASSWORD_CHARS),
        ));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(DomainError::invalid(
            "password",
            msg!("text-too-long", max = MAX_PASSWORD_CHARS),
        ));
    }
    Ok(())
}

/// The catalogue word for a role (`role_therapist`).
pub fn role_word(role: Role) -> String {
    format!("role_{}", role.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caseworker_must_belong_to_a_municipality() {
        let err =
            NewUser::parse("anna", "Anna", None, "municipal_caseworker", "DK", None).unwrap_err();
        assert!(err.to_string().contains("municipality_code"));
        let ok = NewUser::parse(
            "anna",
            "Anna",
            None,
            "municipal_caseworker",
            "DK",
            Some("751"),
        )
        .unwrap();
        assert_eq!(ok.municipality_code.unwrap(), "0751");
    }

    #[test]
    fn a_therapist_does_not_belong_to_a_municipality() {
        assert!(NewUser::parse("tove", "Tove", None, "therapist", "NO", Some("0301")).is_err());
    }

    #[test]
    fn usernames_and_emails_are_checked() {
        assert_eq!(parse_username(" Mette.H ").unwrap(), "mette.h");
        assert!(parse_username("ab").is_err());
        assert!(parse_username("bad name").is_err());
        assert!(
            NewUser::parse(
                "mette",
                "Mette",
                Some("not-an-email"),
                "therapist",
                "DK",
                None
            )
            .is_err()
        );
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(check_password("short").is_err());
        assert!(check_password("correct horse battery").is_ok());
    }
}
