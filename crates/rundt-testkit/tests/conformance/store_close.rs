//! Closing a store when the server stops (`Store::close`): what was
//! committed stays, and on SQLite the write-ahead log has been emptied into
//! the database file, so the data folder holds one complete file.

use std::sync::Arc;

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_store::Store;
use rundt_testkit::TestDb;

use super::store_support::*;

async fn a_closed_store_leaves_every_committed_write_to_the_next_one_that_opens(db: TestDb) {
    let store = db.store.clone();
    prepared(&*store).await;
    let seq = store
        .append_audit(&event(AuditAction::CaseRead, ObjectKind::Case))
        .await
        .unwrap();
    store.close().await.unwrap();

    let reopened: Arc<dyn Store> = if let Some(file) = db.sqlite_file() {
        let wal = file.with_file_name(format!("{}-wal", rundt_store_sqlite::DATABASE_FILE));
        assert!(
            std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
            "the write-ahead log still holds frames after close"
        );
        Arc::new(rundt_store_sqlite::SqliteStore::open_file(&file).unwrap())
    } else {
        let url = db.postgres_url().unwrap();
        assert!(
            store.health().await.is_err(),
            "a closed pool hands out no connection"
        );
        Arc::new(
            rundt_store_postgres::PostgresStore::connect(url)
                .await
                .unwrap(),
        )
    };
    let events = reopened.audit_events(seq - 1, 10).await.unwrap();
    assert_eq!(events.first().map(|e| e.seq), Some(seq));
}

rundt_testkit::scenarios!(store:
    a_closed_store_leaves_every_committed_write_to_the_next_one_that_opens,
);
