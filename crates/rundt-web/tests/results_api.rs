//! Results over HTTP: the dashboards as JSON, their exports (CSV, XLSX,
//! PDF), the adherence interviews and the family-experience survey. Runs on
//! both backends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_domain::id::{PersonId, TeamId, UserId};
use std::collections::HashMap;

use axum::http::{StatusCode, header};
use chrono::NaiveDate;
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_testkit::http::{Client, Reply, texts_of};
use rundt_testkit::{Family, TestApp};
use serde_json::{Value, json};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn outcomes(home: bool, school: bool, arrests: bool) -> UltimateOutcomes {
    UltimateOutcomes {
        living_at_home: home,
        in_school_or_working: school,
        no_new_arrests: arrests,
    }
}

/// The Aarhus team (mette, jonas, sofie; louise refers), Aarhus' manager
/// anders, the Danish office, and four families:
///
/// | family | therapist | start | discharged | reason | H S A |
/// |---|---|---|---|---|---|
/// | f1 | jonas | 2026-04-01 | 2026-07-15 | completed | T T T |
/// | f2 | sofie | 2026-04-10 | 2026-08-20 | completed | T F T |
/// | f3 | jonas | 2026-07-01 | 2026-11-20 | lack of engagement | T F F |
/// | f4 | jonas | 2026-10-01 | in treatment | | |
struct World {
    t: TestApp,
    team: TeamId,
    users: HashMap<&'static str, UserId>,
    f: HashMap<&'static str, Family>,
}

async fn world() -> World {
    let t = TestApp::new().await;
    let (team, mut users) = t.aarhus_team().await;
    users.insert(
        "anders",
        t.user("anders", "municipal_manager", "DK", Some("0751"))
            .await
            .id,
    );
    users.insert(
        "dk.office",
        t.user("dk.office", "national_admin", "DK", None).await.id,
    );
    let mut f = HashMap::new();
    for (key, therapist, start, discharge) in [
        (
            "f1",
            "jonas",
            "2026-04-01",
            Some((
                "2026-07-15",
                DischargeReason::Completed,
                outcomes(true, true, true),
            )),
        ),
        (
            "f2",
            "sofie",
            "2026-04-10",
            Some((
                "2026-08-20",
                DischargeReason::Completed,
                outcomes(true, false, true),
            )),
        ),
        (
            "f3",
            "jonas",
            "2026-07-01",
            Some((
                "2026-11-20",
                DischargeReason::LackOfEngagement,
                outcomes(true, false, false),
            )),
        ),
        ("f4", "jonas", "2026-10-01", None),
    ] {
        let mut family = t
            .start_family(team, "louise", "mette", therapist, day(start))
            .await;
        if let Some((on, reason, o)) = discharge {
            t.discharge_family(&mut family, therapist, day(on), reason, o)
                .await;
        }
        f.insert(key, family);
    }
    World { t, team, users, f }
}

impl World {
    /// Requests as `who` on the test clock (25 November 2026).
    async fn client(&self, who: &str) -> Client {
        self.t.client_for(rundt_web::router, self.users[who]).await
    }

    async fn get(&self, who: &str, uri: &str) -> Reply {
        self.client(who).await.get(uri).await
    }

    /// The JSON `who` gets from `uri`; fails the test unless it is 200 OK.
    async fn json(&self, who: &str, uri: &str) -> Value {
        self.get(who, uri).await.assert_ok().json()
    }

    async fn post(&self, who: &str, uri: &str, body: Value) -> Reply {
        self.client(who).await.post(uri, body).await
    }
}

const YEAR: &str = "from=2026-01&to=2026-12";

