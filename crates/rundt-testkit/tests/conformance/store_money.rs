//! Money through the `Store` trait on both backends: a team's prices from a
//! day on (a second price from the same day replaces the first), purchase
//! agreements that never share a day with another of the same team and
//! buyer, the price a case was bought at written with the case, licence
//! fees and placement costs replaced per year, a team's budget and a
//! municipality's billing details saved only at the version read, and the
//! day a team closes. Every write appends exactly one audit event; a
//! refused write appends none and stores nothing.

use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::money::{
    BillingDetails, BudgetCategory, BudgetLine, CasePrice, Currency, EndpointScheme,
    NewPlacementCost, NewPurchaseAgreement, NewTeamPrice, PlacesBasis, PricingBasis, ReferralPrice,
};
use rundt_domain::msg;
use rundt_domain::team::Position;
use rundt_domain::user::User;
use rundt_store::{
    AgreementFilter, CaseRecord, NewCase, ParticipantRole, Store, StoreError, StoreResult,
};
use rundt_testkit::{TestDb, code};

use super::store_support::*;

/// An Aarhus team, a second team in Randers, and the national office's
/// economist who writes the figures.
struct Money {
    db: TestDb,
    aarhus: TeamId,
    randers: TeamId,
    economist: User,
}

impl Money {
    async fn new(db: TestDb) -> Self {
        let store = &*db.store;
        prepared(store).await;
        let aarhus = dk_team(store, "MST Aarhus", "0751").await.id;
        let randers = dk_team(store, "MST Randers", "0730").await.id;
        let economist = therapist(store, "birgit", "Birgit Holm", "hash-1").await;
        Self {
            db,
            aarhus,
            randers,
            economist,
        }
    }

    fn store(&self) -> &dyn Store {
        &*self.db.store
    }

    fn event(&self, action: AuditAction, kind: ObjectKind) -> AuditEvent {
        by(self.economist.id, action, kind)
    }
}

fn price(from: &str, course_price: i64) -> NewTeamPrice {
    NewTeamPrice {
        effective_from: day(from),
        currency: Currency::Dkk,
        course_price,
        planned_weeks: 20,
        extra_week_price: Some(950_000),
    }
}

/// Aarhus sells `buyer` places from `from` to `until` (none: open-ended).
fn agreement(buyer: &str, from: &str, until: Option<&str>) -> NewPurchaseAgreement {
    NewPurchaseAgreement {
        seller: code("0751"),
        buyer: code(buyer),
        basis: PlacesBasis::PerYear,
        places: Some(4),
        currency: Currency::Dkk,
        course_price: 19_500_000,
        valid_from: day(from),
        valid_until: until.map(day),
        note: "Rammeaftale".into(),
    }
}

async fn a_price_from_the_same_day_replaces_the_earlier_and_prices_come_oldest_first(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    let set = AuditAction::MoneyTeamPriceSet;
    let write = |p: NewTeamPrice| {
        let event = m.event(set, ObjectKind::Team);
        async move { store.set_team_price(m.aarhus, &p, &event).await }
    };
    let first = one_event(store, set, write(price("2027-01-01", 18_500_000))).await;
    assert_eq!(first.course_price, 18_500_000);
    assert_eq!(first.set_by, Some(m.economist.id));
    assert_eq!(first.set_at, micros_now());
    one_event(store, set, write(price("2026-01-01", 17_900_000))).await;
    let replaced = one_event(store, set, write(price("2027-01-01", 18_800_000))).await;
    assert_eq!(replaced.effective_from, day("2027-01-01"));

    let prices = store.team_prices(m.aarhus).await.unwrap();
    let listed: Vec<_> = prices
        .iter()
        .map(|p| (p.effective_from, p.course_price))
        .collect();
    assert_eq!(
        listed,
        vec![
            (day("2026-01-01"), 17_900_000),
            (day("2027-01-01"), 18_800_000)
        ],
        "oldest first, the second price of 1 January 2027 in place of the first"
    );
    assert_eq!(prices[1], replaced);
    assert_eq!(prices[1].planned_weeks, 20);
    assert_eq!(prices[1].extra_week_price, Some(950_000));
    assert_eq!(m.db.count_rows("team_prices").await, 2);
    assert!(store.team_prices(m.randers).await.unwrap().is_empty());

    let unknown = no_event(
        store,
        store.set_team_price(
            TeamId::new(999_999),
            &price("2026-01-01", 1),
            &m.event(set, ObjectKind::Team),
        ),
    )
    .await;
    assert_eq!(not_found(unknown), "team 999999");
    assert_eq!(m.db.count_rows("team_prices").await, 2);
}

