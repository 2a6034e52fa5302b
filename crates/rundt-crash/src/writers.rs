//! The writers: each one a person at work, writing one thing after another
//! and waiting for the answer before the next. Every write carries a
//! marker (`crash-w03-n0000042`: writer 3's 42nd write) in one of its text
//! fields, so the checker can find it in the database whether or not its
//! answer arrived. A writer keeps the log of what it issued, in order, and
//! which answers were 2xx.
//!
//! Three kinds: a caseworker refers new families; a therapist edits a
//! weekly summary again and again (each edit under `If-Match`); a family's
//! course — the caseworker refers, the supervisor accepts and assigns, the
//! therapist discharges.

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Value, json};

use crate::api::{Api, Auth, Reply};

/// The harness's three API tokens and the ids the writes name.
pub struct Staff {
    pub caseworker: String,
    pub supervisor: String,
    pub therapist: String,
    pub team_id: i64,
    pub therapist_id: i64,
}

/// One write as issued, in issue order.
#[derive(Debug, Clone)]
pub struct Write {
    pub seq: u64,
    /// The cycle it was issued in (between two kills).
    pub cycle: u32,
    pub kind: Kind,
    /// Answered with 2xx.
    pub acked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A new family; `case` is the id the answer gave, once acknowledged.
    Refer {
        case: Option<i64>,
    },
    AcceptAndAssign {
        case: i64,
    },
    Discharge {
        case: i64,
    },
    EditSummary {
        case: i64,
    },
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Refer { .. } => "referral",
            Kind::AcceptAndAssign { .. } => "accept-and-assign",
            Kind::Discharge { .. } => "discharge",
            Kind::EditSummary { .. } => "weekly summary edit",
        }
    }
}

/// What a writer does, with the state it carries between writes.
#[derive(Debug, Clone)]
pub enum Role {
    Referrer,
    /// Edits the summary of `week` of `case`, last seen at `version`.
    SummaryEditor {
        case: i64,
        week: NaiveDate,
        version: i64,
    },
    /// A course in progress (`None`: the next write refers a new family).
    Course {
        at: Option<(i64, CourseStep, i64)>,
    },
}

/// Where a family of a course writer stands: the case, its next step and
/// its version.
#[derive(Debug, Clone, Copy)]
pub enum CourseStep {
    AcceptAndAssign,
    Discharge,
}

pub struct Writer {
    pub id: usize,
    /// The cycle the writer is writing in now.
    pub cycle: u32,
    pub role: Role,
    pub log: Vec<Write>,
    /// An answer that was neither 2xx nor a broken connection.
    pub problem: Option<String>,
}

/// Why a writer's round ended.
pub enum Stopped {
    /// The connection failed: the server is gone (the expected end).
    ServerGone,
    /// An answer other than 2xx: the workload is broken; the run fails.
    Refused(String),
}

pub fn marker(writer: usize, seq: u64) -> String {
    format!("crash-w{writer:02}-n{seq:07}")
}

impl Writer {
    pub fn new(id: usize, role: Role) -> Self {
        Self {
            id,
            cycle: 1,
            role,
            log: Vec::new(),
            problem: None,
        }
    }

    /// Logs a write as issued, before it is sent: its answer may never come.
    fn issue(&mut self, seq: u64, kind: Kind) {
        self.log.push(Write {
            seq,
            cycle: self.cycle,
            kind,
            acked: false,
        });
    }

    fn next_seq(&self) -> u64 {
        self.log.last().map_or(1, |w| w.seq + 1)
    }

    /// Writes until the server stops answering (or refuses something).
    pub fn round(&mut self, api: &Api, staff: &Staff, today: NaiveDate) -> Stopped {
        loop {
            match self.one_write(api, staff, today) {
                Ok(reply) if !reply.is_success() => {
                    let said = format!(
                        "writer {}: {} answered HTTP {} {}",
                        self.id,
                        self.log.last().map_or("write", |w| w.kind.name()),
                        reply.status,
                        reply.body
                    );
                    self.problem = Some(said.clone());
                    return Stopped::Refused(said);
                }
                Ok(_) => {}
                Err(_) => return Stopped::ServerGone,
            }
        }
    }

