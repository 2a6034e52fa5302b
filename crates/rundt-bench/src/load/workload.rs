//! Rundt's mixed workload: what each kind of request in the mix file does,
//! as whom, on which families and teams. Everything is chosen at setup from
//! what the acting user may see (their own family list, their own team), so
//! no request answers 403/404 by design; any such answer is an error.

use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

use rundt_domain::period::{Month, MonthRange};
use rundt_domain::totp::{self, TotpSecret};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::conn::{Answer, Conn, Request};
use super::mix::Mix;
use super::open_loop::{Pending, Workload};
use super::server::{PASSWORD, Ready};

/// The kinds of request the mix may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    FamilyList,
    FamilyFile,
    WeeklySummaryWrite,
    TeamPage,
    Dashboard(Scope, Span),
    Login,
    Export,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Team,
    Municipality,
    National,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    TwelveMonths,
    TenYears,
}

/// Every kind with its name in the mix file.
pub const KINDS: [(&str, Kind); 12] = [
    ("family_list", Kind::FamilyList),
    ("family_file", Kind::FamilyFile),
    ("weekly_summary_write", Kind::WeeklySummaryWrite),
    ("team_page", Kind::TeamPage),
    (
        "dashboard_team_12m",
        Kind::Dashboard(Scope::Team, Span::TwelveMonths),
    ),
    (
        "dashboard_team_10y",
        Kind::Dashboard(Scope::Team, Span::TenYears),
    ),
    (
        "dashboard_municipality_12m",
        Kind::Dashboard(Scope::Municipality, Span::TwelveMonths),
    ),
    (
        "dashboard_municipality_10y",
        Kind::Dashboard(Scope::Municipality, Span::TenYears),
    ),
    (
        "dashboard_national_12m",
        Kind::Dashboard(Scope::National, Span::TwelveMonths),
    ),
    (
        "dashboard_national_10y",
        Kind::Dashboard(Scope::National, Span::TenYears),
    ),
    ("login_with_second_factor", Kind::Login),
    ("export_results_csv", Kind::Export),
];

pub fn kind_named(name: &str) -> Option<Kind> {
    KINDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}

/// A family a therapist may read.
#[derive(Debug, Clone)]
struct Family {
    token: String,
    case: i64,
}

/// A weekly summary one therapist edits; one edit at a time (the lock), so
/// the version sent in If-Match is the current one and no 412 comes by
/// design.
#[derive(Debug)]
struct Summary {
    token: String,
    case: i64,
    week: String,
    version: i64,
    content: Value,
}

/// A team as its supervisor sees it.
#[derive(Debug, Clone)]
struct Team {
    id: i64,
    token: String,
    cookie: String,
}

struct LoginAccount {
    username: String,
    secret: TotpSecret,
    /// The last 30-second step a code of this account was used in (a step
    /// is accepted once).
    last_step: AtomicI64,
}

/// The workload, ready to run.
pub struct Rundt {
    mix: Mix,
    kinds: Vec<Kind>,
    therapists: Vec<String>,
    families: Vec<Family>,
    summaries: Vec<Mutex<Summary>>,
    teams: Vec<Team>,
    logins: Vec<LoginAccount>,
    next_login: AtomicUsize,
    national: String,
    manager: String,
    country: String,
    municipality: String,
    last12: MonthRange,
    to: Month,
    ten: Month,
    clock_offset_ms: i64,
}

/// The last seconds of a 30-second step in which a login reserves the next
/// step as well (its password step may end after the boundary).
const STEP_END_MARGIN_SECONDS: i64 = 10;

