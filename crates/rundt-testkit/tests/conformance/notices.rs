//! Notices through the outbox (issue 18), on both backends: a referral
//! tells the team's supervisor once, on their start page; time raises its
//! notices once however often it is looked for; an e-mail goes only to
//! those who asked, is sent once, retried with backoff, held by one worker
//! at a time, and left for the administrator after the last try.

use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use rundt_app::AppError;
use rundt_app::notices::{self, Mailer, SaveNotificationSettings};
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::notice::{MAX_MAIL_ATTEMPTS, NoticeKind};
use rundt_store::MailJob;
use rundt_testkit::TestApp;

/// Wednesday 25 November 2026, 13:00 in Aarhus: the suite's clock.
fn wednesday() -> DateTime<Utc> {
    rundt_testkit::test_now()
}

async fn refer_at(t: &TestApp, team: TeamId, when: DateTime<Utc>) -> CaseId {
    crate::referrals::refer_at(t, team, "louise", when)
        .await
        .case
        .id
}

fn lease() -> Duration {
    Duration::seconds(notices::MAIL_LEASE_SECONDS)
}

/// A mail server that answers as told and remembers what it accepted.
#[derive(Default)]
struct FakeMailer {
    /// Answers still to give, first first; `Ok` once they run out.
    answers: Mutex<Vec<Result<(), String>>>,
    accepted: Mutex<Vec<MailJob>>,
}

impl FakeMailer {
    fn failing(times: usize) -> Self {
        Self {
            answers: Mutex::new(vec![Err("451 try again later".into()); times]),
            accepted: Mutex::default(),
        }
    }

    fn accepted(&self) -> Vec<MailJob> {
        self.accepted.lock().unwrap().clone()
    }
}

#[async_trait]
impl Mailer for FakeMailer {
    async fn send(&self, job: &MailJob) -> Result<(), String> {
        let answer = {
            let mut answers = self.answers.lock().unwrap();
            if answers.is_empty() {
                Ok(())
            } else {
                answers.remove(0)
            }
        };
        if answer.is_ok() {
            self.accepted.lock().unwrap().push(job.clone());
        }
        answer
    }
}

async fn wants_mail(t: &TestApp, who: &str, address: &str) {
    let actor = t.actor_on(who, wednesday().date_naive()).await;
    notices::save_settings(
        &t.app,
        &actor,
        &SaveNotificationSettings {
            email: Some(address.into()),
            by_email: true,
        },
    )
    .await
    .unwrap();
}

async fn a_referral_tells_the_teams_supervisor_once_on_the_start_page(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let case = refer_at(&t, team, wednesday()).await;
    let day = wednesday().date_naive();
    let mette = t.actor_on("mette", day).await;
    let shown = notices::show_unseen(&t.app, &mette).await.unwrap();
    assert_eq!(shown.notices.len(), 1, "{shown:?}");
    let n = &shown.notices[0];
    assert_eq!(n.kind, NoticeKind::NewReferral);
    assert_eq!(n.case_id, Some(case));
    assert_eq!(n.team_id, Some(team));
    assert_eq!(n.team_name.as_deref(), Some("MST Aarhus"));
    assert_eq!(n.created_at, wednesday());
    // Shown once: the next visit has nothing new.
    assert!(
        notices::show_unseen(&t.app, &mette)
            .await
            .unwrap()
            .notices
            .is_empty()
    );
    // Not for the therapists, nor the caseworker who referred.
    for other in ["jonas", "louise"] {
        let actor = t.actor_on(other, day).await;
        assert!(
            notices::unseen(&t.app, &actor, 50)
                .await
                .unwrap()
                .is_empty(),
            "{other}"
        );
    }
    // Nobody asked for e-mail, so nothing waits to be mailed.
    assert_eq!(t.store.next_mail_due().await.unwrap(), None);
    let counts = t.store.outbox_counts().await.unwrap();
    assert_eq!((counts.pending, counts.unseen), (0, 0));
}

