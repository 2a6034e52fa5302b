//! Reference data: programme models, national offices and municipalities.

use std::collections::HashMap;

use chrono::NaiveDate;
use deadpool_postgres::{Pool, Transaction};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::municipality::Municipality;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_store::{ReferenceData, ReferenceSyncReport, StoreError, StoreResult};
use tokio_postgres::Row;

use crate::audit::append_audit_tx;
use crate::error::{parse_col, pg, pool, small_u8};

const MODEL_COLUMNS: &str = "code, name, min_age, max_age, supervisors, min_therapists, max_therapists, \
     typical_families_per_therapist, max_families_per_therapist, min_duration_months, \
     max_duration_months, requires_crisis_caseworker, requires_psychiatrist";

const MUNICIPALITY_COLUMNS: &str = "country, code, name, valid_from, valid_to";

fn model_row(row: &Row) -> StoreResult<ProgrammeModel> {
    let small = |i: usize, name: &str| -> StoreResult<u8> {
        let v: i16 = row.try_get(i).map_err(pg)?;
        small_u8(&format!("programme_models.{name}"), v)
    };
    Ok(ProgrammeModel {
        code: row.try_get(0).map_err(pg)?,
        name: row.try_get(1).map_err(pg)?,
        min_age: small(2, "min_age")?,
        max_age: small(3, "max_age")?,
        supervisors: small(4, "supervisors")?,
        min_therapists: small(5, "min_therapists")?,
        max_therapists: small(6, "max_therapists")?,
        typical_families_per_therapist: small(7, "typical_families_per_therapist")?,
        max_families_per_therapist: small(8, "max_families_per_therapist")?,
        min_duration_months: small(9, "min_duration_months")?,
        max_duration_months: small(10, "max_duration_months")?,
        requires_crisis_caseworker: row.try_get(11).map_err(pg)?,
        requires_psychiatrist: row.try_get(12).map_err(pg)?,
    })
}

fn office_row(row: &Row) -> StoreResult<NationalOffice> {
    let country: String = row.try_get(0).map_err(pg)?;
    Ok(NationalOffice {
        country: parse_col("national_offices.country", &country)?,
        name: row.try_get(1).map_err(pg)?,
    })
}

fn municipality_row(row: &Row) -> StoreResult<Municipality> {
    let country: String = row.try_get(0).map_err(pg)?;
    Ok(Municipality {
        country: parse_col("municipalities.country", &country)?,
        code: row.try_get(1).map_err(pg)?,
        name: row.try_get(2).map_err(pg)?,
        valid_from: row.try_get(3).map_err(pg)?,
        valid_to: row.try_get(4).map_err(pg)?,
    })
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
        added += u32::try_from(n).unwrap_or(0);
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
        added += u32::try_from(n).unwrap_or(0);
    }
    Ok(added)
}

type MunicipalityKey = (Country, String, NaiveDate);

/// Inserts absent municipalities and updates changed ones, in two
/// statements whatever the number of rows; returns (added, updated).
async fn upsert_municipalities(
    tx: &Transaction<'_>,
    wanted: &[Municipality],
) -> StoreResult<(u32, u32)> {
    if wanted.is_empty() {
        return Ok((0, 0));
    }
    let rows = tx
        .query(
            &format!("SELECT {MUNICIPALITY_COLUMNS} FROM municipalities"),
            &[],
        )
        .await
        .map_err(pg)?;
    let mut existing: HashMap<MunicipalityKey, (String, Option<NaiveDate>)> =
        HashMap::with_capacity(rows.len());
    for row in &rows {
        let m = municipality_row(row)?;
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
            codes.push(key.1.clone());
            names.push(name);
            froms.push(key.2);
            tos.push(to);
        }
        Ok::<_, StoreError>((countries, codes, names, froms, tos))
    };
    if !inserts.is_empty() {
        let (countries, codes, names, froms, tos) = columns(&inserts)?;
        tx.execute(
            "INSERT INTO municipalities (country, code, name, valid_from, valid_to) \
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::date[], $5::date[])",
            &[&countries, &codes, &names, &froms, &tos],
        )
        .await
        .map_err(pg)?;
    }
    if !updates.is_empty() {
        let (countries, codes, names, froms, tos) = columns(&updates)?;
        tx.execute(
            "UPDATE municipalities AS m SET name = u.name, valid_to = u.valid_to \
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::date[], $5::date[]) \
                  AS u (country, code, name, valid_from, valid_to) \
             WHERE m.country = u.country AND m.code = u.code AND m.valid_from = u.valid_from",
            &[&countries, &codes, &names, &froms, &tos],
        )
        .await
        .map_err(pg)?;
    }
    Ok((added, updated))
}

