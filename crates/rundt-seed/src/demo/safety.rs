//! The demo's MST-CAN safety work, in the team's language: the safety plan
//! each family makes at the start (before anything else can be recorded),
//! a second version after the plan was broken, and the incidents — one
//! reported to child welfare, one still flagged because no notification is
//! recorded.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rundt_app::{Actor, App, AppResult, safety};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan, SafetyReview};

/// The words of a safety plan and its incidents in one language.
struct SafetyWords {
    situations: &'static str,
    warning_signs: [&'static str; 2],
    instead: &'static str,
    calls: &'static str,
    grandmother: &'static str,
    how: &'static str,
    /// What the second version adds after the plan was broken.
    neighbour: &'static str,
    neighbour_how: &'static str,
    broken: &'static str,
    done_broken: &'static str,
    recent: &'static str,
    done_recent: &'static str,
    notified_to: &'static str,
}

const NORWEGIAN: SafetyWords = SafetyWords {
    situations: "Om kvelden når det er krangel om leggetid og mor er sliten etter jobb",
    warning_signs: [
        "Mor hever stemmen og begynner å gå fram og tilbake i stua",
        "Barnet trekker seg inn på rommet og svarer ikke",
    ],
    instead: "går ut på verandaen i ti minutter og ringer terapeuten før hun tar opp saken igjen",
    calls: "Mormor",
    grandmother: "Mormor Randi",
    how: "Ringer mormor på 915 00 000 eller går til henne i nr. 12",
    neighbour: "Naboen Turid",
    neighbour_how: "Banker på hos Turid i første etasje; hun har fått sikkerhetsplanen",
    broken: "Mor ristet barnet i armen under en krangel om skjermtid; barnet fikk et blåmerke",
    done_broken: "Terapeuten kom på hjemmebesøk samme kveld; sikkerhetsplanen ble gått gjennom og en nabo lagt til som kontakt",
    recent: "Barnet var alene hjemme en kveld til kl. 23 og ringte mormor",
    done_recent: "Terapeuten snakket med mor dagen etter og la inn kveldsrutine med mormor",
    notified_to: "Barneverntjenesten i Bærum, saksbehandler",
};

const DANISH: SafetyWords = SafetyWords {
    situations: "Om aftenen når der er skænderi om sengetid, og far har drukket",
    warning_signs: [
        "Far bliver højlydt og begynder at gå frem og tilbage i stuen",
        "Barnet trækker sig ind på sit værelse og svarer ikke",
    ],
    instead: "går en tur og ringer til terapeuten, før han tager snakken op igen",
    calls: "Mormor",
    grandmother: "Mormor Hanne",
    how: "Ringer til mormor på 20 00 00 00 eller går over til naboen i nr. 4",
    neighbour: "Naboen Birthe",
    neighbour_how: "Banker på hos Birthe i stuen; hun kender sikkerhedsplanen",
    broken: "Far skubbede barnet ind i døren under et skænderi om skærmtid",
    done_broken: "Terapeuten tog på hjemmebesøg samme aften; sikkerhedsplanen blev gennemgået og naboen tilføjet som kontakt",
    recent: "Barnet var alene hjemme en aften til kl. 23 og ringede til mormor",
    done_recent: "Terapeuten talte med forældrene dagen efter og aftalte en aftenrutine med mormor",
    notified_to: "Familieafdelingen i Aalborg Kommune, sagsbehandler",
};

fn words(country: Country) -> &'static SafetyWords {
    match country {
        Country::DK => &DANISH,
        Country::NO => &NORWEGIAN,
    }
}

/// The family's first safety plan, agreed on `agreed` and shared with
/// child welfare the same day; `child` and `parent` by their given names.
pub(super) fn first_plan(
    country: Country,
    child: &str,
    parent: &str,
    agreed: NaiveDate,
) -> SafetyPlan {
    let w = words(country);
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::PhysicalViolence,
            from_whom: parent.into(),
            to_whom: child.into(),
            situations: w.situations.into(),
        }],
        warning_signs: w.warning_signs.iter().map(|s| (*s).into()).collect(),
        adult_actions: vec![AdultAction {
            adult: parent.into(),
            instead: w.instead.into(),
        }],
        child_contacts: vec![ChildContact {
            child: child.into(),
            contact_person: w.grandmother.into(),
            how: w.how.into(),
        }],
        agreed_with_family_on: agreed,
        shared_with_child_welfare_on: Some(agreed),
    }
}

