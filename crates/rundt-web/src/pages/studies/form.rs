//! The study form: what a reader types, drawn from a stored document and
//! read back into one. Rows left wholly blank are skipped; every problem is
//! named by its field so it shows beside the field it belongs to.

use chrono::{Datelike, NaiveDate};
use rundt_app::AppError;
use rundt_domain::country::Country;
use rundt_domain::feasibility::{
    Barrier, ByScenario, CostLine, PostSalary, PotentialFigure, PotentialMeasure, ReferralShare,
    StudyAssumptions, StudyDocument, parse_count, parse_share_percent,
};
use rundt_domain::money::{Currency, Minor, format_amount, parse_amount};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_domain::team::{Ownership, Position};
use rundt_domain::{DomainError, FieldError, msg};

use super::super::form::Fields;
use crate::i18n::Tr;

/// Blank rows offered after the filled ones in the growing lists.
const BLANK_ROWS: usize = 2;
/// Longest lists the form reads.
const MAX_ROWS: usize = 60;

/// A potential row as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct PotentialRow {
    pub municipality: String,
    pub measure: String,
    pub count: String,
    pub source: String,
    pub year: String,
}

/// A scenario triple as typed (percent texts).
#[derive(Debug, Clone, Default)]
pub(super) struct Triple {
    pub low: String,
    pub expected: String,
    pub high: String,
}

/// The whole form as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct StudyForm {
    pub title: String,
    pub team_name: String,
    pub programme_model: String,
    /// `YYYY-MM`.
    pub starts: String,
    /// (code, share percent).
    pub municipalities: Vec<(String, String)>,
    pub potential: Vec<PotentialRow>,
    /// By measure code.
    pub shares: Vec<(String, Triple)>,
    /// (text, note, owner, resolved).
    pub barriers: Vec<(String, String, String, bool)>,
    pub years: String,
    pub ramp_up_months: String,
    pub families_per_therapist: String,
    pub families_per_therapist_source: String,
    pub therapist_salary: String,
    /// (position code, yearly, full-time percent).
    pub posts: Vec<(String, String, String)>,
    pub salary_source: String,
    pub licence_fee: String,
    pub licence_from_year: String,
    pub licence_source: String,
    /// (description, amount, source).
    pub start_up: Vec<(String, String, String)>,
    pub later_training: String,
    pub travel: String,
    pub overhead: String,
    pub placement_cost: String,
    pub placement_months: String,
    pub placement_source: String,
    pub avoided: Triple,
    pub avoided_source: String,
}

/// Basis points as a percent typed in a field ("12,5"), no sign.
pub(super) fn percent_text(tr: Tr, bp: u32) -> String {
    let whole = bp / 100;
    let rest = bp % 100;
    let text = match rest {
        0 => whole.to_string(),
        r if r % 10 == 0 => format!("{whole}.{}", r / 10),
        r => format!("{whole}.{r:02}"),
    };
    tr.notation().write(text)
}

fn amount_text(tr: Tr, minor: Minor) -> String {
    format_amount(minor, tr.code())
}

