//! Which PostgreSQL server the tests use, and whether they must.
//!
//! `build.rs` compiles the PostgreSQL variants of the conformance suite as
//! real tests (cfg `rundt_postgres`) under CI, with `RUNDT_REQUIRE_POSTGRES=1`
//! or when a URL is given; on a developer machine that asked for nothing they
//! are ignored with a message instead.

/// The administrative URL (a role allowed to create databases) of the
/// server the tests create their databases on: `RUNDT_TEST_POSTGRES_URL`,
/// else a `postgres://` `RUNDT_TEST_DATABASE_URL`. Panics when neither is
/// set, so a run that required PostgreSQL cannot pass without it.
pub fn admin_url() -> String {
    configured_url().unwrap_or_else(|| {
        panic!(
            "PostgreSQL is required for this run but no server is named: \
             set RUNDT_TEST_POSTGRES_URL=postgres://user@host:port/postgres"
        )
    })
}

/// The configured administrative URL, if any.
pub fn configured_url() -> Option<String> {
    let set = |var: &str| std::env::var(var).ok().filter(|v| !v.trim().is_empty());
    set("RUNDT_TEST_POSTGRES_URL").or_else(|| {
        set("RUNDT_TEST_DATABASE_URL")
            .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
    })
}

/// A plain client of `url`, bypassing the store.
pub async fn client(url: &str) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    Ok(client)
}

/// Expands each scenario into a `sqlite` and a `postgres` test.
///
/// `scenarios!(app: a, b)` calls `async fn a(t: TestApp)` with a migrated
/// store holding reference data; `scenarios!(store: c)` calls
/// `async fn c(db: TestDb)` with an empty, unmigrated one. The `postgres`
/// variant is ignored ("PostgreSQL not asked for") unless the build asked for
/// PostgreSQL, and then fails when no server answers.
#[macro_export]
macro_rules! scenarios {
    (app: $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name($crate::TestApp::on($crate::store::Backend::Sqlite).await).await;
                }
                #[tokio::test]
                #[cfg_attr(not(rundt_postgres), ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL")]
                async fn postgres() {
                    super::$name($crate::TestApp::on($crate::store::Backend::Postgres).await).await;
                }
            }
        )*
    };
    (store: $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::TestDb::on($crate::store::Backend::Sqlite).await).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(rundt_postgres), ignore = "PostgreSQL not asked for: set RUNDT_TEST_POSTGRES_URL")]
                async fn postgres() {
                    super::$name($crate::TestDb::on($crate::store::Backend::Postgres).await).await;
                }
            }
        )*
    };
}
