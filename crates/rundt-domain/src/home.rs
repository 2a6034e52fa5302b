//! Where the family lives and how to reach them: the address, the
//! household's phone numbers and how to get in. The team's person on call
//! needs these at night, before a home visit or a call (issue 13); the
//! family's own therapist keeps them current. Kept in versions like the
//! family's other documents.

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::msg;
use crate::referral::check_phone;

/// The longest address accepted.
pub const ADDRESS_MAX: usize = 300;
/// The longest note on how to get there.
pub const GETTING_THERE_MAX: usize = 1000;
/// The longest name of whose phone a number is.
pub const WHO_MAX: usize = 80;
/// The most phone numbers of one household.
pub const PHONES_MAX: usize = 10;

/// One of the household's phone numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomePhone {
    /// Whose number it is ("Mor, Sanne", "Jonas").
    pub who: String,
    pub number: String,
}

/// The family's home as the person on call needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeDetails {
    pub address: String,
    /// At least one, at most ten.
    pub phones: Vec<HomePhone>,
    /// Door code, which entrance, a dog, where to park; may be empty.
    #[serde(default)]
    pub getting_there: String,
}

impl HomeDetails {
    /// The details trimmed; every problem reported at once, each on its
    /// field (`phones[1].number`).
    pub fn validate(&self) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let address = v.take(clean_text("address", &self.address, ADDRESS_MAX));
        // Rows left wholly empty on a form are not numbers.
        let given: Vec<(usize, &HomePhone)> = self
            .phones
            .iter()
            .enumerate()
            .filter(|(_, p)| !(p.who.trim().is_empty() && p.number.trim().is_empty()))
            .collect();
        v.check(!given.is_empty(), "phones", msg!("home-phone-missing"));
        v.check(
            given.len() <= PHONES_MAX,
            "phones",
            msg!("home-too-many-phones", max = PHONES_MAX),
        );
        let mut phones = Vec::new();
        for (i, p) in given {
            let who = v.take(clean_name(&format!("phones[{i}].who"), &p.who, WHO_MAX));
            let number = v.take(check_phone(&format!("phones[{i}].number"), &p.number));
            if let (Some(who), Some(number)) = (who, number) {
                phones.push(HomePhone { who, number });
            }
        }
        let getting_there = if self.getting_there.trim().is_empty() {
            String::new()
        } else {
            v.take(clean_text(
                "getting_there",
                &self.getting_there,
                GETTING_THERE_MAX,
            ))
            .unwrap_or_default()
        };
        v.finish()?;
        Ok(Self {
            address: address.unwrap_or_default(),
            phones,
            getting_there,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> HomeDetails {
        HomeDetails {
            address: " Vestergade 12, 2. th., 9000 Aalborg ".into(),
            phones: vec![
                HomePhone {
                    who: "Mor, Sanne".into(),
                    number: "+45 22 33 44 55".into(),
                },
                HomePhone {
                    who: String::new(),
                    number: " ".into(),
                },
            ],
            getting_there: "Kode til opgangen 1234. Hunden er venlig.".into(),
        }
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(errs) => errs.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_home_is_kept_trimmed_and_empty_phone_rows_are_dropped() {
        let h = home().validate().unwrap();
        assert_eq!(h.address, "Vestergade 12, 2. th., 9000 Aalborg");
        assert_eq!(h.phones.len(), 1);
        assert_eq!(h.phones[0].number, "+45 22 33 44 55");
    }

    #[test]
    fn a_home_needs_an_address_and_a_phone_that_is_a_phone() {
        let mut h = home();
        h.address = "  ".into();
        h.phones = vec![];
        assert_eq!(fields(h.validate().unwrap_err()), ["address", "phones"]);
        let mut h = home();
        h.phones[0].number = "ring mormor".into();
        h.phones[1].who = "Jonas".into();
        assert_eq!(
            fields(h.validate().unwrap_err()),
            ["phones[0].number", "phones[1].number"]
        );
    }

    #[test]
    fn getting_there_may_be_empty_but_not_endless() {
        let mut h = home();
        h.getting_there = String::new();
        assert!(h.validate().is_ok());
        h.getting_there = "x".repeat(GETTING_THERE_MAX + 1);
        assert_eq!(fields(h.validate().unwrap_err()), ["getting_there"]);
    }
}