impl StudyForm {
    /// The form filled from a document; every municipality gets a row per
    /// measure, and the growing lists get blank rows.
    pub(super) fn of(tr: Tr, doc: &StudyDocument, default_year: i32) -> Self {
        let a = &doc.assumptions;
        let mut potential = Vec::new();
        for o in &doc.municipalities {
            for measure in PotentialMeasure::ALL {
                let found = doc
                    .potential
                    .iter()
                    .find(|p| p.municipality == o.municipality_code && p.measure == measure);
                potential.push(match found {
                    Some(p) => PotentialRow {
                        municipality: p.municipality.to_string(),
                        measure: p.measure.as_str().into(),
                        count: p.count.to_string(),
                        source: p.source.clone(),
                        year: p.year.to_string(),
                    },
                    None => PotentialRow {
                        municipality: o.municipality_code.to_string(),
                        measure: measure.as_str().into(),
                        year: default_year.to_string(),
                        ..PotentialRow::default()
                    },
                });
            }
        }
        let shares = PotentialMeasure::ALL
            .iter()
            .map(|m| {
                let found = doc.referral_shares.iter().find(|s| s.measure == *m);
                (
                    m.as_str().to_owned(),
                    found.map_or_else(Triple::default, |s| triple(tr, &s.share_bp)),
                )
            })
            .collect();
        let mut barriers: Vec<_> = doc
            .barriers
            .iter()
            .map(|b| (b.text.clone(), b.note.clone(), b.owner.clone(), b.resolved))
            .collect();
        barriers.extend(std::iter::repeat_n(
            (String::new(), String::new(), String::new(), false),
            BLANK_ROWS,
        ));
        let mut start_up: Vec<_> = a
            .start_up
            .iter()
            .map(|l| {
                (
                    l.description.clone(),
                    amount_text(tr, l.amount),
                    l.source.clone(),
                )
            })
            .collect();
        start_up.extend(std::iter::repeat_n(
            (String::new(), String::new(), String::new()),
            BLANK_ROWS,
        ));
        Self {
            title: doc.title.clone(),
            team_name: doc.team_name.clone(),
            programme_model: doc.programme_model.clone(),
            starts: Month::of(a.starts_on).to_string(),
            municipalities: doc
                .municipalities
                .iter()
                .map(|o| {
                    (
                        o.municipality_code.to_string(),
                        percent_text(tr, o.share_bp),
                    )
                })
                .collect(),
            potential,
            shares,
            barriers,
            years: a.years.to_string(),
            ramp_up_months: a.ramp_up_months.to_string(),
            families_per_therapist: a.families_per_therapist_year.to_string(),
            families_per_therapist_source: a.families_per_therapist_source.clone(),
            therapist_salary: amount_text(tr, a.therapist_salary),
            posts: a
                .posts
                .iter()
                .map(|p| {
                    (
                        p.position.as_str().to_owned(),
                        amount_text(tr, p.yearly),
                        percent_text(tr, p.fte_bp),
                    )
                })
                .collect(),
            salary_source: a.salary_source.clone(),
            licence_fee: amount_text(tr, a.licence_fee_per_year),
            licence_from_year: a.licence_from_year.to_string(),
            licence_source: a.licence_source.clone(),
            start_up,
            later_training: amount_text(tr, a.later_therapist_training),
            travel: amount_text(tr, a.travel_per_year),
            overhead: percent_text(tr, a.overhead_bp),
            placement_cost: amount_text(tr, a.placement_cost_per_year),
            placement_months: a.placement_months.to_string(),
            placement_source: a.placement_source.clone(),
            avoided: triple(tr, &a.avoided_share_bp),
            avoided_source: a.avoided_source.clone(),
        }
    }

