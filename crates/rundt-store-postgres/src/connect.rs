//! Connection strings, the connection pool and the first round trip.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use rundt_store::{StoreError, StoreResult};
use tokio_postgres::NoTls;
use tokio_postgres::config::Host;

use crate::error::describe;

/// How long to wait for a TCP connection and the start-up handshake.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Most connections one store holds open.
pub(crate) const MAX_CONNECTIONS: usize = 16;
/// How long a request waits for a free connection before giving up.
const WAIT_TIMEOUT: Duration = Duration::from_secs(10);

/// Parses a `postgres://` URL (or a libpq key-value string). Errors name the
/// problem but never repeat the password.
pub(crate) fn parse_config(url: &str) -> StoreResult<tokio_postgres::Config> {
    let url = url.trim();
    if url.is_empty() {
        return Err(StoreError::Unavailable(
            "invalid PostgreSQL URL: it is empty; expected e.g. postgres://user@host:5432/rundt"
                .into(),
        ));
    }
    let mut config = tokio_postgres::Config::from_str(url).map_err(|e| {
        StoreError::Unavailable(format!(
            "invalid PostgreSQL URL: {}; expected e.g. postgres://user@host:5432/rundt",
            redact(&describe(&e), url)
        ))
    })?;
    if config.get_hosts().is_empty() {
        return Err(StoreError::Unavailable(
            "invalid PostgreSQL URL: it names no host; expected e.g. postgres://user@host:5432/rundt".into(),
        ));
    }
    if config.get_user().is_none() {
        return Err(StoreError::Unavailable(
            "invalid PostgreSQL URL: it names no user; expected e.g. postgres://user@host:5432/rundt".into(),
        ));
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("rundt");
    }
    Ok(config)
}

/// `host:port/db` for messages: no user, no password.
pub(crate) fn target(config: &tokio_postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = config
                .get_ports()
                .get(i)
                .or_else(|| config.get_ports().first())
                .copied()
                .unwrap_or(5432);
            match host {
                Host::Tcp(name) => format!("{name}:{port}"),
                #[cfg(unix)]
                Host::Unix(path) => format!("{}:{port}", path.display()),
            }
        })
        .collect();
    let db = config.get_dbname().or(config.get_user()).unwrap_or("?");
    format!("{}/{db}", hosts.join(","))
}

/// Builds the pool. Nothing is connected yet.
pub(crate) fn build_pool(config: tokio_postgres::Config) -> StoreResult<Pool> {
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(MAX_CONNECTIONS)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(WAIT_TIMEOUT))
        .create_timeout(Some(CONNECT_TIMEOUT + Duration::from_secs(1)))
        .recycle_timeout(Some(CONNECT_TIMEOUT))
        .build()
        .map_err(|e| StoreError::Internal(format!("cannot build the connection pool: {e}")))
}

/// Opens one connection outside any pool (for administrative statements).
pub(crate) async fn connect_once(url: &str) -> StoreResult<tokio_postgres::Client> {
    let config = parse_config(url)?;
    let where_ = target(&config);
    let (client, connection) = tokio::time::timeout(
        CONNECT_TIMEOUT + Duration::from_secs(1),
        config.connect(NoTls),
    )
    .await
    .map_err(|_| {
        StoreError::Unavailable(format!("cannot reach PostgreSQL at {where_}: timed out"))
    })?
    .map_err(|e| {
        StoreError::Unavailable(format!(
            "cannot reach PostgreSQL at {where_}: {}",
            describe(&e)
        ))
    })?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %describe(&e), "administrative PostgreSQL connection ended");
        }
    });
    Ok(client)
}

