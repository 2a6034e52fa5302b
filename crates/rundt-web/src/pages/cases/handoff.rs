//! A referral's hand-off on the pages: the caseworker's receipt, the
//! team's acknowledgement (and the escalation on both sides when it is
//! overdue), and the caseworker's added information and withdrawal while
//! the team has not decided.

use super::*;
use rundt_app::family::Family;
use rundt_app::referrals;
use rundt_domain::access::Principal;
use rundt_domain::handoff::Awaiting;
use rundt_domain::id::CaseId;

/// The receipt as its page shows it.
struct ReceiptShow {
    id: CaseId,
    received: String,
    team: String,
    acknowledge_by: String,
    within: String,
    next: Vec<String>,
}

#[derive(Template)]
#[template(path = "referral_receipt.html")]
struct ReceiptPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    r: ReceiptShow,
    can_refer: bool,
}

/// The receipt of a referral: shown to the caseworker when the form is
/// sent, and again to anyone who may read the family.
pub async fn receipt(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    let r = referrals::receipt(p.app(), &p.actor(), id).await.on(&p)?;
    let tr = p.tr;
    let by = day(r.acknowledge_by);
    let days = r.acknowledge_within_working_days.to_string();
    let team = r.team_name.clone();
    let next = vec![
        tr.tf(
            "receipt_next_acknowledge",
            &[("team", &team), ("days", &days), ("date", &by)],
        ),
        tr.t("receipt_next_screening").to_owned(),
        tr.tf("receipt_next_change", &[("date", &by)]),
    ];
    let show = ReceiptShow {
        id: r.referral_number,
        received: format!("{} ({})", r.received_at_local, r.time_zone),
        team,
        within: tr.args(
            "working_days_count",
            &[(
                "n",
                rundt_domain::Arg::from(r.acknowledge_within_working_days),
            )],
        ),
        acknowledge_by: by,
        next,
    };
    p.show(&ReceiptPage {
        tr,
        title: tr.t("receipt_title").into(),
        nav: p.nav(),
        r: show,
        can_refer: p.who.principal.role == Role::MunicipalCaseworker,
    })
}

/// The hand-off as the family page shows it.
pub(super) struct HandoffShow {
    /// When the referral was received, on the country's clock.
    pub(super) received: String,
    /// "Acknowledged by … on …", once it is.
    pub(super) acknowledged: Option<String>,
    /// While it awaits acknowledgement: what to say, and whether it is
    /// overdue.
    pub(super) awaiting: Option<(String, bool)>,
    /// Information the caseworker added: (when, by whom, what).
    pub(super) additions: Vec<(String, String, String)>,
    /// The team's supervisor may acknowledge it now.
    pub(super) can_acknowledge: bool,
    /// The referring caseworker may add information or withdraw it now.
    pub(super) can_change: bool,
}

/// What a referral awaiting acknowledgement says, to the team and to the
/// caseworker alike.
pub(super) fn awaiting_text(tr: Tr, a: &Awaiting) -> String {
    let date = day(a.acknowledge_by);
    if a.overdue {
        tr.tf("acknowledgement_overdue", &[("date", &date)])
    } else {
        tr.tf("acknowledgement_awaited", &[("date", &date)])
    }
}

pub(super) fn handoff_show(tr: Tr, who: &Principal, family: &Family) -> HandoffShow {
    let case = &family.file.case;
    let h = &family.file.handoff;
    let referred = case.status == CaseStatus::Referred;
    let acknowledged = h
        .acknowledged_at_local
        .as_ref()
        .map(|at| match case.acknowledged_by {
            Some(id) => tr.tf(
                "acknowledged_by_on",
                &[("name", &family.staff_name(id)), ("at", at)],
            ),
            None => tr.tf("acknowledged_on", &[("at", at)]),
        });
    let additions = h
        .additions
        .iter()
        .map(|a| {
            let by = a
                .added_by
                .map_or_else(|| family.referred_by.clone(), |id| family.staff_name(id));
            (case.country.local_time(a.added_at), by, a.text.clone())
        })
        .collect();
    let referrer = who.role == Role::MunicipalCaseworker
        && who.municipality_code.as_ref() == Some(&case.referring_municipality);
    HandoffShow {
        received: format!("{} ({})", h.receipt.received_at_local, h.receipt.time_zone),
        acknowledged,
        awaiting: case
            .awaiting_acknowledgement
            .as_ref()
            .map(|a| (awaiting_text(tr, a), a.overdue)),
        additions,
        can_acknowledge: referred
            && case.acknowledged_at.is_none()
            && who.role == Role::Supervisor
            && who.team_ids.contains(&case.team_id),
        can_change: referred && referrer,
    }
}

/// The team's supervisor acknowledges the referral.
pub async fn acknowledge(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let actor = p.actor();
    let result = at_version(&f, |v| referrals::acknowledge(p.app(), &actor, id, v)).await;
    after_action(&p, id, "acknowledge", ActionInput::default(), result).await
}

/// The referring caseworker withdraws the referral, saying why.
pub async fn withdraw(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let reason = form::multi_line(&f.text("reason"));
    let actor = p.actor();
    let result = at_version(&f, |v| referrals::withdraw(p.app(), &actor, id, v, &reason)).await;
    let input = ActionInput {
        withdraw_reason: reason,
        ..ActionInput::default()
    };
    after_action(&p, id, "withdraw", input, result).await
}

/// The referring caseworker adds information to the referral.
pub async fn add_information(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let text = form::multi_line(&f.text("text"));
    let actor = p.actor();
    let result = at_version(&f, |v| {
        referrals::add_information(p.app(), &actor, id, v, &text)
    })
    .await;
    let input = ActionInput {
        information: text,
        ..ActionInput::default()
    };
    after_action(&p, id, "add_information", input, result).await
}