async fn an_overlapping_agreement_for_the_same_buyer_is_refused_and_nothing_stored(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    let create = AuditAction::MoneyAgreementCreate;
    let make = |team: TeamId, a: NewPurchaseAgreement| {
        let event = m.event(create, ObjectKind::Team);
        async move { store.create_agreement(team, &a, &event).await }
    };
    let skanderborg_2026 = one_event(
        store,
        create,
        make(
            m.aarhus,
            agreement("0746", "2026-01-01", Some("2026-12-31")),
        ),
    )
    .await;
    assert_eq!(skanderborg_2026.version, 1);
    assert_eq!(skanderborg_2026.team_id, m.aarhus);
    assert_eq!(skanderborg_2026.created_by, Some(m.economist.id));
    assert_eq!(skanderborg_2026.created_at, micros_now());
    assert_eq!(skanderborg_2026.places, Some(4));
    assert_eq!(skanderborg_2026.note, "Rammeaftale");
    assert_eq!(
        store.get_agreement(skanderborg_2026.id).await.unwrap(),
        Some(skanderborg_2026.clone())
    );

    // Sharing only the last day of 2026 is an overlap: refused, and
    // nothing stored.
    let on_new_years_eve = agreement("0746", "2026-12-31", None);
    let refused = no_event(store, make(m.aarhus, on_new_years_eve)).await;
    assert_eq!(
        conflict(refused),
        msg!(
            "agreement-overlaps",
            buyer = &code("0746"),
            from = day("2026-01-01"),
            until = day("2026-12-31")
        )
    );
    assert_eq!(m.db.count_rows("purchase_agreements").await, 1);

    // Another buyer on the same days, and the same buyer from the day after:
    // both accepted.
    let silkeborg = agreement("0740", "2026-06-01", None);
    one_event(store, create, make(m.aarhus, silkeborg)).await;
    let from_2027 = agreement("0746", "2027-01-01", None);
    let skanderborg_2027 = one_event(store, create, make(m.aarhus, from_2027)).await;
    // The same buyer and days in another team: accepted.
    let mut randers = agreement("0746", "2026-03-01", Some("2026-09-30"));
    randers.seller = code("0730");
    one_event(store, create, make(m.randers, randers)).await;

    // An agreement after an open-ended one is refused, named as open-ended.
    let later = agreement("0746", "2030-01-01", Some("2030-12-31"));
    let refused = no_event(store, make(m.aarhus, later)).await;
    assert_eq!(
        conflict(refused),
        msg!(
            "agreement-overlaps-open-ended",
            buyer = &code("0746"),
            from = day("2027-01-01")
        )
    );
    assert_eq!(m.db.count_rows("purchase_agreements").await, 4);

    let list = async |filter: AgreementFilter| -> Vec<(TeamId, String, String)> {
        store
            .list_agreements(&filter)
            .await
            .unwrap()
            .iter()
            .map(|a| (a.team_id, a.buyer.to_string(), a.valid_from.to_string()))
            .collect()
    };
    let aarhus = AgreementFilter {
        team_id: Some(m.aarhus),
        municipality: None,
    };
    let row = |team: TeamId, buyer: &str, from: &str| (team, buyer.to_owned(), from.to_owned());
    assert_eq!(
        list(aarhus.clone()).await,
        vec![
            row(m.aarhus, "0740", "2026-06-01"),
            row(m.aarhus, "0746", "2026-01-01"),
            row(m.aarhus, "0746", "2027-01-01"),
        ],
        "by buyer, then first day"
    );
    let skanderborg = AgreementFilter {
        team_id: None,
        municipality: Some(code("0746")),
    };
    assert_eq!(
        list(skanderborg.clone()).await,
        vec![
            row(m.aarhus, "0746", "2026-01-01"),
            row(m.aarhus, "0746", "2027-01-01"),
            row(m.randers, "0746", "2026-03-01"),
        ],
        "every team's, by team"
    );
    let sold_by_randers = AgreementFilter {
        team_id: None,
        municipality: Some(code("0730")),
    };
    assert_eq!(
        list(sold_by_randers).await,
        vec![row(m.randers, "0746", "2026-03-01")],
        "a municipality selling is found too"
    );
    assert_eq!(list(AgreementFilter::default()).await.len(), 4);
    let skanderborg_in_randers = AgreementFilter {
        team_id: Some(m.randers),
        ..skanderborg
    };
    assert_eq!(list(skanderborg_in_randers).await.len(), 1);
    assert_eq!(skanderborg_2027.valid_until, None);
}

