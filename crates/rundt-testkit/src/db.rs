//! A fresh, empty database per test on either backend, dropped afterwards,
//! and raw access to it for tests that play someone with database access.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use rundt_store::{Backend, Store};
use rundt_store_postgres::PostgresStore;
use rundt_store_sqlite::SqliteStore;

use crate::postgres;

enum Place {
    Dir(tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

/// An empty (unmigrated) store of its own; the database goes when this does.
pub struct TestDb {
    pub store: Arc<dyn Store>,
    /// The same store as its SQLite type, on SQLite (for what only tests
    /// may do to it, such as limiting its size).
    sqlite: Option<Arc<SqliteStore>>,
    place: Option<Place>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A number for names that must not collide within this process.
pub(crate) fn next_number() -> u32 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// A random number, so a test database left over from an earlier run never
/// collides with a new one.
fn unique_suffix() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(COUNTER.load(Ordering::Relaxed));
    (h.finish() % 1_000_000_000) as u32
}

impl TestDb {
    /// A fresh, empty database on `backend`. On PostgreSQL the server named
    /// by [`postgres::admin_url`] must answer: a test that asked for
    /// PostgreSQL fails without one.
    pub async fn on(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let store = Arc::new(SqliteStore::open_in(dir.path()).expect("open SQLite"));
                Self {
                    store: store.clone(),
                    sqlite: Some(store),
                    place: Some(Place::Dir(dir)),
                }
            }
            Backend::Postgres => {
                let admin_url = postgres::admin_url();
                let name = format!(
                    "rundt_t_{}_{}_{}",
                    std::process::id(),
                    next_number(),
                    unique_suffix()
                );
                let url = rundt_store_postgres::admin::create_database(&admin_url, &name)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("PostgreSQL was asked for but cannot create a test database: {e}")
                    });
                let store = PostgresStore::connect(&url)
                    .await
                    .expect("connect PostgreSQL");
                Self {
                    store: Arc::new(store),
                    sqlite: None,
                    place: Some(Place::Postgres {
                        admin_url,
                        name,
                        url,
                    }),
                }
            }
        }
    }

    /// A fresh, empty SQLite database in a new folder inside `parent` (a
    /// test that puts it on a file system of its own, say a small one).
    pub fn sqlite_in(parent: &std::path::Path) -> Self {
        let dir = tempfile::tempdir_in(parent).expect("temporary folder");
        let store = Arc::new(SqliteStore::open_in(dir.path()).expect("open SQLite"));
        Self {
            store: store.clone(),
            sqlite: Some(store),
            place: Some(Place::Dir(dir)),
        }
    }

    /// The URL of this database, on PostgreSQL.
    pub fn postgres_url(&self) -> Option<&str> {
        match &self.place {
            Some(Place::Postgres { url, .. }) => Some(url),
            _ => None,
        }
    }

    /// On SQLite: lets the database grow by at most `pages` more pages, or
    /// lifts the limit with `None` (see
    /// [`SqliteStore::limit_growth_for_tests`]). Returns the limit set, or
    /// `None` on PostgreSQL, which has no such switch.
    pub async fn limit_growth(&self, pages: Option<i64>) -> Option<i64> {
        match &self.sqlite {
            Some(store) => Some(
                store
                    .limit_growth_for_tests(pages)
                    .await
                    .expect("set SQLite's max_page_count"),
            ),
            None => None,
        }
    }

    /// The path of the SQLite database file, on SQLite.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        match &self.place {
            Some(Place::Dir(dir)) => Some(dir.path().join(rundt_store_sqlite::DATABASE_FILE)),
            _ => None,
        }
    }

    /// Every value stored in the database, as text: the raw file (and its
    /// WAL) on SQLite; every row of every table on PostgreSQL. For tests that
    /// prove something is *not* stored.
    pub async fn raw_contents(&self) -> String {
        match &self.place {
            Some(Place::Dir(dir)) => {
                let mut bytes = Vec::new();
                for entry in std::fs::read_dir(dir.path()).expect("data folder") {
                    let path = entry.expect("entry").path();
                    if path.is_file() {
                        bytes.extend(std::fs::read(&path).expect("read database file"));
                    }
                }
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Some(Place::Postgres { url, .. }) => {
                let client = postgres::client(url).await.expect("connect");
                let tables = client
                    .query(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                        &[],
                    )
                    .await
                    .expect("tables");
                let mut out = String::new();
                for t in tables {
                    let name: String = t.get(0);
                    for row in client
                        .query(&format!("SELECT t::text FROM \"{name}\" t"), &[])
                        .await
                        .expect("rows")
                    {
                        out.push_str(&row.get::<_, String>(0));
                        out.push('\n');
                    }
                }
                out
            }
            None => String::new(),
        }
    }

    /// Every row of every table but those in `except`, as sorted lines of
    /// text: two calls compare equal exactly when nothing outside `except`
    /// was written in between (tests that prove a read writes nothing).
    pub async fn rows_outside(&self, except: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        match &self.place {
            Some(Place::Dir(dir)) => {
                let conn =
                    rusqlite::Connection::open(dir.path().join(rundt_store_sqlite::DATABASE_FILE))
                        .expect("open the SQLite file");
                let mut names = conn
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .expect("tables");
                let tables: Vec<String> = names
                    .query_map([], |r| r.get(0))
                    .expect("tables")
                    .map(|name| name.expect("a table name"))
                    .filter(|name: &String| !except.contains(&name.as_str()))
                    .collect();
                for table in tables {
                    let mut rows = conn
                        .prepare(&format!("SELECT * FROM \"{table}\""))
                        .expect("rows");
                    let width = rows.column_count();
                    let lines = rows
                        .query_map([], |r| {
                            let values: Vec<String> = (0..width)
                                .map(|i| format!("{:?}", r.get_ref(i).expect("a value")))
                                .collect();
                            Ok(format!("{table}: {}", values.join(" | ")))
                        })
                        .expect("rows");
                    out.extend(lines.map(|line| line.expect("a row")));
                }
            }
            Some(Place::Postgres { url, .. }) => {
                let client = postgres::client(url).await.expect("connect");
                let tables = client
                    .query(
                        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
                        &[],
                    )
                    .await
                    .expect("tables");
                for t in tables {
                    let table: String = t.get(0);
                    if except.contains(&table.as_str()) {
                        continue;
                    }
                    for row in client
                        .query(&format!("SELECT t::text FROM \"{table}\" t"), &[])
                        .await
                        .expect("rows")
                    {
                        out.push(format!("{table}: {}", row.get::<_, String>(0)));
                    }
                }
            }
            None => {}
        }
        out.sort();
        out
    }

    /// How many rows `table` holds, read directly from the database (tests
    /// that prove nothing was half-written).
    pub async fn count_rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM \"{table}\"");
        match &self.place {
            Some(Place::Dir(dir)) => {
                let conn =
                    rusqlite::Connection::open(dir.path().join(rundt_store_sqlite::DATABASE_FILE))
                        .expect("open the SQLite file");
                conn.query_row(&sql, [], |r| r.get(0)).expect("count rows")
            }
            Some(Place::Postgres { url, .. }) => {
                let client = postgres::client(url).await.expect("connect");
                client
                    .query_one(&sql, &[])
                    .await
                    .expect("count rows")
                    .get(0)
            }
            None => 0,
        }
    }

    /// Runs SQL directly on the database, returning the database's refusal.
    pub async fn try_raw_execute(&self, sql: &str) -> Result<(), String> {
        match &self.place {
            Some(Place::Dir(dir)) => {
                let conn =
                    rusqlite::Connection::open(dir.path().join(rundt_store_sqlite::DATABASE_FILE))
                        .map_err(|e| e.to_string())?;
                conn.execute_batch(sql).map_err(|e| e.to_string())
            }
            Some(Place::Postgres { url, .. }) => {
                let client = postgres::client(url).await.map_err(|e| e.to_string())?;
                client.batch_execute(sql).await.map_err(|e| {
                    e.as_db_error()
                        .map(|d| d.message().to_owned())
                        .unwrap_or_else(|| e.to_string())
                })
            }
            None => Ok(()),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(Place::Postgres {
            admin_url, name, ..
        }) = self.place.take()
        {
            // Drop the database from a thread with its own runtime: Drop cannot await.
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    let _ = rt.block_on(rundt_store_postgres::admin::drop_database(
                        &admin_url, &name,
                    ));
                }
            })
            .join();
        }
    }
}
