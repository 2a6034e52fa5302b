//! The reads and logins of ten years, day by day: who in the data set
//! opens what on a working day, as the audit events the use cases would
//! have written (same actions, objects and people), merged in time order
//! with the events already in the log.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind, RecordedEvent};
use rundt_domain::id::{PersonId, UserId};

/// An account of the data set.
pub struct User {
    pub id: i64,
    pub role: String,
    pub teams: Vec<i64>,
}

/// A family's case: whose it is, who is in it, and when it was worked on.
pub struct Case {
    pub id: i64,
    pub team_id: i64,
    pub therapist_id: Option<i64>,
    pub people: Vec<i64>,
}

/// What the generator reads from the data set.
pub struct Population {
    pub users: Vec<User>,
    pub cases: Vec<Case>,
    /// The events already in the log, oldest first (by time, then seq).
    pub existing: Vec<RecordedEvent>,
}

/// How much each kind of user reads on a working day.
#[derive(Clone, Copy)]
pub struct Habits {
    /// Family-list views per therapist per day (one event per listed person).
    pub family_lists: u32,
    /// Family files opened per therapist per day (one event per person).
    pub family_files: u32,
}

impl Habits {
    pub fn scaled(scale: f64) -> Self {
        let n = |base: f64| (base * scale).round().max(0.0) as u32;
        Self {
            family_lists: n(3.0),
            family_files: n(4.0),
        }
    }
}

/// A small deterministic generator (splitmix64): the same data set gives
/// the same log.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// How long a family is read daily after its case is opened.
const TREATMENT_DAYS: u64 = 140;

/// The day-by-day generator.
pub struct Plan<'a> {
    pop: &'a Population,
    habits: Habits,
    /// Each case's working window: from the first day the log has a write
    /// about it, to the last one or the end of treatment, whichever comes
    /// first. A therapist reads a family while treating it.
    windows: HashMap<i64, (NaiveDate, NaiveDate)>,
    by_therapist: HashMap<i64, Vec<usize>>,
    by_team: HashMap<i64, Vec<usize>>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Nothing is generated at or after this instant (the data set's "now").
    end: DateTime<Utc>,
    next_existing: usize,
    rng: Rng,
}