async fn an_agreement_is_changed_only_at_the_version_read_and_never_into_an_overlap(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    let create = m.event(AuditAction::MoneyAgreementCreate, ObjectKind::Team);
    let first = agreement("0746", "2026-01-01", Some("2026-12-31"));
    let first = store
        .create_agreement(m.aarhus, &first, &create)
        .await
        .unwrap();
    let second = agreement("0746", "2027-01-01", Some("2027-12-31"));
    store
        .create_agreement(m.aarhus, &second, &create)
        .await
        .unwrap();

    let update = AuditAction::MoneyAgreementUpdate;
    let change = |version: i64, terms: NewPurchaseAgreement| {
        let event = m.event(update, ObjectKind::Team);
        async move {
            store
                .update_agreement(first.id, version, &terms, &event)
                .await
        }
    };
    // Shortened to half a year at a new price, at the version read: the
    // agreement itself is no overlap.
    let mut half_year = agreement("0746", "2026-01-01", Some("2026-06-30"));
    half_year.course_price = 20_000_000;
    let changed = one_event(store, update, change(1, half_year.clone())).await;
    assert_eq!(changed.version, 2);
    assert_eq!(changed.valid_until, Some(day("2026-06-30")));
    assert_eq!(changed.course_price, 20_000_000);
    assert_eq!(
        changed.created_at, first.created_at,
        "made when it was made"
    );

    let stale = no_event(store, change(1, half_year.clone())).await;
    assert_eq!(mismatch(stale), 2);

    // Open-ended, it would run into 2027's agreement: refused, unchanged.
    let open_ended = agreement("0746", "2026-01-01", None);
    let refused = no_event(store, change(2, open_ended)).await;
    assert_eq!(
        conflict(refused),
        msg!(
            "agreement-overlaps",
            buyer = &code("0746"),
            from = day("2027-01-01"),
            until = day("2027-12-31")
        )
    );
    assert_eq!(
        store.get_agreement(first.id).await.unwrap(),
        Some(changed.clone())
    );

    let unknown = no_event(
        store,
        store.update_agreement(999_999, 1, &half_year, &m.event(update, ObjectKind::Team)),
    )
    .await;
    assert_eq!(not_found(unknown), "agreement 999999");
    assert_eq!(store.get_agreement(999_999).await.unwrap(), None);
}

