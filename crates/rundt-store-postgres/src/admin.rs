//! Creating and dropping whole databases, for tests and first-time set-up.
//! Both connect with an administrative URL (a role allowed to create
//! databases), not through a store's pool.

use rundt_domain::msg;
use std::time::Duration;

use rundt_store::{StoreError, StoreResult};
use tokio_postgres::error::SqlState;

use crate::connect::{connect_once, with_dbname};
use crate::error::{describe, pg};

/// Database names are restricted so they can be spliced into SQL safely.
fn check_name(name: &str) -> StoreResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Internal(format!(
            "invalid database name '{name}': use 1-63 characters a-z, 0-9 or '_'"
        )))
    }
}

/// Creates an empty database `name` and returns `admin_url` pointing at it.
pub async fn create_database(admin_url: &str, name: &str) -> StoreResult<String> {
    check_name(name)?;
    let client = connect_once(admin_url).await?;
    let sql = format!("CREATE DATABASE {name}");
    // CREATE DATABASE fails while another session uses the template
    // database, which happens when many tests start at once; retry briefly.
    let mut attempt = 0;
    loop {
        match client.batch_execute(&sql).await {
            Ok(()) => break,
            Err(e) if e.code() == Some(&SqlState::DUPLICATE_DATABASE) => {
                return Err(StoreError::Conflict(msg!("database-exists", name = name)));
            }
            Err(e) if e.code() == Some(&SqlState::OBJECT_IN_USE) && attempt < 20 => {
                attempt += 1;
                tracing::debug!(error = %describe(&e), attempt, "CREATE DATABASE retried");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(pg(e)),
        }
    }
    Ok(with_dbname(admin_url, name))
}

/// Drops database `name` if it exists, ending its sessions.
pub async fn drop_database(admin_url: &str, name: &str) -> StoreResult<()> {
    check_name(name)?;
    let client = connect_once(admin_url).await?;
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .map_err(pg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_accepted() {
        assert!(check_name("rundt_test_1").is_ok());
        for bad in [
            "",
            "Rundt",
            "a-b",
            "x; DROP DATABASE postgres",
            "a\"b",
            &"a".repeat(64),
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
