//! Both backends must describe the same schema: the same migration versions
//! and names, and the same tables with the same columns.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_store::{Migration, check_same_versions};

#[test]
fn sqlite_and_postgres_have_the_same_migration_versions() {
    check_same_versions(
        rundt_store_sqlite::MIGRATIONS,
        rundt_store_postgres::MIGRATIONS,
    )
    .unwrap();
}

/// Table -> column names, read from CREATE TABLE statements.
fn tables(migrations: &[Migration]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for m in migrations {
        let mut lines = m.sql.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if let Some(rest) = line.strip_prefix("ALTER TABLE ") {
                let mut words = rest.split_whitespace();
                if let (Some(table), Some("ADD"), Some("COLUMN"), Some(column)) =
                    (words.next(), words.next(), words.next(), words.next())
                {
                    out.push((format!("{table}+"), vec![column.to_owned()]));
                }
                continue;
            }
            let Some(rest) = line.strip_prefix("CREATE TABLE ") else {
                continue;
            };
            let name = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            let mut columns = Vec::new();
            for l in lines.by_ref() {
                if l.starts_with(')') {
                    break;
                }
                let first = l.split_whitespace().next().unwrap_or_default();
                let is_constraint = [
                    "CHECK",
                    "UNIQUE",
                    "PRIMARY",
                    "FOREIGN",
                    "CONSTRAINT",
                    "--",
                    "",
                ]
                .contains(&first)
                    || first.starts_with("CHECK");
                if !is_constraint {
                    columns.push(first.trim_end_matches(',').to_owned());
                }
            }
            out.push((name, columns));
        }
    }
    out.sort();
    out
}

#[test]
fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    let sqlite = tables(rundt_store_sqlite::MIGRATIONS);
    let postgres = tables(rundt_store_postgres::MIGRATIONS);
    assert!(sqlite.len() >= 7, "parsed {sqlite:?}");
    assert_eq!(sqlite, postgres);
}

#[test]
fn a_missing_migration_in_one_backend_is_caught() {
    let a = [
        Migration {
            version: 1,
            name: "organisation",
            sql: "",
        },
        Migration {
            version: 2,
            name: "cases",
            sql: "",
        },
    ];
    let b = [Migration {
        version: 1,
        name: "organisation",
        sql: "",
    }];
    assert!(check_same_versions(&a, &b).is_err());
    let c = [
        Migration {
            version: 1,
            name: "organisation",
            sql: "",
        },
        Migration {
            version: 2,
            name: "case",
            sql: "",
        },
    ];
    assert!(check_same_versions(&a, &c).is_err());
}
