//! The checks on what the national office, a team's owners and a
//! municipality enter about money: the licence fee, budget lines, the
//! placement cost and billing details.

use crate::country::Country;
use crate::error::{DomainError, Validator};
use crate::msg;

use super::{
    BillingDetails, BudgetCategory, BudgetLine, Currency, EndpointScheme, MAX_AMOUNT, Minor,
    NewPlacementCost,
};

/// The most lines a budget has.
pub const MAX_BUDGET_LINES: usize = 50;

/// A licence fee per team for a year: positive, for a year 2000–2100.
pub fn validate_licence_fee(year: i32, per_team: Minor) -> Result<(), DomainError> {
    let mut v = Validator::new();
    v.check(
        (2000..=2100).contains(&year),
        "year",
        msg!("money-year-out-of-range"),
    );
    v.check(per_team > 0, "per_team", msg!("amount-must-be-positive"));
    v.check(per_team <= MAX_AMOUNT, "per_team", msg!("amount-too-large"));
    v.finish()
}

/// A budget's lines: amounts from 0, staff lines name a position and only
/// staff lines do, descriptions of at most 200 characters.
pub fn validate_budget_lines(lines: &[BudgetLine]) -> Result<(), DomainError> {
    let mut v = Validator::new();
    v.check(
        lines.len() <= MAX_BUDGET_LINES,
        "lines",
        msg!("budget-too-many-lines", max = MAX_BUDGET_LINES),
    );
    for (i, line) in lines.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        v.check(line.amount >= 0, &field("amount"), msg!("amount-negative"));
        v.check(
            line.amount <= MAX_AMOUNT,
            &field("amount"),
            msg!("amount-too-large"),
        );
        v.check(
            (line.category == BudgetCategory::Staff) == line.position.is_some(),
            &field("position"),
            msg!("budget-staff-needs-position"),
        );
        v.at_most_chars(&field("description"), &line.description, 200);
    }
    v.finish()
}

impl NewPlacementCost {
    /// Positive, in the country's currency, over 1–60 months, with the
    /// assumption in words (up to 1,000 characters).
    pub fn validate(&self, country: Country) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            (2000..=2100).contains(&self.year),
            "year",
            msg!("money-year-out-of-range"),
        );
        v.check(
            self.yearly_cost > 0,
            "yearly_cost",
            msg!("amount-must-be-positive"),
        );
        v.check(
            self.yearly_cost <= MAX_AMOUNT,
            "yearly_cost",
            msg!("amount-too-large"),
        );
        let currency = Currency::of_country(country);
        v.check(
            self.currency == currency,
            "currency",
            msg!("currency-not-the-teams", currency = currency.as_str()),
        );
        v.check(
            (1..=60).contains(&self.assumed_months),
            "assumed_months",
            msg!("placement-months-out-of-range"),
        );
        v.check(
            !self.assumption.trim().is_empty(),
            "assumption",
            msg!("placement-assumption-missing"),
        );
        v.at_most_chars("assumption", &self.assumption, 1000);
        v.finish()
    }
}

impl BillingDetails {
    /// A legal name, the country's registration number (CVR: 8 digits;
    /// organisation number: 9 digits with its modulus-11 check), an
    /// electronic address of a scheme the country uses, and an address.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            !self.legal_name.trim().is_empty(),
            "legal_name",
            msg!("billing-name-missing"),
        );
        v.at_most_chars("legal_name", &self.legal_name, 200);
        let reg = self.registration_number.trim();
        match self.country {
            Country::DK => v.check(digits(reg, 8), "registration_number", msg!("cvr-invalid")),
            Country::NO => v.check(
                digits(reg, 9) && org_number_check(reg),
                "registration_number",
                msg!("org-number-invalid"),
            ),
        }
        let id = self.endpoint_id.trim();
        let endpoint_ok = match (self.country, self.endpoint_scheme) {
            (Country::DK, EndpointScheme::Gln) => digits(id, 13) && gln_check(id),
            (Country::DK, EndpointScheme::Cvr) => digits(id, 8),
            (Country::NO, EndpointScheme::NorwegianOrgNumber) => {
                digits(id, 9) && org_number_check(id)
            }
            _ => false,
        };
        v.check(endpoint_ok, "endpoint_id", msg!("endpoint-invalid"));
        for (field, text) in [
            ("street", &self.street),
            ("postal_code", &self.postal_code),
            ("city", &self.city),
        ] {
            v.check(
                !text.trim().is_empty(),
                field,
                msg!("billing-address-missing"),
            );
            v.at_most_chars(field, text, 200);
        }
        v.at_most_chars("bank_account", &self.bank_account, 64);
        v.finish()
    }
}

