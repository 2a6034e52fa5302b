//! Purchase agreements: a municipality buys places in a team one of the
//! team's owners sells.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::DomainError;
use crate::error::Validator;
use crate::id::{CaseId, TeamId};
use crate::msg;
use crate::municipality::MunicipalityCode;
use crate::team::Team;

use super::price::check_currency;
use super::types::{CasePrice, NewPurchaseAgreement, PlacesBasis, PurchaseAgreement};

/// The most places one agreement buys.
pub const MAX_PLACES: u32 = 1000;

/// The longest note on an agreement, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

impl NewPurchaseAgreement {
    /// Checks an agreement for `team`: the seller is one of the team's
    /// owners; the buyer is neither the seller nor another owner (owners
    /// pay the team's own price); the price is in the team's currency and
    /// more than nothing; an agreement by the year says how many places
    /// (1 to 1000); it does not end before it begins; the note is at most
    /// 1000 characters. Reports every problem at once.
    pub fn validate(&self, team: &Team) -> Result<(), DomainError> {
        let mut v = Validator::new();
        let is_owner =
            |code: &MunicipalityCode| team.owners.iter().any(|o| &o.municipality_code == code);
        v.check(
            is_owner(&self.seller),
            "seller",
            msg!("agreement-seller-not-owner", seller = &self.seller),
        );
        if self.buyer == self.seller {
            v.check(false, "buyer", msg!("agreement-buyer-is-seller"));
        } else {
            v.check(
                !is_owner(&self.buyer),
                "buyer",
                msg!("agreement-buyer-is-owner", buyer = &self.buyer),
            );
        }
        check_currency(&mut v, self.currency, team.country);
        v.check(
            self.course_price > 0,
            "course_price",
            msg!("price-not-positive"),
        );
        match self.places {
            None => v.check(
                self.basis != PlacesBasis::PerYear,
                "places",
                msg!("agreement-places-missing"),
            ),
            Some(0) => v.check(false, "places", msg!("agreement-places-at-least-one")),
            Some(n) => v.check(
                n <= MAX_PLACES,
                "places",
                msg!("agreement-places-too-many", max = MAX_PLACES),
            ),
        }
        v.check(
            self.valid_until.is_none_or(|u| u >= self.valid_from),
            "valid_until",
            msg!("agreement-ends-before-it-starts", from = self.valid_from),
        );
        v.at_most_chars("note", &self.note, MAX_NOTE_CHARS);
        v.finish()
    }
}

/// Whether two periods of days (inclusive; `None`: open-ended) share a day.
fn overlaps(
    a_from: NaiveDate,
    a_until: Option<NaiveDate>,
    b_from: NaiveDate,
    b_until: Option<NaiveDate>,
) -> bool {
    a_until.is_none_or(|u| b_from <= u) && b_until.is_none_or(|u| a_from <= u)
}

/// Refuses `new` when another agreement of team `team_id` with the same
/// buyer covers one of its days (the days are inclusive: one ending on the
/// day the other begins overlaps it). `except_id` is the agreement being
/// changed, which does not count. The message names the other agreement's
/// period.
pub fn check_no_overlap(
    existing: &[PurchaseAgreement],
    team_id: TeamId,
    new: &NewPurchaseAgreement,
    except_id: Option<i64>,
) -> Result<(), DomainError> {
    let clash = existing
        .iter()
        .filter(|a| a.team_id == team_id && a.buyer == new.buyer && Some(a.id) != except_id)
        .filter(|a| overlaps(a.valid_from, a.valid_until, new.valid_from, new.valid_until))
        .min_by_key(|a| a.valid_from);
    match clash {
        None => Ok(()),
        Some(a) => Err(DomainError::Conflict(match a.valid_until {
            Some(until) => msg!(
                "agreement-overlaps",
                buyer = &a.buyer,
                from = a.valid_from,
                until = until
            ),
            None => msg!(
                "agreement-overlaps-open-ended",
                buyer = &a.buyer,
                from = a.valid_from
            ),
        })),
    }
}

/// The agreement of team `team_id` by which `buyer` buys places on `day`,
/// if there is one (of several, the one begun last).
pub fn agreement_on<'a>(
    agreements: &'a [PurchaseAgreement],
    team_id: TeamId,
    buyer: &MunicipalityCode,
    day: NaiveDate,
) -> Option<&'a PurchaseAgreement> {
    agreements
        .iter()
        .filter(|a| a.team_id == team_id && &a.buyer == buyer)
        .filter(|a| a.valid_from <= day && a.valid_until.is_none_or(|u| day <= u))
        .max_by_key(|a| (a.valid_from, a.id))
}

/// How many of an agreement's places a year has used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacesUse {
    pub agreement_id: i64,
    pub year: i32,
    /// The places the agreement buys (or expects, by the course), if said.
    pub places: Option<u32>,
    /// Courses referred in the year and priced by the agreement.
    pub used: u32,
}

