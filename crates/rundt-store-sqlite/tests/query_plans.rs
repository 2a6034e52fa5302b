//! EXPLAIN QUERY PLAN of the dashboard reads (PERF-RELIABILITY.md P3: "no
//! request scans raw contact/audit tables").
//!
//! The aggregate figures of every dashboard come from reads of the summary
//! tables (`outcome_summary`, `adherence_summary`, and for team and national
//! scopes `supervision_summary`), filtered by country (through `teams`),
//! optionally by team or municipality, and always by a month range. This
//! test plans those statements, with the SQL text of `src/results.rs`
//! (checked below to be still the same), with the parameters bound as the
//! dashboards bind them, and asserts:
//!
//! 1. no plan touches a raw history table (cases, discharges, follow-ups,
//!    weekly summaries, audit events, adherence interviews, surveys, ...);
//! 2. the summary table is never read by a full `SCAN`: it is searched
//!    through an index (the month index, or the primary key whose first
//!    column is the team).
//!
//! What is *not* asserted, because it is not so: that the month range bounds
//! the index search. On a freshly migrated database (as installed: Rundt
//! never runs `ANALYZE`, so the planner has no statistics and the plan does
//! not depend on how many rows the tables hold) SQLite starts from the teams
//! of the country and searches each team's summary rows by the primary key
//! (`team_id=?`), filtering the months row by row: a request reads every
//! month a team has, not only the range asked for. The team and municipality
//! filters (`?2 IS NULL OR ...`) do not narrow the search either. Each plan
//! prints whether the month range is an index bound. The third test fills
//! the tables to about the size of `national-10y` and runs `ANALYZE`: then
//! the planner uses the month index for twelve months and the team key for
//! ten years.
//!
//! Not asserted either: the "now" counts of every dashboard read `cases` by
//! status (printed), and the per-family table of the team and
//! own-municipality dashboards reads cases with their discharge, follow-ups
//! and interviews by case id (a list of families, audited per family).
//!
//! `cargo test -p rundt-store-sqlite --test query_plans -- --nocapture`
//! prints the plans.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_store::{ADHERENCE_COLUMNS, OUTCOME_COLUMNS, SUPERVISION_COLUMNS};
use rundt_store_sqlite::MIGRATIONS;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

/// The source the SQL below is copied from.
const RESULTS_RS: &str = include_str!("../src/results.rs");

/// `SUMMARY_WHERE` of `src/results.rs`, verbatim.
const SUMMARY_WHERE: &str = "t.country = ?1
    AND (?2 IS NULL OR s.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
    AND (?3 IS NULL OR s.municipality_code = ?3)
    AND s.month >= ?4 AND s.month <= ?5";

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

fn outcome_sql() -> String {
    format!(
        "SELECT s.team_id, s.municipality_code, s.month, {} FROM outcome_summary s
         JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE}
         ORDER BY s.month, s.team_id, s.municipality_code",
        OUTCOME_COLUMNS.map(|c| format!("s.{c}")).join(", ")
    )
}

fn adherence_sql() -> String {
    format!(
        "SELECT s.team_id, s.therapist_id, s.municipality_code, s.month, {} FROM adherence_summary s
         JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE}
         ORDER BY s.month, s.team_id, s.therapist_id, s.municipality_code",
        ADHERENCE_COLUMNS.map(|c| format!("s.{c}")).join(", ")
    )
}

/// `supervision_summary` has no municipality; its parameters are
/// (country, team list, from, to).
const SUPERVISION_WHERE: &str = "WHERE t.country = ?1
           AND (?2 IS NULL OR s.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
           AND s.month >= ?3 AND s.month <= ?4
         ORDER BY s.month, s.team_id, s.supervisor_id";

fn supervision_sql() -> String {
    format!(
        "SELECT s.team_id, s.supervisor_id, s.month, {} FROM supervision_summary s
         JOIN teams t ON t.id = s.team_id
         {SUPERVISION_WHERE}",
        SUPERVISION_COLUMNS.map(|c| format!("s.{c}")).join(", ")
    )
}

const STATUS_COUNTS_SQL: &str = "SELECT c.status, count(*) FROM cases c
             WHERE c.country = ?1
               AND (?2 IS NULL OR c.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))
               AND (?3 IS NULL OR c.referring_municipality = ?3)
             GROUP BY c.status ORDER BY c.status";

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