async fn time_raises_its_notices_once_however_often_it_is_looked_for(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    // A family in treatment since 5 October with no summary written, and a
    // referral of Wednesday that nobody acknowledges.
    let family = t
        .start_family(
            team,
            "louise",
            "mette",
            "jonas",
            "2026-10-05".parse().unwrap(),
        )
        .await;
    let referred = refer_at(&t, team, wednesday()).await;
    let mette = t.actor_on("mette", wednesday().date_naive()).await;
    notices::show_unseen(&t.app, &mette).await.unwrap();

    // A week on, the acknowledgement is overdue and last week's summary is
    // missing.
    let later = t.at(wednesday() + Duration::days(7));
    let added = notices::scan(&later).await.unwrap();
    assert!(added >= 2, "{added}");
    assert_eq!(
        notices::scan(&later).await.unwrap(),
        0,
        "a second look adds nothing"
    );

    let jonas = t.actor_on("jonas", wednesday().date_naive()).await;
    let his = notices::unseen(&t.app, &jonas, 50).await.unwrap();
    assert!(
        his.iter()
            .any(|n| n.kind == NoticeKind::WeeklySummaryMissing
                && n.case_id == Some(family.case_id)
                && n.team_id == Some(team)),
        "{his:?}"
    );
    let hers = notices::unseen(&t.app, &mette, 50).await.unwrap();
    assert!(
        hers.iter()
            .any(|n| n.kind == NoticeKind::AcknowledgementOverdue && n.case_id == Some(referred)),
        "{hers:?}"
    );
    assert!(
        hers.iter()
            .all(|n| n.kind != NoticeKind::WeeklySummaryMissing),
        "the summary is the therapist's to write"
    );
    // The look is in the audit log, with no person in it.
    let log = t.store.audit_events(0, 100_000).await.unwrap();
    let looks: Vec<_> = log
        .iter()
        .filter(|e| e.event.action == "notice.queue")
        .collect();
    assert_eq!(looks.len(), 1, "only the look that queued something");
    assert!(looks[0].event.person_id.is_none());
}

async fn an_email_goes_once_to_whoever_asked_and_is_retried_after_a_failure(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    wants_mail(&t, "mette", "mette@aarhus.dk").await;
    let case = refer_at(&t, team, wednesday()).await;
    let now = wednesday();
    assert_eq!(t.store.next_mail_due().await.unwrap(), Some(now));

    let server = FakeMailer::failing(1);
    let first = notices::deliver_mail(&t.at(now), &server, lease())
        .await
        .unwrap();
    assert_eq!((first.sent, first.failed), (0, 1));
    // A minute's wait before the next try.
    assert_eq!(
        t.store.next_mail_due().await.unwrap(),
        Some(now + Duration::minutes(1))
    );
    let troubles = t.store.mail_troubles(10).await.unwrap();
    assert_eq!(troubles.len(), 1);
    assert_eq!(
        troubles[0].last_error.as_deref(),
        Some("451 try again later")
    );
    assert!(!troubles[0].failed);
    assert_eq!(troubles[0].username, "mette");
    let early = notices::deliver_mail(&t.at(now + Duration::seconds(30)), &server, lease())
        .await
        .unwrap();
    assert_eq!((early.sent, early.failed), (0, 0), "not before its time");

    let retry = notices::deliver_mail(&t.at(now + Duration::minutes(2)), &server, lease())
        .await
        .unwrap();
    assert_eq!((retry.sent, retry.failed), (1, 0));
    let sent = server.accepted();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email, "mette@aarhus.dk");
    assert_eq!(sent[0].kind, NoticeKind::NewReferral);
    assert_eq!(sent[0].team_name.as_deref(), Some("MST Aarhus"));
    assert_eq!(sent[0].attempts, 1);
    // Sent is sent: nothing more to do, ever.
    assert_eq!(t.store.next_mail_due().await.unwrap(), None);
    let again = notices::deliver_mail(&t.at(now + Duration::hours(1)), &server, lease())
        .await
        .unwrap();
    assert_eq!((again.sent, again.failed), (0, 0));
    assert_eq!(server.accepted().len(), 1);
    let counts = t.store.outbox_counts().await.unwrap();
    assert_eq!((counts.sent, counts.pending, counts.failed), (1, 0, 0));
    assert!(t.store.mail_troubles(10).await.unwrap().is_empty());
    // The start page still shows it (the e-mail is in addition).
    let mette = t.actor_on("mette", now.date_naive()).await;
    let shown = notices::show_unseen(&t.app, &mette).await.unwrap();
    assert_eq!(shown.notices[0].case_id, Some(case));
    let log = t.store.audit_events(0, 100_000).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.event.action == "notice.mail_sent")
            .count(),
        1
    );
}

