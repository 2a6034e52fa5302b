//! Swaps: one person of the team takes over another's shift, with or
//! without giving one of their own back. One of the two proposes, the
//! other agrees or declines; only when both have agreed do the shifts
//! change hands (`Swap::apply`). The one who proposed may withdraw it.

use rundt_domain::audit::AuditAction;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::msg;
use rundt_domain::oncall::{Consent, Swap};
use rundt_store::{NewSwap, ShiftRecord, SwapRecord, SwapState};

use super::who::require_read;
use super::{Loaded, event, load, rota_object};
use crate::{Actor, App, AppError, AppResult, access};

/// A swap with the names and shifts it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapView {
    pub record: SwapRecord,
    pub from_name: String,
    pub to_name: String,
    pub shift: Option<ShiftRecord>,
    pub in_return: Option<ShiftRecord>,
}

impl SwapView {
    /// Who answers it: the one of the two who did not propose it.
    pub fn answerer(&self) -> UserId {
        if self.record.proposed_by == Some(self.record.to_person) {
            self.record.from_person
        } else {
            self.record.to_person
        }
    }
}

pub(crate) async fn swap_views(app: &App, loaded: &Loaded) -> AppResult<Vec<SwapView>> {
    let mut out = Vec::new();
    for record in app.store.swaps_of_team(loaded.team.id).await? {
        let shift = app
            .store
            .oncall_shift(loaded.team.id, record.shift_id)
            .await?;
        let in_return = match record.return_shift_id {
            Some(id) => app.store.oncall_shift(loaded.team.id, id).await?,
            None => None,
        };
        out.push(SwapView {
            from_name: loaded.name(record.from_person),
            to_name: loaded.name(record.to_person),
            record,
            shift,
            in_return,
        });
    }
    Ok(out)
}

/// A swap as proposed: `to_person` takes `shift_id` over from whoever is
/// on it, giving `return_shift_id` (one of their own) back, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapInput {
    pub shift_id: i64,
    pub to_person: UserId,
    pub return_shift_id: Option<i64>,
}

/// The answer to a proposed swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwapAnswer {
    /// The other of the two agrees: the shifts change hands.
    Agree,
    /// The other of the two says no.
    Decline,
    /// The one who proposed it takes it back.
    Withdraw,
}

async fn shift_of(app: &App, team_id: TeamId, id: i64, field: &str) -> AppResult<ShiftRecord> {
    app.store
        .oncall_shift(team_id, id)
        .await?
        .ok_or_else(|| AppError::invalid(field, msg!("oncall-swap-shift-unknown")))
}

fn swap_of(given: &ShiftRecord, taker: UserId, back: Option<&ShiftRecord>) -> Swap {
    Swap {
        given: given.shift(),
        taker,
        in_return: back.map(ShiftRecord::shift),
    }
}

/// One of the two people proposes a swap.
/// Refused by the domain's rules as they stand now; the other's consent
/// is what is still missing.
pub async fn propose_swap(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    input: &SwapInput,
) -> AppResult<SwapRecord> {
    let action = AuditAction::OnCallSwapPropose;
    let loaded = load(app, team_id).await?;
    require_read(app, actor, &loaded.team, action).await?;
    let given = shift_of(app, team_id, input.shift_id, "shift_id").await?;
    let back = match input.return_shift_id {
        Some(id) => Some(shift_of(app, team_id, id, "return_shift_id").await?),
        None => None,
    };
    if let Some(p) = actor.principal() {
        let party = p.user_id == given.person_id || p.user_id == input.to_person;
        if !party {
            return Err(access::refuse(
                app,
                p,
                action,
                rota_object(team_id),
                msg!("oncall-swap-not-yours"),
            )
            .await);
        }
    }
    let both = Consent {
        holder: true,
        taker: true,
    };
    swap_of(&given, input.to_person, back.as_ref()).apply(
        &loaded.on_call,
        app.clock.now(),
        both,
    )?;
    let new = NewSwap {
        shift_id: given.id,
        from_person: given.person_id,
        to_person: input.to_person,
        return_shift_id: back.map(|b| b.id),
    };
    Ok(app
        .store
        .propose_swap(team_id, &new, &event(app, actor, action, team_id))
        .await?)
}

/// The other of the two agrees or declines; the one who proposed may
/// withdraw. Agreed, the shifts change hands when the domain's rules still
/// allow it now (no shift begun, both still on call in the team).
pub async fn answer_swap(
    app: &App,
    actor: &Actor,
    team_id: TeamId,
    swap_id: i64,
    answer: SwapAnswer,
    version: i64,
) -> AppResult<SwapRecord> {
    let action = AuditAction::OnCallSwapAnswer;
    let loaded = load(app, team_id).await?;
    require_read(app, actor, &loaded.team, action).await?;
    let view = swap_views(app, &loaded)
        .await?
        .into_iter()
        .find(|s| s.record.id == swap_id)
        .ok_or_else(|| AppError::NotFound(format!("swap {swap_id}")))?;
    if view.record.state != SwapState::Proposed {
        return Err(AppError::Conflict(msg!("oncall-swap-settled")));
    }
    if let Some(p) = actor.principal() {
        let proposer = view.record.proposed_by == Some(p.user_id);
        let allowed = match answer {
            SwapAnswer::Agree | SwapAnswer::Decline => p.user_id == view.answerer() && !proposer,
            SwapAnswer::Withdraw => proposer,
        };
        if !allowed {
            return Err(access::refuse(
                app,
                p,
                action,
                rota_object(team_id),
                msg!("oncall-swap-not-yours"),
            )
            .await);
        }
    }
    let state = match answer {
        SwapAnswer::Agree => {
            let given = view
                .shift
                .as_ref()
                .ok_or_else(|| AppError::Conflict(msg!("oncall-swap-settled")))?;
            let both = Consent {
                holder: true,
                taker: true,
            };
            swap_of(given, view.record.to_person, view.in_return.as_ref()).apply(
                &loaded.on_call,
                app.clock.now(),
                both,
            )?;
            SwapState::Agreed
        }
        SwapAnswer::Decline => SwapState::Declined,
        SwapAnswer::Withdraw => SwapState::Withdrawn,
    };
    Ok(app
        .store
        .settle_swap(
            team_id,
            swap_id,
            state,
            version,
            &event(app, actor, action, team_id),
        )
        .await?)
}