    /// The form as posted.
    pub(super) fn posted(f: &Fields) -> Self {
        let rows = |list: &str| f.rows(list, MAX_ROWS);
        Self {
            title: f.text("title"),
            team_name: f.text("team_name"),
            programme_model: f.get("programme_model"),
            starts: f.get("starts"),
            municipalities: (0..rows("municipalities"))
                .map(|i| {
                    (
                        f.get(&format!("municipalities[{i}].code")),
                        f.get(&format!("municipalities[{i}].share")),
                    )
                })
                .collect(),
            potential: (0..rows("potential"))
                .map(|i| PotentialRow {
                    municipality: f.get(&format!("potential[{i}].municipality")),
                    measure: f.get(&format!("potential[{i}].measure")),
                    count: f.get(&format!("potential[{i}].count")),
                    source: f.text(&format!("potential[{i}].source")),
                    year: f.get(&format!("potential[{i}].year")),
                })
                .collect(),
            shares: PotentialMeasure::ALL
                .iter()
                .map(|m| {
                    let at = |s: &str| f.get(&format!("shares.{}.{s}", m.as_str()));
                    (
                        m.as_str().to_owned(),
                        Triple {
                            low: at("low"),
                            expected: at("expected"),
                            high: at("high"),
                        },
                    )
                })
                .collect(),
            barriers: (0..rows("barriers"))
                .map(|i| {
                    (
                        f.text(&format!("barriers[{i}].text")),
                        f.text(&format!("barriers[{i}].note")),
                        f.text(&format!("barriers[{i}].owner")),
                        f.has(&format!("barriers[{i}].resolved")),
                    )
                })
                .collect(),
            years: f.get("years"),
            ramp_up_months: f.get("ramp_up_months"),
            families_per_therapist: f.get("families_per_therapist"),
            families_per_therapist_source: f.text("families_per_therapist_source"),
            therapist_salary: f.get("therapist_salary"),
            posts: (0..rows("posts"))
                .map(|i| {
                    (
                        f.get(&format!("posts[{i}].position")),
                        f.get(&format!("posts[{i}].yearly")),
                        f.get(&format!("posts[{i}].fte")),
                    )
                })
                .collect(),
            salary_source: f.text("salary_source"),
            licence_fee: f.get("licence_fee"),
            licence_from_year: f.get("licence_from_year"),
            licence_source: f.text("licence_source"),
            start_up: (0..rows("start_up"))
                .map(|i| {
                    (
                        f.text(&format!("start_up[{i}].description")),
                        f.get(&format!("start_up[{i}].amount")),
                        f.text(&format!("start_up[{i}].source")),
                    )
                })
                .collect(),
            later_training: f.get("later_training"),
            travel: f.get("travel"),
            overhead: f.get("overhead"),
            placement_cost: f.get("placement_cost"),
            placement_months: f.get("placement_months"),
            placement_source: f.text("placement_source"),
            avoided: Triple {
                low: f.get("avoided.low"),
                expected: f.get("avoided.expected"),
                high: f.get("avoided.high"),
            },
            avoided_source: f.text("avoided_source"),
        }
    }