    /// Issues the next write: logs it, sends it, marks it acknowledged on
    /// a 2xx answer and moves the writer's state on.
    fn one_write(
        &mut self,
        api: &Api,
        staff: &Staff,
        today: NaiveDate,
    ) -> Result<Reply, ureq::Error> {
        let seq = self.next_seq();
        let mark = marker(self.id, seq);
        let (kind, reply) = match self.role.clone() {
            Role::Referrer | Role::Course { at: None } => {
                let body = referral(staff.team_id, today, &mark);
                self.issue(seq, Kind::Refer { case: None });
                let reply = api.post("/api/v1/cases", Auth::Bearer(&staff.caseworker), &body)?;
                let case = reply.body["id"].as_i64().filter(|_| reply.is_success());
                if let (true, Some(case), Some(version), Role::Course { .. }) =
                    (reply.is_success(), case, reply.version, &self.role)
                {
                    self.role = Role::Course {
                        at: Some((case, CourseStep::AcceptAndAssign, version)),
                    };
                }
                (Kind::Refer { case }, reply)
            }
            Role::Course {
                at: Some((case, CourseStep::AcceptAndAssign, version)),
            } => {
                let kind = Kind::AcceptAndAssign { case };
                self.issue(seq, kind);
                let reply = api.send(
                    false,
                    &format!("/api/v1/cases/{case}/accept-and-assign"),
                    Auth::Bearer(&staff.supervisor),
                    Some(version),
                    &json!({"therapist_id": staff.therapist_id, "start": today}),
                )?;
                if let (true, Some(version)) = (reply.is_success(), reply.version) {
                    self.role = Role::Course {
                        at: Some((case, CourseStep::Discharge, version)),
                    };
                }
                (kind, reply)
            }
            Role::Course {
                at: Some((case, CourseStep::Discharge, version)),
            } => {
                let kind = Kind::Discharge { case };
                self.issue(seq, kind);
                let reply = api.send(
                    false,
                    &format!("/api/v1/cases/{case}/discharge"),
                    Auth::Bearer(&staff.therapist),
                    Some(version),
                    &discharge(today, &mark),
                )?;
                if reply.is_success() {
                    self.role = Role::Course { at: None };
                }
                (kind, reply)
            }
            Role::SummaryEditor {
                case,
                week,
                version,
            } => {
                let kind = Kind::EditSummary { case };
                self.issue(seq, kind);
                let reply = api.send(
                    true,
                    &format!("/api/v1/cases/{case}/weekly-summaries/{week}"),
                    Auth::Bearer(&staff.therapist),
                    Some(version),
                    &summary(week, &mark),
                )?;
                if let (true, Some(version)) = (reply.is_success(), reply.version) {
                    self.role = Role::SummaryEditor {
                        case,
                        week,
                        version,
                    };
                }
                (kind, reply)
            }
        };
        if let Some(last) = self.log.last_mut() {
            last.kind = kind;
            last.acked = reply.is_success();
        }
        Ok(reply)
    }

    /// After a crash: a course writer starts a new family (the one it was
    /// on may be a step further than its answers said); a summary editor
    /// continues from the version the database holds.
    pub fn resume(&mut self, stored_summary_version: Option<i64>) {
        match &mut self.role {
            Role::Course { at } => *at = None,
            Role::SummaryEditor { version, .. } => {
                if let Some(stored) = stored_summary_version {
                    *version = stored;
                }
            }
            Role::Referrer => {}
        }
    }
}

/// A referral of a 15-year-old, eligible, with the marker in the first
/// behaviour's intensity.
pub fn referral(team_id: i64, today: NaiveDate, mark: &str) -> Value {
    let birth = today - Duration::days(15 * 365 + 40);
    json!({
        "team_id": team_id,
        "young_person": {"given_name": "Kasper", "family_name": "Crash", "birth_date": birth},
        "caregivers": [{"given_name": "Lene", "family_name": "Crash", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [{"behaviour": "truancy", "frequency": "3 days a week",
                            "intensity": format!("missed school ({mark})"), "duration": "4 months"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": today}
        }
    })
}

fn discharge(today: NaiveDate, mark: &str) -> Value {
    json!({
        "date": today, "reason": "moved", "clinical_evaluation": format!("The family moved away ({mark})."),
        "goals": [],
        "outcomes": {"living_at_home": true, "in_school_or_working": true, "no_new_arrests": true}
    })
}

/// The assessment a summary editor's family gets once, at set-up.
pub fn assessment() -> Value {
    let systems: Vec<Value> = ["individual", "family", "peers", "school", "community"]
        .iter()
        .map(|s| json!({"system": s, "strengths": "good at football", "needs": "structure in the evenings"}))
        .collect();
    json!({
        "systems": systems,
        "key_participants": [{"name": "Lene", "relation": "mother", "desired_outcome": "Kasper goes to school"}],
        "overarching_goals": [{"goal": "Kasper attends school", "measure": "5 of 5 days for 4 weeks (school register)"}]
    })
}

/// A weekly summary with the marker in what went well.
pub fn summary(week: NaiveDate, mark: &str) -> Value {
    let contact = week + Duration::days(2);
    json!({
        "week_start": week,
        "contacts": [{"date": contact, "minutes": 60, "with": ["mother"], "place": "home", "mode": "face_to_face"}],
        "last_week_goals": [{"goal": "home by 21:00", "attainment": "partly", "note": "3 of 5 nights"}],
        "advances": format!("mother kept the curfew ({mark})"),
        "barriers": "father works nights",
        "fit_drivers": [{"system": "peers", "driver": "older boys after school", "prioritised": true}],
        "next_week_goals": ["home by 21:00 four nights"],
        "overarching_progress": [{"goal": "Kasper attends school", "attainment": "partly"}]
    })
}

/// The Monday of the week before `today`'s.
pub fn last_week(today: NaiveDate) -> NaiveDate {
    today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7)
}
