//! Records that cross the storage boundary and are not domain types.

use chrono::NaiveDate;
use rundt_domain::audit::RecordedEvent;
use rundt_domain::municipality::Municipality;
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{Position, Team, TeamId};
use rundt_domain::user::UserId;
use serde::Serialize;

/// A person's position in a team over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub id: i64,
    pub team_id: TeamId,
    pub user_id: UserId,
    pub display_name: String,
    pub position: Position,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// A team with what its page shows beside it on a day: its programme
/// model, its members and its owners' names ([`crate::Store::team_at`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamAt {
    pub team: Team,
    /// None only if the team names a model that is not stored.
    pub model: Option<ProgrammeModel>,
    /// Memberships current on the day, ordered by position then name.
    pub members: Vec<TeamMember>,
    /// Each owner's municipality name on the day, in the order of
    /// `team.owners` (none: the code names no municipality that day).
    pub owner_names: Vec<Option<String>>,
}

/// A place in a team for a person whose account is being created
/// ([`crate::Store::create_user_in_team`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewMembership {
    pub team_id: TeamId,
    pub position: Position,
    /// First day in the position.
    pub since: NaiveDate,
}

/// The reference data Rundt ships with.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    pub programme_models: Vec<ProgrammeModel>,
    pub national_offices: Vec<NationalOffice>,
    pub municipalities: Vec<Municipality>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceSyncReport {
    pub programme_models_added: u32,
    pub national_offices_added: u32,
    pub municipalities_added: u32,
    pub municipalities_updated: u32,
}

impl ReferenceSyncReport {
    /// Whether the sync added or renamed what dashboards show (a programme
    /// model, a municipality): the store then raises the summary tables'
    /// version in the sync's transaction, so names kept under an older
    /// version are read again.
    pub fn changes_dashboards(&self) -> bool {
        self.programme_models_added + self.municipalities_added + self.municipalities_updated > 0
    }
}

/// An audit event as stored, with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAuditEvent {
    pub seq: i64,
    pub event: RecordedEvent,
    pub prev_hash: String,
    pub hash: String,
}
