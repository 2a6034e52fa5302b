//! Money for the demo (issue 14): every team's price (with a price change
//! half a year ago, so a course referred before it keeps the old price),
//! the licence fee of each country for this year and the last, a budget
//! for this year, one municipality buying places in another's team in
//! each country (Skanderborg in MST Aarhus, Bærum in MST Oslo), the
//! placement cost and billing details the managers enter. Set before the
//! courses are referred, so each referral is priced on its day, and the
//! earlier courses make two years of invoicing.

use chrono::{Datelike, Duration, NaiveDate};
use rundt_app::money;
use rundt_app::organisation::TeamOverview;
use rundt_app::{Actor, App, AppResult};
use rundt_domain::country::Country;
use rundt_domain::money::{
    BillingDetails, BudgetCategory, BudgetLine, Currency, EndpointScheme, NewPlacementCost,
    NewPurchaseAgreement, NewTeamPrice, PlacesBasis,
};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Position;

/// The municipality that buys places in another's team, per country:
/// (team, seller, buyer).
pub const BUYERS: &[(&str, &str, &str)] =
    &[("MST Aarhus", "0751", "0746"), ("MST Oslo", "0301", "3201")];

/// Agreements with no earlier courses behind them: Aarhus buys MST-CAN
/// places from Aalborg's team, so its manager sees places bought and sold.
const PLACES_ONLY: &[(&str, &str, &str)] = &[("MST-CAN Nordjylland", "0851", "0751")];

/// Kroner in øre.
const fn kr(whole: i64) -> i64 {
    whole * 100
}

fn code(raw: &str) -> AppResult<MunicipalityCode> {
    MunicipalityCode::from_stored(raw)
        .ok_or_else(|| rundt_app::AppError::Internal(format!("demo municipality {raw}")))
}

/// The yearly figures of a team's budget, in whole kroner: supervisor,
/// each therapist, licence fee, training, travel, other.
fn budget(country: Country, therapists: usize, can: bool) -> Vec<BudgetLine> {
    let (supervisor, therapist, fee, training, travel, other) = match country {
        Country::DK => (690_000, 560_000, 299_000, 60_000, 85_000, 40_000),
        Country::NO => (880_000, 720_000, 320_000, 70_000, 95_000, 45_000),
    };
    let words = match country {
        Country::DK => [
            "Supervisor",
            "Terapeuter",
            "Licens og kvalitetssikring",
            "Booster-træning og MST-CAN-dage",
            "Kørsel til familierne",
            "Vagttelefon og materialer",
        ],
        Country::NO => [
            "Veileder",
            "Terapeuter",
            "Lisens og kvalitetssikring",
            "Boosteropplæring",
            "Reiser til familiene",
            "Vakttelefon og materiell",
        ],
    };
    let training = if can { training * 2 } else { training };
    let n = i64::try_from(therapists.max(1)).unwrap_or(3);
    vec![
        BudgetLine {
            category: BudgetCategory::Staff,
            position: Some(Position::Supervisor),
            description: words[0].into(),
            amount: kr(supervisor),
        },
        BudgetLine {
            category: BudgetCategory::Staff,
            position: Some(Position::Therapist),
            description: words[1].into(),
            amount: kr(therapist * n),
        },
        BudgetLine {
            category: BudgetCategory::LicenceFee,
            position: None,
            description: words[2].into(),
            amount: kr(fee),
        },
        BudgetLine {
            category: BudgetCategory::Training,
            position: None,
            description: words[3].into(),
            amount: kr(training),
        },
        BudgetLine {
            category: BudgetCategory::Travel,
            position: None,
            description: words[4].into(),
            amount: kr(travel),
        },
        BudgetLine {
            category: BudgetCategory::Other,
            position: None,
            description: words[5].into(),
            amount: kr(other),
        },
    ]
}

/// A team's list price in whole kroner before and after the change:
/// teams price a little differently.
fn course_prices(team: &TeamOverview, i: usize) -> (i64, i64) {
    let step = i64::try_from(i).unwrap_or(0) * 4_000;
    match (team.country, team.programme_model.code.as_str()) {
        (Country::DK, "MST") => (176_000 + step, 185_000 + step),
        (Country::DK, _) => (310_000 + step, 325_000 + step),
        (Country::NO, "MST") => (228_000 + step, 240_000 + step),
        (Country::NO, _) => (395_000 + step, 410_000 + step),
    }
}

