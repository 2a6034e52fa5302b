//! The gaps of many teams at once: the national office's view of which
//! teams have gaps, and the supervisor's gaps and findings on the start
//! page.

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::TeamId;
use rundt_domain::message::Message;
use rundt_domain::msg;
use rundt_domain::user::Role;

use super::load;
use super::rota::{coverage, notices};
use crate::organisation::manages_teams;
use crate::{Actor, App, AppResult, access};

/// A team's coverage of the coming weeks, in numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamGaps {
    pub team_id: TeamId,
    pub name: String,
    pub country: Country,
    pub gaps: usize,
    /// People on call during leave or beyond the team's limits.
    pub findings: usize,
    /// The team has published its rota.
    pub published: bool,
    /// The share of this year so far the rota covered.
    pub year: rundt_domain::oncall::figures::Coverage,
}

/// Every team of the national office's country with its gaps and
/// findings of the coming weeks (teams with gaps first). Audited; anyone
/// else is refused.
pub async fn teams_with_gaps(app: &App, actor: &Actor) -> AppResult<Vec<TeamGaps>> {
    let action = AuditAction::OnCallGaps;
    let object = Object::of(ObjectKind::OnCallRota);
    let country = match actor.principal() {
        Some(p) if manages_teams(p, p.country) => Some(p.country),
        Some(p) => {
            return Err(
                access::refuse(app, p, action, object, msg!("oncall-gaps-not-allowed")).await,
            );
        }
        None => None,
    };
    let mut out = Vec::new();
    for team in app.store.list_teams().await? {
        if country.is_some_and(|c| c != team.country) {
            continue;
        }
        let loaded = load(app, team.id).await?;
        let c = coverage(app, &loaded).await?;
        out.push(TeamGaps {
            team_id: team.id,
            name: team.name,
            country: team.country,
            gaps: c.report.gaps.len(),
            findings: c.report.findings.len(),
            published: app.store.latest_publication(team.id).await?.is_some(),
            year: super::year::year_so_far(app, &loaded.team).await?,
        });
    }
    out.sort_by(|a, b| b.gaps.cmp(&a.gaps).then_with(|| a.name.cmp(&b.name)));
    app.store
        .append_audit(&actor.event(app.clock.now(), action, object))
        .await?;
    Ok(out)
}

/// A team's gaps and findings of the coming weeks, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamNotices {
    pub team_id: TeamId,
    pub name: String,
    pub notices: Vec<Message>,
}

/// For a supervisor: the gaps and findings of the coming weeks of each
/// team they supervise (nothing for anyone else).
pub async fn my_teams_notices(app: &App, actor: &Actor) -> AppResult<Vec<TeamNotices>> {
    let Some(p) = actor.principal() else {
        return Ok(Vec::new());
    };
    if p.role != Role::Supervisor {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for team_id in &p.team_ids {
        let loaded = load(app, *team_id).await?;
        let c = coverage(app, &loaded).await?;
        out.push(TeamNotices {
            team_id: *team_id,
            name: loaded.team.name.clone(),
            notices: notices(&loaded, &c.report),
        });
    }
    Ok(out)
}

/// The notices of a team's rota (issue 18): one per gap that begins in
/// the coming weeks, for a team that has published its rota (a team
/// without one has a gap from now on, which its start page shows
/// already). A gap that runs into the window from before is not news.
pub(crate) async fn gap_notices(
    app: &App,
    team: &rundt_domain::team::Team,
) -> AppResult<Vec<rundt_domain::notice::NewNotice>> {
    if app.store.latest_publication(team.id).await?.is_none() {
        return Ok(Vec::new());
    }
    let loaded = load(app, team.id).await?;
    let c = coverage(app, &loaded).await?;
    Ok(c.report
        .gaps
        .iter()
        .filter(|g| g.0.from > c.window.from)
        .map(|g| rundt_domain::notice::oncall_gap(team.id, team.country.local_date(g.0.from)))
        .collect())
}
