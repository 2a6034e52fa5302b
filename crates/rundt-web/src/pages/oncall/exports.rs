//! The rota's figures as files: hours on call per person per month (for
//! payroll) and the crisis contacts per month, as CSV and XLSX.

use super::*;
use crate::pages::download;

/// Which months the hours export covers: `from` (`YYYY-MM`) and how many.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HoursQuery {
    from: Option<String>,
    months: Option<u32>,
}

/// The team's hours on call per person per month as CSV (the supervisor
/// and the national office): by default the two months before this one,
/// this one and the two after.
pub async fn hours_csv(
    p: Page,
    PageId(id): PageId<TeamId>,
    axum::extract::Query(q): axum::extract::Query<HoursQuery>,
) -> PageResult {
    let (table, name) = hours_table(&p, id, &q).await?;
    download::csv(&p, &[table], &name)
}

/// The same table as an XLSX workbook, for payroll.
pub async fn hours_xlsx(
    p: Page,
    PageId(id): PageId<TeamId>,
    axum::extract::Query(q): axum::extract::Query<HoursQuery>,
) -> PageResult {
    let (table, name) = hours_table(&p, id, &q).await?;
    download::xlsx(&p, &[table], &name)
}

/// The hours per person per month as a table, and the file's name.
async fn hours_table(
    p: &Page,
    id: TeamId,
    q: &HoursQuery,
) -> Result<(rundt_export::Table, String), PageError> {
    let tr = p.tr;
    let today = p.app().clock.today();
    let first = match q.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => NaiveDate::parse_from_str(&format!("{raw}-01"), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("from", msg!("month-shape")))
            .on(p)?,
        None => today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(2)))
            .unwrap_or(today),
    };
    let months = q.months.unwrap_or(5);
    let rows = oncall::hours_per_month(p.app(), &p.actor(), id, first, months)
        .await
        .on(p)?;
    let table = rundt_export::Table {
        title: tr.t("oncall_hours_title").to_owned(),
        columns: [
            "oncall_person",
            "oncall_month",
            "oncall_hours",
            "oncall_shifts",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    rundt_export::Cell::Text(r.name.clone()),
                    rundt_export::Cell::Text(r.month.format("%Y-%m").to_string()),
                    rundt_export::Cell::Number(r.minutes as f64 / 60.0, 1),
                    rundt_export::Cell::Integer(i64::from(r.shifts)),
                ]
            })
            .collect(),
    };
    let name = format!(
        "{} {} {}",
        tr.t("oncall_hours_title"),
        id,
        first.format("%Y-%m")
    );
    Ok((table, name))
}

/// The team's crisis contacts per month as CSV (counts only, no family
/// named): the supervisor and the national office.
pub async fn contacts_csv(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    let (table, name) = contacts_table(&p, id).await?;
    download::csv(&p, &[table], &name)
}

/// The same table as an XLSX workbook.
pub async fn contacts_xlsx(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    let (table, name) = contacts_table(&p, id).await?;
    download::xlsx(&p, &[table], &name)
}

/// The crisis contacts per month as a table, and the file's name.
async fn contacts_table(p: &Page, id: TeamId) -> Result<(rundt_export::Table, String), PageError> {
    let tr = p.tr;
    let months = oncall::contact_figures::team_contact_figures(p.app(), &p.actor(), id)
        .await
        .on(p)?;
    let table = rundt_export::Table {
        title: tr.t("oncall_contact_figures").to_owned(),
        columns: [
            "oncall_month",
            "oncall_contacts",
            "oncall_contact_families",
            "oncall_contacts_per_family",
            "oncall_call_outs",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: months
            .iter()
            .map(|m| {
                vec![
                    rundt_export::Cell::Text(m.month.to_string()),
                    rundt_export::Cell::Integer(i64::from(m.contacts)),
                    rundt_export::Cell::Integer(i64::from(m.families)),
                    m.per_family().map_or(rundt_export::Cell::Empty, |x| {
                        rundt_export::Cell::Number(x, 1)
                    }),
                    rundt_export::Cell::Integer(i64::from(m.call_outs)),
                ]
            })
            .collect(),
    };
    let name = format!("{} {}", tr.t("oncall_contact_figures"), id);
    Ok((table, name))
}
