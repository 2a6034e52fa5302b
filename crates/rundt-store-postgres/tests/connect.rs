//! Connecting to a server that is not there: reported promptly, as
//! unavailable, without the password. Needs no PostgreSQL (the suite over a
//! real server is the conformance suite in rundt-testkit).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use rundt_store::StoreError;
use rundt_store_postgres::PostgresStore;

#[tokio::test]
async fn an_unreachable_server_is_reported_promptly_without_the_password() {
    let started = Instant::now();
    let err = PostgresStore::connect("postgres://rundt:s3cret@127.0.0.1:1/rundt")
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(8));
    let StoreError::Unavailable(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.starts_with("cannot reach PostgreSQL at 127.0.0.1:1/rundt: "),
        "{msg}"
    );
    assert!(!msg.contains("s3cret"), "{msg}");
}

#[tokio::test]
async fn a_malformed_url_is_refused_without_the_password() {
    let err = PostgresStore::connect("postgres://rundt:s3cret@host:port/rundt")
        .await
        .unwrap_err();
    let StoreError::Unavailable(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(msg.contains("invalid PostgreSQL URL"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
}
