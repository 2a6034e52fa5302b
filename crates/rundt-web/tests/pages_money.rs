//! Money's pages: the owner's manager sets a price in Danish notation and
//! sees it on the team's money page; a negative price is refused beside
//! the form in the page's language, as typed, and nothing is stored; an
//! agreement overlapping another for the same buyer is refused with the
//! other's period named; the supervisor reads the page without its forms;
//! a therapist is refused; the invoicing basis downloads as CSV in the
//! Danish flavour.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_testkit::http::AarhusTeam;
use rundt_testkit::test_now;

#[tokio::test]
async fn the_manager_sets_a_price_and_a_negative_one_is_refused_beside_the_form() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let ane =
        w.t.user("ane", "municipal_manager", "DK", Some("0751"))
            .await;
    let manager =
        w.t.client_at(rundt_web::router, ane.id, test_now())
            .await
            .language("da");
    let page = format!("/teams/{}/money", w.team);
    let shown = manager.get(&page).await;
    shown
        .assert_ok()
        .has("Ingen pris fastsat")
        .has("id=\"price-form\"");

    let refused = manager
        .form(
            &format!("{page}/prices"),
            &[
                ("year", "2026"),
                ("effective_from", "2026-01-01"),
                ("currency", "DKK"),
                ("course_price", "-185.000"),
                ("planned_weeks", "20"),
                ("extra_week_price", ""),
            ],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    refused.has("value=\"-185.000\"");
    assert!(
        refused.text.contains("negativ"),
        "the refusal in Danish: {}",
        refused.text
    );
    assert_eq!(w.t.count_rows("team_prices").await, 0);

    let other_currency = manager
        .form(
            &format!("{page}/prices"),
            &[
                ("year", "2026"),
                ("effective_from", "2026-01-01"),
                ("currency", "NOK"),
                ("course_price", "185.000"),
                ("planned_weeks", "20"),
            ],
        )
        .await;
    other_currency.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    other_currency.has("DKK");
    assert_eq!(w.t.count_rows("team_prices").await, 0);

    let set = manager
        .form(
            &format!("{page}/prices"),
            &[
                ("year", "2026"),
                ("effective_from", "2026-01-01"),
                ("currency", "DKK"),
                ("course_price", "185.000,50"),
                ("planned_weeks", "20"),
                ("extra_week_price", "9.500"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    manager
        .get(&page)
        .await
        .assert_ok()
        .has("185.000,50 DKK")
        .has("9.500,00 DKK");

    for (from, expected) in [
        ("2026-01-01", StatusCode::SEE_OTHER),
        ("2026-06-01", StatusCode::CONFLICT),
    ] {
        let made = manager
            .form(
                &format!("{page}/agreements"),
                &[
                    ("year", "2026"),
                    ("seller", "0751"),
                    ("buyer", "0746"),
                    ("basis", "per_year"),
                    ("places", "6"),
                    ("currency", "DKK"),
                    ("course_price", "191.000"),
                    ("valid_from", from),
                    ("valid_until", ""),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(made.status, expected, "{}", made.text);
        if expected == StatusCode::CONFLICT {
            made.has("2026-01-01");
        }
    }
    assert_eq!(w.t.count_rows("purchase_agreements").await, 1);

    let mette = w.client("mette", test_now()).await.language("da");
    mette
        .get(&page)
        .await
        .assert_ok()
        .has("Skanderborg")
        .lacks("id=\"price-form\"")
        .lacks("id=\"agreement-form\"");
    let jonas = w.client("jonas", test_now()).await;
    jonas.get(&page).await.assert_status(StatusCode::FORBIDDEN);

    let csv = manager
        .get(&format!("/teams/{}/invoicing.csv?period=2026-Q4", w.team))
        .await;
    csv.assert_ok();
    assert!(
        csv.text.contains(';'),
        "Danish readers get semicolons: {}",
        csv.text
    );
    manager
        .get(&format!("/teams/{}/invoicing?period=2026-13", w.team))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_national_office_closes_a_team_and_its_licence_fee_becomes_pro_rata() {
    let w = AarhusTeam::new(rundt_web::router).await;
    let admin = w.t.user("dk_admin", "national_admin", "DK", None).await;
    let admin =
        w.t.client_at(rundt_web::router, admin.id, test_now())
            .await
            .language("en");
    let page = format!("/teams/{}/money", w.team);
    admin.get(&page).await.assert_ok().has("id=\"close-form\"");
    let before_start = admin
        .form(
            &format!("{page}/closed-on"),
            &[("year", "2026"), ("closed_on", "1999-12-31")],
        )
        .await;
    before_start.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    before_start.has("the last day cannot be before the team started");
    let closed = admin
        .form(
            &format!("{page}/closed-on"),
            &[("year", "2026"), ("closed_on", "2026-12-31")],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    admin
        .get(&page)
        .await
        .assert_ok()
        .has("value=\"2026-12-31\"");
    // The supervisor neither closes the team nor sees the form.
    let mette = w.client("mette", test_now()).await;
    mette
        .get(&page)
        .await
        .assert_ok()
        .lacks("id=\"close-form\"");
    mette
        .form(
            &format!("{page}/closed-on"),
            &[("year", "2026"), ("closed_on", "")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

/// xmllint's verdict on `xml` against the vendored OASIS UBL 2.1 Invoice
/// schema (rundt-export's tests); fails loudly without xmllint.
fn assert_valid_ubl(xml: &str) {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rundt-export/tests/ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("invoice.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint runs (apt-get install -y libxml2-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_seller_downloads_a_buyers_e_invoice_that_is_valid_ubl_and_pays_what_the_basis_says() {
    use rundt_domain::audit::{AuditAction, Object, ObjectKind};
    use rundt_domain::money::{Currency, PricingBasis, ReferralPrice};
    use rundt_testkit::store::{NewCase, NewPerson, ParticipantRole};
    use serde_json::json;

    let w = AarhusTeam::new(rundt_web::router).await;
    let ane =
        w.t.user("ane", "municipal_manager", "DK", Some("0751"))
            .await;
    let manager =
        w.t.client_at(rundt_web::router, ane.id, test_now())
            .await
            .language("da");
    let admin = w.t.user("dk_admin", "national_admin", "DK", None).await;
    let admin = w.t.client_at(rundt_web::router, admin.id, test_now()).await;
    let made = manager
        .post(
            &format!("/api/v1/teams/{}/agreements", w.team),
            json!({"seller": "0751", "buyer": "0746", "basis": "per_year", "places": 6,
                   "currency": "DKK", "course_price": 19_100_000, "valid_from": "2026-01-01",
                   "valid_until": null, "note": ""}),
        )
        .await;
    made.assert_status(StatusCode::CREATED);
    let agreement_id = made.json()["id"].as_i64().unwrap();
    for (code, name, cvr, gln) in [
        ("0751", "Aarhus Kommune", "29189846", "5798000007512"),
        ("0746", "Skanderborg Kommune", "29189781", "5798000007468"),
    ] {
        admin
            .put(
                &format!("/api/v1/municipalities/{code}/billing-details"),
                json!({"country": "DK", "municipality": code, "legal_name": name,
                       "registration_number": cvr, "endpoint_scheme": "0088", "endpoint_id": gln,
                       "street": "Rådhuspladsen 2", "postal_code": "8000", "city": "Aarhus C",
                       "bank_account": "2211 0001234567", "version": 0}),
            )
            .await
            .assert_ok();
    }
    // A Skanderborg family started in MST Aarhus on 5 October 2026 under
    // the agreement.
    let person = |given: &str, role| {
        (
            NewPerson {
                country: rundt_domain::country::Country::DK,
                given_name: given.into(),
                family_name: "Testesen".into(),
                birth_date: chrono::NaiveDate::from_ymd_opt(2011, 3, 15),
                national_id_sealed: None,
                national_id_index: None,
                national_id_previous_index: None,
            },
            role,
        )
    };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let case =
        w.t.store
            .create_case(
                &NewCase {
                    country: rundt_domain::country::Country::DK,
                    team_id: w.team,
                    therapist_id: Some(w.users["jonas"]),
                    referring_municipality: rundt_testkit::code("0746"),
                    paying_municipalities: vec![rundt_testkit::code("0746")],
                    status: rundt_domain::lifecycle::CaseStatus::InTreatment,
                    referred_on: Some(day("2026-09-28")),
                    treatment_start: Some(day("2026-10-05")),
                    participants: vec![
                        person("Mikkel", ParticipantRole::YoungPerson),
                        person("Lone", ParticipantRole::Caregiver),
                    ],
                    price: Some(ReferralPrice {
                        buyer: rundt_testkit::code("0746"),
                        seller: rundt_testkit::code("0751"),
                        basis: PricingBasis::Agreement,
                        agreement_id: Some(agreement_id),
                        currency: Currency::Dkk,
                        course_price: 19_100_000,
                        planned_weeks: 20,
                        extra_week_price: None,
                        priced_on: day("2026-09-28"),
                    }),
                },
                &rundt_app::Actor::cli().event(
                    test_now(),
                    AuditAction::CaseCreate,
                    Object::of(ObjectKind::Case),
                ),
            )
            .await
            .unwrap();

    let basis = manager
        .get("/municipalities/0751/invoicing?period=2026-Q4")
        .await;
    basis
        .assert_ok()
        .has("id=\"invoice-0746-0751\"")
        .has("191.000,00 DKK")
        .has(&format!("<td>{}</td>", case.id))
        .lacks("Mikkel")
        .lacks("Testesen");
    let xml = manager
        .get("/municipalities/0751/einvoice.xml?period=2026-Q4&seller=0751&buyer=0746")
        .await;
    xml.assert_ok();
    assert!(
        xml.text
            .contains("<cbc:PayableAmount currencyID=\"DKK\">191000.00</cbc:PayableAmount>"),
        "{}",
        xml.text
    );
    assert!(!xml.text.contains("Mikkel"), "no names in the e-invoice");
    assert_valid_ubl(&xml.text);
    // Aarhus's own courses are not invoiced to itself: a page that says so.
    let internal = manager
        .get("/municipalities/0751/einvoice.xml?period=2026-Q4&seller=0751&buyer=0751")
        .await;
    assert!(internal.status.is_client_error(), "{}", internal.status);
    internal.has("kommunens egne forløb i eget team faktureres ikke");
}
