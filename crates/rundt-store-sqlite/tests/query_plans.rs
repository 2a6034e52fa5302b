//! EXPLAIN QUERY PLAN of the dashboard reads (PERF-RELIABILITY.md P3: "no
//! request scans raw contact/audit tables"; issue 17: the month range is an
//! index bound).
//!
//! The aggregate figures of every dashboard come from reads of the summary
//! tables (`outcome_summary`; `adherence_rollup` for national and
//! municipality scopes, `adherence_summary` per therapist for a team; and
//! for team and national scopes `supervision_summary`), filtered by country
//! (through `teams`), by team or municipality, and always by a month range.
//! This test plans the statements the store runs (`dashboard_sql`, the same
//! functions `src/results.rs` calls), with the parameters bound as the
//! dashboards bind them, and asserts:
//!
//! 1. no plan touches a raw history table (cases, discharges, follow-ups,
//!    weekly summaries, audit events, adherence interviews, surveys, ...);
//! 2. the summary table is never read by a full `SCAN`: it is searched
//!    through an index;
//! 3. the month range bounds that search (`month>? AND month<?` in the
//!    index constraint), and a team's or municipality's dashboard searches
//!    by its team or municipality (`team_id=?`, `municipality_code=?`);
//!    a national one goes through the country's teams (`team_id=?`).
//!
//! Both on a freshly migrated database without statistics and on tables
//! filled to about the size of `national-10y` after `ANALYZE` (what the
//! `PRAGMA optimize` at start gives a grown database).
//!
//! The "now" counts read `cases`, but only through a covering index led by
//! the country (and the team or municipality): asserted too. Not asserted:
//! the per-family table of the team and own-municipality dashboards reads
//! cases with their discharge, follow-ups and interviews by case id (a list
//! of families, audited per family).
//!
//! `cargo test -p rundt-store-sqlite --test query_plans -- --nocapture`
//! prints the plans.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_domain::country::Country;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_domain::team::TeamId;
use rundt_store::SummaryFilter;
use rundt_store_sqlite::MIGRATIONS;
use rundt_store_sqlite::dashboard_sql::{
    INTERVIEW_STATES_SQL, adherence_rollup_sql, adherence_sql, outcome_sql, status_counts_sql,
    supervision_sql,
};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

/// Tables holding history (rows per family or per event), which a dashboard
/// request must not read for its aggregates.
const RAW_TABLES: &[&str] = &[
    "cases",
    "case_status_history",
    "discharges",
    "follow_ups",
    "weekly_summaries",
    "audit_events",
    "adherence_interviews",
    "family_experience",
    "assessments",
    "referrals",
];

fn migrated() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    for m in MIGRATIONS {
        conn.execute_batch(m.sql)
            .unwrap_or_else(|e| panic!("migration {} ({}): {e}", m.version, m.name));
    }
    conn
}