async fn writers_racing_for_the_same_days_leave_one_agreement_and_one_first_budget(db: TestDb) {
    let m = Money::new(db).await;
    // Eight agreements with Skanderborg, each open-ended from another
    // month of 2026: every one overlaps every other, so one is made.
    let tasks = (1..=8)
        .map(|month| {
            let store = m.db.store.clone();
            let (team, event) = (
                m.aarhus,
                m.event(AuditAction::MoneyAgreementCreate, ObjectKind::Team),
            );
            let terms = agreement("0746", &format!("2026-{month:02}-01"), None);
            tokio::spawn(async move { store.create_agreement(team, &terms, &event).await })
        })
        .collect();
    let overlap = |refusal: StoreError| {
        assert!(matches!(refusal, StoreError::Conflict(_)), "{refusal:?}");
    };
    assert_eq!(winners(tasks, |_| {}, overlap).await, 1);
    assert_eq!(m.db.count_rows("purchase_agreements").await, 1);

    // Six first saves of the same budget: one is saved, the others hear
    // that version 1 is stored.
    let lines = vec![budget_line(BudgetCategory::Training, None, 2_000_000)];
    let tasks = (0..6)
        .map(|_| {
            let store = m.db.store.clone();
            let (team, lines) = (m.aarhus, lines.clone());
            let event = m.event(AuditAction::MoneyBudgetSave, ObjectKind::Team);
            tokio::spawn(async move {
                store
                    .save_team_budget(team, 2027, Currency::Dkk, &lines, 0, &event)
                    .await
            })
        })
        .collect();
    let stale = |refusal: StoreError| assert_eq!(mismatch::<()>(Err(refusal)), 1);
    assert_eq!(winners(tasks, |b| assert_eq!(b.version, 1), stale).await, 1);
    assert_eq!(m.db.count_rows("team_budgets").await, 1);
    assert_eq!(m.db.count_rows("team_budget_lines").await, 1);
}

/// A Danish referral to `team` from `buyer`, priced as `price` says.
async fn a_referral(
    store: &dyn Store,
    team: TeamId,
    buyer: &str,
    price: Option<ReferralPrice>,
) -> StoreResult<CaseRecord> {
    let case = NewCase {
        country: Country::DK,
        team_id: team,
        therapist_id: None,
        referring_municipality: code(buyer),
        paying_municipalities: vec![code(buyer)],
        status: CaseStatus::Referred,
        referred_on: Some(day("2026-11-25")),
        treatment_start: None,
        participants: vec![(person("Barn", None), ParticipantRole::YoungPerson)],
        price,
    };
    store
        .create_case(&case, &event(AuditAction::CaseRefer, ObjectKind::Case))
        .await
}

async fn a_case_created_with_a_price_keeps_it_and_the_team_lists_it(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    let create = m.event(AuditAction::MoneyAgreementCreate, ObjectKind::Team);
    let terms = agreement("0746", "2026-01-01", None);
    let bought = store
        .create_agreement(m.aarhus, &terms, &create)
        .await
        .unwrap();
    let under_agreement = ReferralPrice {
        buyer: code("0746"),
        seller: code("0751"),
        basis: PricingBasis::Agreement,
        agreement_id: Some(bought.id),
        currency: Currency::Dkk,
        course_price: 19_500_000,
        planned_weeks: 20,
        extra_week_price: None,
        priced_on: day("2026-11-25"),
    };
    let own = ReferralPrice {
        buyer: code("0730"),
        seller: code("0730"),
        basis: PricingBasis::Internal,
        agreement_id: None,
        currency: Currency::Dkk,
        course_price: 17_000_000,
        planned_weeks: 22,
        extra_week_price: Some(800_000),
        priced_on: day("2026-11-25"),
    };
    let priced = a_referral(store, m.aarhus, "0746", Some(under_agreement.clone()))
        .await
        .unwrap();
    let unpriced = a_referral(store, m.aarhus, "0751", None).await.unwrap();
    let randers = a_referral(store, m.randers, "0730", Some(own.clone()))
        .await
        .unwrap();

    assert_eq!(
        store.case_price(priced.id).await.unwrap(),
        Some(under_agreement.clone())
    );
    assert_eq!(store.case_price(unpriced.id).await.unwrap(), None);
    let of = |case_id: CaseId, price: &ReferralPrice| CasePrice {
        case_id,
        price: price.clone(),
    };
    assert_eq!(
        store.case_prices(Some(m.aarhus)).await.unwrap(),
        vec![of(priced.id, &under_agreement)]
    );
    assert_eq!(
        store.case_prices(None).await.unwrap(),
        vec![of(priced.id, &under_agreement), of(randers.id, &own)]
    );

    // A price naming an agreement there is not: the case is not stored
    // either, nor audited.
    let cases = m.db.count_rows("cases").await;
    let nowhere = ReferralPrice {
        agreement_id: Some(999_999),
        ..under_agreement
    };
    let refused = no_event(store, a_referral(store, m.aarhus, "0746", Some(nowhere))).await;
    assert!(
        matches!(refused, Err(StoreError::Internal(_))),
        "{refused:?}"
    );
    assert_eq!(m.db.count_rows("cases").await, cases);
    assert_eq!(m.db.count_rows("case_prices").await, 2);
}

