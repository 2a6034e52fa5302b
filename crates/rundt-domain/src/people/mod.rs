//! The team's people: their training, their attendance at the weekly
//! supervision and consultation, the method boosters, their individual
//! development plans and the team's rating of its consultant. Staff
//! turnover is a known threat to fidelity; these rules flag what someone
//! has to act on.

mod types;

pub use types::*;
