//! MST-CAN's results as the Norwegian team Bærum sees them: the discharge
//! page asks for each child's outcome and refuses, in Norwegian, a
//! discharge missing a child or naming someone who is not a child of the
//! family, storing nothing; the family page shows each child's outcome;
//! the team's dashboard then has its MST-CAN
//! section — the figures for the supervisor, hidden for a therapist of
//! the team, who may not see every family behind them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rundt_app::records::ParticipantRole;
use rundt_app::safety;
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
use rundt_testkit::TestApp;
use rundt_testkit::http::Client;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn noon(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day(s).and_hms_opt(11, 0, 0).unwrap())
}

const TODAY: &str = "2026-11-20";
const START: &str = "2026-03-02";

async fn norwegian(t: &TestApp, who: &str) -> Client {
    let id = t.named(who).await.id;
    t.client_at(rundt_web::router, id, noon(TODAY))
        .await
        .language("nb")
}

fn plan(agreed: NaiveDate) -> SafetyPlan {
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::Neglect,
            from_whom: "Tone".into(),
            to_whom: "Emma og Jonas".into(),
            situations: "Om morgenen før skolen".into(),
        }],
        warning_signs: vec!["Ingen mat hjemme".into()],
        adult_actions: vec![AdultAction {
            adult: "Tone".into(),
            instead: "Ringer mormor".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor Randi".into(),
            how: "Telefon 915 00 000".into(),
        }],
        agreed_with_family_on: agreed,
        shared_with_child_welfare_on: Some(agreed),
    }
}