async fn licence_fees_and_placement_costs_are_replaced_per_year(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    let fee = AuditAction::MoneyLicenceFeeSet;
    let set_fee = |country: Country, year: i32, currency: Currency, per_team: i64| {
        let event = m.event(fee, ObjectKind::Country);
        async move {
            store
                .set_licence_fee(country, year, currency, per_team, &event)
                .await
        }
    };
    one_event(
        store,
        fee,
        set_fee(Country::DK, 2026, Currency::Dkk, 29_900_000),
    )
    .await;
    one_event(
        store,
        fee,
        set_fee(Country::NO, 2026, Currency::Nok, 41_000_000),
    )
    .await;
    one_event(
        store,
        fee,
        set_fee(Country::DK, 2027, Currency::Dkk, 30_500_000),
    )
    .await;
    let replaced = one_event(
        store,
        fee,
        set_fee(Country::DK, 2026, Currency::Dkk, 31_000_000),
    )
    .await;
    assert_eq!(replaced.per_team, 31_000_000);
    assert_eq!(replaced.set_by, Some(m.economist.id));
    let fees: Vec<_> = store
        .licence_fees()
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.country, f.year, f.currency, f.per_team))
        .collect();
    assert_eq!(
        fees,
        vec![
            (Country::DK, 2026, Currency::Dkk, 31_000_000),
            (Country::DK, 2027, Currency::Dkk, 30_500_000),
            (Country::NO, 2026, Currency::Nok, 41_000_000),
        ],
        "by country, then year; one fee per country and year"
    );

    let cost = AuditAction::MoneyPlacementCostSet;
    let set_cost = |place: &'static str, year: i32, yearly_cost: i64| {
        let event = m.event(cost, ObjectKind::Municipality);
        let figure = NewPlacementCost {
            year,
            currency: Currency::Dkk,
            yearly_cost,
            assumed_months: 18,
            assumption: "Gennemsnit af anbringelser i familiepleje og på institution".into(),
        };
        async move {
            store
                .set_placement_cost(Country::DK, &code(place), &figure, &event)
                .await
        }
    };
    one_event(store, cost, set_cost("0751", 2025, 60_000_000)).await;
    one_event(store, cost, set_cost("0751", 2027, 66_000_000)).await;
    one_event(store, cost, set_cost("0751", 2026, 62_000_000)).await;
    one_event(store, cost, set_cost("0746", 2026, 58_000_000)).await;
    let again = one_event(store, cost, set_cost("0751", 2026, 64_000_000)).await;
    assert_eq!(again.assumed_months, 18);
    assert_eq!(again.set_at, micros_now());
    let aarhus: Vec<_> = store
        .placement_costs(Country::DK, &code("0751"))
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.year, c.yearly_cost))
        .collect();
    assert_eq!(
        aarhus,
        vec![(2027, 66_000_000), (2026, 64_000_000), (2025, 60_000_000)],
        "newest year first; 2026's figure replaced"
    );
    assert_eq!(m.db.count_rows("placement_costs").await, 4);
    assert!(
        store
            .placement_costs(Country::NO, &code("0751"))
            .await
            .unwrap()
            .is_empty()
    );
}

