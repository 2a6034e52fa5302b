//! The PostgreSQL side: reading the population, and rewriting
//! `audit_events` in bulk (secondary indexes dropped and the append-only
//! triggers disabled for the load, then put back; each batch one
//! multi-row INSERT from arrays, in its own transaction).

use chrono::{DateTime, Utc};
use tokio::runtime::Runtime;
use tokio_postgres::{Client, NoTls};

use crate::plan::{Case, User};
use crate::{Row, Sink};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

pub fn connect(rt: &Runtime, url: &str) -> Result<Client> {
    rt.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                eprintln!("PostgreSQL connection: {e}");
            }
        });
        Ok(client)
    })
}

pub fn users(rt: &Runtime, client: &Client) -> Result<Vec<User>> {
    rt.block_on(async {
        let mut teams = std::collections::HashMap::<i64, Vec<i64>>::new();
        for r in client
            .query(
                "SELECT DISTINCT user_id, team_id FROM team_memberships",
                &[],
            )
            .await?
        {
            teams.entry(r.get(0)).or_default().push(r.get(1));
        }
        let rows = client
            .query("SELECT id, role FROM users WHERE active ORDER BY id", &[])
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let id: i64 = r.get(0);
                User {
                    id,
                    role: r.get(1),
                    teams: teams.remove(&id).unwrap_or_default(),
                }
            })
            .collect())
    })
}

pub fn cases(rt: &Runtime, client: &Client) -> Result<Vec<Case>> {
    rt.block_on(async {
        let mut people = std::collections::HashMap::<i64, Vec<i64>>::new();
        for r in client
            .query(
                "SELECT case_id, person_id FROM case_participants ORDER BY case_id, person_id",
                &[],
            )
            .await?
        {
            people.entry(r.get(0)).or_default().push(r.get(1));
        }
        let rows = client
            .query(
                "SELECT id, team_id, therapist_id FROM cases ORDER BY id",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let id: i64 = r.get(0);
                Case {
                    id,
                    team_id: r.get(1),
                    therapist_id: r.get(2),
                    people: people.remove(&id).unwrap_or_default(),
                }
            })
            .collect())
    })
}

pub struct PgSink<'a> {
    rt: &'a Runtime,
    client: Client,
    restore: Vec<String>,
}

impl<'a> PgSink<'a> {
    /// Empties `audit_events` for the rewrite: the caller has read (and
    /// verified) every event already.
    pub fn begin(rt: &'a Runtime, client: Client) -> Result<Self> {
        let restore = rt.block_on(async {
            let defs: Vec<(String, String)> = client
                .query(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i
                     WHERE i.tablename = 'audit_events' AND i.schemaname = current_schema()
                       AND i.indexname NOT IN (SELECT conname FROM pg_constraint)",
                    &[],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let mut sql = String::from(
                "BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; TRUNCATE audit_events;",
            );
            for (name, _) in &defs {
                sql.push_str(&format!(" DROP INDEX \"{name}\";"));
            }
            sql.push_str(" COMMIT;");
            client.batch_execute(&sql).await?;
            Ok::<_, Box<dyn std::error::Error>>(defs.into_iter().map(|(_, d)| d).collect())
        })?;
        Ok(Self {
            rt,
            client,
            restore,
        })
    }

    pub fn finish(self, progress: impl Fn(&str)) -> Result<()> {
        self.rt.block_on(async {
            for sql in &self.restore {
                let started = std::time::Instant::now();
                self.client.batch_execute(sql).await?;
                progress(&format!("{sql} … {:.0} s", started.elapsed().as_secs_f64()));
            }
            self.client
                .batch_execute(
                    "ALTER TABLE audit_events ENABLE TRIGGER USER; ANALYZE audit_events;",
                )
                .await?;
            Ok(())
        })
    }
}

impl Sink for PgSink<'_> {
    fn write(&mut self, rows: &[Row]) -> Result<()> {
        let seq: Vec<i64> = rows.iter().map(|r| r.seq).collect();
        let at: Vec<DateTime<Utc>> = rows.iter().map(|r| r.event.at).collect();
        let actor: Vec<Option<i64>> = rows
            .iter()
            .map(|r| r.event.actor_user_id.map(|u| u.get()))
            .collect();
        let role: Vec<&str> = rows.iter().map(|r| r.event.actor_role.as_str()).collect();
        let action: Vec<&str> = rows.iter().map(|r| r.event.action.as_str()).collect();
        let kind: Vec<&str> = rows.iter().map(|r| r.event.object_kind.as_str()).collect();
        let object: Vec<Option<i64>> = rows.iter().map(|r| r.event.object_id).collect();
        let person: Vec<Option<i64>> = rows
            .iter()
            .map(|r| r.event.person_id.map(|p| p.get()))
            .collect();
        let purpose: Vec<Option<&str>> = rows.iter().map(|r| r.event.purpose.as_deref()).collect();
        let outcome: Vec<&str> = rows.iter().map(|r| r.event.outcome.as_str()).collect();
        let prev: Vec<&str> = rows.iter().map(|r| r.prev_hash.as_str()).collect();
        let hash: Vec<&str> = rows.iter().map(|r| r.hash.as_str()).collect();
        self.rt.block_on(self.client.execute(
            "INSERT INTO audit_events (seq, at, actor_user_id, actor_role, action, object_kind,
                 object_id, person_id, purpose, outcome, prev_hash, hash)
             SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[],
                 $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::text[],
                 $11::text[], $12::text[])",
            &[
                &seq, &at, &actor, &role, &action, &kind, &object, &person, &purpose, &outcome,
                &prev, &hash,
            ],
        ))?;
        Ok(())
    }
}
