//! Whether the database answers, for the health check.

use rundt_store::Backend;

use crate::App;

/// The database behind the app and whether it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// Why the database did not answer, when it did not.
    pub problem: Option<String>,
}

impl Health {
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// Asks the database for a sign of life. Open to anyone: it says nothing
/// about the data.
pub async fn check(app: &App) -> Health {
    let database = match app.store.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    Health {
        database,
        problem: app.store.health().await.err().map(|e| e.to_string()),
    }
}