/// The money of the demo's teams and municipalities.
pub async fn add_money(app: &App, teams: &[TeamOverview]) -> AppResult<()> {
    let cli = Actor::cli();
    let today = app.clock.today();
    let since = today - Duration::days(1000);
    let changed = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today)
        - Duration::days(182);
    let changed = NaiveDate::from_ymd_opt(changed.year(), changed.month(), 1).unwrap_or(changed);
    for country in [Country::DK, Country::NO] {
        let fee = match country {
            Country::DK => kr(299_000),
            Country::NO => kr(320_000),
        };
        for year in [today.year() - 1, today.year()] {
            money::set_licence_fee(app, &cli, country, year, fee).await?;
        }
    }
    for (i, team) in teams.iter().enumerate() {
        let currency = Currency::of_country(team.country);
        let can = team.programme_model.code != "MST";
        let planned_weeks = if can { 36 } else { 20 };
        let (before, after) = course_prices(team, i);
        for (from, price) in [(since, before), (changed, after)] {
            let extra = match team.country {
                Country::DK if !can => Some(kr(9_500)),
                Country::NO if !can => Some(kr(12_000)),
                _ => None,
            };
            money::set_price(
                app,
                &cli,
                team.id,
                &NewTeamPrice {
                    effective_from: from,
                    currency,
                    course_price: kr(price),
                    planned_weeks,
                    extra_week_price: extra,
                },
            )
            .await?;
        }
        let therapists = team
            .members
            .iter()
            .filter(|m| m.position == Position::Therapist && m.until.is_none())
            .count();
        money::save_budget(
            app,
            &cli,
            team.id,
            today.year(),
            &budget(team.country, therapists, can),
            0,
        )
        .await?;
    }
    for (team_name, seller, buyer) in BUYERS.iter().chain(PLACES_ONLY) {
        let Some(team) = teams.iter().find(|t| t.name == *team_name) else {
            continue;
        };
        let (_, after) = course_prices(team, 0);
        let (note, places) = match (team.country, *buyer) {
            (Country::DK, "0751") => (
                "Aarhus køber to MST-CAN-forløb om året i MST-CAN Nordjylland.",
                2,
            ),
            (Country::DK, _) => (
                "Skanderborg køber op til seks forløb om året i MST Aarhus.",
                6,
            ),
            (Country::NO, _) => ("Bærum kjøper inntil fire forløp i året i MST Oslo.", 4),
        };
        money::create_agreement(
            app,
            &cli,
            team.id,
            &NewPurchaseAgreement {
                seller: code(seller)?,
                buyer: code(buyer)?,
                basis: PlacesBasis::PerYear,
                places: Some(places),
                currency: Currency::of_country(team.country),
                course_price: kr(after + 6_000),
                valid_from: since,
                valid_until: None,
                note: note.into(),
            },
        )
        .await?;
    }
    add_municipal_settings(app, &cli, today.year()).await
}

/// The managers' placement costs and every demo municipality's billing
/// details (made-up numbers with valid check digits).
async fn add_municipal_settings(app: &App, cli: &Actor, year: i32) -> AppResult<()> {
    let costs = [
        (
            Country::DK,
            "0751",
            1_150_000,
            "Gennemsnit af Aarhus Kommunes udgifter til døgnanbringelse af 13-17-årige i plejefamilie og på institution, regnskab 2025.",
        ),
        (
            Country::NO,
            "0301",
            1_650_000,
            "Gjennomsnittlig kostnad for plassering i fosterhjem og institusjon for ungdom 13–17 år, Oslo kommune, regnskap 2025.",
        ),
    ];
    for (country, raw, cost, assumption) in costs {
        money::set_placement_cost(
            app,
            cli,
            country,
            &code(raw)?,
            &NewPlacementCost {
                year,
                currency: Currency::of_country(country),
                yearly_cost: kr(cost),
                assumed_months: 12,
                assumption: assumption.into(),
            },
        )
        .await?;
    }
    let billing = [
        (
            Country::DK,
            "0751",
            "Aarhus Kommune",
            "29189846",
            EndpointScheme::Gln,
            "5798000007512",
            "Rådhuspladsen 2",
            "8000",
            "Aarhus C",
            "2211 0001234567",
        ),
        (
            Country::DK,
            "0746",
            "Skanderborg Kommune",
            "29189781",
            EndpointScheme::Gln,
            "5798000007468",
            "Skanderborg Fælled 1",
            "8660",
            "Skanderborg",
            "2211 0007654321",
        ),
        (
            Country::NO,
            "0301",
            "Oslo kommune",
            "923456783",
            EndpointScheme::NorwegianOrgNumber,
            "923456783",
            "Rådhusplassen 1",
            "0037",
            "Oslo",
            "6011.05.12345",
        ),
        (
            Country::NO,
            "3201",
            "Bærum kommune",
            "934567897",
            EndpointScheme::NorwegianOrgNumber,
            "934567897",
            "Arnold Haukelands plass 10",
            "1304",
            "Sandvika",
            "6011.05.67890",
        ),
    ];
    for (country, raw, name, reg, scheme, endpoint, street, postal, city, bank) in billing {
        money::save_billing_details(
            app,
            cli,
            &BillingDetails {
                country,
                municipality: code(raw)?,
                legal_name: name.into(),
                registration_number: reg.into(),
                endpoint_scheme: scheme,
                endpoint_id: endpoint.into(),
                street: street.into(),
                postal_code: postal.into(),
                city: city.into(),
                bank_account: bank.into(),
                version: 0,
            },
        )
        .await?;
    }
    Ok(())
}
