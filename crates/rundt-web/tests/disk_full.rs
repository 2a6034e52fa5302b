//! A full disk: when the database cannot grow, a write is refused with 503
//! and a message a person can act on (in the page's language on pages),
//! nothing is half-written (no record without its audit event), what only
//! reads keeps working, and the same write succeeds once there is room again
//! — without a restart. SQLite's `max_page_count` plays the full disk, so
//! the first test runs everywhere; the second fills a real, small file
//! system (a tmpfs) where the test may mount one (as root, as CI runs), and
//! says why it skipped otherwise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use axum::http::StatusCode;
use rundt_domain::id::TeamId;
use rundt_testkit::TestApp;
use rundt_testkit::http::{Client, Reply};
use rundt_testkit::store::Backend;
use serde_json::{Value, json};

fn referral(team: TeamId, given_name: &str) -> Value {
    json!({
        "team_id": team,
        "young_person": {"given_name": given_name, "family_name": "Andersen", "birth_date": "2011-03-15"},
        "caregivers": [{"given_name": "Lone", "family_name": "Andersen", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [{"behaviour": "truancy", "frequency": "3 days a week",
                            "intensity": "has not attended maths since August", "duration": "4 months"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": "2026-11-20"}
        }
    })
}

fn referral_form(team: &str) -> Vec<(&'static str, String)> {
    [
        ("team_id", team),
        ("young_person.given_name", "Ida"),
        ("young_person.family_name", "Holm"),
        ("young_person.national_id", ""),
        ("young_person.birth_date", "2012-05-01"),
        ("caregivers[0].given_name", "Karen"),
        ("caregivers[0].family_name", "Holm"),
        ("caregivers[0].national_id", ""),
        ("caregivers[0].birth_date", "1980-01-09"),
        ("referral.behaviours[0].behaviour", "truancy"),
        ("referral.behaviours[0].frequency", "daily"),
        (
            "referral.behaviours[0].intensity",
            "has not been at school since October",
        ),
        ("referral.behaviours[0].duration", "6 weeks"),
        ("referral.legal_basis", "Barnets Lov § 32, stk. 1, nr. 5"),
        ("referral.consent.given_by", "mother"),
        ("referral.consent.given_on", "2026-11-20"),
        ("referral.notes", "Karen asks for help before Christmas."),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// What the database holds of families and their audit trail.
#[derive(Debug, PartialEq)]
struct Counts {
    cases: i64,
    persons: i64,
    referrals: i64,
    audit_events: i64,
}

async fn counts(t: &TestApp) -> Counts {
    Counts {
        cases: t.count_rows("cases").await,
        persons: t.count_rows("persons").await,
        referrals: t.count_rows("referrals").await,
        audit_events: t.count_rows("audit_events").await,
    }
}

/// The caseworker refers families over the API until the database has no
/// room left; returns the first refusal. Each referral is a case, its
/// persons and their audit events: the database grows with every one.
async fn refer_until_full(caseworker: &Client, team: TeamId) -> Reply {
    for n in 0..500 {
        let reply = caseworker
            .post("/api/v1/cases", referral(team, &format!("Child{n}")))
            .await;
        if reply.status != StatusCode::CREATED {
            return reply;
        }
    }
    panic!("500 referrals fitted in a database that may not grow");
}

#[tokio::test]
async fn a_full_database_refuses_writes_with_503_keeps_reads_and_recovers_without_a_restart() {
    let t = TestApp::on(Backend::Sqlite).await;
    let (team, users) = t.aarhus_team().await;
    let louise = t.client_for(rundt_web::router, users["louise"]).await;
    let mette = t.client_for(rundt_web::router, users["mette"]).await;

    // The disk fills: the database may not grow by a single page.
    t.limit_database_growth(Some(0))
        .await
        .expect("SQLite can be limited");
    let refused = refer_until_full(&louise, team).await;
    let body = refused.error(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error"], "storage_not_writable", "{body}");
    assert_eq!(body["code"], "storage-not-writable", "{body}");
    let said = body["message"].as_str().unwrap();
    assert!(said.starts_with("Nothing was saved"), "{said}");
    assert!(said.contains("Tell the administrator"), "{said}");
    assert!(said.contains("can still be read"), "{said}");

    // A refused write leaves nothing behind: no case, person or referral
    // without its audit event, and no audit event without its record.
    let before = counts(&t).await;
    let again = louise.post("/api/v1/cases", referral(team, "Mikkel")).await;
    again.error(StatusCode::SERVICE_UNAVAILABLE);

    // The same form on a Danish page: 503 in Danish, the typed referral shown
    // again so nothing the caseworker wrote is lost.
    let form = referral_form(&team.to_string());
    let page = louise
        .clone()
        .language("da")
        .form("/cases/new", &pairs(&form))
        .await;
    page.assert_status(StatusCode::SERVICE_UNAVAILABLE)
        .has("Intet blev gemt: serverens disk er fuld eller skrivebeskyttet.")
        .has("Giv administratoren besked")
        .has("Karen asks for help before Christmas.");
    assert_eq!(
        counts(&t).await,
        before,
        "a refused write changed the database"
    );

    // Reading what needs no new record still works.
    mette.get("/api/v1/teams").await.assert_ok();
    mette
        .get(&format!("/api/v1/teams/{team}"))
        .await
        .assert_ok();
    louise.clone().language("da").get("/").await.assert_ok();

    // Room again: the very same writes succeed on the same server and the
    // audit chain is whole.
    t.limit_database_growth(None).await;
    let created = louise.post("/api/v1/cases", referral(team, "Mikkel")).await;
    created.assert_status(StatusCode::CREATED);
    let receipt = louise
        .clone()
        .language("da")
        .form("/cases/new", &pairs(&form))
        .await
        .redirected_to();
    assert!(receipt.ends_with("/receipt"), "{receipt}");
    let after = counts(&t).await;
    assert_eq!(after.cases, before.cases + 2);
    assert!(after.audit_events > before.audit_events);
    let report = rundt_app::audit_log::verify(&t.app)
        .await
        .expect("the audit chain verifies");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.events as i64, after.audit_events);
}

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct SmallDisk {
    path: std::path::PathBuf,
}

impl SmallDisk {
    /// `Err` says why none could be mounted (not root, no permission).
    fn mount(size: &str) -> Result<SmallDisk, String> {
        let path = std::env::temp_dir().join(format!("rundt-small-disk-{}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|e| e.to_string())?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            let _ = std::fs::remove_dir(&path);
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
        }
        Ok(SmallDisk { path })
    }

    /// Fills what is left with a ballast file; returns its path.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let ballast = self.path.join("ballast");
        let mut f = std::fs::File::create(&ballast).expect("ballast file");
        let block = vec![0u8; 64 * 1024];
        loop {
            if f.write_all(&block).and_then(|()| f.sync_all()).is_err() {
                break;
            }
        }
        // Single bytes, so not even a part of a block is left.
        while f.write_all(&[0]).and_then(|()| f.sync_all()).is_ok() {}
        ballast
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // The store's threads may still be closing their files: try for a
        // while, then detach the mount so nothing is left behind.
        let umount = |lazy: bool| {
            let mut cmd = std::process::Command::new("umount");
            if lazy {
                cmd.arg("-l");
            }
            cmd.arg(&self.path)
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let unmounted = (0..20).any(|_| {
            umount(false) || {
                std::thread::sleep(std::time::Duration::from_millis(100));
                false
            }
        });
        if !unmounted {
            umount(true);
        }
        let _ = std::fs::remove_dir(&self.path);
    }
}

#[tokio::test]
async fn a_real_full_disk_refuses_writes_with_503_and_they_succeed_once_space_is_freed() {
    let disk = match SmallDisk::mount("48m") {
        Ok(disk) => disk,
        Err(why) => {
            println!("skipped: cannot mount a small tmpfs here (needs root): {why}");
            return;
        }
    };
    let t = TestApp::sqlite_in(&disk.path).await;
    let (team, users) = t.aarhus_team().await;
    let louise = t.client_for(rundt_web::router, users["louise"]).await;
    let mette = t.client_for(rundt_web::router, users["mette"]).await;
    louise
        .post("/api/v1/cases", referral(team, "Before"))
        .await
        .assert_status(StatusCode::CREATED);

    // The disk fills up (the WAL may still have room it reuses, so refer
    // until the database itself needs more).
    let ballast = disk.fill();
    let refused = refer_until_full(&louise, team).await;
    let body = refused.error(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["code"], "storage-not-writable", "{body}");
    let before = counts(&t).await;
    louise
        .post("/api/v1/cases", referral(team, "Mikkel"))
        .await
        .error(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        counts(&t).await,
        before,
        "a refused write changed the database"
    );
    mette.get("/api/v1/teams").await.assert_ok();

    // Space returns: the same write succeeds on the same server.
    std::fs::remove_file(&ballast).expect("remove the ballast");
    louise
        .post("/api/v1/cases", referral(team, "Mikkel"))
        .await
        .assert_status(StatusCode::CREATED);
    assert_eq!(counts(&t).await.cases, before.cases + 1);
    let report = rundt_app::audit_log::verify(&t.app)
        .await
        .expect("the audit chain verifies");
    assert!(report.is_intact(), "{report:?}");
    drop((louise, mette, t));
    drop(disk);
}
