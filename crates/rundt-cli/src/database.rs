//! Chooses and opens the store from the database URL.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, bail};
use rundt_store::Store;
use rundt_store_postgres::PostgresStore;
use rundt_store_sqlite::SqliteStore;

/// Where the data lives, decided from the URL alone.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    SqliteDir(PathBuf),
    SqliteFile(PathBuf),
    Postgres(String),
}

pub fn target(url: Option<&str>, data_dir: &Path) -> Result<Target> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(Target::SqliteDir(data_dir.to_owned()));
    };
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Target::Postgres(url.to_owned()));
    }
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        if path.is_empty() {
            bail!("the SQLite URL names no file; write sqlite:/path/to/rundt.sqlite3");
        }
        return Ok(Target::SqliteFile(PathBuf::from(path)));
    }
    let scheme = url.split(':').next().unwrap_or(url);
    bail!(
        "unsupported database URL scheme '{scheme}'; use postgres://user@host/db, sqlite:PATH, \
         or leave it out for the embedded database in RUNDT_DATA"
    )
}

pub async fn open(url: Option<&str>, data_dir: &Path) -> Result<Arc<dyn Store>> {
    Ok(match target(url, data_dir)? {
        Target::SqliteDir(dir) => {
            let store = SqliteStore::open_in(&dir)?;
            tracing::info!(path = %store.path().display(), sqlite = SqliteStore::sqlite_version(), "embedded SQLite database");
            Arc::new(store)
        }
        Target::SqliteFile(file) => {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            Arc::new(SqliteStore::open_file(&file)?)
        }
        Target::Postgres(url) => Arc::new(PostgresStore::connect(&url).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_url_means_the_embedded_database_in_the_data_folder() {
        assert_eq!(
            target(None, Path::new("./data")).unwrap(),
            Target::SqliteDir(PathBuf::from("./data"))
        );
    }

    #[test]
    fn postgres_and_sqlite_urls_are_recognised() {
        assert!(matches!(
            target(Some("postgres://u@localhost/rundt"), Path::new("d")).unwrap(),
            Target::Postgres(_)
        ));
        assert_eq!(
            target(Some("sqlite:/tmp/x.db"), Path::new("d")).unwrap(),
            Target::SqliteFile(PathBuf::from("/tmp/x.db"))
        );
    }

    #[test]
    fn an_unknown_scheme_is_a_clear_error() {
        let err = target(Some("mysql://root@localhost/x"), Path::new("d")).unwrap_err();
        assert!(
            err.to_string()
                .contains("unsupported database URL scheme 'mysql'")
        );
    }
}
