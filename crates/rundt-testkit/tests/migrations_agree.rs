//! Both backends must build the same schema: the same migration versions
//! and names, and, read back from two freshly migrated databases, the same
//! tables with the same columns, type families, nullability and indexes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_store::{Backend, Migration, check_same_versions};
use rundt_testkit::TestDb;
use rundt_testkit::schema::Schema;

async fn migrated(backend: Backend) -> (TestDb, Schema) {
    let db = TestDb::on(backend).await;
    db.store.migrate().await.unwrap();
    let schema = db.schema().await;
    (db, schema)
}

/// Where two schemas differ, one line a table.
fn differences(a: &Schema, b: &Schema) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| format!("{n}:\n  sqlite   {:?}\n  postgres {:?}", a.get(n), b.get(n)))
        .collect()
}

#[tokio::test]
#[cfg_attr(
    not(rundt_postgres),
    ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL"
)]
async fn freshly_migrated_sqlite_and_postgres_databases_have_the_same_schema() {
    let (_sqlite_db, sqlite) = migrated(Backend::Sqlite).await;
    let (_postgres_db, postgres) = migrated(Backend::Postgres).await;
    assert!(sqlite.len() >= 7, "read {sqlite:?}");
    let diff = differences(&sqlite, &postgres);
    assert!(diff.is_empty(), "the schemas differ:\n{}", diff.join("\n"));
}

#[tokio::test]
async fn a_column_added_to_one_database_only_is_caught() {
    let (_a, before) = migrated(Backend::Sqlite).await;
    let (b, _) = migrated(Backend::Sqlite).await;
    b.try_raw_execute("ALTER TABLE users ADD COLUMN nickname TEXT")
        .await
        .unwrap();
    let after = b.schema().await;
    assert_eq!(differences(&before, &after).len(), 1);
    assert!(after["users"].columns.iter().any(|c| c.name == "nickname"));
}

#[test]
fn sqlite_and_postgres_have_the_same_migration_versions() {
    check_same_versions(
        rundt_store_sqlite::MIGRATIONS,
        rundt_store_postgres::MIGRATIONS,
    )
    .unwrap();
}

#[test]
fn a_missing_or_renamed_migration_in_one_backend_is_caught() {
    let m = |version, name| Migration {
        version,
        name,
        sql: "",
    };
    let both = [m(1, "organisation"), m(2, "cases")];
    assert!(check_same_versions(&both, &[m(1, "organisation")]).is_err());
    assert!(check_same_versions(&both, &[m(1, "organisation"), m(2, "case")]).is_err());
}
