//! Finding a family: the families one may see, with the young person's name
//! and age, searched by name or national identifier.
//!
//! The list is the cases [`crate::cases::list_cases`] lets the actor see;
//! the names shown are read with one audit event per person
//! (`case.list`), so a person's access log tells who saw them in a list.

use chrono::NaiveDate;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::family_search::{self, FamilySearch};
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_store::{ListedPerson, ParticipantRole, PeopleSearch};
use serde::Serialize;

use crate::cases::{CaseSummary, list_cases_in};
use crate::{Actor, App, AppError, AppResult};

/// Which families a list holds before any search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Showing {
    /// Referred, waiting or in treatment.
    #[default]
    Current,
    /// Every family one may see, discharged and closed ones too.
    All,
    /// Families in one state.
    Status(CaseStatus),
}

impl Showing {
    /// The statuses of the families shown (`None`: all).
    fn statuses(self) -> Option<Vec<CaseStatus>> {
        match self {
            Self::Current => Some(
                CaseStatus::ALL
                    .into_iter()
                    .filter(|s| s.is_current())
                    .collect(),
            ),
            Self::All => None,
            Self::Status(s) => Some(vec![s]),
        }
    }
}

/// A person named in the list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListedName {
    pub person_id: PersonId,
    pub role: ParticipantRole,
    pub given_name: String,
    pub family_name: String,
    /// Whole years today (in the case's country), when the birth date is known.
    pub age: Option<u32>,
}

/// A family in the list: its case, its young persons, and whoever else the
/// search found (a caregiver found by name or national identifier).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyRow {
    pub case: CaseSummary,
    pub young_persons: Vec<ListedName>,
    pub also_found: Vec<ListedName>,
}

/// The families the actor may see that `showing` keeps and `search` (as
/// typed; blank for none) finds, newest first. A search looks through
/// every family one may see, whatever `showing` says, so that a
/// discharged family is found by name too. A malformed national
/// identifier or a one-letter name is refused on the field `q`.
pub async fn find_families(
    app: &App,
    actor: &Actor,
    showing: Showing,
    search: &str,
) -> AppResult<Vec<FamilyRow>> {
    let country = actor.principal().map_or(Country::DK, |p| p.country);
    let search = family_search::parse(country, search)?;
    // A search looks through every family one may see; else only the
    // families shown are read.
    let statuses = if search.is_some() {
        None
    } else {
        showing.statuses()
    };
    let cases: Vec<CaseSummary> = list_cases_in(app, actor, statuses).await?;
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let people_search = search.map(|s| match s {
        FamilySearch::Name(q) => PeopleSearch::Name(q),
        FamilySearch::NationalId(id) => {
            PeopleSearch::NationalIdIndex(app.keys.national_id_indexes(&id))
        }
    });
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let event = actor.event(
        app.clock.now(),
        AuditAction::CaseList,
        Object::of(ObjectKind::Case),
    );
    let people = app
        .store
        .family_list_people(&ids, people_search.as_ref(), &event)
        .await?;
    let today = country.local_date(app.clock.now());
    Ok(rows(cases, people, today, people_search.is_some()))
}

/// Puts each case together with its people; after a search, only the
/// cases the store found somebody in.
fn rows(
    cases: Vec<CaseSummary>,
    people: Vec<ListedPerson>,
    today: NaiveDate,
    searched: bool,
) -> Vec<FamilyRow> {
    cases
        .into_iter()
        .filter_map(|case| {
            let mine: Vec<&ListedPerson> = people.iter().filter(|p| p.case_id == case.id).collect();
            if searched && mine.is_empty() {
                return None;
            }
            let name = |p: &&ListedPerson| ListedName {
                person_id: p.participant.person.id,
                role: p.participant.role,
                given_name: p.participant.person.given_name.clone(),
                family_name: p.participant.person.family_name.clone(),
                age: p
                    .participant
                    .person
                    .birth_date
                    .and_then(|born| today.years_since(born)),
            };
            let young_persons = mine
                .iter()
                .filter(|p| p.participant.role == ParticipantRole::YoungPerson)
                .map(name)
                .collect();
            let also_found = mine
                .iter()
                .filter(|p| p.found && p.participant.role != ParticipantRole::YoungPerson)
                .map(name)
                .collect();
            Some(FamilyRow {
                case,
                young_persons,
                also_found,
            })
        })
        .collect()
}

/// Reads `?show=` of a list: `current` (the default), `all`, or a state.
pub fn showing(raw: Option<&str>) -> AppResult<Showing> {
    match raw.map(str::trim) {
        None | Some("") | Some("current") => Ok(Showing::Current),
        Some("all") => Ok(Showing::All),
        Some(code) => code
            .parse::<CaseStatus>()
            .map(Showing::Status)
            .map_err(AppError::from),
    }
}
