//! Starting a team: the feasibility study a municipality (or several
//! together) makes before a team is started — the potential, the expected
//! referrals, the barriers — and what follows from it: the therapists
//! needed, the staffing ramp month by month, the yearly cost against the
//! placements avoided and the year it breaks even, in three scenarios; and,
//! once the team works, its plan against what happened. docs/START-UP.md.

mod check;
mod compare;
mod defaults;
mod import;
mod input;
mod norms;
mod project;
mod split;
mod types;

#[cfg(test)]
mod fixture;

pub use check::{
    MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_SOURCE_CHARS, POTENTIAL_YEARS, check_assumptions,
    check_study,
};
pub use compare::plan_against_actual;
pub use defaults::{DK_START_UP_SOURCE, default_assumptions};
pub use import::{MAX_CSV_ROWS, parse_potential_csv};
pub use input::{MAX_COUNT, parse_count, parse_share_percent};
pub use norms::{families_per_therapist_year, treatment_months};
pub use project::{SCENARIOS, families_per_year, project, project_scenario};
pub use split::{MunicipalityPart, split_by_share};
pub use types::*;
