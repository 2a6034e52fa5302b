//! The supervision agenda's sources read for many families at once are what
//! the family-by-family reads give: the summaries since a week, every
//! module, the newest crisis plan's time and every crisis contact with its
//! readers, each family's own and no other's.

use chrono::{Duration, NaiveDate};
use rundt_app::Actor;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::can_plan::{Module, ModuleKind, ModuleStatus};
use rundt_domain::crisis_contact::{Caller, CrisisContact, CrisisResponse, CrisisRisk};
use rundt_domain::crisis_plan::{CrisisPlan, PersonToCall};
use rundt_domain::id::CaseId;
use rundt_testkit::{TestApp, test_now};

use crate::store_support::summary;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn event(action: AuditAction, case: CaseId) -> AuditEvent {
    Actor::cli().event(test_now(), action, Object::case(case))
}

fn plan(first_to_call: &str) -> CrisisPlan {
    CrisisPlan {
        people_to_call: vec![PersonToCall {
            name: first_to_call.into(),
            relation: "mor".into(),
            phone: "+45 20 12 34 56".into(),
        }],
        what_calms: "En tur med hunden".into(),
        risks_and_warning_signs: "Går ud om natten".into(),
        agreements: "Mor ringer til vagttelefonen først".into(),
    }
}

fn contact(hours_ago: i64, about: &str) -> CrisisContact {
    CrisisContact {
        at: test_now() - Duration::hours(hours_ago),
        caller: Caller::Caregiver,
        about: about.into(),
        risk: CrisisRisk::Moderate,
        responses: vec![CrisisResponse::PhoneAdvice],
        minutes: 20,
        follow_up: "Tal med mor i morgen".into(),
    }
}

fn module(kind: ModuleKind, start: &str, status: ModuleStatus) -> Module {
    Module {
        kind,
        start: day(start),
        end: None,
        sessions_held: 1,
        delivered_by: "Jonas".into(),
        status,
        drug_screens: vec![],
    }
}

