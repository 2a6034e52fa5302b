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
