//! The team's people (issue 15): training records with certificates, the
//! supervisor's exceptions to the initial training, attendance at the
//! weekly supervision and consultation, method boosters, individual
//! development plans and the team's rating of its consultant; the flags
//! and figures made of them, and the reminders on the start pages.
//!
//! The rules are the domain's ([`rundt_domain::people`]); this module
//! loads what they need, asks who may ([`rundt_domain::access`]), and
//! stores changes with their audit event. A person sees their own record,
//! the supervisor and consultant their team's people, the national office
//! and the owning municipalities' managers a team's figures only.

mod boosters;
mod cam;
mod load;
mod overview;
mod person;
mod plans;
mod reminders;
mod team;
mod training;

pub use boosters::{add_booster, hold_booster};
pub use cam::{CamDue, cam_due, rate_consultant};
pub use overview::{TeamFiguresRow, municipality_people, national_people};
pub use person::{MeetingLine, PersonInTeam, PersonRecord, person_record};
pub use plans::{PlanView, plan_history, plan_view, review_plan, save_plan};
pub use reminders::{PeopleReminder, people_reminders, team_reminders_for};
pub use team::{TeamPeople, TeamPersonRow, team_people};
pub(crate) use training::check_may_take_families;
pub use training::{
    CertificateUpload, certificate, record_initial_training, record_training,
    record_training_exception,
};

use rundt_domain::access::{Action, Principal, authorize};
use rundt_domain::audit::{AuditAction, AuditEvent, Object};

use crate::organisation::TeamOverview;
use crate::{Actor, App};

/// Whether `who` sees the people figures of the team an overview shows
/// (the team page asks, to link to the people page).
pub fn may_view_figures(who: &Principal, team: &TeamOverview) -> bool {
    authorize(who, &Action::ViewPeopleFigures(&team.scope())).is_allowed()
}

/// Whether `who` sees the national people overview of their country.
pub fn may_view_national(who: &Principal) -> bool {
    authorize(who, &Action::ViewNationalAggregates(who.country)).is_allowed()
}

pub(crate) fn event(app: &App, actor: &Actor, action: AuditAction, object: Object) -> AuditEvent {
    actor.event(app.clock.now(), action, object)
}

/// Who wrote a record now: the actor, at the clock's now.
pub(crate) fn written(app: &App, actor: &Actor) -> rundt_store::Written {
    rundt_store::Written {
        by: actor.principal().map(|p| p.user_id),
        at: app.clock.now(),
    }
}
