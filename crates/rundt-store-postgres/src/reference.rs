//! Reference data: programme models, national offices and municipalities.

use std::collections::HashMap;

use chrono::NaiveDate;
use deadpool_postgres::{Pool, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::{Municipality, MunicipalityCode};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_store::{
    MODEL_COLUMNS, MUNICIPALITY_COLUMNS, OFFICE_SELECT, ReferenceData, ReferenceSyncReport,
    StoreError, StoreResult,
};

use crate::audit::append_audit_tx;
use crate::error::pg;
use crate::query::{client, execute, fetch_all, fetch_opt, transaction};

/// Rows a statement changed, as the count of records added.
fn added(n: u64) -> StoreResult<u32> {
    u32::try_from(n)
        .map_err(|_| StoreError::Internal(format!("{n} rows added, more than a count holds")))
}

async fn add_programme_models(tx: &Transaction<'_>, models: &[ProgrammeModel]) -> StoreResult<u32> {
    if models.is_empty() {
        return Ok(0);
    }
    let stmt = tx
        .prepare_cached(&format!(
            "INSERT INTO programme_models ({MODEL_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (code) DO NOTHING"
        ))
        .await
        .map_err(pg)?;
    let mut added = 0;
    for m in models {
        let n = tx
            .execute(
                &stmt,
                &[
                    &m.code,
                    &m.name,
                    &i16::from(m.min_age),
                    &i16::from(m.max_age),
                    &i16::from(m.supervisors),
                    &i16::from(m.min_therapists),
                    &i16::from(m.max_therapists),
                    &i16::from(m.typical_families_per_therapist),
                    &i16::from(m.max_families_per_therapist),
                    &i16::from(m.min_duration_months),
                    &i16::from(m.max_duration_months),
                    &m.requires_crisis_caseworker,
                    &m.requires_psychiatrist,
                ],
            )
            .await
            .map_err(pg)?;
        added += self::added(n)?;
    }
    Ok(added)
}

async fn add_national_offices(
    tx: &Transaction<'_>,
    offices: &[NationalOffice],
) -> StoreResult<u32> {
    if offices.is_empty() {
        return Ok(0);
    }
    let stmt = tx
        .prepare_cached(
            "INSERT INTO national_offices (country, name) VALUES ($1, $2) ON CONFLICT (country) DO NOTHING",
        )
        .await
        .map_err(pg)?;
    let mut added = 0;
    for o in offices {
        let n = tx
            .execute(&stmt, &[&o.country.code(), &o.name])
            .await
            .map_err(pg)?;
        added += self::added(n)?;
    }
    Ok(added)
}

type MunicipalityKey = (Country, MunicipalityCode, NaiveDate);

/// Inserts absent municipalities and updates changed ones, in two
/// statements whatever the number of rows; returns (added, updated).
async fn upsert_municipalities(
    tx: &Transaction<'_>,
    wanted: &[Municipality],
) -> StoreResult<(u32, u32)> {
    if wanted.is_empty() {
        return Ok((0, 0));
    }
    let sql = format!("SELECT {MUNICIPALITY_COLUMNS} FROM municipalities");
    let rows: Vec<Municipality> = fetch_all(tx, &sql, &[]).await?;
    let mut existing: HashMap<MunicipalityKey, (String, Option<NaiveDate>)> =
        HashMap::with_capacity(rows.len());
    for m in rows {
        existing.insert((m.country, m.code, m.valid_from), (m.name, m.valid_to));
    }
    // Decided one by one against what is stored or already decided, so a
    // list that names a key twice behaves as if synced entry by entry.
    let mut inserts: Vec<MunicipalityKey> = Vec::new();
    let mut updates: Vec<MunicipalityKey> = Vec::new();
    let mut new: HashMap<MunicipalityKey, (String, Option<NaiveDate>)> = HashMap::new();
    let (mut added, mut updated) = (0u32, 0u32);
    for m in wanted {
        let key = (m.country, m.code.clone(), m.valid_from);
        let value = (m.name.clone(), m.valid_to);
        let fresh = new.contains_key(&key);
        match new.get(&key).or_else(|| existing.get(&key)) {
            None => {
                added += 1;
                inserts.push(key.clone());
            }
            Some(current) if *current != value => {
                updated += 1;
                if !fresh {
                    updates.push(key.clone());
                }
            }
            Some(_) => continue,
        }
        new.insert(key, value);
    }
    let columns = |keys: &[MunicipalityKey]| {
        let mut countries = Vec::with_capacity(keys.len());
        let mut codes = Vec::with_capacity(keys.len());
        let mut names = Vec::with_capacity(keys.len());
        let mut froms = Vec::with_capacity(keys.len());
        let mut tos = Vec::with_capacity(keys.len());
        for key in keys {
            let (name, to) = new
                .get(key)
                .cloned()
                .ok_or_else(|| StoreError::Internal("municipality sync lost a row".into()))?;
            countries.push(key.0.code());
            codes.push(key.1.to_string());
            names.push(name);
            froms.push(key.2);
            tos.push(to);
        }
        Ok::<_, StoreError>((countries, codes, names, froms, tos))
    };
    if !inserts.is_empty() {
        let (countries, codes, names, froms, tos) = columns(&inserts)?;
        execute(
            tx,
            "INSERT INTO municipalities (country, code, name, valid_from, valid_to) \
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::date[], $5::date[])",
            &[&countries, &codes, &names, &froms, &tos],
        )
        .await?;
    }
    if !updates.is_empty() {
        let (countries, codes, names, froms, tos) = columns(&updates)?;
        execute(
            tx,
            "UPDATE municipalities AS m SET name = u.name, valid_to = u.valid_to \
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::date[], $5::date[]) \
                  AS u (country, code, name, valid_from, valid_to) \
             WHERE m.country = u.country AND m.code = u.code AND m.valid_from = u.valid_from",
            &[&countries, &codes, &names, &froms, &tos],
        )
        .await?;
    }
    Ok((added, updated))
}

pub(crate) async fn sync_reference_data(
    pool_: &Pool,
    data: &ReferenceData,
    audit: &AuditEvent,
) -> StoreResult<ReferenceSyncReport> {
    transaction(pool_, async |tx| {
        let programme_models_added = add_programme_models(tx, &data.programme_models).await?;
        let national_offices_added = add_national_offices(tx, &data.national_offices).await?;
        let (municipalities_added, municipalities_updated) =
            upsert_municipalities(tx, &data.municipalities).await?;
        let report = ReferenceSyncReport {
            programme_models_added,
            national_offices_added,
            municipalities_added,
            municipalities_updated,
        };
        if report.changes_dashboards() {
            crate::results::raise_results_version(tx).await?;
        }
        append_audit_tx(tx, audit).await?;
        Ok(report)
    })
    .await
}

pub(crate) async fn list_programme_models(pool_: &Pool) -> StoreResult<Vec<ProgrammeModel>> {
    let sql = format!("SELECT {MODEL_COLUMNS} FROM programme_models ORDER BY code COLLATE \"C\"");
    fetch_all(&client(pool_).await?, &sql, &[]).await
}

pub(crate) async fn get_programme_model(
    pool_: &Pool,
    code: &str,
) -> StoreResult<Option<ProgrammeModel>> {
    let sql = format!("SELECT {MODEL_COLUMNS} FROM programme_models WHERE code = $1");
    fetch_opt(&client(pool_).await?, &sql, &[&code]).await
}

pub(crate) async fn list_national_offices(pool_: &Pool) -> StoreResult<Vec<NationalOffice>> {
    let sql = format!("{OFFICE_SELECT} ORDER BY country COLLATE \"C\"");
    fetch_all(&client(pool_).await?, &sql, &[]).await
}

pub(crate) async fn list_municipalities(
    pool_: &Pool,
    country: Option<Country>,
    on: Option<NaiveDate>,
) -> StoreResult<Vec<Municipality>> {
    let sql = format!(
        "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities \
         WHERE ($1::text IS NULL OR country = $1) \
           AND ($2::date IS NULL OR (valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2))) \
         ORDER BY country COLLATE \"C\", code COLLATE \"C\", valid_from"
    );
    let country = country.map(Country::code);
    fetch_all(&client(pool_).await?, &sql, &[&country, &on]).await
}

pub(crate) async fn find_municipality(
    pool_: &Pool,
    country: Country,
    code: &MunicipalityCode,
    on: NaiveDate,
) -> StoreResult<Option<Municipality>> {
    let sql = format!(
        "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities \
         WHERE country = $1 AND code = $2 AND valid_from <= $3 \
           AND (valid_to IS NULL OR valid_to >= $3) \
         ORDER BY valid_from DESC LIMIT 1"
    );
    fetch_opt(&client(pool_).await?, &sql, &[&country.code(), &code, &on]).await
}
