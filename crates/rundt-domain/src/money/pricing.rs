//! The price a referral's course is bought at, decided on the referral day
//! and kept with the case: a later change of price or agreement does not
//! change a course already referred.

use chrono::NaiveDate;

use crate::DomainError;
use crate::msg;
use crate::municipality::MunicipalityCode;
use crate::team::Team;

use super::agreement::agreement_on;
use super::price::price_on;
use super::types::{PricingBasis, PurchaseAgreement, ReferralPrice, TeamPrice};

/// The planned course length when an agreement prices a course and the
/// team has no price of its own to say it.
pub const DEFAULT_PLANNED_WEEKS: u16 = 20;

/// The price of a course `buyer` refers to `team` on `referred_on`:
///
/// - the buyer owns part of the team: the team's price that day, invoiced
///   by the buyer itself ([`PricingBasis::Internal`]);
/// - an agreement of the team with the buyer covers the day: the
///   agreement's course price, invoiced by its seller, with the planned
///   weeks and the extra-week price of the team's price that day (without
///   a team price: [`DEFAULT_PLANNED_WEEKS`] and no extra weeks charged)
///   ([`PricingBasis::Agreement`]);
/// - otherwise the team's price that day, invoiced by the owner with the
///   largest share (the first listed of equal shares), flagged for the
///   owners to settle ([`PricingBasis::NoAgreement`]).
///
/// Without an agreement and with no team price in force that day, the
/// referral cannot be priced: a conflict saying the team has no price.
pub fn price_referral(
    team: &Team,
    prices: &[TeamPrice],
    agreements: &[PurchaseAgreement],
    buyer: &MunicipalityCode,
    referred_on: NaiveDate,
) -> Result<ReferralPrice, DomainError> {
    let team_price = price_on(prices, referred_on);
    let buyer_owns = team.owners.iter().any(|o| &o.municipality_code == buyer);
    if !buyer_owns && let Some(a) = agreement_on(agreements, team.id, buyer, referred_on) {
        return Ok(ReferralPrice {
            buyer: buyer.clone(),
            seller: a.seller.clone(),
            basis: PricingBasis::Agreement,
            agreement_id: Some(a.id),
            currency: a.currency,
            course_price: a.course_price,
            planned_weeks: team_price.map_or(DEFAULT_PLANNED_WEEKS, |p| p.planned_weeks),
            extra_week_price: team_price.and_then(|p| p.extra_week_price),
            priced_on: referred_on,
        });
    }
    let Some(price) = team_price else {
        return Err(DomainError::Conflict(msg!(
            "team-has-no-price",
            team = &team.name,
            day = referred_on
        )));
    };
    let (seller, basis) = if buyer_owns {
        (buyer.clone(), PricingBasis::Internal)
    } else {
        let Some(first) = largest_owner(team) else {
            return Err(DomainError::Conflict(msg!(
                "team-has-no-owner",
                team = &team.name
            )));
        };
        (first.clone(), PricingBasis::NoAgreement)
    };
    Ok(ReferralPrice {
        buyer: buyer.clone(),
        seller,
        basis,
        agreement_id: None,
        currency: price.currency,
        course_price: price.course_price,
        planned_weeks: price.planned_weeks,
        extra_week_price: price.extra_week_price,
        priced_on: referred_on,
    })
}

