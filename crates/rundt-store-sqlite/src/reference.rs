//! Programme models, national offices and municipalities.

use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::{Municipality, MunicipalityCode};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_store::{
    MODEL_COLUMNS, MUNICIPALITY_COLUMNS, OFFICE_SELECT, ReferenceData, ReferenceSyncReport,
    StoreResult,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{date_text, db_err};
use crate::query::{fetch_all, fetch_opt};

pub fn sync(
    tx: &Connection,
    data: &ReferenceData,
    event: &AuditEvent,
) -> StoreResult<ReferenceSyncReport> {
    let mut report = ReferenceSyncReport::default();
    {
        let mut insert_model = tx
            .prepare(
                "INSERT INTO programme_models (code, name, min_age, max_age, supervisors,
                    min_therapists, max_therapists, typical_families_per_therapist,
                    max_families_per_therapist, min_duration_months, max_duration_months,
                    requires_crisis_caseworker, requires_psychiatrist)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT (code) DO NOTHING",
            )
            .map_err(db_err)?;
        for m in &data.programme_models {
            report.programme_models_added += insert_model
                .execute(params![
                    m.code,
                    m.name,
                    m.min_age,
                    m.max_age,
                    m.supervisors,
                    m.min_therapists,
                    m.max_therapists,
                    m.typical_families_per_therapist,
                    m.max_families_per_therapist,
                    m.min_duration_months,
                    m.max_duration_months,
                    m.requires_crisis_caseworker,
                    m.requires_psychiatrist
                ])
                .map_err(db_err)? as u32;
        }
        let mut insert_office = tx
            .prepare("INSERT INTO national_offices (country, name) VALUES (?1, ?2) ON CONFLICT (country) DO NOTHING")
            .map_err(db_err)?;
        for o in &data.national_offices {
            report.national_offices_added += insert_office
                .execute(params![o.country.code(), o.name])
                .map_err(db_err)? as u32;
        }
        let mut existing: HashMap<(String, String, String), (String, Option<String>)> =
            HashMap::new();
        let mut select = tx
            .prepare("SELECT country, code, valid_from, name, valid_to FROM municipalities")
            .map_err(db_err)?;
        let rows = select
            .query_map([], |r| {
                Ok(((r.get(0)?, r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?)))
            })
            .map_err(db_err)?;
        for row in rows {
            let (k, v) = row.map_err(db_err)?;
            existing.insert(k, v);
        }
        let mut insert = tx
            .prepare(
                "INSERT INTO municipalities (country, code, name, valid_from, valid_to)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(db_err)?;
        let mut update = tx
            .prepare(
                "UPDATE municipalities SET name = ?3, valid_to = ?5
                 WHERE country = ?1 AND code = ?2 AND valid_from = ?4",
            )
            .map_err(db_err)?;
        for m in &data.municipalities {
            let key = (
                m.country.code().to_owned(),
                m.code.to_string(),
                date_text(m.valid_from),
            );
            let to = m.valid_to.map(date_text);
            let values = params![key.0, key.1, m.name, key.2, to];
            match existing.get(&key) {
                None => {
                    insert.execute(values).map_err(db_err)?;
                    report.municipalities_added += 1;
                }
                Some((name, valid_to)) if *name != m.name || *valid_to != to => {
                    // Counted as SQLite reports it: a statement whose
                    // parameters missed the row would show as 0 here.
                    report.municipalities_updated += update.execute(values).map_err(db_err)? as u32;
                }
                Some(_) => {}
            }
        }
    }
    if report.changes_dashboards() {
        crate::results::raise_results_version(tx)?;
    }
    audit::append(tx, event)?;
    Ok(report)
}

pub fn list_models(conn: &Connection) -> StoreResult<Vec<ProgrammeModel>> {
    let sql = format!("SELECT {MODEL_COLUMNS} FROM programme_models ORDER BY code");
    fetch_all(conn, &sql, [])
}

pub fn get_model(conn: &Connection, code: &str) -> StoreResult<Option<ProgrammeModel>> {
    let sql = format!("SELECT {MODEL_COLUMNS} FROM programme_models WHERE code = ?1");
    fetch_opt(conn, &sql, [code])
}

pub fn list_offices(conn: &Connection) -> StoreResult<Vec<NationalOffice>> {
    fetch_all(conn, &format!("{OFFICE_SELECT} ORDER BY country"), [])
}

pub fn list_municipalities(
    conn: &Connection,
    country: Option<Country>,
    on: Option<NaiveDate>,
) -> StoreResult<Vec<Municipality>> {
    let sql = format!(
        "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities
         WHERE (?1 IS NULL OR country = ?1)
           AND (?2 IS NULL OR (valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)))
         ORDER BY country, code, valid_from"
    );
    fetch_all(
        conn,
        &sql,
        params![country.map(Country::code), on.map(date_text)],
    )
}

pub fn find_municipality(
    conn: &Connection,
    country: Country,
    code: &MunicipalityCode,
    on: NaiveDate,
) -> StoreResult<Option<Municipality>> {
    let sql = format!(
        "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities
         WHERE country = ?1 AND code = ?2 AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to >= ?3)"
    );
    fetch_opt(conn, &sql, params![country.code(), code, date_text(on)])
}