/// How many accounts logins need: each account logs in at most once per
/// 30-second step, so the pool must cover a step's logins, with room.
pub fn login_accounts_needed(mix: &Mix, rate: f64, teams: usize) -> usize {
    let share = mix
        .requests
        .iter()
        .enumerate()
        .filter(|(_, e)| kind_named(&e.kind) == Some(Kind::Login))
        .map(|(i, _)| mix.share(i))
        .sum::<f64>();
    // Two steps' worth (a code's step may lag the clock by one), plus the
    // setup login of each acting team's supervisor (team pages need a
    // session), even when the mix has no logins of its own.
    (rate * share * 2.0 * totp::PERIOD_SECONDS as f64).ceil() as usize + teams.max(1)
}

fn ok(answer: Answer) -> Result<Answer, String> {
    if answer.is_success() {
        Ok(answer)
    } else {
        Err(answer.describe())
    }
}

fn json_of(answer: &Answer) -> Result<Value, String> {
    serde_json::from_slice(&answer.body).map_err(|e| format!("not JSON: {e}"))
}

impl Rundt {
    /// Reads what the acting users may see and logs the supervisors in.
    pub async fn prepare(
        mix: Mix,
        ready: &Ready,
        clock_offset_ms: i64,
        today: chrono::NaiveDate,
    ) -> Result<Rundt, String> {
        let kinds = mix
            .requests
            .iter()
            .map(|e| {
                kind_named(&e.kind).ok_or_else(|| {
                    let known: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
                    format!(
                        "unknown kind '{}' in the mix; known: {}",
                        e.kind,
                        known.join(", ")
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let to = Month::of(today);
        let mut w = Rundt {
            mix,
            kinds,
            therapists: Vec::new(),
            families: Vec::new(),
            summaries: Vec::new(),
            teams: Vec::new(),
            logins: ready
                .login_users
                .iter()
                .map(|u| {
                    Ok(LoginAccount {
                        username: u.username.clone(),
                        secret: TotpSecret::from_base32(&u.secret_base32)
                            .map_err(|e| e.to_string())?,
                        last_step: AtomicI64::new(i64::MIN),
                    })
                })
                .collect::<Result<_, String>>()?,
            next_login: AtomicUsize::new(0),
            national: ready.national_token.clone(),
            manager: ready.manager_token.clone(),
            country: ready.country.clone(),
            municipality: ready.municipality.clone(),
            last12: MonthRange::last_twelve_months(today),
            to,
            ten: to.minus(119),
            clock_offset_ms,
        };
        let mut conn = Conn::open(ready.port).await?;
        for team in &ready.teams {
            for token in &team.therapist_tokens {
                w.therapists.push(token.clone());
                w.read_caseload(&mut conn, token).await?;
            }
            let cookie = w.log_in(&mut conn, &team.supervisor_username).await?;
            w.teams.push(Team {
                id: team.team,
                token: team.supervisor_token.clone(),
                cookie,
            });
        }
        if w.families.is_empty() || w.teams.is_empty() {
            return Err("the data set gives the therapists no families".into());
        }
        if w.summaries.is_empty() && w.kinds.contains(&Kind::WeeklySummaryWrite) {
            return Err("no weekly summary a therapist may edit".into());
        }
        Ok(w)
    }

    /// A therapist's family list; each family is read; the latest weekly
    /// summary of a family in treatment becomes something to edit (after
    /// checking once that this therapist may edit it).
    async fn read_caseload(&mut self, conn: &mut Conn, token: &str) -> Result<(), String> {
        let list = json_of(&ok(conn
            .send(&Request::get("/api/v1/cases").bearer(token))
            .await?)?)?;
        let cases = list.as_array().cloned().unwrap_or_default();
        for case in cases {
            let Some(id) = case["id"].as_i64() else {
                continue;
            };
            self.families.push(Family {
                token: token.to_owned(),
                case: id,
            });
            if case["status"].as_str() != Some("in_treatment") || self.summaries.len() >= 400 {
                continue;
            }
            let path = format!("/api/v1/cases/{id}/file");
            let file = json_of(&ok(conn.send(&Request::get(&path).bearer(token)).await?)?)?;
            let Some(latest) = file["weekly_summaries"].as_array().and_then(|s| {
                s.iter()
                    .max_by_key(|s| s["summary"]["week_start"].to_string())
            }) else {
                continue;
            };
            let (Some(version), Some(week)) = (
                latest["version"].as_i64(),
                latest["summary"]["week_start"].as_str(),
            ) else {
                continue;
            };
            let mut summary = Summary {
                token: token.to_owned(),
                case: id,
                week: week.to_owned(),
                version,
                content: latest["summary"].clone(),
            };
            // Only what this therapist may edit enters the mix.
            if edit(conn, &mut summary, 0).await.is_ok() {
                self.summaries.push(Mutex::new(summary));
            }
        }
        Ok(())
    }

    /// The server's current 30-second step.
    fn step_now(&self) -> (i64, i64) {
        let server_ms = super::server::wall_ms() + self.clock_offset_ms;
        let seconds = server_ms.div_euclid(1000);
        (seconds, seconds.div_euclid(totp::PERIOD_SECONDS))
    }

    /// Password, then the code: the session cookie.
    async fn log_in(&self, conn: &mut Conn, username: &str) -> Result<String, String> {
        let account = self
            .logins
            .iter()
            .find(|a| a.username == username)
            .ok_or_else(|| format!("{username} has no second factor for the load test"))?;
        self.log_in_as(conn, account, None).await
    }

    async fn log_in_as(
        &self,
        conn: &mut Conn,
        account: &LoginAccount,
        reserved: Option<i64>,
    ) -> Result<String, String> {
        let body = json!({"username": account.username, "password": PASSWORD}).to_string();
        let first = ok(conn
            .send(
                &Request::default()
                    .with_json("POST", body)
                    .path_of("/api/v1/session"),
            )
            .await?)?;
        let csrf = json_of(&first)?["csrf_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let pending = first
            .cookie
            .ok_or_else(|| "the password step set no cookie".to_owned())?;
        let code = self.fresh_code(account, reserved).await;
        let second = ok(conn
            .send(
                &Request::default()
                    .with_json("POST", json!({ "code": code }).to_string())
                    .path_of("/api/v1/session/second-factor")
                    .header("Cookie", pending)
                    .header("X-CSRF-Token", csrf),
            )
            .await?)?;
        second
            .cookie
            .ok_or_else(|| "the second factor set no cookie".to_owned())
    }

    /// A code of a step this account has not used yet: the current step's
    /// when this login reserved it (`reserved`: the last step of its
    /// reservation) or nobody has used it, else (a login of the same account
    /// took it) the next step's, after waiting for it.
    async fn fresh_code(&self, account: &LoginAccount, reserved: Option<i64>) -> String {
        loop {
            let (seconds, step) = self.step_now();
            let covered = reserved.is_some_and(|last| step <= last);
            if covered || account.last_step.fetch_max(step, Ordering::AcqRel) < step {
                return totp::code_at(&account.secret, seconds);
            }
            let into_step = seconds.rem_euclid(totp::PERIOD_SECONDS);
            let wait = u64::try_from(totp::PERIOD_SECONDS - into_step).unwrap_or(1);
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        }
    }

    /// An account that has not used a code in this step yet, and the last
    /// step reserved for this login (round robin from a shared counter).
    /// Near a step's end the next step is reserved too: a password step that
    /// runs past the boundary then still has a step nobody else may use,
    /// instead of waiting up to 30 seconds for the one after.
    fn free_login(&self) -> Option<(&LoginAccount, i64)> {
        let (seconds, step) = self.step_now();
        let into_step = seconds.rem_euclid(totp::PERIOD_SECONDS);
        let until = if into_step >= totp::PERIOD_SECONDS - STEP_END_MARGIN_SECONDS {
            step + 1
        } else {
            step
        };
        let n = self.logins.len();
        let from = self.next_login.fetch_add(1, Ordering::Relaxed);
        (0..n).find_map(|i| {
            let a = self.logins.get((from + i) % n)?;
            let last = a.last_step.load(Ordering::Acquire);
            (last < step
                && a.last_step
                    .compare_exchange(last, until, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok())
            .then_some((a, until))
        })
    }

    fn months(&self, span: Span) -> (Month, Month) {
        match span {
            Span::TwelveMonths => (self.last12.from, self.to),
            Span::TenYears => (self.ten, self.to),
        }
    }

    async fn one(&self, kind: Kind, seq: u64, conn: &mut Conn) -> Result<(), String> {
        let at = |len: usize| usize::try_from(seq).unwrap_or(0) % len.max(1);
        let team = self
            .teams
            .get(at(self.teams.len()))
            .ok_or_else(|| "no team".to_owned())?;
        match kind {
            Kind::FamilyList => {
                let token = self
                    .therapists
                    .get(at(self.therapists.len()))
                    .ok_or_else(|| "no therapist".to_owned())?;
                ok(conn
                    .send(&Request::get("/api/v1/cases").bearer(token))
                    .await?)
                .map(drop)
            }
            Kind::FamilyFile => {
                let f = self
                    .families
                    .get(at(self.families.len()))
                    .ok_or_else(|| "no family".to_owned())?;
                let path = format!("/api/v1/cases/{}/file", f.case);
                ok(conn.send(&Request::get(&path).bearer(&f.token)).await?).map(drop)
            }
            Kind::WeeklySummaryWrite => {
                let n = self.summaries.len();
                let from = at(n);
                // A summary nobody is editing right now, else wait for one.
                let free = (0..n).find_map(|i| self.summaries.get((from + i) % n)?.try_lock().ok());
                let mut summary = match free {
                    Some(s) => s,
                    None => {
                        self.summaries
                            .get(from)
                            .ok_or_else(|| "no summary".to_owned())?
                            .lock()
                            .await
                    }
                };
                edit(conn, &mut summary, seq).await
            }
            Kind::TeamPage => {
                let path = format!("/teams/{}", team.id);
                let req = Request::get(&path).header("Cookie", team.cookie.clone());
                ok(conn.send(&req).await?).map(drop)
            }
            Kind::Dashboard(scope, span) => {
                let (from, to) = self.months(span);
                let (path, token) = match scope {
                    Scope::Team => (format!("team/{}", team.id), &team.token),
                    Scope::Municipality => {
                        (format!("municipality/{}", self.municipality), &self.manager)
                    }
                    Scope::National => (format!("national/{}", self.country), &self.national),
                };
                let path = format!("/api/v1/results/{path}?from={from}&to={to}");
                ok(conn.send(&Request::get(&path).bearer(token)).await?).map(drop)
            }
            Kind::Login => {
                let (account, step) = self.free_login().ok_or_else(|| {
                    "generator: every login account has used this 30-second step".to_owned()
                })?;
                self.log_in_as(conn, account, Some(step)).await.map(drop)
            }
            Kind::Export => {
                let (from, to) = self.months(Span::TwelveMonths);
                let path = format!(
                    "/api/v1/results/team/{}/export?format=csv&table=trend&from={from}&to={to}",
                    team.id
                );
                ok(conn.send(&Request::get(&path).bearer(&team.token)).await?).map(drop)
            }
        }
    }
}

/// Saves `summary` again (its text marks the request), with the version
/// last seen in If-Match, and keeps the new version.
async fn edit(conn: &mut Conn, summary: &mut Summary, seq: u64) -> Result<(), String> {
    let mut content = summary.content.clone();
    if let Some(o) = content.as_object_mut() {
        let advances = o.get("advances").and_then(Value::as_str).unwrap_or("");
        o.insert("advances".into(), format!("{advances} [load {seq}]").into());
    }
    let path = format!(
        "/api/v1/cases/{}/weekly-summaries/{}",
        summary.case, summary.week
    );
    let answer = ok(conn
        .send(
            &Request::default()
                .with_json("PUT", content.to_string())
                .path_of(&path)
                .bearer(&summary.token)
                .header("If-Match", format!("\"{}\"", summary.version)),
        )
        .await?)?;
    summary.version = answer
        .etag
        .as_deref()
        .map(|e| e.trim_start_matches("W/").trim_matches('"'))
        .and_then(|e| e.parse().ok())
        .ok_or_else(|| "a saved summary without an ETag".to_owned())?;
    Ok(())
}

impl Workload for Rundt {
    fn kind_names(&self) -> Vec<String> {
        self.mix.requests.iter().map(|e| e.kind.clone()).collect()
    }

    fn pick(&self, seq: u64) -> usize {
        self.mix.pick(seq)
    }

    fn perform<'a>(&'a self, kind: usize, seq: u64, conn: &'a mut Conn) -> Pending<'a> {
        Box::pin(async move {
            let k = *self
                .kinds
                .get(kind)
                .ok_or_else(|| format!("no kind {kind}"))?;
            self.one(k, seq, conn).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workload of login accounts only, its clock set so the server's time
    /// is `into_step` seconds into a 30-second step.
    fn logins_at(accounts: usize, into_step: i64) -> Rundt {
        let now_ms = super::super::server::wall_ms();
        let now_into_ms = now_ms.rem_euclid(totp::PERIOD_SECONDS * 1000);
        let month = Month::of(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"));
        Rundt {
            mix: Mix {
                about: String::new(),
                requests: Vec::new(),
            },
            kinds: Vec::new(),
            therapists: Vec::new(),
            families: Vec::new(),
            summaries: Vec::new(),
            teams: Vec::new(),
            logins: (0..accounts)
                .map(|i| LoginAccount {
                    username: format!("login{i}"),
                    secret: TotpSecret::from_bytes(vec![7u8; 20]),
                    last_step: AtomicI64::new(i64::MIN),
                })
                .collect(),
            next_login: AtomicUsize::new(0),
            national: String::new(),
            manager: String::new(),
            country: String::new(),
            municipality: String::new(),
            last12: MonthRange {
                from: month,
                to: month,
            },
            to: month,
            ten: month,
            // The middle of second `into_step`, wherever the wall clock is.
            clock_offset_ms: into_step * 1000 + 500 - now_into_ms,
        }
    }

    #[test]
    fn a_login_early_in_a_step_reserves_that_step_only() {
        let w = logins_at(1, 5);
        let (_, step) = w.step_now();
        let (_, reserved) = w.free_login().expect("a free account");
        assert_eq!(reserved, step);
        assert!(
            w.free_login().is_none(),
            "the one account has used this step"
        );
    }

    #[test]
    fn a_login_near_a_steps_end_reserves_the_next_step_too() {
        let w = logins_at(2, 25);
        let (_, step) = w.step_now();
        let (first, reserved) = w.free_login().expect("a free account");
        assert_eq!(reserved, step + 1);
        assert_eq!(first.last_step.load(Ordering::Acquire), step + 1);
        // The other account is still free; then none is.
        assert!(w.free_login().is_some());
        assert!(w.free_login().is_none());
    }

    #[tokio::test]
    async fn a_password_step_that_ends_after_the_boundary_does_not_wait_for_the_next_step() {
        let mut w = logins_at(1, 25);
        let (_, reserved) = w.free_login().expect("a free account");
        // The password step took 10 seconds: the clock is now in the next
        // step, where another login looks for an account.
        w.clock_offset_ms += 10_000;
        assert!(
            w.free_login().is_none(),
            "nobody else takes the step this login may still need"
        );
        let account = w.logins.first().expect("the account");
        let code = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            w.fresh_code(account, Some(reserved)),
        )
        .await
        .expect("the code of the reserved next step, at once");
        let (seconds, step) = w.step_now();
        assert_eq!(step, reserved);
        assert_eq!(code, totp::code_at(&account.secret, seconds));
    }
}