async fn the_agendas_sources_of_many_families_are_what_each_familys_own_reads_give(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let start = day("2026-10-05");
    let first = t
        .start_family(team, "louise", "mette", "jonas", start)
        .await
        .case_id;
    let second = t
        .start_family(team, "louise", "mette", "jonas", start)
        .await
        .case_id;
    let quiet = t
        .start_family(team, "louise", "mette", "jonas", start)
        .await
        .case_id;
    let s = &t.store;
    let save = AuditAction::CaseWeeklySummarySave;
    for (case, week) in [
        (first, "2026-10-05"),
        (first, "2026-11-16"),
        (first, "2026-11-23"),
        (second, "2026-11-16"),
        (quiet, "2026-10-12"),
    ] {
        s.save_weekly_summary(&summary(case, week, 1), None, &event(save, case))
            .await
            .unwrap();
    }
    let plan_save = AuditAction::CaseCrisisPlanSave;
    s.save_crisis_plan(first, &plan("Mor"), None, &event(plan_save, first))
        .await
        .unwrap();
    s.save_crisis_plan(first, &plan("Mormor"), Some(1), &event(plan_save, first))
        .await
        .unwrap();
    s.save_crisis_plan(second, &plan("Far"), None, &event(plan_save, second))
        .await
        .unwrap();
    let log = AuditAction::CaseCrisisContactLog;
    s.log_crisis_contact(first, &contact(30, "Kom ikke hjem"), &event(log, first))
        .await
        .unwrap();
    let late = s
        .log_crisis_contact(second, &contact(3, "Råbte i nat"), &event(log, second))
        .await
        .unwrap();
    let jonas = t.named("jonas").await.id;
    let open = Actor::User(
        rundt_app::auth::principal_for(&t.app, &t.named("jonas").await)
            .await
            .unwrap(),
    )
    .event(
        test_now(),
        AuditAction::CaseCrisisContactRead,
        Object::case(second),
    );
    s.open_crisis_contact(second, late.id, &open).await.unwrap();
    let module_start = AuditAction::CaseModuleStart;
    for (case, m) in [
        (
            first,
            module(ModuleKind::Rbt, "2026-10-19", ModuleStatus::Ongoing),
        ),
        (
            first,
            module(ModuleKind::Pe, "2026-10-12", ModuleStatus::Planned),
        ),
        (
            second,
            module(ModuleKind::Rbt, "2026-10-26", ModuleStatus::Ongoing),
        ),
    ] {
        s.start_module(case, &m, &event(module_start, case))
            .await
            .unwrap();
    }

    let cases = [first, second, quiet];
    let since = day("2026-11-16");
    let logged_before = s.audit_events(0, 100_000).await.unwrap().len();
    let read = AuditAction::TeamSupervisionAgenda;
    let events: Vec<AuditEvent> = cases.iter().map(|c| event(read, *c)).collect();
    let sources = s.agenda_sources(&cases, since, &events).await.unwrap();
    // The agenda's events are logged with the read, one per event given.
    let logged = s.audit_events(0, 100_000).await.unwrap();
    assert_eq!(logged.len(), logged_before + 3);
    let tail: Vec<_> = logged[logged_before..]
        .iter()
        .map(|e| (e.event.action.clone(), e.event.object_id))
        .collect();
    assert_eq!(
        tail,
        cases
            .iter()
            .map(|c| (read.as_str().to_owned(), Some(c.get())))
            .collect::<Vec<_>>()
    );

    let mut summaries = Vec::new();
    let mut modules = Vec::new();
    let mut plans = Vec::new();
    let mut contacts = Vec::new();
    for case in cases {
        summaries.extend(
            s.weekly_summaries(case)
                .await
                .unwrap()
                .into_iter()
                .filter(|w| w.week_start >= since),
        );
        modules.extend(s.modules(case).await.unwrap());
        if let Some(newest) = s.crisis_plans(case).await.unwrap().first() {
            plans.push((case, newest.saved_at));
        }
        contacts.extend(s.crisis_contacts(case).await.unwrap());
    }
    summaries.sort_by_key(|w| (std::cmp::Reverse(w.week_start), w.case_id));
    contacts.sort_by_key(|c| std::cmp::Reverse((c.contact.at, c.id)));
    let weeks = |v: &[rundt_store::WeeklySummaryRecord]| -> Vec<(CaseId, NaiveDate)> {
        v.iter().map(|w| (w.case_id, w.week_start)).collect()
    };
    assert_eq!(
        weeks(&sources.summaries),
        [
            (first, day("2026-11-23")),
            (first, day("2026-11-16")),
            (second, day("2026-11-16")),
        ]
    );
    assert_eq!(sources.summaries, summaries);
    assert_eq!(sources.modules.len(), 3);
    assert_eq!(
        sources
            .modules
            .iter()
            .map(|m| (m.case_id, m.module.start))
            .collect::<Vec<_>>(),
        [
            (first, day("2026-10-12")),
            (first, day("2026-10-19")),
            (second, day("2026-10-26")),
        ]
    );
    for m in &sources.modules {
        assert!(modules.iter().any(|x| x.id == m.id && x.module == m.module));
    }
    assert_eq!(sources.crisis_plans_saved, plans);
    assert_eq!(
        sources.crisis_plans_saved.len(),
        2,
        "the quiet family has no plan"
    );
    assert_eq!(sources.crisis_contacts, contacts);
    assert_eq!(sources.crisis_contacts[0].case_id, second);
    assert_eq!(sources.crisis_contacts[0].read_by, [jonas]);

    // Nothing asked, nothing read; another team's family is never mixed in.
    let none = s.agenda_sources(&[], since, &[]).await.unwrap();
    assert!(none.summaries.is_empty() && none.modules.is_empty());
    assert!(none.crisis_plans_saved.is_empty() && none.crisis_contacts.is_empty());
    let only_quiet = s
        .agenda_sources(&[quiet], day("2026-10-01"), &[])
        .await
        .unwrap();
    assert_eq!(weeks(&only_quiet.summaries), [(quiet, day("2026-10-12"))]);
    assert!(only_quiet.modules.is_empty() && only_quiet.crisis_contacts.is_empty());
}

rundt_testkit::scenarios!(app:
    the_agendas_sources_of_many_families_are_what_each_familys_own_reads_give,
);
