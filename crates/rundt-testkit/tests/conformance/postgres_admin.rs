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
