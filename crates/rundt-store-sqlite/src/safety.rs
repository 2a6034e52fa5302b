//! MST-CAN's safety records: safety plan versions and incidents.

use rundt_domain::audit::AuditEvent;
use rundt_domain::id::CaseId;
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::SafetyPlan;
use rundt_store::safety_sql::INCIDENT_SELECT;
use rundt_store::{
    IncidentRecord, SafetyPlanVersion, SafetyStore, StoreError, StoreResult, json_text, stale,
};
use rusqlite::{Connection, params};

use crate::audit;
use crate::convert::{db_err, time_text};
use crate::forward::forward;
use crate::query::{fetch_all, fetch_opt};
use crate::treatment::require_case;
use crate::versioned::{save_version, versions};
use rundt_store::SAFETY_PLANS;

pub fn save_safety_plan(
    tx: &Connection,
    case_id: CaseId,
    plan: &SafetyPlan,
    expected_version: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<SafetyPlanVersion> {
    save_version(
        tx,
        SAFETY_PLANS,
        case_id,
        json_text(plan)?,
        expected_version,
        event,
    )
}

pub fn safety_plans(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<SafetyPlanVersion>> {
    versions(conn, SAFETY_PLANS, case_id)
}

fn incident_of(conn: &Connection, case_id: CaseId, id: i64) -> StoreResult<Option<IncidentRecord>> {
    fetch_opt(
        conn,
        &format!("{INCIDENT_SELECT} WHERE id = ?1 AND case_id = ?2"),
        params![id, case_id],
    )
}

pub fn record_incident(
    tx: &Connection,
    case_id: CaseId,
    incident: &Incident,
    event: &AuditEvent,
) -> StoreResult<IncidentRecord> {
    require_case(tx, case_id)?;
    tx.execute(
        "INSERT INTO incidents (case_id, at, content, flagged, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            case_id,
            time_text(incident.at),
            json_text(incident)?,
            incident.is_flagged(),
            event.actor_user_id,
            time_text(event.at)
        ],
    )
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    let mut e = event.clone();
    e.object_id.get_or_insert(case_id.get());
    audit::append(tx, &e)?;
    incident_of(tx, case_id, id)?.ok_or_else(|| StoreError::Internal("incident vanished".into()))
}

pub fn record_notification(
    tx: &Connection,
    case_id: CaseId,
    incident_id: i64,
    notification: &Notification,
    expected_version: i64,
    event: &AuditEvent,
) -> StoreResult<IncidentRecord> {
    let mut stored = incident_of(tx, case_id, incident_id)?
        .ok_or_else(|| StoreError::NotFound(format!("incident {incident_id}")))?;
    if stored.version != expected_version {
        return Err(stale(stored.version));
    }
    stored.incident.notification = notification.clone();
    tx.execute(
        "UPDATE incidents SET content = ?2, flagged = ?3, version = version + 1 WHERE id = ?1",
        params![
            incident_id,
            json_text(&stored.incident)?,
            stored.incident.is_flagged()
        ],
    )
    .map_err(db_err)?;
    audit::append(tx, event)?;
    incident_of(tx, case_id, incident_id)?
        .ok_or_else(|| StoreError::Internal("incident vanished".into()))
}

pub fn incidents(conn: &Connection, case_id: CaseId) -> StoreResult<Vec<IncidentRecord>> {
    fetch_all(
        conn,
        &format!("{INCIDENT_SELECT} WHERE case_id = ?1 ORDER BY at DESC, id DESC"),
        [case_id],
    )
}

forward! {
    impl SafetyStore {
        async fn save_safety_plan(&self, case_id: CaseId, plan: &SafetyPlan, expected_version: Option<i64>, audit: &AuditEvent) -> StoreResult<SafetyPlanVersion> => write save_safety_plan;
        async fn safety_plans(&self, case_id: CaseId) -> StoreResult<Vec<SafetyPlanVersion>> => read safety_plans;
        async fn record_incident(&self, case_id: CaseId, incident: &Incident, audit: &AuditEvent) -> StoreResult<IncidentRecord> => write record_incident;
        async fn record_notification(&self, case_id: CaseId, incident_id: i64, notification: &Notification, expected_version: i64, audit: &AuditEvent) -> StoreResult<IncidentRecord> => write record_notification;
        async fn incidents(&self, case_id: CaseId) -> StoreResult<Vec<IncidentRecord>> => read incidents;
    }
}