fn budget_line(category: BudgetCategory, position: Option<Position>, amount: i64) -> BudgetLine {
    BudgetLine {
        category,
        position,
        description: format!("{category}"),
        amount,
    }
}

async fn a_budget_saves_at_version_0_replaces_at_the_version_read_and_keeps_its_lines_in_order(
    db: TestDb,
) {
    let m = Money::new(db).await;
    let store = m.store();
    assert_eq!(store.team_budget(m.aarhus, 2027).await.unwrap(), None);
    let save = AuditAction::MoneyBudgetSave;
    let write = |year: i32, lines: Vec<BudgetLine>, version: i64| {
        let event = m.event(save, ObjectKind::Team);
        async move {
            store
                .save_team_budget(m.aarhus, year, Currency::Dkk, &lines, version, &event)
                .await
        }
    };
    let first_lines = vec![
        budget_line(
            BudgetCategory::Staff,
            Some(Position::Supervisor),
            72_000_000,
        ),
        budget_line(
            BudgetCategory::Staff,
            Some(Position::Therapist),
            216_000_000,
        ),
        budget_line(BudgetCategory::LicenceFee, None, 29_900_000),
        budget_line(BudgetCategory::Travel, None, 4_500_000),
    ];
    let first = one_event(store, save, write(2027, first_lines.clone(), 0)).await;
    assert_eq!(first.version, 1);
    assert_eq!(first.lines, first_lines, "in the order given");
    assert_eq!(first.saved_by, Some(m.economist.id));
    assert_eq!(first.saved_at, Some(micros_now()));

    let second_first_save = no_event(store, write(2027, first_lines.clone(), 0)).await;
    assert_eq!(mismatch(second_first_save), 1);

    let second_lines = vec![
        budget_line(BudgetCategory::Other, None, 1_000_000),
        budget_line(
            BudgetCategory::Staff,
            Some(Position::Therapist),
            220_000_000,
        ),
    ];
    let second = one_event(store, save, write(2027, second_lines.clone(), 1)).await;
    assert_eq!(second.version, 2);
    assert_eq!(second.lines, second_lines, "the lines replaced, in order");
    assert_eq!(m.db.count_rows("team_budget_lines").await, 2);

    let stale = no_event(store, write(2027, first_lines.clone(), 1)).await;
    assert_eq!(mismatch(stale), 2);
    let no_budget_yet = no_event(store, write(2028, first_lines.clone(), 3)).await;
    assert_eq!(mismatch(no_budget_yet), 0, "none saved for 2028");
    assert_eq!(
        store.team_budget(m.aarhus, 2027).await.unwrap(),
        Some(second)
    );
    assert_eq!(store.team_budget(m.aarhus, 2028).await.unwrap(), None);
    assert_eq!(store.team_budget(m.randers, 2027).await.unwrap(), None);
    let unknown = no_event(
        store,
        store.save_team_budget(
            TeamId::new(999_999),
            2027,
            Currency::Dkk,
            &first_lines,
            0,
            &m.event(save, ObjectKind::Team),
        ),
    )
    .await;
    assert_eq!(not_found(unknown), "team 999999");
}

fn billing(municipality: &str, version: i64, bank_account: &str) -> BillingDetails {
    BillingDetails {
        country: Country::DK,
        municipality: code(municipality),
        legal_name: "Aarhus Kommune".into(),
        registration_number: "55133018".into(),
        endpoint_scheme: EndpointScheme::Gln,
        endpoint_id: "5798005770001".into(),
        street: "Rådhuspladsen 2".into(),
        postal_code: "8000".into(),
        city: "Aarhus C".into(),
        bank_account: bank_account.into(),
        version,
    }
}