fn digits(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| b.is_ascii_digit())
}

fn digit_values(text: &str) -> Vec<u32> {
    text.bytes().map(|b| u32::from(b - b'0')).collect()
}

/// The Norwegian organisation number's modulus-11 check digit (weights
/// 3 2 7 6 5 4 3 2).
fn org_number_check(text: &str) -> bool {
    let d = digit_values(text);
    let sum: u32 = [3, 2, 7, 6, 5, 4, 3, 2]
        .iter()
        .zip(&d)
        .map(|(w, x)| w * x)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    d.get(8) == Some(&check)
}

/// The GS1 check digit of a 13-digit GLN (EAN location number).
fn gln_check(text: &str) -> bool {
    let d = digit_values(text);
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, x)| if i % 2 == 0 { *x } else { x * 3 })
        .sum();
    d.get(12) == Some(&((10 - sum % 10) % 10))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::code;

    fn details(country: Country) -> BillingDetails {
        BillingDetails {
            country,
            municipality: code(if country == Country::DK {
                "0751"
            } else {
                "0301"
            }),
            legal_name: "Aarhus Kommune".into(),
            registration_number: "55133018".into(),
            endpoint_scheme: EndpointScheme::Gln,
            endpoint_id: "5798000000001".into(),
            street: "Rådhuspladsen 2".into(),
            postal_code: "8000".into(),
            city: "Aarhus C".into(),
            bank_account: "1234 5678901234".into(),
            version: 0,
        }
    }

    #[test]
    fn a_gln_and_an_organisation_number_carry_their_check_digits() {
        // 579800000000 → weights 1, 3, 1, … give 59; check digit 1.
        assert!(gln_check("5798000000001"));
        assert!(!gln_check("5798000000004"));
        // 974760673 (Brønnøysundregistrene's own number) is valid.
        assert!(org_number_check("974760673"));
        assert!(!org_number_check("974760674"));
    }

    #[test]
    fn billing_details_need_the_countrys_numbers() {
        let mut dk = details(Country::DK);
        assert!(dk.validate().is_ok());
        dk.registration_number = "5513301".into();
        dk.endpoint_id = "5798000000004".into();
        let Err(DomainError::Invalid(errors)) = dk.validate() else {
            panic!("accepted a short CVR and a bad GLN");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["registration_number", "endpoint_id"]);
        let mut no = details(Country::NO);
        no.registration_number = "974760673".into();
        no.endpoint_scheme = EndpointScheme::NorwegianOrgNumber;
        no.endpoint_id = "974760673".into();
        assert!(no.validate().is_ok());
        // A Danish scheme is no Norwegian address.
        no.endpoint_scheme = EndpointScheme::Gln;
        assert!(no.validate().is_err());
    }

    #[test]
    fn a_budget_refuses_negative_amounts_and_staff_without_a_position() {
        let line = |category, position, amount| BudgetLine {
            category,
            position,
            description: String::new(),
            amount,
        };
        assert!(
            validate_budget_lines(&[
                line(
                    BudgetCategory::Staff,
                    Some(crate::team::Position::Therapist),
                    180_000_000
                ),
                line(BudgetCategory::LicenceFee, None, 29_900_000),
            ])
            .is_ok()
        );
        assert!(validate_budget_lines(&[line(BudgetCategory::Travel, None, -1)]).is_err());
        assert!(validate_budget_lines(&[line(BudgetCategory::Staff, None, 1)]).is_err());
        assert!(
            validate_budget_lines(&[line(
                BudgetCategory::Other,
                Some(crate::team::Position::Therapist),
                1
            )])
            .is_err()
        );
    }

    #[test]
    fn a_licence_fee_is_positive() {
        assert!(validate_licence_fee(2026, 29_900_000).is_ok());
        assert!(validate_licence_fee(2026, 0).is_err());
        assert!(validate_licence_fee(1999, 1).is_err());
    }
}
