//! PostgreSQL's planner statistics: a table that holds rows and was never
//! analysed (a restore, a bulk load, autovacuum off) is analysed when the
//! server starts (its migrate step), like SQLite's `PRAGMA optimize`, or
//! when a bulk load asks for it (`Store::refresh_statistics`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use rundt_store::Backend;
use rundt_testkit::TestDb;

/// A migrated database with a table of 5,000 rows, `loaded_in_bulk`,
/// never analysed.
async fn migrated_with_a_bulk_load() -> TestDb {
    let db = TestDb::on(Backend::Postgres).await;
    db.store.migrate().await.unwrap();
    db.try_raw_execute(
        "CREATE TABLE loaded_in_bulk AS SELECT n FROM generate_series(1, 5000) AS n",
    )
    .await
    .unwrap();
    assert!(
        !analysed(&db, "loaded_in_bulk").await,
        "the table should start without statistics"
    );
    db
}

/// Whether `table` of the test database has planner statistics.
async fn analysed(db: &TestDb, table: &str) -> bool {
    let client = rundt_testkit::postgres::client(db.postgres_url().unwrap())
        .await
        .unwrap();
    let reltuples: f32 = client
        .query_one(
            "SELECT reltuples FROM pg_class
             WHERE relname = $1 AND relnamespace = current_schema()::regnamespace",
            &[&table],
        )
        .await
        .unwrap()
        .get(0);
    reltuples >= 0.0
}

#[tokio::test]
#[cfg_attr(
    not(rundt_postgres),
    ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL"
)]
async fn a_table_loaded_in_bulk_and_never_analysed_gets_statistics_when_the_server_starts() {
    let db = migrated_with_a_bulk_load().await;

    // The next start migrates (nothing to apply) and refreshes statistics.
    assert_eq!(db.store.migrate().await.unwrap(), Vec::<i64>::new());

    assert!(analysed(&db, "loaded_in_bulk").await);
    assert_eq!(unanalysed_tables_with_rows(&db).await, Vec::<String>::new());
}

#[tokio::test]
#[cfg_attr(
    not(rundt_postgres),
    ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL"
)]
async fn the_data_generator_can_refresh_statistics_between_two_starts() {
    let db = migrated_with_a_bulk_load().await;

    db.store.refresh_statistics().await.unwrap();

    assert!(analysed(&db, "loaded_in_bulk").await);
}

/// Tables of the test database that hold rows and have no statistics.
async fn unanalysed_tables_with_rows(db: &TestDb) -> Vec<String> {
    let client = rundt_testkit::postgres::client(db.postgres_url().unwrap())
        .await
        .unwrap();
    client
        .query(
            "SELECT relname::text FROM pg_class
             WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'
               AND reltuples < 0 AND pg_relation_size(oid) > 0",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}
