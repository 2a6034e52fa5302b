//! What the API answers with where a use case hands back a stored record:
//! the wire format is decided here, not by the storage rows.

use chrono::{DateTime, NaiveDate, Utc};
use rundt_app::records::{ApiToken, BreakGlassGrant, SupervisionRecord, TeamMember};
use rundt_domain::team::{Position, TeamId};
use serde::Serialize;

use rundt_app::auth::{Enrolment, IssuedSession, NextStep};
use rundt_app::cases::CaseView;
use rundt_app::treatment::Assignment;
use rundt_domain::caseload::CaseloadLevel;

use crate::error::{ApiError, english};

/// A person's position in a team over a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamMemberView {
    /// The membership's id (to end it).
    pub id: i64,
    pub team_id: TeamId,
    pub user_id: i64,
    pub display_name: String,
    pub position: Position,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl From<TeamMember> for TeamMemberView {
    fn from(m: TeamMember) -> Self {
        Self {
            id: m.id,
            team_id: m.team_id,
            user_id: m.user_id,
            display_name: m.display_name,
            position: m.position,
            since: m.since,
            until: m.until,
        }
    }
}

/// A personal API token (never its secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApiTokenView {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for ApiTokenView {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            user_id: t.user_id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// Time-limited access to another therapist's family, for a stated reason.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BreakGlassGrantView {
    pub id: i64,
    pub case_id: i64,
    pub team_id: TeamId,
    pub user_id: i64,
    pub user_name: String,
    pub reason: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<BreakGlassGrant> for BreakGlassGrantView {
    fn from(g: BreakGlassGrant) -> Self {
        Self {
            id: g.id,
            case_id: g.case_id,
            team_id: g.team_id,
            user_id: g.user_id,
            user_name: g.user_name,
            reason: g.reason,
            granted_at: g.granted_at,
            expires_at: g.expires_at,
        }
    }
}

/// A recommendation for one family from a meeting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FamilyRecommendation {
    pub case_id: i64,
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

impl TryFrom<SupervisionRecord> for SupervisionView {
    type Error = ApiError;

    fn try_from(r: SupervisionRecord) -> Result<Self, ApiError> {
        let attendees = serde_json::from_str(&r.attendees).map_err(|e| {
            ApiError::from(rundt_app::AppError::Internal(format!(
                "stored attendees unreadable: {e}"
            )))
        })?;
        Ok(Self {
            id: r.id,
            team_id: r.team_id,
            held_on: r.held_on,
            kind: r.kind,
            attendees,
            recommendations: r
                .recommendations
                .into_iter()
                .map(|(case_id, recommendation)| FamilyRecommendation {
                    case_id,
                    recommendation,
                })
                .collect(),
        })
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