#[tokio::test]
async fn a_dashboard_answers_json_with_totals_trend_splits_and_the_families() {
    let w = world().await;
    let quarterly = format!("/api/v1/results/team/{}?{YEAR}&by=quarter", w.team);
    let d = w.json("mette", &quarterly).await;
    assert_eq!(d["scope"]["kind"], "team");
    assert_eq!(d["scope"]["key"], w.team.to_string());
    assert_eq!(d["scope"]["name"], "MST Aarhus");
    assert_eq!(d["scope"]["country"], "DK");
    assert_eq!(
        (d["from"].as_str(), d["to"].as_str()),
        (Some("2026-01"), Some("2026-12"))
    );
    assert_eq!(d["grouping"], "quarter");
    assert_eq!(d["denominator"], "all_discharges");
    assert_eq!(d["small_cells_suppressed"], false);
    assert_eq!(d["min_cell"], 5);
    assert_eq!(d["programmes"], json!(["MST"]));
    assert_eq!(d["targets"]["completed_min"], 85.0);
    // f1, f2 completed; f3 lack of engagement: 2/3 = 66.7 %.
    let i = &d["totals"]["indicators"];
    assert_eq!(i["discharges"], 3);
    assert_eq!(
        i["completed"],
        json!({"count": 2, "of": 3, "percent": 66.7, "hidden": false})
    );
    assert_eq!(i["suppressed"], false);
    // 105 + 132 + 142 = 379 treatment days; 379 / 3 = 126.3.
    assert_eq!(d["totals"]["treatment_days_total"], 379);
    assert_eq!(i["average_length_of_stay_days"], 126.3);
    assert_eq!(d["totals"]["against_targets"]["length_of_stay"], "met");
    assert_eq!(d["totals"]["follow_ups"].as_array().unwrap().len(), 3);
    let periods = texts_of(&d["trend"], "period");
    assert_eq!(periods, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    assert_eq!(d["trend"][2]["figures"]["indicators"]["discharges"], 2);
    assert_eq!(d["trend"][3]["figures"]["indicators"]["discharges"], 1);
    assert_eq!(d["by_municipality"][0]["key"], "0751");
    assert_eq!(d["by_municipality"][0]["name"], "Aarhus");
    assert_eq!(d["by_team"], json!([]));
    // The families treated in 2026, the one in treatment included.
    assert_eq!(d["families"].as_array().unwrap().len(), 4);
    let now: HashMap<&str, &Value> = d["now"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["status"].as_str().unwrap(), &s["families"]))
        .collect();
    assert_eq!(*now["in_treatment"], 1);
    assert_eq!(*now["discharged"], 3);
    // f4 started 1 October: its first interview fell due 22 October.
    assert_eq!(d["interviews_due"][0]["case_id"], w.f["f4"].case_id.get());
    assert_eq!(d["interviews_due"][0]["due"], "2026-10-22");
    assert_eq!(d["interviews_due"][0]["overdue"], true);

    // Over completers: f1 and f2, both at home, one in school.
    let c = w
        .get(
            "mette",
            &format!(
                "/api/v1/results/team/{}?{YEAR}&denominator=completers",
                w.team
            ),
        )
        .await
        .json();
    assert_eq!(c["denominator"], "completers");
    assert_eq!(
        c["totals"]["indicators"]["in_school_or_working"],
        json!({"count": 1, "of": 2, "percent": 50.0, "hidden": false})
    );

    // Without a period: the twelve months up to this one.
    let default = w
        .get("mette", &format!("/api/v1/results/team/{}", w.team))
        .await
        .json();
    assert_eq!(default["from"], "2025-12");
    assert_eq!(default["to"], "2026-11");
    assert_eq!(default["grouping"], "quarter");

    // The municipality's dashboard for its caseworker, the national one for the office.
    let m = w
        .json(
            "louise",
            &format!("/api/v1/results/municipality/0751?{YEAR}&by=month"),
        )
        .await;
    assert_eq!(m["scope"]["name"], "Aarhus");
    assert_eq!(m["trend"].as_array().unwrap().len(), 12);
    assert_eq!(m["owned_teams"][0]["key"], w.team.to_string());
    assert_eq!(m["families"].as_array().unwrap().len(), 4);
    let n = w
        .json(
            "dk.office",
            &format!("/api/v1/results/national/DK?{YEAR}&by=year"),
        )
        .await;
    assert_eq!(n["scope"]["key"], "DK");
    assert_eq!(n["small_cells_suppressed"], true);
    assert_eq!(n["families"], Value::Null);
    // Three discharges are fewer than five: hidden, not zero.
    assert_eq!(n["totals"]["indicators"]["suppressed"], true);
    assert_eq!(
        n["totals"]["indicators"]["completed"]["percent"],
        Value::Null
    );
    assert_eq!(n["totals"]["treatment_days_total"], Value::Null);
    assert_eq!(n["by_team"][0]["key"], w.team.to_string());
}