pub(crate) async fn sync_reference_data(
    pool_: &Pool,
    data: &ReferenceData,
    audit: &AuditEvent,
) -> StoreResult<ReferenceSyncReport> {
    let mut client = pool_.get().await.map_err(pool)?;
    let tx = client.transaction().await.map_err(pg)?;
    let programme_models_added = add_programme_models(&tx, &data.programme_models).await?;
    let national_offices_added = add_national_offices(&tx, &data.national_offices).await?;
    let (municipalities_added, municipalities_updated) =
        upsert_municipalities(&tx, &data.municipalities).await?;
    append_audit_tx(&tx, audit).await?;
    tx.commit().await.map_err(pg)?;
    Ok(ReferenceSyncReport {
        programme_models_added,
        national_offices_added,
        municipalities_added,
        municipalities_updated,
    })
}

pub(crate) async fn list_programme_models(pool_: &Pool) -> StoreResult<Vec<ProgrammeModel>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {MODEL_COLUMNS} FROM programme_models ORDER BY code COLLATE \"C\""
        ))
        .await
        .map_err(pg)?;
    client
        .query(&stmt, &[])
        .await
        .map_err(pg)?
        .iter()
        .map(model_row)
        .collect()
}

pub(crate) async fn get_programme_model(
    pool_: &Pool,
    code: &str,
) -> StoreResult<Option<ProgrammeModel>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {MODEL_COLUMNS} FROM programme_models WHERE code = $1"
        ))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&code])
        .await
        .map_err(pg)?
        .as_ref()
        .map(model_row)
        .transpose()
}

pub(crate) async fn list_national_offices(pool_: &Pool) -> StoreResult<Vec<NationalOffice>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached("SELECT country, name FROM national_offices ORDER BY country COLLATE \"C\"")
        .await
        .map_err(pg)?;
    client
        .query(&stmt, &[])
        .await
        .map_err(pg)?
        .iter()
        .map(office_row)
        .collect()
}

pub(crate) async fn list_municipalities(
    pool_: &Pool,
    country: Option<Country>,
    on: Option<NaiveDate>,
) -> StoreResult<Vec<Municipality>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities \
             WHERE ($1::text IS NULL OR country = $1) \
               AND ($2::date IS NULL OR (valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2))) \
             ORDER BY country COLLATE \"C\", code COLLATE \"C\", valid_from"
        ))
        .await
        .map_err(pg)?;
    let country = country.map(Country::code);
    client
        .query(&stmt, &[&country, &on])
        .await
        .map_err(pg)?
        .iter()
        .map(municipality_row)
        .collect()
}

pub(crate) async fn find_municipality(
    pool_: &Pool,
    country: Country,
    code: &str,
    on: NaiveDate,
) -> StoreResult<Option<Municipality>> {
    let client = pool_.get().await.map_err(pool)?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities \
             WHERE country = $1 AND code = $2 AND valid_from <= $3 \
               AND (valid_to IS NULL OR valid_to >= $3) \
             ORDER BY valid_from DESC LIMIT 1"
        ))
        .await
        .map_err(pg)?;
    client
        .query_opt(&stmt, &[&country.code(), &code, &on])
        .await
        .map_err(pg)?
        .as_ref()
        .map(municipality_row)
        .transpose()
}
