//! The auditor's audit page as a browser gets it: newest first with the
//! names of who did it and times on the auditor's clock, filters that
//! narrow the list and survive paging to older events, a person found by
//! CPR number (the look-up audited), bad filters and unknown numbers said
//! in the reader's language, and the page closed to the families' staff.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use chrono::NaiveDate;
use rundt_app::Actor;
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_domain::id::PersonId;
use rundt_testkit::http::{AarhusTeam, Client};
use rundt_testkit::{sample_referral, test_now};

/// Mikkel's CPR number in these tests (born 15 March 2011).
const MIKKEL_CPR: &str = "150311-4107";

/// The Aarhus team with a Danish auditor, and Louise's referral of Mikkel
/// (with his CPR number) and his mother, which Louise then opens.
async fn aarhus_with_an_auditor() -> (AarhusTeam, PersonId) {
    let w = AarhusTeam::new(rundt_web::router).await;
    w.t.user("dk_auditor", "auditor", "DK", None).await;
    let person = |given: &str, cpr: &str| PersonInput {
        given_name: given.into(),
        family_name: "Andersen".into(),
        national_id: Some(cpr.into()),
        birth_date: None,
    };
    let louise = w.t.actor_on("louise", test_now().date_naive()).await;
    let case = cases::refer_family(
        &w.t.app,
        &louise,
        &ReferFamily {
            team_id: w.team,
            referring_municipality: None,
            young_person: person("Mikkel", MIKKEL_CPR),
            other_children: Vec::new(),
            caregivers: vec![person("Lone", "020682-1108")],
            referral: sample_referral(),
        },
    )
    .await
    .unwrap();
    cases::read_case(&w.t.app, &louise, case.id).await.unwrap();
    let mikkel = case
        .people
        .iter()
        .find(|p| p.given_name == "Mikkel")
        .unwrap()
        .id;
    (w, mikkel)
}

async fn auditor(w: &AarhusTeam, lang: &str) -> Client {
    w.t.client_as(rundt_web::router, "dk_auditor")
        .await
        .language(lang)
}

/// The sequence numbers of the page's rows, top to bottom.
fn seqs(page: &str) -> Vec<i64> {
    page.split("<span class=\"meta\">#")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().parse().unwrap())
        .collect()
}

/// The address a link with this text points to, as the browser reads it.
fn link(page: &str, text: &str) -> String {
    let at = page
        .find(&format!("\">{text}"))
        .unwrap_or_else(|| panic!("no link {text:?} in {page}"));
    let anchor = page[..at].rfind("<a ").unwrap();
    let start = anchor + page[anchor..].find("href=\"").unwrap() + "href=\"".len();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].replace("&#38;", "&").replace("&amp;", "&")
}

#[tokio::test]
async fn the_auditor_reads_the_log_newest_first_with_names_and_danish_times() {
    let (w, _) = aarhus_with_an_auditor().await;
    let page = auditor(&w, "da").await.get("/audit").await;
    page.assert_ok()
        .has("<h1>Revisionslog</h1>")
        .has("Kæden er intakt")
        .has("<a class=\"button secondary\" href=\"/break-glass\">Nødadgange til gennemgang</a>")
        // Louise's read of the family is the newest, by her name, at 13:00
        // in Copenhagen (12:00 UTC).
        .has("<span class=\"date\">2026-11-25</span> <span class=\"date\">13:00:00</span>")
        .has("<td>Test louise<br><span class=\"meta\">Sagsbehandler</span></td>")
        .has("Datoer og tidspunkter er i Europe/Copenhagen.")
        .has("<h2 id=\"events-h\">Hændelser, nyeste først</h2>")
        // The filters, each with its label.
        .has("<label>Hvem (bruger)<select name=\"user\">")
        .has("<label>Handling<select name=\"action\">")
        .has("<option value=\"break_glass\">Nødadgang (alle trin)</option>")
        .has("<option value=\"login.*\">login.* (alle)</option>")
        .has("<option value=\"case.read\">case.read</option>")
        .has("<label>Fra dato<input type=\"date\" name=\"from\" value=\"\">")
        .has("<label>CPR-nummer<input type=\"text\" name=\"national_id\"");
    let shown = seqs(&page.text);
    let all = w.t.store.audit_events(0, 100_000).await.unwrap();
    let mut newest: Vec<i64> = all.iter().map(|e| e.seq).collect();
    newest.reverse();
    newest.truncate(50);
    assert_eq!(shown, newest, "the newest fifty (or all), newest first");
    // The account list names each account.
    let louise = w.users["louise"];
    page.has(&format!(
        "<option value=\"{louise}\">Test louise (louise)</option>"
    ));
}