async fn a_mail_a_worker_took_is_taken_again_only_after_its_lease(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    wants_mail(&t, "mette", "mette@aarhus.dk").await;
    refer_at(&t, team, wednesday()).await;
    let now = wednesday();
    let lease = now + Duration::minutes(2);
    let taken = t.store.claim_mail(now, lease, 10).await.unwrap();
    assert_eq!(taken.len(), 1);
    // The worker died before it said how it went: nobody else sends it
    // while the lease holds, and then someone does.
    assert!(
        t.store
            .claim_mail(now + Duration::minutes(1), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(t.store.next_mail_due().await.unwrap(), Some(lease));
    let again = t
        .store
        .claim_mail(lease, lease + Duration::minutes(2), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].notice_id, taken[0].notice_id);
}

async fn a_mail_that_keeps_failing_is_left_for_the_administrator(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    t.user("anna", "national_admin", "DK", None).await;
    wants_mail(&t, "mette", "mette@aarhus.dk").await;
    refer_at(&t, team, wednesday()).await;
    let server = FakeMailer::failing(100);
    let mut now = wednesday();
    for _ in 0..MAX_MAIL_ATTEMPTS {
        let d = notices::deliver_mail(&t.at(now), &server, lease())
            .await
            .unwrap();
        assert_eq!(d.failed, 1);
        now += Duration::hours(7);
    }
    assert_eq!(t.store.next_mail_due().await.unwrap(), None, "given up");
    let anna = t.actor_on("anna", wednesday().date_naive()).await;
    let view = notices::outbox(&t.app, &anna).await.unwrap();
    assert_eq!(view.counts.failed, 1);
    assert_eq!(view.troubles.len(), 1);
    assert!(view.troubles[0].failed);
    assert_eq!(view.troubles[0].attempts, MAX_MAIL_ATTEMPTS);
    // The supervisor does not see the outbox; the refusal is logged.
    let mette = t.actor_on("mette", wednesday().date_naive()).await;
    let refused = notices::outbox(&t.app, &mette).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
}

async fn who_no_longer_wants_mail_gets_none_of_what_waits(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    wants_mail(&t, "mette", "mette@aarhus.dk").await;
    refer_at(&t, team, wednesday()).await;
    let mette = t.actor_on("mette", wednesday().date_naive()).await;
    let saved = notices::save_settings(
        &t.app,
        &mette,
        &SaveNotificationSettings {
            email: Some("mette@aarhus.dk".into()),
            by_email: false,
        },
    )
    .await
    .unwrap();
    assert!(!saved.by_email);
    assert_eq!(t.store.next_mail_due().await.unwrap(), None);
    let server = FakeMailer::default();
    notices::deliver_mail(&t.app, &server, lease())
        .await
        .unwrap();
    assert!(server.accepted().is_empty());
    assert_eq!(
        notices::settings(&t.app, &mette)
            .await
            .unwrap()
            .email
            .as_deref(),
        Some("mette@aarhus.dk")
    );
}

async fn an_address_that_is_not_one_is_refused_with_what_to_do(t: TestApp) {
    t.aarhus_team().await;
    let mette = t.actor_on("mette", wednesday().date_naive()).await;
    for (email, by_email, code) in [
        ("mette-at-aarhus", true, "email-not-plausible"),
        ("", true, "email-needed-for-notices"),
    ] {
        let r = notices::save_settings(
            &t.app,
            &mette,
            &SaveNotificationSettings {
                email: Some(email.into()),
                by_email,
            },
        )
        .await;
        match r {
            Err(AppError::Invalid(fields)) => {
                assert_eq!(fields[0].field, "email");
                assert_eq!(fields[0].message.code, code);
            }
            other => panic!("{email}: {other:?}"),
        }
    }
    assert_eq!(
        notices::settings(&t.app, &mette).await.unwrap(),
        Default::default(),
        "nothing half-saved"
    );
}

async fn a_break_glass_is_a_notice_for_the_countrys_auditors(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    t.user("revisor", "auditor", "DK", None).await;
    t.user("revisor_no", "auditor", "NO", None).await;
    let case = refer_at(&t, team, wednesday()).await;
    let sofie = t.actor_on("sofie", wednesday().date_naive()).await;
    let Some(p) = sofie.principal() else {
        panic!("sofie is a person")
    };
    rundt_app::cases::break_glass(&t.app, p, case, "Familien ringer i krise, vagten er syg")
        .await
        .unwrap();
    let dk = t.actor_on("revisor", wednesday().date_naive()).await;
    let seen = notices::unseen(&t.app, &dk, 50).await.unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].kind, NoticeKind::BreakGlassReview);
    assert_eq!(seen[0].case_id, Some(case));
    let no = t.actor_on("revisor_no", wednesday().date_naive()).await;
    assert!(notices::unseen(&t.app, &no, 50).await.unwrap().is_empty());
}

rundt_testkit::scenarios!(app:
    a_referral_tells_the_teams_supervisor_once_on_the_start_page,
    time_raises_its_notices_once_however_often_it_is_looked_for,
    an_email_goes_once_to_whoever_asked_and_is_retried_after_a_failure,
    a_mail_a_worker_took_is_taken_again_only_after_its_lease,
    a_mail_that_keeps_failing_is_left_for_the_administrator,
    who_no_longer_wants_mail_gets_none_of_what_waits,
    an_address_that_is_not_one_is_refused_with_what_to_do,
    a_break_glass_is_a_notice_for_the_countrys_auditors,
);
