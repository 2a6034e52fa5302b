//! `--measure`: the auditor's reads timed on the data set as it is, through
//! the use cases the pages call (p50/p95 of `--calls` calls each), and the
//! verification rates. The person searches append their own audit events
//! (a few hundred), as the pages do.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rundt_app::audit_search::{self, AuditCriteria};
use rundt_app::{Actor, App, audit_log, cases};
use rundt_bench::{Percentiles, bench_keys, bench_now};
use rundt_domain::id::{PersonId, UserId};
use rundt_store::Store;

use crate::plan::Rng;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The app over the data set, and the store under it.
pub async fn open(dir: &Path, url: Option<&str>) -> Result<(App, Arc<dyn Store>)> {
    match url {
        None => Ok(rundt_bench::open_with_store(dir).await?),
        Some(url) => {
            let store: Arc<dyn Store> =
                Arc::new(rundt_store_postgres::PostgresStore::connect(url).await?);
            let app = App::new(
                store.clone(),
                Arc::new(rundt_app::clock::FixedClock(bench_now())),
                Arc::new(rundt_app::keyring::KeyRing::from(bench_keys())),
            );
            app.prepare().await?;
            Ok((app, store))
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `calls` calls of `f`; prints and returns their percentiles, and
/// what each call returned.
async fn timed<F, Fut, T>(label: &str, calls: usize, mut f: F) -> Result<(Percentiles, Vec<T>)>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = rundt_app::AppResult<T>>,
{
    let mut samples = Vec::with_capacity(calls);
    let mut out = Vec::with_capacity(calls);
    for i in 0..calls {
        let t = Instant::now();
        out.push(f(i).await?);
        samples.push(t.elapsed());
    }
    let p = Percentiles::of(&samples).ok_or("no calls")?;
    println!("{label:<44} {}", p.line());
    Ok((p, out))
}

pub async fn run(app: &App, store: &Arc<dyn Store>, calls: usize, full: bool) -> Result<()> {
    let head = store.search_audit_events(&Default::default(), 1).await?;
    let last_seq = head.first().map_or(0, |e| e.seq);
    println!("audit log: {last_seq} events; {calls} calls each");
    // First the routine verification from a checkpoint a million events
    // back: its rate, and the head the page then continues from (as after
    // the server's first hourly checkpoint).
    routine_rate(app, store, last_seq, 1_000_000).await?;
    let users = store.list_users().await?;
    // The generated data sets have no auditor: one is added (the only
    // role that reads a person's access log), audited like any account.
    let auditor = match users
        .iter()
        .find(|u| u.role.as_str() == "auditor" && u.active)
    {
        Some(u) => u.id,
        None => {
            let country = users
                .iter()
                .find(|u| u.role.as_str() == "national_admin")
                .map_or("DK".to_owned(), |u| u.country.code().to_owned());
            let input = rundt_app::users::CreateUser {
                username: "bench-auditor".into(),
                display_name: "Bench Auditor".into(),
                email: None,
                role: "auditor".into(),
                country,
                municipality_code: None,
                password: Some("benchmark password".into()),
            };
            rundt_app::users::create_user(app, &Actor::cli(), &input)
                .await?
                .user
                .id
        }
    };
    let actor = rundt_app::auth::act_as(app, auditor).await?;
    let Actor::User(principal) = &actor else {
        return Err("the auditor is not a person".into());
    };
    // People and actors from events spread over the whole log.
    let mut rng = Rng::new(17);
    let (mut people, mut actors) = (Vec::<PersonId>::new(), Vec::<UserId>::new());
    let mut tries = 0;
    while people.len() < calls.max(1) && last_seq > 0 && tries < 10_000 {
        tries += 1;
        let at = rng.below(last_seq as u64) as i64;
        for e in store.audit_events(at, 50).await? {
            // The auditor reads the people of their own country.
            if let Some(p) = e.event.person_id
                && store
                    .get_person(p)
                    .await?
                    .is_some_and(|found| found.country == principal.country)
            {
                people.push(p);
            }
            if let Some(u) = e.event.actor_user_id {
                actors.push(u);
            }
        }
    }
    if people.is_empty() || actors.is_empty() {
        return Err("no person or actor found in the log".into());
    }
    let page = |c: AuditCriteria| async move { audit_search::search(app, principal, &c, 50).await };
    timed("/audit first page, unfiltered (search)", calls, |_| {
        page(AuditCriteria::default())
    })
    .await?;
    timed("/audit chain state (verify_since_last)", calls, |_| {
        audit_log::verify_since_last(app)
    })
    .await?;
    timed("/audit first page, by actor", calls, |i| {
        page(AuditCriteria {
            user: Some(actors[i % actors.len()]),
            ..AuditCriteria::default()
        })
    })
    .await?;
    timed("/audit first page, by person", calls, |i| {
        page(AuditCriteria {
            person: Some(people[i % people.len()]),
            ..AuditCriteria::default()
        })
    })
    .await?;
    let actor = &actor;
    let people = &people;
    let (_, mut sizes) = timed(
        "person access log (newest page of one person)",
        calls,
        |i| {
            let person = people[i % people.len()];
            async move {
                let page =
                    cases::person_access_log(app, actor, person, cases::AccessLogCursor::newest())
                        .await?;
                Ok(page.entries.len())
            }
        },
    )
    .await?;
    sizes.sort_unstable();
    println!(
        "  entries per access log page: median {}, max {}",
        sizes.get(sizes.len() / 2).copied().unwrap_or_default(),
        sizes.last().copied().unwrap_or_default()
    );
    routine_rate(app, store, last_seq, 0).await?;
    if full {
        full_rate(app).await?;
    }
    Ok(())
}

/// The full verification once (every event since the first).
async fn full_rate(app: &App) -> Result<()> {
    let t = Instant::now();
    let full = audit_log::verify(app).await?;
    let s = t.elapsed().as_secs_f64();
    println!(
        "full verification: {} events in {s:.1} s = {:.0} events/s, intact: {}",
        full.events,
        full.events as f64 / s,
        full.is_intact()
    );
    Ok(())
}

/// The routine verification from a signed checkpoint `back` events before
/// the head.
async fn routine_rate(app: &App, store: &Arc<dyn Store>, last_seq: i64, back: i64) -> Result<()> {
    let seq = (last_seq - back).max(1);
    let Some(e) = store.audit_events(seq - 1, 1).await?.into_iter().next() else {
        return Ok(());
    };
    let at = audit_log::VerifyReport {
        last_seq: e.seq,
        last_hash: e.hash,
        ..audit_log::VerifyReport::default()
    };
    let checkpoint = audit_log::checkpoint(app, &at);
    let t = Instant::now();
    let r = audit_log::verify_from_checkpoint(app, &[checkpoint]).await?;
    let d = t.elapsed();
    println!(
        "routine verification from checkpoint #{seq}: {} events in {:.1} ms ({:.0} events/s), intact: {}",
        r.events,
        ms(d),
        r.events as f64 / d.as_secs_f64().max(1e-9),
        r.is_intact()
    );
    Ok(())
}
