//! The schema of a database as the database itself describes it (SQLite's
//! pragmas, PostgreSQL's catalogue), in terms both backends share, so two
//! freshly migrated databases can be compared.

use std::collections::{BTreeMap, BTreeSet};

use crate::TestDb;

/// A column: name, type family (SQLite's affinity: INTEGER, TEXT, REAL,
/// BLOB) and whether it may be NULL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub name: String,
    pub family: &'static str,
    pub nullable: bool,
}

/// A secondary index (primary keys are left out): its columns in order,
/// whether it is unique, and whether it is partial.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Index {
    pub columns: Vec<String>,
    pub unique: bool,
    pub partial: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub indexes: BTreeSet<Index>,
}

/// Table name to table, without the migrations' bookkeeping table.
pub type Schema = BTreeMap<String, Table>;

const BOOKKEEPING: &str = "schema_migrations";

/// The SQLite affinity of a declared SQLite type.
fn sqlite_family(declared: &str) -> &'static str {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        "INTEGER"
    } else if t.contains("CHAR") || t.contains("TEXT") || t.contains("CLOB") {
        "TEXT"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "REAL"
    } else if t.contains("BLOB") || t.is_empty() {
        "BLOB"
    } else {
        "NUMERIC"
    }
}

/// The SQLite affinity a PostgreSQL type is kept as in the SQLite schema:
/// booleans as 0/1 integers, times and dates as ISO text.
fn postgres_family(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "integer" | "smallint" | "boolean" => "INTEGER",
        "text" | "character varying" | "character" | "date" | "json" | "jsonb" => "TEXT",
        t if t.starts_with("timestamp") => "TEXT",
        "double precision" | "real" => "REAL",
        "bytea" => "BLOB",
        _ => "NUMERIC",
    }
}

impl TestDb {
    /// This database's schema, read back from the database.
    pub async fn schema(&self) -> Schema {
        if let Some(path) = self.sqlite_file() {
            sqlite_schema(&path)
        } else if let Some(url) = self.postgres_url() {
            postgres_schema(url).await
        } else {
            Schema::new()
        }
    }
}

fn sqlite_schema(path: &std::path::Path) -> Schema {
    let conn = rusqlite::Connection::open(path).expect("open SQLite");
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    let mut schema = Schema::new();
    for name in names.into_iter().filter(|n| n != BOOKKEEPING) {
        let columns = conn
            .prepare(&format!("PRAGMA table_info(\"{name}\")"))
            .expect("columns")
            .query_map([], |r| {
                let declared: String = r.get(2)?;
                let not_null: bool = r.get(3)?;
                let pk: i64 = r.get(5)?;
                Ok(Column {
                    name: r.get(1)?,
                    family: sqlite_family(&declared),
                    nullable: !not_null && pk == 0,
                })
            })
            .expect("columns")
            .collect::<Result<Vec<_>, _>>()
            .expect("columns");
        let listed: Vec<(String, bool, String, bool)> = conn
            .prepare(&format!("PRAGMA index_list(\"{name}\")"))
            .expect("indexes")
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .expect("indexes")
            .collect::<Result<_, _>>()
            .expect("indexes");
        let mut indexes = BTreeSet::new();
        for (index, unique, origin, partial) in listed {
            if origin == "pk" {
                continue;
            }
            let columns = conn
                .prepare(&format!("PRAGMA index_info(\"{index}\")"))
                .expect("index columns")
                .query_map([], |r| r.get::<_, String>(2))
                .expect("index columns")
                .collect::<Result<Vec<_>, _>>()
                .expect("index columns");
            indexes.insert(Index {
                columns,
                unique,
                partial,
            });
        }
        schema.insert(name, Table { columns, indexes });
    }
    schema
}

async fn postgres_schema(url: &str) -> Schema {
    let client = crate::postgres::client(url).await.expect("connect");
    let mut schema = Schema::new();
    for row in client
        .query(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES'
               FROM information_schema.columns
              WHERE table_schema = 'public'
              ORDER BY table_name, ordinal_position",
            &[],
        )
        .await
        .expect("columns")
    {
        let table: String = row.get(0);
        let data_type: String = row.get(2);
        schema.entry(table).or_default().columns.push(Column {
            name: row.get(1),
            family: postgres_family(&data_type),
            nullable: row.get(3),
        });
    }
    for row in client
        .query(
            "SELECT t.relname::text, i.indisunique, i.indpred IS NOT NULL,
                    array_agg(a.attname::text ORDER BY k.ord)
               FROM pg_index i
               JOIN pg_class t ON t.oid = i.indrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
               JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
              WHERE NOT i.indisprimary
              GROUP BY i.indexrelid, t.relname, i.indisunique, i.indpred",
            &[],
        )
        .await
        .expect("indexes")
    {
        let table: String = row.get(0);
        schema.entry(table).or_default().indexes.insert(Index {
            unique: row.get(1),
            partial: row.get(2),
            columns: row.get(3),
        });
    }
    schema.remove(BOOKKEEPING);
    schema
}