    /// The document the form says, for `country`; every problem named by
    /// its field. The domain's checks run after, in the use case.
    pub(super) fn document(&self, country: Country) -> Result<StudyDocument, AppError> {
        let mut r = Reader::default();
        let municipalities = self
            .municipalities
            .iter()
            .enumerate()
            .filter_map(|(i, (code, share))| {
                let code = r.take(
                    MunicipalityCode::parse(country, code)
                        .map_err(|e| rename(e, &format!("municipalities[{i}].code"))),
                );
                let share = r.take(parse_share_percent(
                    &format!("municipalities[{i}].share"),
                    share,
                ));
                Some(Ownership {
                    municipality_code: code?,
                    share_bp: share?,
                })
            })
            .collect();
        let mut potential = Vec::new();
        for (i, row) in self.potential.iter().enumerate() {
            if row.count.trim().is_empty() && row.source.trim().is_empty() {
                continue;
            }
            let field = |name: &str| format!("potential[{i}].{name}");
            let municipality = r.take(
                MunicipalityCode::parse(country, &row.municipality)
                    .map_err(|e| rename(e, &field("municipality"))),
            );
            let measure = r.take(
                row.measure
                    .parse::<PotentialMeasure>()
                    .map_err(|e| rename(e, &field("measure"))),
            );
            let count = r.take(parse_count(&field("count"), &row.count));
            let year = r.year(&field("year"), &row.year);
            if let (Some(municipality), Some(measure), Some(count), Some(year)) =
                (municipality, measure, count, year)
            {
                potential.push(PotentialFigure {
                    municipality,
                    measure,
                    count,
                    source: row.source.trim().to_owned(),
                    year,
                });
            }
        }
        let mut referral_shares = Vec::new();
        for (code, t) in &self.shares {
            if t.low.trim().is_empty() && t.expected.trim().is_empty() && t.high.trim().is_empty() {
                continue;
            }
            let Ok(measure) = code.parse::<PotentialMeasure>() else {
                continue;
            };
            if let Some(share_bp) = r.triple(&format!("referral_shares.{code}"), t) {
                referral_shares.push(ReferralShare { measure, share_bp });
            }
        }
        let barriers = self
            .barriers
            .iter()
            .filter(|(text, note, owner, _)| {
                !(text.trim().is_empty() && note.trim().is_empty() && owner.trim().is_empty())
            })
            .map(|(text, note, owner, resolved)| Barrier {
                text: text.trim().to_owned(),
                note: note.trim().to_owned(),
                owner: owner.trim().to_owned(),
                resolved: *resolved,
            })
            .collect();
        let starts_on = match Month::parse(&self.starts).and_then(Month::first_day) {
            Some(day) => Some(day),
            None => {
                r.push("assumptions.starts_on", msg!("study-starts-not-a-month"));
                None
            }
        };
        let posts = self
            .posts
            .iter()
            .enumerate()
            .filter_map(|(i, (position, yearly, fte))| {
                let field = |name: &str| format!("posts[{i}].{name}");
                let position = r.take(
                    position
                        .parse::<Position>()
                        .map_err(|e| rename(e, &field("position"))),
                );
                let yearly = r.take(parse_amount(&field("yearly"), yearly));
                let fte = r.take(parse_share_percent(&field("fte"), fte));
                Some(PostSalary {
                    position: position?,
                    yearly: yearly?,
                    fte_bp: fte?,
                })
            })
            .collect();
        let start_up = self
            .start_up
            .iter()
            .enumerate()
            .filter(|(_, (d, a, s))| {
                !(d.trim().is_empty() && a.trim().is_empty() && s.trim().is_empty())
            })
            .filter_map(|(i, (description, amount, source))| {
                let amount = r.signed_amount(&format!("start_up[{i}].amount"), amount)?;
                Some(CostLine {
                    description: description.trim().to_owned(),
                    amount,
                    source: source.trim().to_owned(),
                })
            })
            .collect();
        let years = r.small("assumptions.years", &self.years);
        let ramp_up_months = r.small("assumptions.ramp_up_months", &self.ramp_up_months);
        let families = r.take(parse_count(
            "assumptions.families_per_therapist_year",
            &self.families_per_therapist,
        ));
        let therapist_salary = r.take(parse_amount(
            "assumptions.therapist_salary",
            &self.therapist_salary,
        ));
        let licence = r.take(parse_amount(
            "assumptions.licence_fee_per_year",
            &self.licence_fee,
        ));
        let licence_from_year = r.small("assumptions.licence_from_year", &self.licence_from_year);
        let later = r.take(parse_amount(
            "assumptions.later_therapist_training",
            &self.later_training,
        ));
        let travel = r.take(parse_amount("assumptions.travel_per_year", &self.travel));
        let overhead = r.take(parse_share_percent(
            "assumptions.overhead_bp",
            &self.overhead,
        ));
        let placement = r.take(parse_amount(
            "assumptions.placement_cost_per_year",
            &self.placement_cost,
        ));
        let placement_months = r.take(parse_count(
            "assumptions.placement_months",
            &self.placement_months,
        ));
        let avoided = r.triple("assumptions.avoided_share_bp", &self.avoided);
        if !r.errors.is_empty() {
            return Err(AppError::Invalid(r.errors));
        }
        let missing = || AppError::invalid("", msg!("required"));
        Ok(StudyDocument {
            title: self.title.trim().to_owned(),
            team_name: self.team_name.trim().to_owned(),
            country,
            programme_model: self.programme_model.trim().to_owned(),
            currency: Currency::of_country(country),
            municipalities,
            potential,
            referral_shares,
            barriers,
            assumptions: StudyAssumptions {
                starts_on: starts_on.ok_or_else(missing)?,
                years: years.ok_or_else(missing)?,
                ramp_up_months: ramp_up_months.ok_or_else(missing)?,
                families_per_therapist_year: families
                    .and_then(|n| u16::try_from(n).ok())
                    .ok_or_else(missing)?,
                families_per_therapist_source: self.families_per_therapist_source.trim().to_owned(),
                therapist_salary: therapist_salary.ok_or_else(missing)?,
                posts,
                salary_source: self.salary_source.trim().to_owned(),
                licence_fee_per_year: licence.ok_or_else(missing)?,
                licence_from_year: licence_from_year.ok_or_else(missing)?,
                licence_source: self.licence_source.trim().to_owned(),
                start_up,
                later_therapist_training: later.ok_or_else(missing)?,
                travel_per_year: travel.ok_or_else(missing)?,
                overhead_bp: overhead.ok_or_else(missing)?,
                placement_cost_per_year: placement.ok_or_else(missing)?,
                placement_months: placement_months
                    .and_then(|n| u16::try_from(n).ok())
                    .ok_or_else(missing)?,
                placement_source: self.placement_source.trim().to_owned(),
                avoided_share_bp: avoided.ok_or_else(missing)?,
                avoided_source: self.avoided_source.trim().to_owned(),
            },
        })
    }
}