#[tokio::test]
async fn filters_narrow_the_list_and_the_older_link_keeps_them() {
    let (w, _) = aarhus_with_an_auditor().await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let family =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    // Jonas opens his family 30 times: 60 reads (Mikkel and Lone each).
    let jonas = w.t.actor_on("jonas", test_now().date_naive()).await;
    for _ in 0..30 {
        cases::read_case(&w.t.app, &jonas, family.case_id)
            .await
            .unwrap();
    }
    let jonas_id = w.users["jonas"];
    let c = auditor(&w, "en").await;
    let first = c
        .get(&format!(
            "/audit?user={jonas_id}&action=case.read&person=&from=&to="
        ))
        .await;
    first
        .assert_ok()
        .has(&format!(
            "<option value=\"{jonas_id}\" selected>Test jonas (jonas)</option>"
        ))
        .has("<option value=\"case.read\" selected>case.read</option>")
        .has("Clear the filters")
        .lacks("Test louise<br>");
    let page_one = seqs(&first.text);
    assert_eq!(page_one.len(), 50);
    let older = link(&first.text, "Older events");
    assert_eq!(
        older,
        format!(
            "/audit?user={jonas_id}&action=case.read&before={}",
            page_one[49]
        )
    );
    let second = c.get(&older).await;
    second.assert_ok().lacks("Older events").lacks("Chain");
    let page_two = seqs(&second.text);
    assert_eq!(page_two.len(), 10, "the other ten of sixty");
    assert!(page_two[0] < page_one[49]);
    assert_eq!(
        link(&second.text, "Newest events"),
        format!("/audit?user={jonas_id}&action=case.read")
    );
    // Narrowed to the family: every event about its case, and a period.
    let about = c
        .get(&format!(
            "/audit?case={}&from=2026-11-25&to=2026-11-25",
            family.case_id
        ))
        .await;
    about.assert_ok().has(&format!(
        "<a href=\"/audit?case={0}\">case {0}</a>",
        family.case_id
    ));
    assert_eq!(seqs(&about.text).len(), 50, "today's reads of the family");
    let before = c
        .get(&format!("/audit?case={}&to=2026-09-01", family.case_id))
        .await;
    before.assert_ok().has("No events match the filters.");
}

#[tokio::test]
async fn a_persons_access_log_shows_a_page_and_links_to_the_older_entries() {
    let (w, mikkel) = aarhus_with_an_auditor().await;
    let c = auditor(&w, "da").await;
    let whole = w.t.store.person_access_log(mikkel).await.unwrap();
    assert!(whole.len() >= 2, "Louise's referral and read");
    let rows = |page: &str| page.matches("<tr><td class=\"date\">").count();

    let newest = c
        .get(&format!("/persons/{mikkel}/access-log?limit=1"))
        .await;
    newest.assert_ok();
    newest.has("<td>case.read</td>").lacks("Nyeste hændelser");
    assert_eq!(rows(&newest.text), 1, "{}", newest.text);
    let older = link(&newest.text, "Ældre hændelser");
    assert!(
        older.starts_with(&format!("/persons/{mikkel}/access-log?before="))
            && older.ends_with("&limit=1"),
        "the older page keeps the page size: {older}"
    );

    // Following the older links reads every entry once, oldest last.
    let mut shown = rows(&newest.text);
    let mut next = Some(older);
    let mut last_page = newest.text.clone();
    while let Some(address) = next {
        let page = c.get(&address).await;
        page.assert_ok();
        page.has("Nyeste hændelser");
        shown += rows(&page.text);
        next = page
            .text
            .contains("Ældre hændelser")
            .then(|| link(&page.text, "Ældre hændelser"));
        last_page = page.text.clone();
    }
    assert_eq!(shown, whole.len(), "every entry of the log, each once");
    assert!(last_page.contains("<td>case.create</td>"), "{last_page}");
    assert_eq!(
        link(&last_page, "Nyeste hændelser"),
        format!("/persons/{mikkel}/access-log?limit=1")
    );

    // A page that cannot be asked for is said in the reader's language.
    let bad = c
        .get(&format!(
            "/persons/{mikkel}/access-log?before=i%20g%C3%A5r&limit=500"
        ))
        .await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    bad.has("Før hændelse nr.: skal være et tal, f.eks. 42")
        .has("Antal pr. side: skal være et tal fra 1 til 200");
}

