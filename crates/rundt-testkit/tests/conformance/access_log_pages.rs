//! An auditor reads a person's access log a page at a time, newest first:
//! the pages together are every access, each named by the account that
//! acted; every page read is itself one `person.access_log.read` in the
//! person's log; a page that cannot be asked for is said so, field by field.

use rundt_app::access_log::{AccessLogCursor, AccessLogQuery, MAX_PAGE};
use rundt_app::{AppError, cases};
use rundt_testkit::{TestApp, test_now};

async fn an_auditor_reads_a_persons_access_log_a_page_at_a_time(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let family = t
        .start_family(team, "louise", "mette", "jonas", start)
        .await;
    let today = test_now().date_naive();
    let jonas = t.actor_on("jonas", today).await;
    for _ in 0..7 {
        cases::read_case(&t.app, &jonas, family.case_id)
            .await
            .unwrap();
    }
    let person = family.young_person_id;
    let whole = t.store.person_access_log(person).await.unwrap();
    let reads_before = log_reads(&t, person).await;
    assert!(whole.len() > 7, "at least the seven reads: {}", whole.len());

    t.user("anne", "auditor", "DK", None).await;
    let anne = t.actor_on("anne", today).await;
    let mut cursor = AccessLogCursor {
        before: None,
        limit: 3,
    };
    let mut pages = Vec::new();
    loop {
        let page = cases::person_access_log(&t.app, &anne, person, cursor)
            .await
            .unwrap();
        assert!(page.entries.len() <= 3);
        let next = page.next_before;
        pages.push(page);
        match next {
            Some(seq) => cursor = cursor.older_than(seq),
            None => break,
        }
    }
    let entries: Vec<_> = pages.iter().flat_map(|p| p.entries.iter()).collect();
    assert_eq!(
        entries.len(),
        whole.len(),
        "the pages together are the whole log as it was before the first page"
    );
    assert_eq!(pages.len(), whole.len().div_ceil(3));
    assert!(
        pages.iter().all(|p| !p.entries.is_empty()),
        "no empty last page"
    );
    let expected: Vec<_> = whole
        .iter()
        .rev()
        .map(|e| (e.event.at, e.event.action.clone(), e.event.object_id))
        .collect();
    let got: Vec<_> = entries
        .iter()
        .map(|e| (e.at, e.action.clone(), e.object_id))
        .collect();
    assert_eq!(got, expected, "newest first, each once");
    let newest = entries[0];
    assert_eq!(newest.action, "case.read");
    assert_eq!(newest.who, "Test jonas", "named by the account that acted");
    assert_eq!(newest.role, "therapist");

    assert_eq!(
        log_reads(&t, person).await,
        reads_before + pages.len(),
        "one person.access_log.read per page read"
    );
}

async fn a_page_that_cannot_be_asked_for_says_which_field_and_why(t: TestApp) {
    let bad = AccessLogQuery {
        before: Some("last tuesday".into()),
        limit: Some((MAX_PAGE + 1).to_string()),
    };
    match bad.read() {
        Err(AppError::Invalid(fields)) => {
            let said: Vec<_> = fields
                .iter()
                .map(|f| (f.field.as_str(), f.message.code))
                .collect();
            assert_eq!(
                said,
                vec![
                    ("before", "audit-filter-id-shape"),
                    ("limit", "audit-limit-range")
                ]
            );
        }
        other => panic!("not invalid: {other:?}"),
    }
    // A cursor below every event is an empty last page, not an error.
    let (team, _) = t.aarhus_team().await;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let family = t
        .start_family(team, "louise", "mette", "jonas", start)
        .await;
    t.user("anne", "auditor", "DK", None).await;
    let anne = t.actor_on("anne", test_now().date_naive()).await;
    let page = cases::person_access_log(
        &t.app,
        &anne,
        family.young_person_id,
        AccessLogCursor::newest().older_than(1),
    )
    .await
    .unwrap();
    assert!(page.entries.is_empty());
    assert_eq!(page.next_before, None);
}

/// How many times the person's access log was read.
async fn log_reads(t: &TestApp, person: rundt_domain::id::PersonId) -> usize {
    t.store
        .person_access_log(person)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.event.action == "person.access_log.read")
        .count()
}

rundt_testkit::scenarios!(app:
    an_auditor_reads_a_persons_access_log_a_page_at_a_time,
    a_page_that_cannot_be_asked_for_says_which_field_and_why,
);
