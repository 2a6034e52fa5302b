//! The open-loop scheduler counts latency from the intended send time: a
//! server that is slower than the offered rate shows growing queueing, not
//! its service time; the mix file parses and its weights are honoured.

use std::sync::Arc;
use std::time::Duration;

use rundt_bench::load::mix::Mix;
use rundt_bench::load::open_loop::{self, Plan};
use rundt_bench::load::plain::PlainGet;
use rundt_bench::load::workload::kind_named;

/// A server that answers one request at a time, each after `service`
/// (a mutex around the handler: one core's worth of work).
async fn slow_server(service: Duration) -> std::io::Result<u16> {
    let gate = Arc::new(tokio::sync::Mutex::new(()));
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let gate = gate.clone();
            async move {
                let _one_at_a_time = gate.lock().await;
                tokio::time::sleep(service).await;
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(port)
}

fn plan(port: u16, rate: f64, seconds: f64) -> Plan {
    Plan {
        port,
        rate,
        duration: Duration::from_secs_f64(seconds),
        connections: 64,
        progress: false,
        first_seq: 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_counts_the_queue_when_the_offered_rate_is_too_high() {
    // 10 ms per request serves 100/s; 50/s is comfortably served.
    let port = slow_server(Duration::from_millis(10)).await.unwrap();
    let workload = Arc::new(PlainGet { path: "/".into() });

    let calm = open_loop::run(&plan(port, 50.0, 1.0), workload.clone())
        .await
        .unwrap();
    assert_eq!(calm.errors(), 0);
    assert_eq!(calm.samples.len(), 50);
    let calm_p50 = calm.percentiles(None).unwrap().p50;
    assert!(calm_p50 >= Duration::from_millis(10), "{calm_p50:?}");
    assert!(calm_p50 < Duration::from_millis(40), "{calm_p50:?}");

    // 200/s for 1 s against 100/s of service: the queue grows by about
    // 100 requests a second, so the last requests wait about a second, and
    // a closed-loop measurement would still have said 10 ms.
    let flooded = open_loop::run(&plan(port, 200.0, 1.0), workload)
        .await
        .unwrap();
    assert_eq!(flooded.errors(), 0);
    assert_eq!(flooded.samples.len(), 200);
    let p = flooded.percentiles(None).unwrap();
    assert!(p.max >= Duration::from_millis(700), "max {:?}", p.max);
    assert!(p.p50 >= Duration::from_millis(200), "p50 {:?}", p.p50);
    // The server cannot answer faster than it serves.
    assert!(
        flooded.achieved_rate() < 130.0,
        "{}",
        flooded.achieved_rate()
    );
    assert!(flooded.offered_rate() > 199.0);
}

#[test]
fn the_mix_file_parses_names_known_kinds_and_its_weights_are_honoured() {
    let mix = Mix::load(&rundt_bench::load::default_mix_path()).unwrap();
    for e in &mix.requests {
        assert!(kind_named(&e.kind).is_some(), "unknown kind {}", e.kind);
    }
    let n = 200_000u64;
    let mut counts = vec![0u64; mix.requests.len()];
    for seq in 0..n {
        counts[mix.pick(seq)] += 1;
    }
    for (i, e) in mix.requests.iter().enumerate() {
        let expected = mix.share(i) * n as f64;
        let seen = counts[i] as f64;
        // Within 5 standard deviations of a binomial count (and at least
        // one request for any positive weight).
        let sd = (expected * (1.0 - mix.share(i))).sqrt();
        assert!(
            (seen - expected).abs() <= 5.0 * sd + 1.0,
            "{}: {seen} picks, expected about {expected:.0}",
            e.kind
        );
        assert!(e.weight == 0.0 || counts[i] > 0);
    }
}