#[tokio::test]
async fn a_person_is_found_by_cpr_number_and_the_look_up_is_audited() {
    let (w, mikkel) = aarhus_with_an_auditor().await;
    let c = auditor(&w, "da").await;
    let before = w.t.store.audit_events(0, 100_000).await.unwrap().len();
    let found = c
        .form("/audit/person", &[("national_id", "1503114107")])
        .await;
    assert_eq!(found.redirected_to(), format!("/audit?person={mikkel}"));
    let events = w.t.store.audit_events(0, 100_000).await.unwrap();
    assert_eq!(events.len(), before + 1);
    assert_eq!(events[before].event.action, "person.lookup");
    assert_eq!(events[before].event.person_id, Some(mikkel));

    let log = c.get(&format!("/audit?person={mikkel}")).await;
    log.assert_ok()
        .has(&format!(
            "<h2 id=\"events-h\">Hændelser om person-id {mikkel}, nyeste først</h2>"
        ))
        .has(&format!(
            "<a href=\"/persons/{mikkel}/access-log\">Se personens adgangslog</a>"
        ))
        .has(&format!(
            "<input type=\"number\" name=\"person\" min=\"1\" value=\"{mikkel}\">"
        ))
        .lacks("1503114107")
        .lacks("4107");
    // The look-up first, then Louise's read and her referral.
    let rows = seqs(&log.text);
    assert_eq!(rows.len(), 3, "{}", log.text);
    let table = &log.text[log.text.find("id=\"events-h\"").unwrap()..];
    let actions: Vec<&str> = table
        .split("<span class=\"action\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap())
        .collect();
    assert_eq!(actions, ["person.lookup", "case.read", "case.create"]);
    let last = w.t.store.audit_events(0, 100_000).await.unwrap();
    assert_eq!(
        last.last().unwrap().event.action,
        "person.access_log.read",
        "reading the person's events is in their access log"
    );
}

#[tokio::test]
async fn an_unknown_or_malformed_national_id_is_said_in_the_readers_language() {
    let (w, _) = aarhus_with_an_auditor().await;
    for (lang, typed, said) in [
        (
            "da",
            "010190-1234",
            "Der er ingen person med dette personnummer i Rundt",
        ),
        (
            "nb",
            "010190-1234",
            "Det finnes ingen person med dette fødselsnummeret eller D-nummeret i Rundt",
        ),
        (
            "en",
            "010190-1234",
            "There is no person with this national id in Rundt",
        ),
        (
            "en",
            "15031-4107",
            "A CPR number has 10 digits (DDMMYY-SSSS)",
        ),
        ("da", "", "Skal udfyldes"),
    ] {
        let page = auditor(&w, lang)
            .await
            .form("/audit/person", &[("national_id", typed)])
            .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .has(&format!(
                "<p class=\"error\" role=\"alert\" id=\"lookup-error\">{said}"
            ));
        if !typed.is_empty() {
            page.lacks(typed);
        }
    }
}

#[tokio::test]
async fn bad_filters_are_said_beside_their_fields_and_nothing_is_listed() {
    let (w, _) = aarhus_with_an_auditor().await;
    let page = auditor(&w, "da")
        .await
        .get(
            "/audit?from=2026-12-01&to=2026-11-01&action=case.shred&person=150311-4107&user=999999",
        )
        .await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("Nogle filtre kan ikke bruges; ret dem herunder.")
        .has("<span class=\"field-error\">perioden begynder (2026-12-01) efter den slutter (2026-11-01)</span>")
        .has("<span class=\"field-error\">er ikke en handling, som revisionsloggen registrerer; vælg en fra listen</span>")
        .has("<span class=\"field-error\">skal være et tal, f.eks. 42</span>")
        .has("<input type=\"date\" name=\"from\" value=\"2026-12-01\">")
        .lacks("id=\"events-h\"");
    // A person or an account that does not exist.
    let page = auditor(&w, "nb")
        .await
        .get("/audit?person=987654&user=")
        .await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("<span class=\"field-error\">ingen person har denne person-id-en</span>");
    let page = auditor(&w, "en").await.get("/audit?user=999999").await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .has("<span class=\"field-error\">unknown user</span>");
}

#[tokio::test]
async fn the_families_staff_cannot_open_the_audit_log_or_look_people_up() {
    let (w, _) = aarhus_with_an_auditor().await;
    for who in ["jonas", "mette", "louise"] {
        let c = w.client(who, test_now()).await.language("en");
        c.get("/audit").await.assert_status(StatusCode::FORBIDDEN);
        c.get("/audit?from=nonsense")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.form("/audit/person", &[("national_id", MIKKEL_CPR)])
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    let denied =
        w.t.store
            .audit_events(0, 100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| {
                e.event.action == "person.lookup"
                    && e.event.outcome == rundt_domain::audit::Outcome::Denied
            })
            .count();
    assert_eq!(denied, 3, "each refused look-up is audited");
}

#[tokio::test]
async fn the_auditor_reviews_the_countrys_break_glass_from_the_audit_page() {
    let (w, _) = aarhus_with_an_auditor().await;
    let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let family =
        w.t.start_family(w.team, "louise", "mette", "jonas", start)
            .await;
    let sofie = w.t.actor_on("sofie", test_now().date_naive()).await;
    let Actor::User(who) = &sofie else { panic!() };
    cases::break_glass(
        &w.t.app,
        who,
        family.case_id,
        "on call: the mother phoned at night",
    )
    .await
    .unwrap();
    cases::read_case(&w.t.app, &sofie, family.case_id)
        .await
        .unwrap();
    let c = auditor(&w, "en").await;
    let review = c.get("/break-glass").await;
    review
        .assert_ok()
        .has("<h1>Break-glass accesses to review</h1>")
        .has("<td>Test sofie</td>")
        .has(&format!(
            "<a href=\"/audit?case={0}\">{0}</a>",
            family.case_id
        ))
        .has("<td class=\"date\">2026-11-25 13:00</td>")
        .has("<a href=\"/audit?action=break_glass\">");
    let steps = c.get("/audit?action=break_glass").await;
    steps
        .assert_ok()
        .has("<option value=\"break_glass\" selected>")
        .has("<span class=\"purpose\">break-glass: on call: the mother phoned at night</span>");
    // The grant, and Sofie's read of Mikkel and Lone.
    assert_eq!(seqs(&steps.text).len(), 3);
}