/// The owner with the largest share; of equal shares the first listed.
fn largest_owner(team: &Team) -> Option<&MunicipalityCode> {
    let mut best: Option<&crate::team::Ownership> = None;
    for o in &team.owners {
        if best.is_none_or(|b| o.share_bp > b.share_bp) {
            best = Some(o);
        }
    }
    best.map(|o| &o.municipality_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::TeamId;
    use crate::money::Currency;
    use crate::money::agreement::tests::{agreement, owned_team};
    use crate::testing::{code, day};
    use chrono::{TimeZone, Utc};

    fn team_price(id: i64, from: &str, course_price: i64, extra: Option<i64>) -> TeamPrice {
        TeamPrice {
            id,
            team_id: TeamId::new(1),
            effective_from: day(from),
            currency: Currency::Dkk,
            course_price,
            planned_weeks: 20,
            extra_week_price: extra,
            set_at: Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap(),
            set_by: None,
        }
    }

    fn prices() -> Vec<TeamPrice> {
        vec![
            team_price(1, "2026-01-01", 29_900_000, Some(1_200_000)),
            team_price(2, "2026-07-01", 32_000_000, Some(1_400_000)),
        ]
    }

    #[test]
    fn an_owner_refers_at_the_teams_own_price_and_invoices_itself() {
        let p = price_referral(
            &owned_team(),
            &prices(),
            &[],
            &code("0147"),
            day("2026-03-10"),
        )
        .unwrap();
        assert_eq!(p.basis, PricingBasis::Internal);
        assert_eq!((p.buyer.as_str(), p.seller.as_str()), ("0147", "0147"));
        assert_eq!(p.course_price, 29_900_000);
        assert_eq!(p.extra_week_price, Some(1_200_000));
        assert_eq!(p.agreement_id, None);
    }

    #[test]
    fn a_buyer_with_an_agreement_pays_the_agreed_price_with_the_teams_weeks() {
        let agreements = vec![agreement(9, "2026-01-01", Some("2026-12-31"))];
        let p = price_referral(
            &owned_team(),
            &prices(),
            &agreements,
            &code("0751"),
            day("2026-08-03"),
        )
        .unwrap();
        assert_eq!(p.basis, PricingBasis::Agreement);
        assert_eq!(p.agreement_id, Some(9));
        assert_eq!(p.seller, "0101");
        assert_eq!(p.course_price, 31_500_000);
        assert_eq!((p.planned_weeks, p.extra_week_price), (20, Some(1_400_000)));
        // Before the team had a price: 20 weeks and no extra weeks charged.
        let early = vec![agreement(9, "2025-01-01", None)];
        let p = price_referral(
            &owned_team(),
            &prices(),
            &early,
            &code("0751"),
            day("2025-05-05"),
        )
        .unwrap();
        assert_eq!(p.basis, PricingBasis::Agreement);
        assert_eq!(
            (p.planned_weeks, p.extra_week_price),
            (DEFAULT_PLANNED_WEEKS, None)
        );
    }

    #[test]
    fn a_buyer_without_an_agreement_pays_the_teams_price_to_the_largest_owner() {
        let agreements = vec![agreement(9, "2026-01-01", Some("2026-06-30"))];
        let p = price_referral(
            &owned_team(),
            &prices(),
            &agreements,
            &code("0751"),
            day("2026-07-01"),
        )
        .unwrap();
        assert_eq!(p.basis, PricingBasis::NoAgreement);
        assert_eq!(p.seller, "0101");
        assert_eq!(p.course_price, 32_000_000);
        let mut equal = owned_team();
        equal.owners[0].share_bp = 5000;
        equal.owners[1].share_bp = 5000;
        let p = price_referral(&equal, &prices(), &[], &code("0751"), day("2026-07-01")).unwrap();
        assert_eq!(p.seller, "0101");
    }

    #[test]
    fn a_team_without_a_price_that_day_cannot_price_a_referral() {
        let err = price_referral(
            &owned_team(),
            &prices(),
            &[],
            &code("0147"),
            day("2025-12-31"),
        )
        .unwrap_err();
        assert_eq!(
            err,
            DomainError::Conflict(msg!(
                "team-has-no-price",
                team = "MST Vest",
                day = day("2025-12-31")
            ))
        );
    }

    #[test]
    fn the_referral_day_decides_when_the_price_changes_mid_course() {
        // Referred on 30 June at the old price; the price rises on 1 July
        // while the course runs; the course keeps the price of its referral day.
        let referred = day("2026-06-30");
        let p = price_referral(&owned_team(), &prices(), &[], &code("0101"), referred).unwrap();
        assert_eq!(p.priced_on, referred);
        assert_eq!(p.course_price, 29_900_000);
        assert_eq!(p.extra_week_price, Some(1_200_000));
        let next_day = price_referral(
            &owned_team(),
            &prices(),
            &[],
            &code("0101"),
            day("2026-07-01"),
        )
        .unwrap();
        assert_eq!(next_day.course_price, 32_000_000);
    }
}