/// The passwords in a connection string (user info or `password=`), so
/// messages can hide them.
fn passwords_of(url: &str) -> Vec<&str> {
    let mut found = Vec::new();
    if let Some((_, rest)) = url.split_once("://")
        && let Some(at) = rest.rfind('@')
        && let Some((_, password)) = rest[..at].split_once(':')
        && !password.is_empty()
    {
        found.push(password);
    }
    if let Some(start) = url.find("password=") {
        let value = &url[start + "password=".len()..];
        let value = match value.strip_prefix('\'') {
            Some(quoted) => quoted.split('\'').next().unwrap_or(""),
            None => value.split([' ', '&', '\t', '\n']).next().unwrap_or(""),
        };
        if !value.is_empty() {
            found.push(value);
        }
    }
    found
}

/// Removes the URL's password from a message.
pub(crate) fn redact(message: &str, url: &str) -> String {
    passwords_of(url)
        .into_iter()
        .fold(message.to_owned(), |m, password| m.replace(password, "***"))
}

/// The same connection string pointing at database `name`.
pub(crate) fn with_dbname(url: &str, name: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return format!("{url} dbname={name}");
    };
    let user_end = match rest.rfind('@') {
        Some(at) => at + 1,
        None => 0,
    };
    let after_user = &rest[user_end..];
    let path_start = user_end + after_user.find(['/', '?']).unwrap_or(after_user.len());
    let query_start = rest[path_start..].find('?').map(|q| path_start + q);
    let (authority, query) = match query_start {
        Some(q) => (&rest[..path_start], &rest[q..]),
        None => (&rest[..path_start], ""),
    };
    format!("{scheme}://{authority}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced_and_everything_else_kept() {
        assert_eq!(
            with_dbname("postgres://u:p@h:5432/postgres", "t1"),
            "postgres://u:p@h:5432/t1"
        );
        assert_eq!(with_dbname("postgres://u@h", "t1"), "postgres://u@h/t1");
        assert_eq!(
            with_dbname("postgresql://u:p/x@h/db?connect_timeout=3", "t1"),
            "postgresql://u:p/x@h/t1?connect_timeout=3"
        );
        assert_eq!(
            with_dbname("postgres://h?user=u", "t1"),
            "postgres://h/t1?user=u"
        );
        assert_eq!(
            with_dbname("host=h user=u dbname=x", "t1"),
            "host=h user=u dbname=x dbname=t1"
        );
    }

    #[test]
    fn passwords_are_found_and_hidden() {
        assert_eq!(passwords_of("postgres://u:s3cret@h/db"), ["s3cret"]);
        assert_eq!(passwords_of("postgres://u:p/x@h/db"), ["p/x"]);
        assert!(passwords_of("postgres://u@h/db").is_empty());
        assert_eq!(passwords_of("host=h password='a b' user=u"), ["a b"]);
        assert_eq!(passwords_of("host=h password=xyz user=u"), ["xyz"]);
        assert_eq!(passwords_of("postgres://h/db?password=xyz&user=u"), ["xyz"]);
        assert_eq!(
            redact("bad s3cret here", "postgres://u:s3cret@h/db"),
            "bad *** here"
        );
    }

    #[test]
    fn bad_urls_are_unavailable_and_never_show_the_password() {
        for url in [
            "postgres://u:s3cret@h:notaport/db",
            "postgres://u:s3cret@h/db?bogus_option=1",
            "host=h password=s3cret port=x",
            "",
        ] {
            let err = parse_config(url).err();
            let Some(StoreError::Unavailable(msg)) = err else {
                panic!("{url}: expected Unavailable, got {err:?}");
            };
            eprintln!("{url} -> {msg}");
            assert!(msg.contains("invalid PostgreSQL URL"), "{msg}");
            assert!(!msg.contains("s3cret"), "{msg}");
        }
    }

    #[test]
    fn the_target_names_host_port_and_database_only() {
        let config = parse_config("postgres://u:s3cret@db.example:6543/rundt").unwrap();
        assert_eq!(target(&config), "db.example:6543/rundt");
        let config = parse_config("postgres://u@localhost").unwrap();
        assert_eq!(target(&config), "localhost:5432/u");
    }
}