#[tokio::test]
async fn a_teams_families_come_fifty_a_page_and_only_the_families_shown_are_logged() {
    let w = world().await;
    // 47 more families: 51 in all, one more than a page.
    for _ in 0..47 {
        w.t.start_family(w.team, "louise", "mette", "sofie", day("2026-09-01"))
            .await;
    }
    let logged = || async {
        w.t.store
            .audit_events(0, 100_000)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.event.action.as_str() == "results.families")
            .count()
    };
    let base = format!("/api/v1/results/team/{}?{YEAR}", w.team);
    let before = logged().await;
    let first = w.json("mette", &base).await;
    assert_eq!(
        (
            first["families"].as_array().unwrap().len(),
            &first["families_total"],
            &first["families_page"],
            &first["families_per_page"]
        ),
        (50, &json!(51), &json!(1), &json!(50))
    );
    assert_eq!(logged().await - before, 50, "one event per family shown");
    let second = w.json("mette", &format!("{base}&families_page=2")).await;
    let oldest = second["families"].as_array().unwrap();
    assert_eq!(oldest.len(), 1);
    assert_eq!(
        oldest[0]["case_id"],
        json!(w.f["f1"].case_id),
        "newest case first: the first family is last"
    );
    assert_eq!(logged().await - before, 51);
    // Past the end: no family, still the count.
    let past = w.json("mette", &format!("{base}&families_page=9")).await;
    assert_eq!(
        (
            past["families"].as_array().unwrap().len(),
            &past["families_total"]
        ),
        (0, &json!(51))
    );
    assert_eq!(logged().await - before, 51);
    // The export carries every family.
    let csv = w
        .get(
            "mette",
            &format!(
                "/api/v1/results/team/{}/export?format=csv&table=families&{YEAR}&lang=en",
                w.team
            ),
        )
        .await;
    assert_eq!(
        csv.assert_ok().text.lines().count(),
        1 + 51,
        "a heading and every family"
    );
}

