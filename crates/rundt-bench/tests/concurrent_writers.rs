//! Fifty writers at once, for a few seconds, on one family and on a family
//! each, over HTTP on loopback: every save names the version it was made on
//! (`If-Match`), so no update is lost (each family's version grows by
//! exactly the saves acknowledged), a stale version is 412 and never a 5xx,
//! and every request is answered (no deadlock). The 60-second run is
//! `rundt-bench-writers` (docs/RELIABILITY.md, "Concurrent writers").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use std::time::Duration;

use rundt_bench::writers::{self, Families, Plan};
use rundt_testkit::TestApp;
use rundt_testkit::store::Backend;

const WRITERS: usize = 50;
const SECONDS: u64 = 3;

async fn fifty_writers_lose_no_update(t: TestApp) {
    let families = rundt_seed::load::families_in_treatment(&t.app, WRITERS)
        .await
        .expect("families in treatment");
    let token = writers::token_of(&t.app, families.therapist)
        .await
        .expect("an API token");
    let port = writers::serve(t.app.clone()).await.expect("serve");
    for mode in [Families::Same, Families::Different] {
        let plan = Plan {
            port,
            token: token.clone(),
            cases: families.cases.clone(),
            writers: WRITERS,
            families: mode,
            duration: Duration::from_secs(SECONDS),
            progress: false,
        };
        let report = tokio::task::spawn_blocking(move || writers::run(&plan))
            .await
            .expect("the writers ran")
            .expect("the run could be measured");
        println!("{}", report.lines());
        assert_eq!(report.server_errors, 0, "{:?}", report.first_fault);
        assert_eq!(report.other, 0, "{:?}", report.first_fault);
        assert_eq!(report.unanswered, 0, "{:?}", report.first_fault);
        assert!(report.saved > 0, "nothing was saved: {report:?}");
        assert_eq!(
            report.lost_updates(),
            0,
            "acknowledged saves {} but the versions grew by {}",
            report.saved,
            report.versions_gained
        );
        assert_eq!(report.requests, report.saved + report.stale);
        if mode == Families::Same {
            assert!(
                report.stale > 0,
                "fifty writers on one family never met a stale version: {report:?}"
            );
        }
    }
    let chain = rundt_app::audit_log::verify(&t.app).await.expect("verify");
    assert!(chain.is_intact(), "{chain:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_writers_on_sqlite_lose_no_update_and_get_no_5xx() {
    fifty_writers_lose_no_update(TestApp::on(Backend::Sqlite).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_writers_on_postgresql_lose_no_update_and_get_no_5xx() {
    if rundt_testkit::postgres::configured_url().is_none() {
        println!("skipped: PostgreSQL not asked for (set RUNDT_TEST_POSTGRES_URL)");
        return;
    }
    fifty_writers_lose_no_update(TestApp::on(Backend::Postgres).await).await;
}