/// The dashboard scopes and the bound parameters of each:
/// (country, team list, municipality, from, to).
fn scopes() -> Vec<(&'static str, Vec<Value>)> {
    let text = |s: &str| Value::Text(s.into());
    vec![
        (
            "national, 12 months",
            vec![
                text("DK"),
                Value::Null,
                Value::Null,
                text("2025-12"),
                text("2026-11"),
            ],
        ),
        (
            "national, 10 years",
            vec![
                text("DK"),
                Value::Null,
                Value::Null,
                text("2016-12"),
                text("2026-11"),
            ],
        ),
        (
            "municipality, 12 months",
            vec![
                text("DK"),
                Value::Null,
                text("0101"),
                text("2025-12"),
                text("2026-11"),
            ],
        ),
        (
            "team, 12 months",
            vec![
                text("DK"),
                text("1"),
                Value::Null,
                text("2025-12"),
                text("2026-11"),
            ],
        ),
    ]
}

fn check_summary_plans(conn: &Connection, label: &str) {
    for (table, sql, has_municipality) in [
        ("outcome_summary", outcome_sql(), true),
        ("adherence_summary", adherence_sql(), true),
        ("supervision_summary", supervision_sql(), false),
    ] {
        for (scope, mut params) in scopes() {
            if !has_municipality {
                // Municipality dashboards do not read supervision ratings.
                if scope.starts_with("municipality") {
                    continue;
                }
                params.remove(2);
            }
            let lines = plan(conn, &sql, &params);
            let month_bound = lines.iter().any(|l| reads(l, "s") && l.contains("month>"));
            println!("[{label}] {table}, {scope} (month range as index bound: {month_bound}):");
            for l in &lines {
                println!("    {l}");
            }
            for raw in RAW_TABLES {
                assert!(
                    !lines.iter().any(|l| reads(l, raw)),
                    "{table} ({scope}) reads the raw table {raw}: {lines:#?}"
                );
            }
            let summary: Vec<&String> = lines.iter().filter(|l| reads(l, "s")).collect();
            assert!(
                !summary.is_empty(),
                "{table} ({scope}): the plan does not read the summary table: {lines:#?}"
            );
            for l in summary {
                let l = l.trim_start();
                assert!(
                    l.starts_with("SEARCH s USING "),
                    "{table} ({scope}) reads the summary table without an index: {l}"
                );
            }
        }
    }
}

#[test]
fn the_sql_planned_here_is_the_sql_the_store_runs() {
    assert!(
        RESULTS_RS.contains(SUMMARY_WHERE),
        "SUMMARY_WHERE changed in src/results.rs; update this test"
    );
    for fragment in [
        "FROM outcome_summary s\n         JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE}\n         ORDER BY s.month, s.team_id, s.municipality_code",
        "FROM adherence_summary s\n         JOIN teams t ON t.id = s.team_id WHERE {SUMMARY_WHERE}\n         ORDER BY s.month, s.team_id, s.therapist_id, s.municipality_code",
        SUPERVISION_WHERE,
        "FROM supervision_summary s\n         JOIN teams t ON t.id = s.team_id\n",
        "WHERE c.country = ?1\n               AND (?2 IS NULL OR c.team_id IN (SELECT value FROM json_each('[' || ?2 || ']')))\n               AND (?3 IS NULL OR c.referring_municipality = ?3)\n             GROUP BY c.status ORDER BY c.status",
    ] {
        assert!(
            RESULTS_RS.contains(fragment),
            "a dashboard query changed in src/results.rs; update this test:\n{fragment}"
        );
    }
}

#[test]
fn dashboard_aggregates_read_only_summary_tables_through_an_index() {
    println!("SQLite {}", rusqlite::version());
    let conn = migrated();
    check_summary_plans(&conn, "no statistics");
    for (scope, params) in scopes() {
        let lines = plan(&conn, STATUS_COUNTS_SQL, &params[..3]);
        println!("[no statistics] status counts (cases, not asserted), {scope}:");
        for l in &lines {
            println!("    {l}");
        }
    }
}

#[test]
fn plans_stay_on_an_index_with_national_10y_sized_tables_and_statistics() {
    let conn = migrated();
    // 40 teams (20 DK, 20 NO), two referring municipalities each, four
    // therapists, 120 months: 9,600 outcome rows, 38,400 adherence rows and
    // 4,800 supervision rows, somewhat more than `national-10y` holds.
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
    }
    tx.commit().unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    check_summary_plans(&conn, "national-10y sized, ANALYZE");
}