#[tokio::test]
async fn bad_periods_and_readings_are_explained_and_other_peoples_results_refused() {
    let w = world().await;
    let base = format!("/api/v1/results/team/{}", w.team);
    for (query, field) in [
        ("from=2026-13", "from"),
        ("to=2026-1", "to"),
        ("by=week", "by"),
        ("denominator=x", "denominator"),
        ("families_page=0", "families_page"),
        ("families_page=next", "families_page"),
        ("from=2026-06&to=2026-01", "from"),
        // 2010-01 to 2020-12 is 132 months; at most 120.
        ("from=2010-01&to=2020-12", "from"),
    ] {
        w.get("mette", &format!("{base}?{query}"))
            .await
            .invalid(field);
    }
    // Exactly ten years is fine.
    assert_eq!(
        w.get("mette", &format!("{base}?from=2017-01&to=2026-12"))
            .await
            .status,
        StatusCode::OK
    );
    // Unknown kinds, keys and teams are 404.
    for uri in [
        "/api/v1/results/region/1".to_owned(),
        "/api/v1/results/municipality/75".to_owned(),
        "/api/v1/results/team/abc".to_owned(),
        "/api/v1/results/team/424242".to_owned(),
    ] {
        w.get("dk.office", &uri).await.error(StatusCode::NOT_FOUND);
    }
    w.get("dk.office", "/api/v1/results/municipality/9999")
        .await
        .error(StatusCode::NOT_FOUND);
    for (who, uri) in [
        // Another country's national page, another municipality's figures.
        ("dk.office", "/api/v1/results/national/NO"),
        ("anders", "/api/v1/results/municipality/0461"),
        ("louise", "/api/v1/results/national/DK"),
        ("jonas", "/api/v1/results/municipality/0751"),
        // Exports are refused alike.
        (
            "anders",
            "/api/v1/results/municipality/0461/export?format=csv&table=trend",
        ),
    ] {
        w.get(who, uri).await.error(StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_managers_csv_export_shows_small_cells_as_fewer_than_five() {
    let w = world().await;
    let uri =
        format!("/api/v1/results/municipality/0751/export?format=csv&table=trend&{YEAR}&lang=en");
    let r = w.get("anders", &uri).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header(header::CONTENT_TYPE), "text/csv; charset=utf-8");
    let disposition = r.header(header::CONTENT_DISPOSITION);
    assert!(
        disposition.starts_with("attachment; filename=\"") && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    assert_eq!(r.header(header::CACHE_CONTROL), "no-store");
    assert!(
        r.bytes.starts_with("\u{feff}".as_bytes()),
        "a byte order mark for Excel"
    );
    let text = r.text;
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(
        lines[0].starts_with("Period,Families discharged,Living at home"),
        "{}",
        lines[0]
    );
    // A header and four quarters (and the empty string after the last CRLF).
    assert_eq!(lines.len(), 6, "{text}");
    let hidden = "hidden (fewer than 5)";
    assert!(
        lines[3].starts_with(&format!("2026-Q3,{hidden},{hidden}")),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].starts_with(&format!("2026-Q4,{hidden},")),
        "{}",
        lines[4]
    );
    // The caseworker may see every family behind the numbers: nothing hidden.
    let cw = w.get("louise", &uri).await;
    assert_eq!(cw.status, StatusCode::OK, "{}", cw.text);
    let cw = cw.text;
    assert!(!cw.contains("hidden"), "{cw}");
    // Q3: f1 and f2, both at home (100.0), one in school (50.0).
    assert!(cw.contains("\r\n2026-Q3,2,100.0,50.0,"), "{cw}");

    // The CSV needs a table that exists; only csv, xlsx and pdf.
    let base = "/api/v1/results/municipality/0751/export";
    w.get("louise", &format!("{base}?format=csv"))
        .await
        .invalid("table");
    w.get("louise", &format!("{base}?format=csv&table=nope"))
        .await
        .error(StatusCode::NOT_FOUND);
    w.get("louise", &format!("{base}?format=doc"))
        .await
        .invalid("format");
    // The families table is there for the caseworker, not for the manager.
    assert_eq!(
        w.get("louise", &format!("{base}?format=csv&table=families"))
            .await
            .status,
        StatusCode::OK
    );
    w.get("anders", &format!("{base}?format=csv&table=families"))
        .await
        .error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_danish_csv_opens_as_columns_in_danish_excel_and_rfc_4180_stays_available() {
    let w = world().await;
    let base = format!("/api/v1/results/municipality/0751/export?format=csv&table=trend&{YEAR}");
    let danish = w.get("louise", &format!("{base}&lang=da")).await;
    assert_eq!(danish.status, StatusCode::OK, "{}", danish.text);
    let header = danish
        .text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap();
    assert_eq!(header.split(';').count(), 9, "nine columns: {header}");
    // Q3: f1 and f2, both at home (100,0), one in school (50,0).
    assert!(danish.text.contains(";2;100,0;50,0;"), "{}", danish.text);
    let rfc = w
        .get("louise", &format!("{base}&lang=da&csv=rfc4180"))
        .await;
    assert_eq!(rfc.status, StatusCode::OK);
    assert!(rfc.text.contains(",2,100.0,50.0,"), "{}", rfc.text);
    w.get("louise", &format!("{base}&lang=da&csv=tsv"))
        .await
        .invalid("csv");
}

#[tokio::test]
async fn xlsx_and_pdf_exports_are_real_files() {
    let w = world().await;
    let base = format!("/api/v1/results/team/{}/export?{YEAR}", w.team);
    let x = w.get("mette", &format!("{base}&format=xlsx")).await;
    assert_eq!(x.status, StatusCode::OK, "{}", x.text);
    assert_eq!(
        x.header(header::CONTENT_TYPE),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(x.header(header::CONTENT_DISPOSITION).ends_with(".xlsx\""));
    assert!(x.bytes.starts_with(b"PK"), "an XLSX file is a zip");
    let p = w.get("mette", &format!("{base}&format=pdf")).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert_eq!(p.header(header::CONTENT_TYPE), "application/pdf");
    assert!(p.header(header::CONTENT_DISPOSITION).ends_with(".pdf\""));
    assert!(p.bytes.starts_with(b"%PDF"));
    // Without a format: XLSX.
    let d = w.get("mette", &base).await;
    assert!(d.bytes.starts_with(b"PK"));
    // A national PDF for the office.
    let n = w
        .get("dk.office", "/api/v1/results/national/DK/export?format=pdf")
        .await;
    assert_eq!(n.status, StatusCode::OK, "{}", n.text);
    assert!(n.bytes.starts_with(b"%PDF"));
}

/// The text poppler's `pdftotext` reads from `pdf`; `None` (with a note)
/// where it is not installed, except on CI, where `.ci/run` installs it.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    use std::io::Write as _;
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is required on CI (apt-get install poppler-utils)"
        );
        eprintln!("note: pdftotext not found; skipping the text check");
        return None;
    }
    let path = std::env::temp_dir().join(format!("rundt-results-{}.pdf", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(pdf)
        .unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    Some(String::from_utf8(out.stdout).unwrap())
}

#[tokio::test]
async fn a_danish_pdf_report_has_decimal_commas_local_time_and_its_signs() {
    let w = world().await;
    let base = format!("/api/v1/results/team/{}/export?{YEAR}", w.team);
    let p = w.get("mette", &format!("{base}&format=pdf&lang=da")).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    let Some(text) = pdf_text(&p.bytes) else {
        return;
    };
    // 12:00 UTC on 25 November is 13:00 in Copenhagen.
    assert!(text.contains("2026-11-25 13:00"), "{text}");
    assert!(!text.contains("UTC"), "{text}");
    // f1, f2 completed; f3 lack of engagement: 2/3 = 66,7 %.
    assert!(text.contains("66,7 %"), "{text}");
    assert!(!text.contains("66.7"), "{text}");
    for sign in ["≥", "✓", "✗"] {
        assert!(text.contains(sign), "{sign} in {text}");
    }
    assert!(!text.contains('?'), "no glyph replaced by '?': {text}");
}

/// An interview of the family's caregiver `respondent` by phone.
fn interview(respondent: PersonId, date: &str, answers: Vec<Value>) -> Value {
    json!({"date": date, "respondent_id": respondent.get(), "mode": "phone", "answers": answers})
}

#[tokio::test]
async fn adherence_interviews_are_posted_by_the_supervisor_listed_and_checked() {
    let w = world().await;
    let f4 = w.f["f4"].case_id;
    let lone = w.f["f4"].caregiver_id;
    let uri = format!("/api/v1/cases/{f4}/adherence-interviews");
    let fours = vec![json!(4); 28];
    let r = w
        .post("mette", &uri, interview(lone, "2026-11-24", fours.clone()))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let made = r.json();
    assert_eq!(made["case_id"], f4.get());
    assert_eq!(made["score"], 0.75);
    assert_eq!(made["adherent"], true);
    assert_eq!(made["therapist_id"], w.users["jonas"].get());
    assert_eq!(made["interviewer_id"], w.users["mette"].get());
    assert_eq!(made["respondent_id"], lone.get());
    assert_eq!(made["mode"], "phone");
    assert_eq!(made["answers"].as_array().unwrap().len(), 28);

    // Blank items are null; four may be left blank and it is still scored.
    let blanks = |n: usize| {
        let mut answers = fours.clone();
        for a in answers.iter_mut().take(n) {
            *a = Value::Null;
        }
        answers
    };
    let r = w
        .post("mette", &uri, interview(lone, "2026-11-25", blanks(4)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["score"], 0.75);

    let list = w.json("jonas", &uri).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["interviewed_on"], "2026-11-25", "newest first");

    // An interview where the caregiver answered nothing, and one with five
    // blanks (too few answers to score), are refused and nothing is stored.
    for answered in [0, 23] {
        let r = w
            .post(
                "mette",
                &uri,
                interview(lone, "2026-11-25", blanks(28 - answered)),
            )
            .await;
        r.invalid("answers");
        let refused = r.json();
        assert_eq!(refused["fields"][0]["code"], "answers-too-few", "{refused}");
        let message = refused["fields"][0]["message"].as_str().unwrap();
        assert!(message.contains("24 of the 28"), "{message}");
    }
    assert_eq!(w.json("jonas", &uri).await, list, "nothing stored");

    // 27 answers; an answer of 6; a date in the future.
    w.post(
        "mette",
        &uri,
        interview(lone, "2026-11-24", vec![json!(4); 27]),
    )
    .await
    .invalid("answers");
    let mut six = fours.clone();
    six[3] = json!(6);
    w.post("mette", &uri, interview(lone, "2026-11-24", six))
        .await
        .invalid("answers[3]");
    w.post("mette", &uri, interview(lone, "2026-11-26", fours.clone()))
        .await
        .invalid("date");
    // Not JSON of the right shape; no respondent or mode; a mode not known.
    w.post("mette", &uri, json!({"date": "2026-11-24"}))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY);
    w.post(
        "mette",
        &uri,
        json!({"date": "2026-11-24", "answers": fours.clone()}),
    )
    .await
    .error(StatusCode::UNPROCESSABLE_ENTITY);
    let mut by_letter = interview(lone, "2026-11-24", fours.clone());
    by_letter["mode"] = json!("letter");
    w.post("mette", &uri, by_letter)
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY);
    // The young person and another family's caregiver are not this
    // family's caregivers.
    for someone in [w.f["f4"].young_person_id, w.f["f3"].caregiver_id] {
        w.post(
            "mette",
            &uri,
            interview(someone, "2026-11-24", fours.clone()),
        )
        .await
        .invalid("respondent_id");
    }
    // The family's own therapist and a colleague are refused.
    w.post("jonas", &uri, interview(lone, "2026-11-24", fours.clone()))
        .await
        .error(StatusCode::FORBIDDEN);
    w.post("sofie", &uri, interview(lone, "2026-11-24", fours.clone()))
        .await
        .error(StatusCode::FORBIDDEN);
    // A discharged family has no more interviews.
    w.post(
        "mette",
        &format!("/api/v1/cases/{}/adherence-interviews", w.f["f3"].case_id),
        interview(w.f["f3"].caregiver_id, "2026-11-19", fours),
    )
    .await
    .error(StatusCode::CONFLICT);
    w.get("mette", "/api/v1/cases/424242/adherence-interviews")
        .await
        .error(StatusCode::NOT_FOUND);

    // The API document asks for who answered and how, and shows both back.
    let doc = w.get("mette", "/api/openapi.json").await.json();
    let schemas = &doc["components"]["schemas"];
    let required = schemas["Interview"]["required"].as_array().unwrap();
    for field in ["date", "respondent_id", "mode", "answers"] {
        assert!(required.contains(&json!(field)), "{field}: {required:?}");
    }
    assert_eq!(
        schemas["InterviewMode"]["enum"],
        json!(["phone", "in_person"])
    );
    for field in ["interviewer_id", "respondent_id", "mode"] {
        assert!(
            schemas["InterviewView"]["properties"][field].is_object(),
            "{field} in InterviewView"
        );
    }

    // Due: f4 was interviewed on 25 November, next due 25 December — out of
    // the week's window.
    let due = format!("/api/v1/teams/{}/adherence-interviews/due", w.team);
    let r = w.get("mette", &due).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json(), json!([]));
    w.get("jonas", &due).await.error(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_family_experience_survey_is_posted_once() {
    let w = world().await;
    let f3 = w.f["f3"].case_id;
    let uri = format!("/api/v1/cases/{f3}/family-experience");
    let empty = w.get("louise", &uri).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert_eq!(empty.json(), Value::Null);

    let survey =
        json!({"date": "2026-11-23", "answers": [5, 4, 3, 5, 4], "comment": "They listened."});
    w.post("jonas", &uri, survey.clone())
        .await
        .error(StatusCode::FORBIDDEN);
    w.post(
        "mette",
        &uri,
        json!({"date": "2026-11-23", "answers": [5, 4, 3, 5]}),
    )
    .await
    .invalid("answers");
    w.post(
        "mette",
        &uri,
        json!({"date": "2026-11-23", "answers": [5, 4, 3, 5, 9]}),
    )
    .await
    .invalid("answers[4]");
    let r = w.post("mette", &uri, survey.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let made = r.json();
    // (4 + 3 + 2 + 4 + 3) / 20 = 80; the last answer 4 recommends.
    assert_eq!(made["score"], 80);
    assert_eq!(made["recommends"], true);
    assert_eq!(made["case_id"], f3.get());
    w.post("mette", &uri, survey)
        .await
        .error(StatusCode::CONFLICT);
    let read = w.get("louise", &uri).await.json();
    assert_eq!(read["score"], 80);
    assert_eq!(read["comment"], "They listened.");
    // A family still in treatment answers at discharge, not before.
    w.post(
        "mette",
        &format!("/api/v1/cases/{}/family-experience", w.f["f4"].case_id),
        json!({"date": "2026-11-23", "answers": [5, 5, 5, 5, 5]}),
    )
    .await
    .error(StatusCode::CONFLICT);
    // The survey counts on the caseworker's dashboard at once.
    let d = w
        .get(
            "louise",
            &format!("/api/v1/results/municipality/0751?{YEAR}"),
        )
        .await
        .json();
    assert_eq!(d["totals"]["experience"]["surveys"], 1);
    assert_eq!(d["totals"]["experience"]["average_score"], 80.0);
}

#[tokio::test]
async fn every_indicator_of_the_catalogue_is_in_the_json_and_the_api_document() {
    use rundt_domain::indicators::{catalogue, target_key};
    let w = world().await;
    let d = w
        .get("mette", &format!("/api/v1/results/team/{}?{YEAR}", w.team))
        .await
        .json();
    let doc = w.get("mette", "/api/openapi.json").await.json();
    let schemas = &doc["components"]["schemas"];
    for def in catalogue() {
        let share = &d["totals"]["indicators"][def.key];
        assert!(share["of"].is_number(), "{}: {share}", def.key);
        assert!(d["totals"]["against_targets"][def.key].is_string());
        assert_eq!(d["targets"][target_key(def)], def.target);
        assert!(
            schemas["Indicators"]["properties"][def.key].is_object(),
            "{} is documented",
            def.key
        );
        assert!(schemas["TargetReport"]["properties"][def.key].is_object());
        assert!(schemas["Targets"]["properties"][target_key(def)].is_object());
    }
}
