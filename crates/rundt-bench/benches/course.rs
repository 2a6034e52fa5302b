//! Criterion benchmarks on the `national-1y` data set (generated once into
//! target/bench-data and reused): writing a weekly summary with its audit
//! event, the team page a supervisor opens, a family's file, the family list.
//! `RUNDT_BENCH_SCALE=small` uses a small data set for a quick run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up may panic"
)]

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use rundt_app::Actor;
use rundt_bench::{bench_now, data_dir, database_bytes, open, open_with_store, scratch_copy};
use rundt_seed::generate::{Generated, Scale, describe, generate, summary};
use rundt_store::{CaseFilter, SessionRecord};
use tower::ServiceExt;

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (scale, name) = match std::env::var("RUNDT_BENCH_SCALE").as_deref() {
        Ok("small") => (Scale::SMALL, "small"),
        _ => (Scale::NATIONAL_1Y, "national-1y"),
    };
    let dir = data_dir(name);
    let ready = dir.join("generated");
    let (app, store) = rt.block_on(async {
        if !ready.exists() {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let app = open(&dir).await.unwrap();
            let started = Instant::now();
            let ids = generate(&app, scale).await.unwrap();
            eprintln!(
                "generated {name} ({}) in {:.1} s; {ids:?}; {} MB",
                describe(scale),
                started.elapsed().as_secs_f64(),
                database_bytes(&dir) / 1_000_000
            );
            std::fs::write(&ready, ids.to_line()).unwrap();
        }
        // Measure a copy: the benchmarks write.
        open_with_store(&scratch_copy(name).unwrap()).await.unwrap()
    });
    let ids = std::fs::read_to_string(&ready).unwrap();
    let ids = Generated::parse(&ids).expect("the marker file holds the generated ids");
    let (team, supervisor) = (ids.team, ids.supervisor);
    let events = rt.block_on(store.audit_events(0, u32::MAX)).unwrap().len();
    eprintln!(
        "data set {name}: {} audit events, {} MB",
        events,
        database_bytes(&dir) / 1_000_000
    );

    // A family in treatment in the first team, and its newest summary.
    let (case_id, week, mut version) = rt.block_on(async {
        let cases = store
            .list_cases(&CaseFilter {
                team_ids: Some(vec![team]),
                statuses: Some(vec![rundt_domain::lifecycle::CaseStatus::InTreatment]),
                ..CaseFilter::default()
            })
            .await
            .unwrap();
        let case = cases.first().expect("a family in treatment");
        let newest = store.weekly_summaries(case.id).await.unwrap();
        let s = newest.first().expect("a summary");
        (case.id, s.week_start, s.version)
    });

    let mut group = c.benchmark_group("course");
    group
        .measurement_time(Duration::from_secs(8))
        .sample_size(60);
    group.bench_function("weekly_summary_write_with_audit", |b| {
        b.to_async(&rt).iter(|| {
            let app = app.clone();
            let expected = version;
            version += 1;
            async move {
                let mut s = summary(week);
                s.advances = format!("edit {expected}");
                rundt_app::treatment::save_weekly_summary(
                    &app,
                    &Actor::cli(),
                    case_id,
                    &s,
                    Some(expected),
                )
                .await
                .unwrap();
            }
        });
    });

    // A logged-in supervisor for the page benchmarks.
    let token = "bench-session-token".to_owned();
    rt.block_on(async {
        let now = bench_now();
        let record = SessionRecord {
            token_hash: rundt_app::auth::token_hash(&token),
            user_id: supervisor,
            created_at: now,
            last_seen_at: now,
            expires_at: now + chrono::Duration::hours(12),
            mfa_verified: true,
            csrf_token: "csrf".into(),
            revoked_at: None,
        };
        let _ = store
            .create_session(
                &record,
                &Actor::cli().event(
                    now,
                    AuditAction::SessionCreate,
                    Object::of(ObjectKind::Session),
                ),
            )
            .await;
    });
    let router = rundt_web::router(app.clone());
    let get = |path: String| {
        let router = router.clone();
        let cookie = format!("rundt_session={token}");
        async move {
            let req = Request::builder()
                .uri(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            let res = router.oneshot(req).await.unwrap();
            assert!(res.status().is_success(), "{}", res.status());
            res.into_body().collect().await.unwrap().to_bytes().len()
        }
    };
    group.bench_function("team_page_as_supervisor", |b| {
        b.to_async(&rt).iter(|| get(format!("/teams/{team}")));
    });
    group.bench_function("family_file_read_with_audit", |b| {
        b.to_async(&rt)
            .iter(|| get(format!("/api/v1/cases/{case_id}/file")));
    });
    group.bench_function("family_list_of_team", |b| {
        b.to_async(&rt).iter(|| get("/api/v1/cases".to_owned()));
    });
    group.finish();
}

criterion_group!(course, benches);
criterion_main!(course);
