//! PostgreSQL's own mechanics, without a SQLite counterpart: creating and
//! dropping whole databases, and a dropped database reported as unavailable.

use rundt_store::StoreError;
use rundt_store_postgres::{PostgresStore, admin};

#[tokio::test]
#[cfg_attr(
    not(rundt_postgres),
    ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL"
)]
async fn a_dropped_database_is_unavailable_and_bad_names_are_refused() {
    let admin_url = rundt_testkit::postgres::admin_url();
    let name = format!("rundt_t_gone_{}", std::process::id());
    let url = admin::create_database(&admin_url, &name).await.unwrap();
    admin::drop_database(&admin_url, &name).await.unwrap();
    admin::drop_database(&admin_url, &name).await.unwrap();
    match PostgresStore::connect(&url).await {
        Err(StoreError::Unavailable(msg)) => assert!(msg.contains(&name), "{msg}"),
        other => panic!("expected unavailable, got {other:?}"),
    }
    assert!(
        admin::create_database(&admin_url, "Bad-Name")
            .await
            .is_err()
    );
}

/// A server that only reads (a standby, `default_transaction_read_only`)
/// refuses a write as "cannot be written to" — the same 503 as a full disk —
/// while reads still answer; the same write on a writable connection to the
/// same database then succeeds.
#[tokio::test]
#[cfg_attr(
    not(rundt_postgres),
    ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL"
)]
async fn a_read_only_postgresql_refuses_writes_as_not_writable_and_still_reads() {
    use rundt_domain::audit::{AuditAction, ObjectKind};
    use rundt_store::Store;

    let admin_url = rundt_testkit::postgres::admin_url();
    let name = format!("rundt_t_ro_{}", std::process::id());
    let url = admin::create_database(&admin_url, &name).await.unwrap();
    let writable = PostgresStore::connect(&url).await.unwrap();
    super::store_support::prepared(&writable).await;
    let joiner = if url.contains('?') { '&' } else { '?' };
    let read_only_url = format!("{url}{joiner}options=-c%20default_transaction_read_only%3Don");
    let read_only = PostgresStore::connect(&read_only_url).await.unwrap();

    let event = super::store_support::event(AuditAction::TeamRead, ObjectKind::Team);
    let before = writable.audit_events(0, 10_000).await.unwrap().len();
    match read_only.append_audit(&event).await {
        Err(StoreError::NotWritable(detail)) => assert!(detail.contains("25006"), "{detail}"),
        other => panic!("expected not writable, got {other:?}"),
    }
    assert_eq!(
        read_only.audit_events(0, 10_000).await.unwrap().len(),
        before
    );
    assert!(
        !read_only
            .list_municipalities(None, None)
            .await
            .unwrap()
            .is_empty()
    );

    writable.append_audit(&event).await.unwrap();
    assert_eq!(
        writable.audit_events(0, 10_000).await.unwrap().len(),
        before + 1
    );
    drop((read_only, writable));
    admin::drop_database(&admin_url, &name).await.unwrap();
}