/// The second version: the plan after it was broken, with a neighbour the
/// child can go to as well.
fn second_plan(first: &SafetyPlan, agreed: NaiveDate, country: Country) -> SafetyPlan {
    let w = words(country);
    let mut plan = first.clone();
    let child = first
        .child_contacts
        .first()
        .map_or_else(|| w.calls.to_owned(), |c| c.child.clone());
    plan.child_contacts.push(ChildContact {
        child,
        contact_person: w.neighbour.into(),
        how: w.neighbour_how.into(),
    });
    plan.agreed_with_family_on = agreed;
    plan.shared_with_child_welfare_on = Some(agreed);
    plan
}

/// A family's safety course in the demo: the week its plan was broken
/// (an incident, reported to child welfare the next day) and the week
/// after, when a second version was agreed.
pub(super) struct SafetyCourse {
    pub broken_week: NaiveDate,
}

impl SafetyCourse {
    /// The review of the week starting `week` in the weekly summary.
    pub fn review(&self, week: NaiveDate) -> SafetyReview {
        if week == self.broken_week {
            SafetyReview::Broken
        } else if week == self.broken_week + Duration::days(7) {
            SafetyReview::Changed
        } else {
            SafetyReview::Holds
        }
    }
}

fn evening(day: NaiveDate) -> chrono::DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(18, 30, 0).unwrap_or(NaiveTime::MIN);
    Utc.from_utc_datetime(&day.and_time(time))
}

/// The incident that broke the plan in `broken_week` (reported the next
/// day by `therapist`), the second plan version the week after, and, when
/// `flag_recent`, an incident two days before `today` with no notification
/// yet: it stays flagged for the team to record.
#[allow(clippy::too_many_arguments)]
pub(super) async fn incidents(
    app: &App,
    case_id: CaseId,
    country: Country,
    child: PersonId,
    therapist: &str,
    first: &SafetyPlan,
    course: &SafetyCourse,
    flag_recent: Option<NaiveDate>,
) -> AppResult<()> {
    let cli = Actor::cli();
    let w = words(country);
    let happened = course.broken_week + Duration::days(2);
    let recorded = app.on_day(happened + Duration::days(1));
    let incident = Incident {
        at: evening(happened),
        children: vec![child],
        what_happened: w.broken.into(),
        what_was_done: w.done_broken.into(),
        emergency_services: false,
        notification: Notification::Notified {
            on: happened + Duration::days(1),
            by: therapist.into(),
            to: w.notified_to.into(),
        },
    };
    safety::record_incident(&recorded, &cli, case_id, &incident).await?;
    let agreed = course.broken_week + Duration::days(8);
    let second = second_plan(first, agreed, country);
    safety::save_plan(&app.on_day(agreed), &cli, case_id, &second, Some(1)).await?;
    if let Some(today) = flag_recent {
        let happened = today - Duration::days(2);
        let recent = Incident {
            at: evening(happened),
            children: vec![child],
            what_happened: w.recent.into(),
            what_was_done: w.done_recent.into(),
            emergency_services: false,
            notification: Notification::Missing,
        };
        let recorded = app.on_day(happened + Duration::days(1));
        safety::record_incident(&recorded, &cli, case_id, &recent).await?;
    }
    Ok(())
}

/// The first safety plan of a family of `team`, agreed two days into
/// treatment, when the team's model works safety first (MST-CAN); `None`
/// for MST.
pub(super) fn plan_for(
    team: &rundt_app::organisation::TeamOverview,
    child: &str,
    parent: &str,
    start: NaiveDate,
) -> Option<SafetyPlan> {
    (team.programme_model.code == rundt_domain::programme::MST_CAN)
        .then(|| first_plan(team.country, child, parent, start + Duration::days(2)))
}

/// An incident in an earlier family on `happened`, involving `child`,
/// reported to child welfare by the therapist the next day.
pub(super) async fn reported_incident(
    app: &App,
    case_id: CaseId,
    country: Country,
    child: PersonId,
    happened: NaiveDate,
) -> AppResult<()> {
    let w = words(country);
    let incident = Incident {
        at: evening(happened),
        children: vec![child],
        what_happened: w.broken.into(),
        what_was_done: w.done_broken.into(),
        emergency_services: false,
        notification: Notification::Notified {
            on: happened + Duration::days(1),
            by: "Terapeuten".into(),
            to: w.notified_to.into(),
        },
    };
    let recorded = app.on_day(happened + Duration::days(1));
    safety::record_incident(&recorded, &Actor::cli(), case_id, &incident).await?;
    Ok(())
}
