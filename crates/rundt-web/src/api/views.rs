//! What the API answers with where a use case hands back a stored record:
//! the wire format is decided here, not by the storage rows.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_app::records::{ApiToken, BreakGlassGrant, SupervisionRecord, TeamMember};
use rundt_domain::id::{CaseId, UserId};
use rundt_domain::team::{Position, TeamId};
use serde::Serialize;

use rundt_app::auth::{Enrolment, IssuedSession, NextStep};
use rundt_app::cases::CaseView;
use rundt_app::treatment::Assignment;
use rundt_domain::caseload::CaseloadLevel;

use crate::error::english;

/// Declares the wire view of a stored record: a struct with the fields the
/// API shows, each taken over unchanged from the record's field of the same
/// name, so the list is written once and the conversion cannot drift from it.
macro_rules! view_of {
    (
        $(#[$meta:meta])*
        $view:ident from $record:ty {
            $($(#[$field_meta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
        pub struct $view {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        impl From<$record> for $view {
            fn from(record: $record) -> Self {
                Self {
                    $($field: record.$field,)*
                }
            }
        }
    };
}

view_of! {
    /// A person's position in a team over a period.
    TeamMemberView from TeamMember {
        /// The membership's id (to end it).
        id: i64,
        team_id: TeamId,
        user_id: UserId,
        display_name: String,
        position: Position,
        since: NaiveDate,
        until: Option<NaiveDate>,
    }
}

view_of! {
    /// A personal API token (never its secret).
    ApiTokenView from ApiToken {
        id: i64,
        user_id: UserId,
        name: String,
        created_at: DateTime<Utc>,
        last_used_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
        scope: rundt_domain::api_token::TokenScope,
        expires_at: DateTime<Utc>,
    }
}

view_of! {
    /// Time-limited access to another therapist's family, for a stated reason.
    BreakGlassGrantView from BreakGlassGrant {
        id: i64,
        case_id: CaseId,
        team_id: TeamId,
        user_id: UserId,
        user_name: String,
        reason: String,
        granted_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    }
}

/// A recommendation for one family from a meeting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FamilyRecommendation {
    pub case_id: CaseId,
    pub recommendation: String,
}

/// A weekly supervision or consultation meeting of a team.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionView {
    pub id: i64,
    pub team_id: TeamId,
    pub held_on: NaiveDate,
    /// `supervision` or `consultation`.
    pub kind: String,
    /// Names of those present.
    pub attendees: Vec<String>,
    pub recommendations: Vec<FamilyRecommendation>,
}

impl From<SupervisionRecord> for SupervisionView {
    fn from(r: SupervisionRecord) -> Self {
        Self {
            id: r.id,
            team_id: r.team_id,
            held_on: r.held_on,
            kind: r.kind,
            attendees: r.attendees,
            recommendations: r
                .recommendations
                .into_iter()
                .map(|(case_id, recommendation)| FamilyRecommendation {
                    case_id,
                    recommendation,
                })
                .collect(),
        }
    }
}

/// A therapist's load after an assignment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub case: CaseView,
    /// The therapist's name.
    pub therapist_name: String,
    /// Families the therapist now holds.
    pub open_families: u32,
    pub caseload: CaseloadLevel,
    /// Set when the caseload is above the model's maximum.
    pub warning: Option<Notice>,
}

/// Something the API says beside a success: the message's code in the
/// catalogues and its text in English.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Notice {
    pub code: String,
    pub message: String,
}

impl From<Assignment> for AssignmentView {
    fn from(a: Assignment) -> Self {
        Self {
            case: a.case,
            therapist_name: a.therapist_name,
            open_families: a.open_families,
            caseload: a.caseload,
            warning: a.warning.map(|m| Notice {
                code: m.code.to_owned(),
                message: english(&m),
            }),
        }
    }
}

/// What a login step answers: the next step and the session's CSRF token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionAnswer {
    /// `enrol` (set up the authenticator first), `verify` (type a code) or
    /// `done`.
    pub next: &'static str,
    /// Echo this in `X-CSRF-Token` on unsafe requests.
    pub csrf_token: String,
}

impl From<IssuedSession> for SessionAnswer {
    fn from(s: IssuedSession) -> Self {
        Self {
            next: match s.next {
                Some(NextStep::Enrol) => "enrol",
                Some(NextStep::Verify) => "verify",
                None => "done",
            },
            csrf_token: s.csrf_token,
        }
    }
}

/// The authenticator secret of an enrolling user.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrolmentAnswer {
    /// Base32 secret for manual entry.
    pub secret: String,
    /// `otpauth://` URI (what the QR code holds).
    pub otpauth_uri: String,
}

impl From<Enrolment> for EnrolmentAnswer {
    fn from(e: Enrolment) -> Self {
        Self {
            secret: e.secret_base32,
            otpauth_uri: e.otpauth_uri,
        }
    }
}