/// The plan's detail lines, indented by depth.
fn plan(conn: &Connection, sql: &str, params: &[Value]) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt
        .query_map(params_from_iter(params.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    // Indent by parent chain, as the sqlite3 shell does.
    let mut depth: Vec<(i64, usize)> = Vec::new();
    rows.into_iter()
        .map(|(id, parent, detail)| {
            let d = depth
                .iter()
                .find(|(i, _)| *i == parent)
                .map_or(0, |(_, d)| d + 1);
            depth.push((id, d));
            format!("{}{detail}", "  ".repeat(d))
        })
        .collect()
}

/// Does a plan line read table `name` (as itself or under an alias)?
fn reads(line: &str, name: &str) -> bool {
    let l = line.trim_start();
    (l.starts_with("SCAN ") || l.starts_with("SEARCH "))
        && l.split_whitespace().nth(1) == Some(name)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    National,
    Municipality,
    Team,
}

/// The dashboard scopes and their filters, as `results::load` builds them.
fn scopes() -> Vec<(&'static str, Kind, SummaryFilter)> {
    let month = |s: &str| Month::parse(s).unwrap();
    let filter = |kind: Kind, from: &str| SummaryFilter {
        country: Country::DK,
        team_ids: (kind == Kind::Team).then(|| vec![TeamId::new(2)]),
        municipality: (kind == Kind::Municipality)
            .then(|| MunicipalityCode::from_stored("0004").unwrap()),
        from_month: month(from),
        to_month: month("2026-11"),
    };
    vec![
        (
            "national, 12 months",
            Kind::National,
            filter(Kind::National, "2025-12"),
        ),
        (
            "national, 10 years",
            Kind::National,
            filter(Kind::National, "2016-12"),
        ),
        (
            "municipality, 12 months",
            Kind::Municipality,
            filter(Kind::Municipality, "2025-12"),
        ),
        (
            "municipality, 10 years",
            Kind::Municipality,
            filter(Kind::Municipality, "2016-12"),
        ),
        ("team, 12 months", Kind::Team, filter(Kind::Team, "2025-12")),
        ("team, 10 years", Kind::Team, filter(Kind::Team, "2016-12")),
    ]
}

/// The parameters the store binds with a filter: country, team list,
/// municipality, first and last month.
fn params(f: &SummaryFilter) -> Vec<Value> {
    let text = |s: String| Value::Text(s);
    vec![
        text(f.country.code().into()),
        f.team_ids.as_ref().map_or(Value::Null, |ids| {
            text(
                ids.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )
        }),
        f.municipality
            .as_ref()
            .map_or(Value::Null, |m| text(m.to_string())),
        text(f.from_month.to_string()),
        text(f.to_month.to_string()),
    ]
}

fn check_summary_plans(conn: &Connection, label: &str) {
    type Sql = fn(&SummaryFilter) -> String;
    // (table, its SQL, the scopes that read it, whether it has a municipality)
    let reads_of: [(&str, Sql, &[Kind], bool); 4] = [
        (
            "outcome_summary",
            outcome_sql,
            &[Kind::National, Kind::Municipality, Kind::Team],
            true,
        ),
        (
            "adherence_rollup",
            adherence_rollup_sql,
            &[Kind::National, Kind::Municipality, Kind::Team],
            true,
        ),
        // Per therapist: the team's own table only.
        ("adherence_summary", adherence_sql, &[Kind::Team], true),
        // Municipality dashboards do not read supervision ratings.
        (
            "supervision_summary",
            supervision_sql,
            &[Kind::National, Kind::Team],
            false,
        ),
    ];
    for (table, sql_of, kinds, has_municipality) in reads_of {
        for (scope, kind, filter) in scopes() {
            if !kinds.contains(&kind) {
                continue;
            }
            let lines = plan(conn, &sql_of(&filter), &params(&filter));
            println!("[{label}] {table}, {scope}:");
            for l in &lines {
                println!("    {l}");
            }
            for raw in RAW_TABLES {
                assert!(
                    !lines.iter().any(|l| reads(l, raw)),
                    "{table} ({scope}) reads the raw table {raw}: {lines:#?}"
                );
            }
            let summary: Vec<&str> = lines
                .iter()
                .filter(|l| reads(l, "s"))
                .map(|l| l.trim_start())
                .collect();
            assert_eq!(
                summary.len(),
                1,
                "{table} ({scope}): the plan reads the summary table once: {lines:#?}"
            );
            let l = summary[0];
            assert!(
                l.starts_with("SEARCH s USING "),
                "{table} ({scope}) reads the summary table without an index: {l}"
            );
            assert!(
                l.contains("month>? AND month<?"),
                "{table} ({scope}): the month range is not an index bound: {l}"
            );
            let narrowed_by = match kind {
                Kind::Municipality if has_municipality => "municipality_code=?",
                _ => "team_id=?",
            };
            assert!(
                l.contains(narrowed_by),
                "{table} ({scope}): the search is not narrowed by {narrowed_by}: {l}"
            );
        }
    }
}

/// Prints the plan of `sql` under `title`; returns its lines and, trimmed,
/// those that read `cases` (as `c`).
fn plan_reading_cases(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    title: &str,
) -> (Vec<String>, Vec<String>) {
    let lines = plan(conn, sql, params);
    println!("{title}:");
    for l in &lines {
        println!("    {l}");
    }
    let cases = lines
        .iter()
        .filter(|l| reads(l, "c"))
        .map(|l| l.trim_start().to_owned())
        .collect();
    (lines, cases)
}

/// The "now" counts read cases only through a covering index led by the
/// country (and the team or municipality).
fn check_status_plans(conn: &Connection, label: &str) {
    for (scope, kind, filter) in scopes() {
        let sql = status_counts_sql(kind == Kind::Team, kind == Kind::Municipality);
        // Bound as the store binds them: the country, then the team list
        // or the municipality when the scope has one.
        let bound: Vec<Value> = params(&filter)
            .into_iter()
            .take(3)
            .filter(|v| *v != Value::Null)
            .collect();
        let (lines, cases) = plan_reading_cases(
            conn,
            &sql,
            &bound,
            &format!("[{label}] status counts, {scope}"),
        );
        assert_eq!(cases.len(), 1, "{scope}: {lines:#?}");
        let l = cases[0].as_str();
        assert!(
            l.starts_with("SEARCH c USING COVERING INDEX cases_country_"),
            "{scope}: the counts do not come from a covering index by country: {l}"
        );
        let narrowed_by = match kind {
            Kind::National => "(country=?)",
            Kind::Municipality => "(country=? AND referring_municipality=?)",
            Kind::Team => "(country=? AND team_id=?)",
        };
        assert!(l.contains(narrowed_by), "{scope}: {l}");
    }
}

#[test]
fn dashboard_reads_bound_the_months_by_index_without_statistics() {
    println!("SQLite {}", rusqlite::version());
    let conn = migrated();
    check_summary_plans(&conn, "no statistics");
    check_status_plans(&conn, "no statistics");
    check_interview_states_plan(&conn, "no statistics");
}

#[test]
fn plans_stay_bound_with_national_10y_sized_tables_and_statistics() {
    let conn = migrated();
    // 40 teams (20 DK, 20 NO), two referring municipalities each, four
    // therapists, 120 months: 9,600 outcome rows, 38,400 adherence rows
    // (9,600 rolled up) and 4,800 supervision rows, somewhat more than
    // `national-10y` holds; 16,000 cases.
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for team in 1..=40i64 {
        let country = if team % 2 == 0 { "DK" } else { "NO" };
        tx.execute(
            "INSERT INTO teams (id, name, country, programme_model, created_at)
             VALUES (?1, ?2, ?3, 'MST', '2016-01-01T00:00:00Z')",
            rusqlite::params![team, format!("team {team}"), country],
        )
        .unwrap();
        for m in 0..120i64 {
            let month = format!("{}-{:02}", 2016 + (m + 11) / 12, (m + 11) % 12 + 1);
            for muni in [format!("{:04}", team * 2), format!("{:04}", team * 2 + 1)] {
                tx.execute(
                    "INSERT INTO outcome_summary (team_id, municipality_code, month, discharges)
                     VALUES (?1, ?2, ?3, 1)",
                    rusqlite::params![team, muni, month],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO adherence_rollup (team_id, municipality_code, month, interviews)
                     VALUES (?1, ?2, ?3, 4)",
                    rusqlite::params![team, muni, month],
                )
                .unwrap();
                for therapist in 0..4i64 {
                    tx.execute(
                        "INSERT INTO adherence_summary (team_id, therapist_id, municipality_code, month, interviews)
                         VALUES (?1, ?2, ?3, ?4, 1)",
                        rusqlite::params![team, team * 10 + therapist, muni, month],
                    )
                    .unwrap();
                }
            }
            tx.execute(
                "INSERT INTO supervision_summary (team_id, supervisor_id, month, ratings)
                 VALUES (?1, ?2, ?3, 4)",
                rusqlite::params![team, team * 10 + 9, month],
            )
            .unwrap();
        }
        for case in 0..400i64 {
            let status = match case % 10 {
                0 => "in_treatment",
                1 | 2 => "discharged",
                _ => "closed",
            };
            tx.execute(
                "INSERT INTO cases (team_id, country, referring_municipality, status, created_at)
                 VALUES (?1, ?2, ?3, ?4, '2016-01-01T00:00:00Z')",
                rusqlite::params![team, country, format!("{:04}", team * 2 + case % 2), status],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("PRAGMA optimize=0x10002; ANALYZE")
        .unwrap();
    check_summary_plans(&conn, "national-10y sized, ANALYZE");
    check_status_plans(&conn, "national-10y sized, ANALYZE");
    check_interview_states_plan(&conn, "national-10y sized, ANALYZE");
}

/// The team dashboard's and team page's interview reminders read the
/// team's families in treatment by the team's country, id and status, not
/// every family in treatment of the installation.
fn check_interview_states_plan(conn: &Connection, label: &str) {
    let (lines, cases) = plan_reading_cases(
        conn,
        &INTERVIEW_STATES_SQL,
        &[Value::Text("4".into())],
        &format!("[{label}] interview states"),
    );
    assert_eq!(cases.len(), 1, "{lines:#?}");
    assert!(
        cases[0].starts_with("SEARCH c USING INDEX cases_country_team_status")
            && cases[0].contains("(country=? AND team_id=? AND status=?)"),
        "{label}: {}",
        cases[0]
    );
}

/// The outbox (issue 18) is read on every start page with something new
/// and by the worker every few seconds: each read searches its partial
/// index (unseen rows by person; pending mail by its next try), never the
/// whole table, which keeps every notice ever sent.
#[test]
fn the_outbox_reads_search_their_partial_indexes() {
    use rundt_store_sqlite::outbox_sql::{
        COUNT_UNSEEN_SQL, DUE_MAIL_SQL, NEXT_MAIL_DUE_SQL, unseen_sql,
    };
    let conn = migrated();
    let text = |s: &str| Value::Text(s.to_owned());
    for (sql, params, index) in [
        (
            unseen_sql(),
            vec![Value::Integer(3), Value::Integer(20)],
            "outbox_unseen",
        ),
        (
            COUNT_UNSEEN_SQL.to_owned(),
            vec![Value::Integer(3)],
            "outbox_unseen",
        ),
        (NEXT_MAIL_DUE_SQL.to_owned(), vec![], "outbox_mail_due"),
        (
            DUE_MAIL_SQL.to_owned(),
            vec![text("2026-12-06T07:00:00.000000Z"), Value::Integer(1)],
            "outbox_mail_due",
        ),
    ] {
        let lines = plan(&conn, &sql, &params);
        println!("{sql}\n  {}", lines.join("\n  "));
        let outbox: Vec<&String> = lines
            .iter()
            .filter(|l| reads(l, "outbox") || reads(l, "o"))
            .collect();
        assert!(!outbox.is_empty(), "{lines:?}");
        for line in outbox {
            assert!(line.trim_start().starts_with("SEARCH "), "{sql}: {line}");
            assert!(
                line.contains(&format!("USING INDEX {index}")),
                "{sql}: {line}"
            );
        }
    }
}

/// A team's supervision history (the team page of its supervisor and
/// consultant) reads the recommendations and attendance of its last
/// meetings by meeting id, each through an index: never the whole table of
/// every recommendation given.
#[test]
fn the_supervision_history_searches_its_meetings_by_index() {
    use rundt_store_sqlite::supervision_sql::{
        SESSIONS_ATTENDANCE_SQL, SESSIONS_RECOMMENDATIONS_SQL,
    };
    let conn = migrated();
    let ids = vec![Value::Text("[3,2,1]".into())];
    for (sql, table) in [
        (SESSIONS_RECOMMENDATIONS_SQL, "supervision_recommendations"),
        (SESSIONS_ATTENDANCE_SQL.as_str(), "meeting_attendance"),
    ] {
        let lines = plan(&conn, sql, &ids);
        println!("{sql}\n  {}", lines.join("\n  "));
        let read: Vec<&String> = lines.iter().filter(|l| reads(l, table)).collect();
        assert!(!read.is_empty(), "{lines:?}");
        for line in read {
            assert!(line.trim_start().starts_with("SEARCH "), "{sql}: {line}");
            assert!(line.contains("(session_id=?)"), "{sql}: {line}");
        }
    }
}

/// The family table of a team's or a therapist's dashboard reads that
/// team's or therapist's cases through an index, never every case of the
/// country (16,000 at `national-10y`, read for each team dashboard before).
#[test]
fn the_family_table_searches_the_teams_or_therapists_cases_by_index() {
    use rundt_store_sqlite::family_results_sql::FAMILY_RESULTS_SQL;
    let conn = migrated();
    let (therapist, team) = (1, 4);
    let dates = [
        Value::Text("2026-11-30".into()),
        Value::Text("2025-12-01".into()),
    ];
    let page = [Value::Integer(50), Value::Integer(0)];
    for (shape, set, column) in [
        (therapist, Value::Integer(7), "therapist_id=?"),
        (team, Value::Text("[3]".into()), "team_id=?"),
    ] {
        let (page_sql, count_sql) = &FAMILY_RESULTS_SQL[shape];
        let mut params = vec![Value::Text("DK".into()), set];
        params.extend(dates.clone());
        let count_lines = plan(&conn, count_sql, &params);
        params.extend(page.clone());
        let page_lines = plan(&conn, page_sql, &params);
        for (sql, lines) in [(count_sql, count_lines), (page_sql, page_lines)] {
            println!("{sql}\n  {}", lines.join("\n  "));
            let read: Vec<&String> = lines.iter().filter(|l| reads(l, "c")).collect();
            assert!(!read.is_empty(), "{lines:?}");
            for line in read {
                let l = line.trim_start();
                assert!(
                    l.starts_with("SEARCH ") && (l.contains(column) || l.contains("rowid=?")),
                    "{sql}: {line}"
                );
            }
        }
    }
}
