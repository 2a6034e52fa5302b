//! Who opened a demo family, so the audit log has people in it: the
//! family's therapist and supervisor reading it as they do every week, and,
//! in each country, a colleague on call opening one family by break-glass
//! with the reason they gave. The auditors find these by name, by the
//! young person's national id, and on their list of break-glass accesses.

use rundt_app::{Actor, App, AppError, AppResult, auth, cases};
use rundt_domain::id::CaseId;
use rundt_domain::user::User;
use serde::Deserialize;

/// Who opens a demo family once its course is in place.
#[derive(Default, Deserialize)]
pub(super) struct Opened {
    /// Usernames of those who open it, in order.
    #[serde(default)]
    by: Vec<String>,
    /// A colleague on call who opens it by break-glass.
    #[serde(default)]
    break_glass: Option<BreakGlass>,
}

#[derive(Deserialize)]
struct BreakGlass {
    by: String,
    /// The reason the colleague gave, in the team's language.
    reason: String,
}

async fn acting_as(app: &App, everyone: &[User], username: &str) -> AppResult<Actor> {
    let user = everyone
        .iter()
        .find(|u| u.username == username)
        .ok_or_else(|| AppError::Internal(format!("demo user {username} missing")))?;
    auth::act_as(app, user.id).await
}

/// Each of `opened.by` reads the family, then the break-glass colleague
/// asks for access and reads it (one audit event per person each time).
pub(super) async fn open_family(
    app: &App,
    everyone: &[User],
    id: CaseId,
    opened: &Opened,
) -> AppResult<()> {
    for username in &opened.by {
        let actor = acting_as(app, everyone, username).await?;
        cases::read_case(app, &actor, id).await?;
    }
    if let Some(glass) = &opened.break_glass {
        let actor = acting_as(app, everyone, &glass.by).await?;
        let Actor::User(who) = &actor else {
            return Err(AppError::Internal("a demo colleague is a person".into()));
        };
        cases::break_glass(app, who, id, &glass.reason).await?;
        cases::read_case(app, &actor, id).await?;
    }
    Ok(())
}
