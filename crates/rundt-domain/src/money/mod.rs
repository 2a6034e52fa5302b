//! Money in an MST programme: what a course costs, the places one
//! municipality buys in another's team, the yearly licence fee and how the
//! owners share it, the team's budget and utilisation, and the basis the
//! owners invoice from.
//!
//! Every amount is an integer count of minor units (øre) of one
//! [`Currency`]: no floating point in storage, arithmetic or JSON.

mod agreement;
mod amount;
mod arith;
mod economy;
mod fee;
mod invoicing;
mod placement;
mod price;
mod pricing;
mod rules;
mod types;
mod utilisation;

pub use agreement::{
    MAX_NOTE_CHARS, MAX_PLACES, PlacesUse, agreement_on, check_no_overlap, places_used,
};
pub use amount::{MAX_AMOUNT, format_amount, parse_amount};
pub(crate) use arith::{div_half_up, to_minor};
pub use economy::{CourseFact, EconomyTotals, MonthEconomy, YearEconomy, year_economy};
pub use fee::{
    FeeShare, FeeSplit, is_leap_year, pro_rata, split_largest_remainder, split_licence_fee,
};
pub use invoicing::{BuyerInvoice, InvoiceCase, InvoiceLine, InvoicePeriod, invoicing_basis};
pub use placement::{SpendingAgainstAvoided, spending_against_avoided, value_avoided_placements};
pub use price::{PLANNED_WEEKS, price_on};
pub use pricing::{DEFAULT_PLANNED_WEEKS, price_referral};
pub use rules::{MAX_BUDGET_LINES, validate_budget_lines, validate_licence_fee};
pub use types::*;
pub use utilisation::{Span, Utilisation, utilisation};
