//! Starting a team: the feasibility study a municipality (or several
//! together) makes before a team is started — the potential, the expected
//! referrals, the barriers — and what follows from it: the therapists
//! needed, the staffing ramp month by month, the yearly cost against the
//! placements avoided and the year it breaks even, in three scenarios; and,
//! once the team works, its plan against what happened. docs/START-UP.md.

mod types;

pub use types::*;