/// The courses referred in `year` under `agreement`: each case whose
/// stored price names the agreement, counted once, in the year of its
/// referral day. The referral day is the one `referred` gives for the case;
/// a priced case missing from `referred` counts by the day its price was
/// fixed on (which is its referral day).
pub fn places_used(
    agreement: &PurchaseAgreement,
    year: i32,
    prices: &[CasePrice],
    referred: &[(CaseId, NaiveDate)],
) -> PlacesUse {
    let used: BTreeSet<CaseId> = prices
        .iter()
        .filter(|p| p.price.agreement_id == Some(agreement.id))
        .filter(|p| {
            let referral_day = referred
                .iter()
                .find(|(case, _)| *case == p.case_id)
                .map_or(p.price.priced_on, |(_, d)| *d);
            referral_day.year() == year
        })
        .map(|p| p.case_id)
        .collect();
    PlacesUse {
        agreement_id: agreement.id,
        year,
        places: agreement.places,
        used: u32::try_from(used.len()).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::country::Country;
    use crate::money::types::{Currency, PricingBasis, ReferralPrice};
    use crate::team::Ownership;
    use crate::testing::{code, day};
    use chrono::{TimeZone, Utc};

    /// Team 1, MST Vest, owned by 0101 (60 %) and 0147 (40 %), since 2020.
    pub(crate) fn owned_team() -> Team {
        Team {
            id: TeamId::new(1),
            name: "MST Vest".into(),
            country: Country::DK,
            programme_model: "MST".into(),
            owners: vec![
                Ownership {
                    municipality_code: code("0101"),
                    share_bp: 6000,
                },
                Ownership {
                    municipality_code: code("0147"),
                    share_bp: 4000,
                },
            ],
            started_on: day("2020-01-01"),
            closed_on: None,
            version: 1,
        }
    }

    fn new_agreement(from: &str, until: Option<&str>) -> NewPurchaseAgreement {
        NewPurchaseAgreement {
            seller: code("0101"),
            buyer: code("0751"),
            basis: PlacesBasis::PerYear,
            places: Some(4),
            currency: Currency::Dkk,
            course_price: 31_500_000,
            valid_from: day(from),
            valid_until: until.map(day),
            note: "Aftale om fire pladser om året".into(),
        }
    }

    pub(crate) fn agreement(id: i64, from: &str, until: Option<&str>) -> PurchaseAgreement {
        let n = new_agreement(from, until);
        PurchaseAgreement {
            id,
            team_id: TeamId::new(1),
            seller: n.seller,
            buyer: n.buyer,
            basis: n.basis,
            places: n.places,
            currency: n.currency,
            course_price: n.course_price,
            valid_from: n.valid_from,
            valid_until: n.valid_until,
            note: n.note,
            version: 1,
            created_at: Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap(),
            created_by: None,
        }
    }

    fn fields(err: DomainError) -> Vec<(String, &'static str)> {
        let DomainError::Invalid(fields) = err else {
            panic!("{err:?}")
        };
        fields
            .into_iter()
            .map(|f| (f.field, f.message.code))
            .collect()
    }

    #[test]
    fn an_owner_sells_places_to_a_municipality_outside_the_team() {
        let team = owned_team();
        assert_eq!(
            new_agreement("2026-01-01", Some("2026-12-31")).validate(&team),
            Ok(())
        );
        let by_course = NewPurchaseAgreement {
            basis: PlacesBasis::PerCourse,
            places: None,
            valid_until: None,
            ..new_agreement("2026-01-01", None)
        };
        assert_eq!(by_course.validate(&team), Ok(()));
    }

    #[test]
    fn every_problem_with_an_agreement_is_reported_at_once() {
        let team = owned_team();
        let bad = NewPurchaseAgreement {
            seller: code("0751"),
            buyer: code("0147"),
            places: None,
            currency: Currency::Nok,
            course_price: 0,
            valid_until: Some(day("2025-12-31")),
            note: "x".repeat(1001),
            ..new_agreement("2026-01-01", None)
        };
        assert_eq!(
            fields(bad.validate(&team).unwrap_err()),
            vec![
                ("seller".into(), "agreement-seller-not-owner"),
                ("buyer".into(), "agreement-buyer-is-owner"),
                ("currency".into(), "currency-not-the-teams"),
                ("course_price".into(), "price-not-positive"),
                ("places".into(), "agreement-places-missing"),
                ("valid_until".into(), "agreement-ends-before-it-starts"),
                ("note".into(), "at-most-characters"),
            ]
        );
    }

    #[test]
    fn a_seller_cannot_buy_from_itself_and_places_are_between_one_and_a_thousand() {
        let team = owned_team();
        let own = NewPurchaseAgreement {
            buyer: code("0101"),
            ..new_agreement("2026-01-01", None)
        };
        assert_eq!(
            fields(own.validate(&team).unwrap_err()),
            vec![("buyer".into(), "agreement-buyer-is-seller")]
        );
        for (places, expected) in [
            (Some(0), Some("agreement-places-at-least-one")),
            (Some(1), None),
            (Some(1000), None),
            (Some(1001), Some("agreement-places-too-many")),
        ] {
            let a = NewPurchaseAgreement {
                places,
                ..new_agreement("2026-01-01", None)
            };
            let got = a.validate(&team).err().map(|e| fields(e)[0].1);
            assert_eq!(got, expected, "{places:?}");
        }
        let one_day = new_agreement("2026-03-01", Some("2026-03-01"));
        assert_eq!(one_day.validate(&team), Ok(()));
    }

    #[test]
    fn agreements_touching_on_a_day_overlap_and_the_day_after_does_not() {
        let existing = vec![agreement(7, "2026-01-01", Some("2026-06-30"))];
        let team = TeamId::new(1);
        let touching = new_agreement("2026-06-30", None);
        let err = check_no_overlap(&existing, team, &touching, None).unwrap_err();
        let DomainError::Conflict(m) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(m.code, "agreement-overlaps");
        assert_eq!(
            m.to_string(),
            "agreement-overlaps (buyer=0751, from=2026-01-01, until=2026-06-30)"
        );
        let after = new_agreement("2026-07-01", None);
        assert_eq!(check_no_overlap(&existing, team, &after, None), Ok(()));
        let before = new_agreement("2025-01-01", Some("2026-01-01"));
        assert!(check_no_overlap(&existing, team, &before, None).is_err());
        let day_before = new_agreement("2025-01-01", Some("2025-12-31"));
        assert_eq!(check_no_overlap(&existing, team, &day_before, None), Ok(()));
        // Changing agreement 7 itself is no clash; nor is another team or buyer.
        assert_eq!(
            check_no_overlap(&existing, team, &touching, Some(7)),
            Ok(())
        );
        assert_eq!(
            check_no_overlap(&existing, TeamId::new(2), &touching, None),
            Ok(())
        );
        let other_buyer = NewPurchaseAgreement {
            buyer: code("0461"),
            ..touching
        };
        assert_eq!(
            check_no_overlap(&existing, team, &other_buyer, None),
            Ok(())
        );
    }

    #[test]
    fn an_open_ended_agreement_overlaps_everything_after_its_start() {
        let existing = vec![agreement(8, "2026-01-01", None)];
        let later = new_agreement("2030-01-01", Some("2030-12-31"));
        let err = check_no_overlap(&existing, TeamId::new(1), &later, None).unwrap_err();
        assert_eq!(
            err,
            DomainError::Conflict(msg!(
                "agreement-overlaps-open-ended",
                buyer = &code("0751"),
                from = day("2026-01-01")
            ))
        );
        let earlier = new_agreement("2025-01-01", Some("2025-12-31"));
        assert_eq!(
            check_no_overlap(&existing, TeamId::new(1), &earlier, None),
            Ok(())
        );
    }

    #[test]
    fn the_agreement_on_a_day_covers_its_first_and_last_day() {
        let list = vec![
            agreement(1, "2025-01-01", Some("2025-12-31")),
            agreement(2, "2026-01-01", None),
        ];
        let (team, buyer) = (TeamId::new(1), code("0751"));
        assert_eq!(agreement_on(&list, team, &buyer, day("2024-12-31")), None);
        assert_eq!(
            agreement_on(&list, team, &buyer, day("2025-12-31"))
                .unwrap()
                .id,
            1
        );
        assert_eq!(
            agreement_on(&list, team, &buyer, day("2026-01-01"))
                .unwrap()
                .id,
            2
        );
        assert_eq!(
            agreement_on(&list, team, &code("0461"), day("2026-01-01")),
            None
        );
        assert_eq!(
            agreement_on(&list, TeamId::new(2), &buyer, day("2026-01-01")),
            None
        );
    }

    #[test]
    fn places_used_counts_the_years_referrals_under_the_agreement() {
        let a = agreement(5, "2025-01-01", None);
        let priced = |case: i64, agreement_id: Option<i64>, on: &str| CasePrice {
            case_id: CaseId::new(case),
            price: ReferralPrice {
                buyer: code("0751"),
                seller: code("0101"),
                basis: if agreement_id.is_some() {
                    PricingBasis::Agreement
                } else {
                    PricingBasis::NoAgreement
                },
                agreement_id,
                currency: Currency::Dkk,
                course_price: 31_500_000,
                planned_weeks: 20,
                extra_week_price: None,
                priced_on: day(on),
            },
        };
        let prices = vec![
            priced(1, Some(5), "2026-02-01"),
            priced(2, Some(5), "2026-11-30"),
            priced(3, Some(5), "2025-12-31"),
            priced(4, Some(6), "2026-03-01"),
            priced(5, None, "2026-03-01"),
            priced(6, Some(5), "2026-04-01"),
        ];
        // Case 6's referral day, as the referral records it, is in 2027.
        let referred = vec![
            (CaseId::new(1), day("2026-02-01")),
            (CaseId::new(6), day("2027-01-04")),
        ];
        let use_2026 = places_used(&a, 2026, &prices, &referred);
        assert_eq!(
            use_2026,
            PlacesUse {
                agreement_id: 5,
                year: 2026,
                places: Some(4),
                used: 2
            }
        );
        assert_eq!(places_used(&a, 2025, &prices, &referred).used, 1);
        assert_eq!(places_used(&a, 2027, &prices, &referred).used, 1);
    }
}
