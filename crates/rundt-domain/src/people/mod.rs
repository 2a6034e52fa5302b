//! The team's people: their training, their attendance at the weekly
//! supervision and consultation, the method boosters, their individual
//! development plans and the team's rating of its consultant. Staff
//! turnover is a known threat to fidelity; these rules flag what someone
//! has to act on.

mod attendance;
mod booster;
mod cam;
mod certificate;
mod figures;
mod plan;
mod training;
mod types;

pub use attendance::{
    ATTENDANCE_WINDOW_WEEKS, MISSED_WEEKS_FLAG, attendance_percent, validate_attendance,
    weeks_missed, window,
};
pub use booster::{BOOSTERS_PER_YEAR, person_boosters, team_boosters};
pub use cam::{
    CAM_INTERVAL_DAYS, CAM_ITEMS, CAM_MIN_ANSWERED, CAM_MIN_RATINGS, cam_figure, cam_next_due,
};
pub use certificate::{MAX_CERTIFICATE_BYTES, certificate_type, check_certificate};
pub use figures::{PeopleInputs, person_flags, team_figures, turnover};
pub use plan::{MAX_GOALS, plan_due};
pub use training::{
    check_exception_reason, initial_training, may_take_families, required_training,
};
pub use types::*;