async fn billing_details_are_saved_at_version_0_then_at_the_version_read(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    assert_eq!(
        store
            .billing_details(Country::DK, &code("0751"))
            .await
            .unwrap(),
        None
    );
    let save = AuditAction::MoneyBillingDetailsSave;
    let write = |details: BillingDetails| {
        let event = m.event(save, ObjectKind::Municipality);
        async move { store.save_billing_details(&details, &event).await }
    };
    let first = one_event(store, save, write(billing("0751", 0, "2211 0001234567"))).await;
    assert_eq!(first, billing("0751", 1, "2211 0001234567"));

    let again = no_event(store, write(billing("0751", 0, "9999 9999999999"))).await;
    assert_eq!(mismatch(again), 1);

    let second = one_event(store, save, write(billing("0751", 1, "3100 0007654321"))).await;
    assert_eq!(second.version, 2);
    assert_eq!(second.bank_account, "3100 0007654321");
    let stale = no_event(store, write(billing("0751", 1, "9999 9999999999"))).await;
    assert_eq!(mismatch(stale), 2);
    let never_saved = no_event(store, write(billing("0746", 4, "9999 9999999999"))).await;
    assert_eq!(mismatch(never_saved), 0);

    assert_eq!(
        store
            .billing_details(Country::DK, &code("0751"))
            .await
            .unwrap(),
        Some(second)
    );
    assert_eq!(
        store
            .billing_details(Country::NO, &code("0751"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(m.db.count_rows("billing_details").await, 1);
}

async fn a_teams_closing_day_round_trips_through_get_team(db: TestDb) {
    let m = Money::new(db).await;
    let store = m.store();
    let before = store.get_team(m.aarhus).await.unwrap().unwrap();
    assert_eq!(before.closed_on, None);
    let close = AuditAction::TeamClose;
    let closing = |on: Option<&str>| {
        let event = m.event(close, ObjectKind::Team);
        let on = on.map(day);
        async move { store.set_team_closed_on(m.aarhus, on, &event).await }
    };
    let closed = one_event(store, close, closing(Some("2027-06-30"))).await;
    assert_eq!(closed.closed_on, Some(day("2027-06-30")));
    assert_eq!(closed.version, before.version + 1);
    assert_eq!(closed.owners, before.owners);
    assert_eq!(
        store.get_team(m.aarhus).await.unwrap(),
        Some(closed.clone())
    );
    let listed = store.list_teams().await.unwrap();
    let aarhus = listed.iter().find(|t| t.id == m.aarhus).unwrap();
    assert_eq!(aarhus.closed_on, Some(day("2027-06-30")));
    let randers = listed.iter().find(|t| t.id == m.randers).unwrap();
    assert_eq!(randers.closed_on, None);

    let reopened = one_event(store, close, closing(None)).await;
    assert_eq!(reopened.closed_on, None);
    assert_eq!(
        store.get_team(m.aarhus).await.unwrap().unwrap().closed_on,
        None
    );
    let unknown = no_event(
        store,
        store.set_team_closed_on(
            TeamId::new(999_999),
            Some(day("2027-01-01")),
            &m.event(close, ObjectKind::Team),
        ),
    )
    .await;
    assert_eq!(not_found(unknown), "team 999999");
    assert!(matches!(
        store.get_team(TeamId::new(999_999)).await,
        Ok(None)
    ));
}

rundt_testkit::scenarios!(store:
    a_price_from_the_same_day_replaces_the_earlier_and_prices_come_oldest_first,
    an_overlapping_agreement_for_the_same_buyer_is_refused_and_nothing_stored,
    an_agreement_is_changed_only_at_the_version_read_and_never_into_an_overlap,
    a_case_created_with_a_price_keeps_it_and_the_team_lists_it,
    licence_fees_and_placement_costs_are_replaced_per_year,
    a_budget_saves_at_version_0_replaces_at_the_version_read_and_keeps_its_lines_in_order,
    billing_details_are_saved_at_version_0_then_at_the_version_read,
    a_teams_closing_day_round_trips_through_get_team,
    writers_racing_for_the_same_days_leave_one_agreement_and_one_first_budget,
);
