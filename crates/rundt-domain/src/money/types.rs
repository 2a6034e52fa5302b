//! The records money is kept in. The rules that compute with them live in
//! the sibling modules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::id::{CaseId, TeamId, UserId};
use crate::municipality::MunicipalityCode;
use crate::team::Position;

/// An amount in minor units (øre) of some [`Currency`].
pub type Minor = i64;

string_coded! {
    /// The currency of a price or an amount: a team charges in its
    /// country's currency.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "UPPERCASE")]
    pub enum Currency {
        Dkk => "DKK",
        Nok => "NOK",
    }
    unknown => ("currency", "currency-unknown")
}

impl Currency {
    /// The currency a team in `country` charges in.
    pub fn of_country(country: Country) -> Self {
        match country {
            Country::DK => Self::Dkk,
            Country::NO => Self::Nok,
        }
    }
}

/// A team's price from a day on, until the next price's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamPrice {
    pub id: i64,
    pub team_id: TeamId,
    /// The first referral day this price applies to.
    pub effective_from: NaiveDate,
    pub currency: Currency,
    /// The price of one course, in minor units.
    pub course_price: Minor,
    /// The course's planned length in weeks; weeks beyond it may be charged.
    pub planned_weeks: u16,
    /// The price of each week beyond the planned length, if the team
    /// charges for them.
    pub extra_week_price: Option<Minor>,
    pub set_at: DateTime<Utc>,
    pub set_by: Option<UserId>,
}

/// A price to set from a day on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTeamPrice {
    pub effective_from: NaiveDate,
    pub currency: Currency,
    pub course_price: Minor,
    pub planned_weeks: u16,
    pub extra_week_price: Option<Minor>,
}

string_coded! {
    /// How an agreement counts its places: a number a year, or course by
    /// course as the buyer refers.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum PlacesBasis {
        PerYear => "per_year",
        PerCourse => "per_course",
    }
    unknown => ("places_basis", "places-basis-unknown")
}

/// An agreement by which a municipality buys places in a team one of the
/// team's owners sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseAgreement {
    pub id: i64,
    pub team_id: TeamId,
    /// The owning municipality that sells the places and invoices them.
    pub seller: MunicipalityCode,
    pub buyer: MunicipalityCode,
    pub basis: PlacesBasis,
    /// Places a year (per year); for per course, how many courses are
    /// expected, if said.
    pub places: Option<u32>,
    pub currency: Currency,
    /// The price of one course under the agreement, in minor units.
    pub course_price: Minor,
    pub valid_from: NaiveDate,
    /// The last day the agreement covers (inclusive); none: until ended.
    pub valid_until: Option<NaiveDate>,
    pub note: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserId>,
}

/// An agreement to make (or the new terms of one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPurchaseAgreement {
    pub seller: MunicipalityCode,
    pub buyer: MunicipalityCode,
    pub basis: PlacesBasis,
    pub places: Option<u32>,
    pub currency: Currency,
    pub course_price: Minor,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub note: String,
}

string_coded! {
    /// What a referral's price rests on.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum PricingBasis {
        /// A purchase agreement between the buyer and an owner.
        Agreement => "agreement",
        /// The buyer owns (part of) the team: the team's own price.
        Internal => "internal",
        /// The buyer neither owns the team nor has an agreement: the team's
        /// price, flagged for the owners to settle.
        NoAgreement => "no_agreement",
    }
    unknown => ("pricing_basis", "pricing-basis-unknown")
}

/// The price a referral's course is bought at, fixed on the referral day
/// and kept with the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralPrice {
    /// The municipality that pays.
    pub buyer: MunicipalityCode,
    /// The owner that invoices: the agreement's seller, or for the team's
    /// own price the first owner (largest share).
    pub seller: MunicipalityCode,
    pub basis: PricingBasis,
    pub agreement_id: Option<i64>,
    pub currency: Currency,
    pub course_price: Minor,
    pub planned_weeks: u16,
    pub extra_week_price: Option<Minor>,
    /// The referral day whose prices decided.
    pub priced_on: NaiveDate,
}

/// A stored referral price, with its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePrice {
    pub case_id: CaseId,
    pub price: ReferralPrice,
}

/// The yearly licence fee per team in a country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceFee {
    pub country: Country,
    pub year: i32,
    pub currency: Currency,
    /// The fee for one team for a whole year, in minor units.
    pub per_team: Minor,
    pub set_at: DateTime<Utc>,
    pub set_by: Option<UserId>,
}

string_coded! {
    /// What a line of a team's budget is for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum BudgetCategory {
        /// Salaries of one position (the line names it).
        Staff => "staff",
        LicenceFee => "licence_fee",
        Training => "training",
        Travel => "travel",
        Other => "other",
    }
    unknown => ("category", "budget-category-unknown")
}

/// One line of a team's yearly budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLine {
    pub category: BudgetCategory,
    /// For staff: whose salaries.
    pub position: Option<Position>,
    pub description: String,
    /// The year's amount, in minor units.
    pub amount: Minor,
}

/// A team's budget for a year, saved as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamBudget {
    pub team_id: TeamId,
    pub year: i32,
    pub currency: Currency,
    pub lines: Vec<BudgetLine>,
    /// 0 before the first save.
    pub version: i64,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<UserId>,
}

/// What a municipality says an out-of-home placement costs it a year, the
/// figure its avoided placements are valued at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementCost {
    pub country: Country,
    pub municipality: MunicipalityCode,
    pub year: i32,
    pub currency: Currency,
    /// The average cost of one placement for a year, in minor units.
    pub yearly_cost: Minor,
    /// How many months an avoided placement is assumed to have lasted.
    pub assumed_months: u16,
    /// The municipality's own words on where the figure comes from.
    pub assumption: String,
    pub set_at: DateTime<Utc>,
    pub set_by: Option<UserId>,
}

/// A placement cost to set (replacing the municipality's figure for the
/// year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlacementCost {
    pub year: i32,
    pub currency: Currency,
    pub yearly_cost: Minor,
    pub assumed_months: u16,
    pub assumption: String,
}

string_coded! {
    /// The scheme of an electronic address on the Peppol/NemHandel network.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum EndpointScheme {
        /// GLN / EAN location number (Danish public buyers).
        #[serde(rename = "0088")]
        Gln => "0088",
        /// Danish CVR number.
        #[serde(rename = "0184")]
        Cvr => "0184",
        /// Norwegian organisation number.
        #[serde(rename = "0192")]
        NorwegianOrgNumber => "0192",
    }
    unknown => ("endpoint_scheme", "endpoint-scheme-unknown")
}

/// What a municipality's invoices need: its legal name, its registration
/// number and its electronic address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingDetails {
    pub country: Country,
    pub municipality: MunicipalityCode,
    pub legal_name: String,
    /// CVR (Denmark, 8 digits) or organisation number (Norway, 9 digits).
    pub registration_number: String,
    pub endpoint_scheme: EndpointScheme,
    pub endpoint_id: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// The bank account invoices ask to be paid to (as a seller).
    pub bank_account: String,
    /// 0 before the first save.
    pub version: i64,
}