/// The part of a page from the table `key`'s section to its end.
fn section<'a>(page: &'a str, key: &str) -> &'a str {
    let from = page
        .find(&format!("id=\"table-{key}\""))
        .unwrap_or_else(|| panic!("no table {key}"));
    let rest = &page[from..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_baerum_team_records_each_childs_outcome_and_sees_its_mst_can_results() {
    let t = TestApp::with_clock(noon(TODAY)).await;
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day(START)).await;
    let agreed = day("2026-03-04");
    let nina_then = t.actor_on("nina", agreed).await;
    safety::save_plan(&t.app.on_day(agreed), &nina_then, case, &plan(agreed), None)
        .await
        .unwrap();
    let people = |role| t.store.case_people_in_role(case, role);
    let children = people(ParticipantRole::YoungPerson).await.unwrap();
    let tone = people(ParticipantRole::Caregiver).await.unwrap()[0];
    let mut names = Vec::new();
    for c in &children {
        names.push(t.store.get_person(*c).await.unwrap().unwrap().given_name);
    }
    let (emma, jonas) = if names[0] == "Emma" {
        (children[0], children[1])
    } else {
        (children[1], children[0])
    };

    let nina = norwegian(&t, "nina").await;
    // Through the API (its messages are English, with codes): Jonas's row
    // missing, then Tone named.
    let file = nina.get(&format!("/api/v1/cases/{case}/file")).await;
    let api = format!("/api/v1/cases/{case}/discharge");
    let body = |children: serde_json::Value| {
        serde_json::json!({
            "date": TODAY, "reason": "completed",
            "clinical_evaluation": "Familien har holdt planen.",
            "goals": [],
            "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true},
            "children": children,
        })
    };
    let emma_row = serde_json::json!({"child": emma, "living_at_home": true, "care_order_during_treatment": false});
    let refused = nina
        .if_match(&file.etag())
        .post(&api, body(serde_json::json!([emma_row])))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    let fields = &refused.json()["fields"];
    assert_eq!(fields[0]["code"], "child-outcome-missing");
    assert!(
        refused
            .text
            .contains("say for Jonas whether the child lives at home")
    );
    let tone_row = serde_json::json!({"child": tone, "living_at_home": true, "care_order_during_treatment": false});
    let refused = nina
        .if_match(&file.etag())
        .post(&api, body(serde_json::json!([emma_row, tone_row])))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    let fields = &refused.json()["fields"];
    assert_eq!(fields[0]["field"], "children[1].child");
    assert_eq!(fields[0]["code"], "child-outcome-not-a-child");

    let path = format!("/cases/{case}/discharge");
    let form = nina.get(&path).await;
    form.assert_ok()
        .has("Barna ved utskrivning")
        .has("name=\"children[1].care_order\"")
        .has("Bor hjemme (omsorgsovertakelse unngått)");
    let version = form.version();
    let (emma, jonas, tone) = (emma.to_string(), jonas.to_string(), tone.to_string());
    let base = vec![
        ("version", version.as_str()),
        ("date", TODAY),
        ("reason", "completed"),
        (
            "clinical_evaluation",
            "Familien har holdt planen i tolv uker.",
        ),
        ("living_at_home", "true"),
        ("in_school_or_working", "true"),
        ("no_new_arrests", "true"),
    ];
    let row = |i: &'static [&'static str; 4], id: &str, at_home, care_order| {
        vec![
            (i[0], id.to_owned()),
            (i[1], "".to_owned()),
            (i[2], at_home),
            (i[3], care_order),
        ]
    };
    const ROWS: [[&str; 4]; 3] = [
        [
            "children[0].child",
            "children[0].name",
            "children[0].at_home",
            "children[0].care_order",
        ],
        [
            "children[1].child",
            "children[1].name",
            "children[1].at_home",
            "children[1].care_order",
        ],
        [
            "children[2].child",
            "children[2].name",
            "children[2].at_home",
            "children[2].care_order",
        ],
    ];
    let post = async |rows: Vec<(&'static str, String)>| {
        let mut fields: Vec<(&str, &str)> = base.clone();
        fields.extend(rows.iter().map(|(k, v)| (*k, v.as_str())));
        nina.form(&path, &fields).await
    };

    // Jonas's answers left blank: refused, naming him, in Norwegian.
    let mut rows = row(&ROWS[0], &emma, "true".into(), "false".into());
    rows.extend(row(&ROWS[1], &jonas, "".into(), "".into()));
    let refused = post(rows).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    refused.has("oppgi for Jonas om barnet bor hjemme, og om det er vedtatt omsorgsovertakelse");
    // Tone, the mother, named as a child: refused.
    let mut rows = row(&ROWS[0], &emma, "true".into(), "false".into());
    rows.extend(row(&ROWS[1], &jonas, "false".into(), "true".into()));
    rows.extend(row(&ROWS[2], &tone, "true".into(), "false".into()));
    let refused = post(rows).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    refused.has(&format!(
        "person {tone} er ikke et av barna i familiens sak"
    ));
    assert_eq!(t.count_rows("discharges").await, 0, "nothing stored");
    assert_eq!(t.count_rows("can_child_outcomes").await, 0);

    // Emma lives at home; Jonas was taken into care during treatment.
    let mut rows = row(&ROWS[0], &emma, "true".into(), "false".into());
    rows.extend(row(&ROWS[1], &jonas, "false".into(), "true".into()));
    let discharged = post(rows).await;
    assert_eq!(
        discharged.redirected_to(),
        format!("/cases/{case}#discharge")
    );
    nina.get(&format!("/cases/{case}"))
        .await
        .assert_ok()
        .has("id=\"children-at-discharge\"")
        .has(
            "<strong>Jonas</strong> – Bor hjemme (omsorgsovertakelse unngått): nei · \
             Omsorgsovertakelse vedtatt under behandlingen: ja",
        );

    // The supervisor sees the figures of the team's one family.
    let results = format!("/results/team/{team}?from=2026-01&to=2026-12");
    let kari = norwegian(&t, "kari").await;
    let page = kari.get(&results).await;
    page.assert_ok().has("MST-CAN: familiene og barna");
    let can = section(&page.text, "can_results");
    for shown in [
        "Barn som bor hjemme ved utskrivning (omsorgsovertakelse unngått)",
        "Barn med omsorgsovertakelse under behandlingen",
        "Familier med sikkerhetsplan innen 7 dager",
        "Behandlingstid innenfor 6–9 måneder",
        "50,0 %",
        "100,0 %",
    ] {
        assert!(can.contains(shown), "{shown} in {can}");
    }
    assert!(!can.contains("skjult (færre enn 5)"), "{can}");
    let json = kari
        .get(&format!(
            "/api/v1/results/team/{team}?from=2026-01&to=2026-12"
        ))
        .await;
    let totals = &json.json()["can"]["totals"];
    assert_eq!(totals["children"], 2);
    assert_eq!(totals["care_order_during_treatment"]["count"], 1);

    // A therapist of the team may not see every family: one family is hidden.
    let thomas = norwegian(&t, "thomas").await;
    let page = thomas.get(&results).await;
    page.assert_ok().has("seks søsken er fortsatt én familie");
    let can = section(&page.text, "can_results");
    assert!(can.contains("skjult (færre enn 5)"), "{can}");
    assert!(!can.contains("50,0 %"), "{can}");
    let json = thomas
        .get(&format!(
            "/api/v1/results/team/{team}?from=2026-01&to=2026-12"
        ))
        .await;
    let totals = &json.json()["can"]["totals"];
    assert_eq!(totals["suppressed"], true);
    assert_eq!(
        totals["living_at_home_at_discharge"]["percent"],
        serde_json::Value::Null
    );
}