impl<'a> Plan<'a> {
    pub fn new(pop: &'a Population, habits: Habits) -> Option<Self> {
        let first = pop.existing.first()?.at;
        let end = pop.existing.last()?.at;
        let mut windows: HashMap<i64, (NaiveDate, NaiveDate)> = HashMap::new();
        for e in &pop.existing {
            if e.object_kind == ObjectKind::Case.as_str()
                && let Some(id) = e.object_id
            {
                let day = e.at.date_naive();
                let w = windows.entry(id).or_insert((day, day));
                w.0 = w.0.min(day);
                w.1 = w.1.max(day);
            }
        }
        // A family is in treatment for about twenty weeks from its first
        // write; later writes (follow-ups, retention) are not daily work.
        for w in windows.values_mut() {
            w.1 = w.1.min(w.0 + chrono::Days::new(TREATMENT_DAYS));
        }
        let mut by_therapist: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut by_team: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, c) in pop.cases.iter().enumerate() {
            if !windows.contains_key(&c.id) || c.people.is_empty() {
                continue;
            }
            if let Some(t) = c.therapist_id {
                by_therapist.entry(t).or_default().push(i);
            }
            by_team.entry(c.team_id).or_default().push(i);
        }
        Some(Self {
            pop,
            habits,
            windows,
            by_therapist,
            by_team,
            first_day: first.date_naive(),
            last_day: end.date_naive(),
            end,
            next_existing: 0,
            rng: Rng::new(0x5EED_A0D1),
        })
    }

    pub fn days(&self) -> i64 {
        (self.last_day - self.first_day).num_days() + 1
    }

    /// The events of `day`, the existing ones and the generated ones, in
    /// time order (an existing event first when two share an instant).
    pub fn day(&mut self, day: NaiveDate) -> Vec<RecordedEvent> {
        let mut out = Vec::new();
        while let Some(e) = self.pop.existing.get(self.next_existing) {
            if e.at.date_naive() > day {
                break;
            }
            out.push(e.clone());
            self.next_existing += 1;
        }
        let existing = out.len();
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            self.working_day(day, &mut out);
        }
        let end = self.end;
        let mut generated = out.split_off(existing);
        generated.retain(|e| e.at < end);
        out.extend(generated);
        out.sort_by_key(|e| e.at);
        out
    }

    fn open_cases(&self, cases: Option<&Vec<usize>>, day: NaiveDate) -> Vec<&'a Case> {
        let pop = self.pop;
        cases
            .map(|v| {
                v.iter()
                    .map(|i| &pop.cases[*i])
                    .filter(|c| {
                        self.windows
                            .get(&c.id)
                            .is_some_and(|(from, to)| *from <= day && day <= *to)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn working_day(&mut self, day: NaiveDate, out: &mut Vec<RecordedEvent>) {
        let Some(start) = day.and_hms_opt(6, 30, 0).map(|t| t.and_utc()) else {
            return;
        };
        let friday = day.weekday() == Weekday::Fri;
        let monday = day.weekday() == Weekday::Mon;
        let pop = self.pop;
        for user in &pop.users {
            let mut s = Session {
                user,
                at: start + Duration::seconds(self.rng.below(7200) as i64),
            };
            match user.role.as_str() {
                "therapist" => {
                    let open = self.open_cases(self.by_therapist.get(&user.id), day);
                    if open.is_empty() {
                        continue;
                    }
                    s.login(&mut self.rng, out);
                    for _ in 0..self.habits.family_lists {
                        s.pause(&mut self.rng, 3600);
                        for c in &open {
                            s.people(out, AuditAction::CaseList, c);
                        }
                    }
                    for _ in 0..self.habits.family_files {
                        s.pause(&mut self.rng, 1800);
                        let c = open[self.rng.below(open.len() as u64) as usize];
                        s.people(out, AuditAction::CaseRead, c);
                    }
                    if friday {
                        // The week's summaries, read before writing them.
                        for c in &open {
                            s.pause(&mut self.rng, 300);
                            s.people(out, AuditAction::CaseRead, c);
                        }
                    }
                }
                "supervisor" => {
                    s.login(&mut self.rng, out);
                    for team in &user.teams {
                        s.pause(&mut self.rng, 1800);
                        s.one(
                            out,
                            AuditAction::TeamRead,
                            Object::keyed(ObjectKind::Team, *team),
                        );
                        s.pause(&mut self.rng, 1800);
                        s.one(
                            out,
                            AuditAction::ResultsTeam,
                            Object::keyed(ObjectKind::Team, *team),
                        );
                        if monday {
                            // The supervision agenda: each family of the team.
                            for c in self.open_cases(self.by_team.get(team), day) {
                                s.pause(&mut self.rng, 120);
                                s.people(out, AuditAction::CaseRead, c);
                            }
                        }
                    }
                }
                "municipal_manager" | "national_admin" if monday => {
                    s.login(&mut self.rng, out);
                    s.pause(&mut self.rng, 1800);
                    let (action, kind) = if user.role == "national_admin" {
                        (AuditAction::ResultsNational, ObjectKind::Country)
                    } else {
                        (AuditAction::ResultsMunicipality, ObjectKind::Municipality)
                    };
                    s.one(out, action, Object::of(kind));
                }
                _ => {}
            }
        }
    }
}

/// One user's working day, moving forward in time.
struct Session<'u> {
    user: &'u User,
    at: DateTime<Utc>,
}

impl Session<'_> {
    fn pause(&mut self, rng: &mut Rng, max_seconds: u64) {
        // Whole microseconds, as the stores keep them.
        self.at += Duration::microseconds((rng.below(max_seconds * 1_000_000) + 1) as i64);
    }

    fn event(&self, action: AuditAction, object: Object) -> AuditEvent {
        let mut e = AuditEvent::system(self.at, &self.user.role, action, object.kind);
        e.actor_user_id = Some(UserId::new(self.user.id));
        e.object_id = object.id;
        e
    }

    fn one(&self, out: &mut Vec<RecordedEvent>, action: AuditAction, object: Object) {
        out.push(self.event(action, object).recorded());
    }

    /// A login with second factor, as `auth` records it.
    fn login(&mut self, rng: &mut Rng, out: &mut Vec<RecordedEvent>) {
        let account = Object::keyed(ObjectKind::User, self.user.id);
        self.one(out, AuditAction::LoginPasswordOk, account);
        self.pause(rng, 30);
        for action in [
            AuditAction::SessionUpgrade,
            AuditAction::LoginSuccess,
            AuditAction::SessionCreate,
        ] {
            self.one(out, action, account);
        }
    }

    /// One event per person of the case, as reading a family writes them.
    fn people(&self, out: &mut Vec<RecordedEvent>, action: AuditAction, case: &Case) {
        let mut e = self.event(action, Object::keyed(ObjectKind::Case, case.id));
        for p in &case.people {
            e.person_id = Some(PersonId::new(*p));
            out.push(e.recorded());
        }
    }
}
