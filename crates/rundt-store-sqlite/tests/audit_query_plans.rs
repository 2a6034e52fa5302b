//! EXPLAIN QUERY PLAN of the auditor's reads at ten years of audit log
//! (issue 17: `/audit` and one person's access log in ≤ 50 ms at ≈30 M
//! events). The statements are the store's own
//! (`audit_search_statement`, `audit_person_log_statement`), planned on
//! a migrated database twice: without statistics (as installed) and with
//! `sqlite_stat1` rows of a 30 M-event log (as after `PRAGMA optimize`).
//! Each narrowing must be an index search that yields the events in `seq`
//! order (no temporary B-tree to sort them: that would read every
//! matching event before the first page); the unfiltered page reads the
//! table itself in `seq` order and stops after the page.
//!
//! `cargo test -p rundt-store-sqlite --test audit_query_plans -- --nocapture`
//! prints the plans.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::{CaseId, PersonId, UserId};
use rundt_store::AuditFilter;
use rundt_store_sqlite::{
    MIGRATIONS, audit_person_log_page_statement, audit_person_log_statement, audit_search_statement,
};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

fn migrated() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    for m in MIGRATIONS {
        conn.execute_batch(m.sql)
            .unwrap_or_else(|e| panic!("migration {} ({}): {e}", m.version, m.name));
    }
    conn
}

/// Statistics of a 30 M-event log as `ANALYZE` writes them: ~300 actors,
/// ~60,000 people, ~100 actions, ~20,000 cases, one event per instant.
fn with_ten_years_of_statistics(conn: &Connection) {
    conn.execute_batch(
        "ANALYZE sqlite_schema;
         DELETE FROM sqlite_stat1 WHERE tbl = 'audit_events';
         INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
           ('audit_events', NULL, '30000000'),
           ('audit_events', 'audit_events_person', '28000000 470 1'),
           ('audit_events', 'audit_events_actor', '30000000 100000 1'),
           ('audit_events', 'audit_events_action', '30000000 300000 1'),
           ('audit_events', 'audit_events_object', '30000000 3000000 1500 1'),
           ('audit_events', 'audit_events_at', '30000000 1');
         ANALYZE sqlite_schema;",
    )
    .unwrap();
}

fn plan(conn: &Connection, sql: &str, params: &[Value]) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map(params_from_iter(params.iter()), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

/// The auditor's narrowings, as the page and the API send them.
fn searches() -> Vec<(&'static str, AuditFilter)> {
    vec![
        (
            "by actor",
            AuditFilter {
                actor_user_id: Some(UserId::new(7)),
                ..AuditFilter::default()
            },
        ),
        (
            "by person",
            AuditFilter {
                person_id: Some(PersonId::new(12)),
                ..AuditFilter::default()
            },
        ),
        (
            "by person, older page",
            AuditFilter {
                person_id: Some(PersonId::new(12)),
                before_seq: Some(29_000_000),
                ..AuditFilter::default()
            },
        ),
        (
            "by case",
            AuditFilter {
                object: Some(Object::case(CaseId::new(3))),
                ..AuditFilter::default()
            },
        ),
        (
            "by action",
            AuditFilter {
                actions: vec![AuditAction::CaseReadBreakGlass],
                ..AuditFilter::default()
            },
        ),
        (
            "by actor and person",
            AuditFilter {
                actor_user_id: Some(UserId::new(7)),
                person_id: Some(PersonId::new(12)),
                ..AuditFilter::default()
            },
        ),
    ]
}

fn check(conn: &Connection, label: &str) {
    for (what, filter) in searches() {
        let (sql, values) = audit_search_statement(&filter, 50);
        let lines = plan(conn, &sql, &values);
        println!("{label}, /audit {what}:\n  {}", lines.join("\n  "));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("SEARCH audit_events USING ") && l.contains("INDEX")),
            "{label}, {what}: not an index search: {lines:?}"
        );
        assert!(
            !lines.iter().any(|l| l.starts_with("SCAN audit_events")),
            "{label}, {what}: a full scan: {lines:?}"
        );
        assert!(
            !lines.iter().any(|l| l.contains("TEMP B-TREE")),
            "{label}, {what}: sorts the matching events: {lines:?}"
        );
    }
    // A family of actions: each action read through the index newest
    // first (at most a page of each), only those merged and sorted.
    let family = AuditFilter {
        actions: vec![
            AuditAction::LoginFailure,
            AuditAction::LoginPasswordOk,
            AuditAction::LoginSecondFactorFailure,
            AuditAction::LoginSuccess,
        ],
        ..AuditFilter::default()
    };
    let (sql, values) = audit_search_statement(&family, 50);
    let lines = plan(conn, &sql, &values);
    println!(
        "{label}, /audit by action family:\n  {}",
        lines.join("\n  ")
    );
    let searches = lines
        .iter()
        .filter(|l| {
            l.trim_start()
                .starts_with("SEARCH audit_events USING INDEX audit_events_action")
        })
        .count();
    assert_eq!(searches, 4, "{label}: {lines:?}");
    assert!(
        !lines
            .iter()
            .any(|l| l.trim_start().starts_with("SCAN audit_events")),
        "{label}: {lines:?}"
    );

    let (sql, values) = audit_search_statement(&AuditFilter::default(), 50);
    let lines = plan(conn, &sql, &values);
    println!("{label}, /audit unfiltered:\n  {}", lines.join("\n  "));
    assert!(
        lines.iter().all(|l| !l.contains("TEMP B-TREE")),
        "{label}: the unfiltered page must read in seq order and stop after it: {lines:?}"
    );
    let person_log = audit_person_log_statement();
    let lines = plan(conn, &person_log, &[Value::Integer(12)]);
    println!("{label}, person access log:\n  {}", lines.join("\n  "));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("SEARCH audit_events USING INDEX audit_events_person")),
        "{label}: {lines:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains("TEMP B-TREE")),
        "{label}: {lines:?}"
    );
    // One page of the person's access log, newest first: the person and
    // the page's upper bound are both in the index, read in seq order and
    // stopped after the page; the person's other events are not read.
    for before in [i64::MAX, 29_000_000] {
        let page = audit_person_log_page_statement();
        let values = [
            Value::Integer(12),
            Value::Integer(before),
            Value::Integer(51),
        ];
        let lines = plan(conn, &page, &values);
        println!(
            "{label}, person access log page below {before}:\n  {}",
            lines.join("\n  ")
        );
        assert_eq!(
            lines,
            vec!["SEARCH audit_events USING INDEX audit_events_person (person_id=? AND seq<?)"],
            "{label}: one range of the (person, seq) index, no sort: {lines:?}"
        );
    }
}

#[test]
fn the_auditors_reads_use_an_index_in_seq_order_as_installed() {
    check(&migrated(), "no statistics");
}

#[test]
fn the_auditors_reads_use_an_index_in_seq_order_with_ten_years_of_statistics() {
    let conn = migrated();
    with_ten_years_of_statistics(&conn);
    check(&conn, "30 M events");
}
