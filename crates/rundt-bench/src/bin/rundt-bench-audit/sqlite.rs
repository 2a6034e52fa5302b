//! The SQLite side: reading the population, and rewriting `audit_events`
//! in bulk (indexes and append-only triggers dropped for the load and put
//! back after it, one prepared statement, many rows per transaction).

use std::path::Path;

use rundt_domain::audit::RecordedEvent;
use rusqlite::{Connection, params};

use crate::plan::{Case, User};
use crate::{Row, Sink};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

pub fn connect(dir: &Path) -> Result<Connection> {
    let conn = Connection::open(dir.join("rundt.sqlite3"))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

pub fn users(conn: &Connection) -> Result<Vec<User>> {
    let mut teams = std::collections::HashMap::<i64, Vec<i64>>::new();
    let mut stmt = conn.prepare("SELECT DISTINCT user_id, team_id FROM team_memberships")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (user, team) = row?;
        teams.entry(user).or_default().push(team);
    }
    let mut stmt = conn.prepare("SELECT id, role FROM users WHERE active = 1 ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, role) = row?;
        out.push(User {
            id,
            role,
            teams: teams.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

pub fn cases(conn: &Connection) -> Result<Vec<Case>> {
    let mut people = std::collections::HashMap::<i64, Vec<i64>>::new();
    let mut stmt = conn
        .prepare("SELECT case_id, person_id FROM case_participants ORDER BY case_id, person_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (case, person) = row?;
        people.entry(case).or_default().push(person);
    }
    let mut stmt = conn.prepare("SELECT id, team_id, therapist_id FROM cases ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, team_id, therapist_id) = row?;
        out.push(Case {
            id,
            team_id,
            therapist_id,
            people: people.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Writes the re-chained log into the emptied table.
pub struct SqliteSink {
    conn: Connection,
    /// The index and trigger definitions dropped for the load.
    restore: Vec<String>,
}

impl SqliteSink {
    /// Empties `audit_events` for the rewrite: the caller has read (and
    /// verified) every event already.
    pub fn begin(conn: Connection) -> Result<Self> {
        // A bench data set, regenerated if the machine fails: durability
        // per batch is not needed while loading.
        conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")?;
        let mut stmt = conn.prepare(
            "SELECT type, name, sql FROM sqlite_master
             WHERE tbl_name = 'audit_events' AND type IN ('index', 'trigger') AND sql IS NOT NULL
             ORDER BY type DESC",
        )?;
        let defs: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        drop(stmt);
        let tx = conn.unchecked_transaction()?;
        for (kind, name, _) in &defs {
            tx.execute_batch(&format!("DROP {} \"{name}\"", kind.to_uppercase()))?;
        }
        tx.execute_batch("DELETE FROM audit_events")?;
        tx.commit()?;
        Ok(Self {
            conn,
            restore: defs.into_iter().map(|(_, _, sql)| sql).collect(),
        })
    }

    /// Puts the indexes and triggers back, refreshes the planner's
    /// statistics and folds the WAL into the file.
    pub fn finish(self, progress: impl Fn(&str)) -> Result<()> {
        for sql in &self.restore {
            let started = std::time::Instant::now();
            self.conn.execute_batch(sql)?;
            let first_line = sql.lines().next().unwrap_or_default();
            progress(&format!(
                "{first_line} … {:.0} s",
                started.elapsed().as_secs_f64()
            ));
        }
        self.conn.execute_batch(
            "PRAGMA analysis_limit = 2000; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE); \
             PRAGMA synchronous = FULL;",
        )?;
        Ok(())
    }
}

impl Sink for SqliteSink {
    fn write(&mut self, rows: &[Row]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, object_kind,
                    object_id, person_id, purpose, outcome, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for row in rows {
                let e: &RecordedEvent = &row.event;
                insert.execute(params![
                    row.seq,
                    e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                    e.actor_user_id.map(|u| u.get()),
                    e.actor_role,
                    e.action,
                    e.object_kind,
                    e.object_id,
                    e.person_id.map(|p| p.get()),
                    e.purpose,
                    e.outcome.as_str(),
                    row.prev_hash,
                    row.hash,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