fn triple(tr: Tr, t: &ByScenario) -> Triple {
    Triple {
        low: percent_text(tr, t.low),
        expected: percent_text(tr, t.expected),
        high: percent_text(tr, t.high),
    }
}

/// A domain error's messages moved to `field`.
fn rename(e: DomainError, field: &str) -> DomainError {
    let errors = match e {
        DomainError::Invalid(errors) => errors
            .into_iter()
            .map(|fe| FieldError::new(field, fe.message))
            .collect(),
        DomainError::Conflict(m) => vec![FieldError::new(field, m)],
    };
    DomainError::Invalid(errors)
}

/// Collects the problems of the fields read.
#[derive(Default)]
struct Reader {
    errors: Vec<FieldError>,
}

impl Reader {
    fn push(&mut self, field: &str, message: rundt_domain::Message) {
        self.errors.push(FieldError::new(field, message));
    }

    fn take<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DomainError::Invalid(e)) => {
                self.errors.extend(e);
                None
            }
            Err(DomainError::Conflict(m)) => {
                self.errors.push(FieldError::new("", m));
                None
            }
        }
    }

    /// A small whole number (years, months): 0–255.
    fn small(&mut self, field: &str, text: &str) -> Option<u8> {
        let n = self.take(parse_count(field, text))?;
        match u8::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.push(field, msg!("number-too-large", max = 255));
                None
            }
        }
    }

    fn year(&mut self, field: &str, text: &str) -> Option<i32> {
        let n = self.take(parse_count(field, text))?;
        i32::try_from(n).ok()
    }

    /// An amount that may be negative (a grant): a leading '-'.
    fn signed_amount(&mut self, field: &str, text: &str) -> Option<Minor> {
        let t = text.trim();
        let (negative, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let amount = self.take(parse_amount(field, body))?;
        Some(if negative { -amount } else { amount })
    }

    fn triple(&mut self, field: &str, t: &Triple) -> Option<ByScenario> {
        let low = self.take(parse_share_percent(&format!("{field}.low"), &t.low));
        let expected = self.take(parse_share_percent(
            &format!("{field}.expected"),
            &t.expected,
        ));
        let high = self.take(parse_share_percent(&format!("{field}.high"), &t.high));
        Some(ByScenario {
            low: low?,
            expected: expected?,
            high: high?,
        })
    }
}

/// The year before `today`'s: the newest whole year most statistics give.
pub(super) fn last_year(today: NaiveDate) -> i32 {
    today.year() - 1
}
