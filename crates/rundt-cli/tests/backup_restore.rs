//! `rundt backup` and `rundt restore`: a copy taken while the server writes
//! restores into a working, verified installation; a restore never
//! overwrites, never runs without the right key and never trusts a damaged
//! copy; `rundt serve --backup-every` keeps the newest copies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::{free_port, http, installation, rundt, serve, text};

/// A backup of a fresh demo installation: (root, data, backup file).
fn backed_up() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let file = root.path().join("copies").join("monday.sqlite3");
    let out = rundt(&data, &["backup", "--to", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    (root, data, file)
}

fn audit_events(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM audit_events", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_taken_while_the_server_writes_restores_to_a_verified_installation() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let port = free_port();
    let server = serve(&data, port, &[]);

    // Every failed login is a write: an audit event appended by the server.
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let answered = std::sync::Arc::new(AtomicU64::new(0));
    let writer = {
        let (stop, answered) = (stop.clone(), answered.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let body = format!(r#"{{"username":"nobody{n}","password":"wrong-password"}}"#);
                if http(port, "POST", "/api/v1/session", &body).is_some() {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    while answered.load(Ordering::Relaxed) < 5 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = audit_events(&data.join("rundt.sqlite3"));
    let file = root.path().join("copies").join("online.sqlite3");
    let out = rundt(&data, &["backup", "--to", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    drop(server);
    let printed = text(&out);
    assert!(
        printed.contains("The field key is NOT in the backup"),
        "{printed}"
    );
    assert!(printed.contains("integrity:     ok"), "{printed}");

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file.with_extension("sqlite3.json")).unwrap())
            .unwrap();
    assert!(manifest["audit_events"].as_i64().unwrap() > before);
    assert_eq!(manifest["audit_chain_intact"], true);
    assert!(manifest["schema_version"].as_i64().unwrap() >= 9);

    let restored = root.path().join("restored");
    let key = data.join("keys").join("field.key");
    let out = rundt(
        &restored,
        &[
            "restore",
            file.to_str().unwrap(),
            "--key-file",
            key.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("audit log intact"), "{}", text(&out));
    let verify = rundt(&restored, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));
    // The restored installation serves its families with the copied key.
    let port = free_port();
    let _again = serve(&restored, port, &[]);
    assert_eq!(http(port, "GET", "/healthz", ""), Some(200));
}

#[test]
fn a_restore_never_goes_into_a_folder_that_holds_data() {
    let (root, data, file) = backed_up();
    let key = data.join("keys").join("field.key");
    let before = std::fs::read(data.join("rundt.sqlite3")).unwrap();
    let out = rundt(
        &data,
        &[
            "restore",
            file.to_str().unwrap(),
            "--key-file",
            key.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("is not empty"), "{}", text(&out));
    assert_eq!(std::fs::read(data.join("rundt.sqlite3")).unwrap(), before);
    drop(root);
}

#[test]
fn a_restore_without_the_key_the_backup_was_made_with_is_refused() {
    let (root, _data, file) = backed_up();
    let target = root.path().join("new");

    let out = rundt(&target, &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("needs the field key"), "{}", text(&out));

    let wrong = root.path().join("wrong.key");
    std::fs::write(&wrong, "ab".repeat(64)).unwrap();
    let out = rundt(
        &target,
        &[
            "restore",
            file.to_str().unwrap(),
            "--key-file",
            wrong.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("is not the one this backup was made with"),
        "{}",
        text(&out)
    );
    assert!(
        !target.join("rundt.sqlite3").exists(),
        "nothing was restored"
    );
}

#[test]
fn a_damaged_or_unexplained_copy_is_not_restored() {
    let (root, data, file) = backed_up();
    let key = data.join("keys").join("field.key");
    let restore_into = |target: &Path| {
        rundt(
            target,
            &[
                "restore",
                file.to_str().unwrap(),
                "--key-file",
                key.to_str().unwrap(),
            ],
        )
    };

    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    let target = root.path().join("a");
    let out = restore_into(&target);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("does not match its manifest"),
        "{}",
        text(&out)
    );
    assert!(!target.join("rundt.sqlite3").exists());

    std::fs::remove_file(file.with_extension("sqlite3.json")).unwrap();
    let out = restore_into(&root.path().join("b"));
    assert!(!out.status.success());
    assert!(
        text(&out).contains("there is no manifest"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_server_takes_backups_on_its_own_and_keeps_the_newest() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let dir = root.path().join("nightly");
    let port = free_port();
    let server = serve(
        &data,
        port,
        &[
            "--backup-every",
            "1s",
            "--backup-keep",
            "2",
            "--backup-dir",
            dir.to_str().unwrap(),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let copies = || -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        found.retain(|p| p.extension().is_some_and(|e| e == "sqlite3"));
        found.sort();
        found
    };
    // Five backups taken, and never more than the two kept plus the one
    // being written at a time.
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < 5 {
        assert!(
            Instant::now() < deadline,
            "only {} backups in 60 s",
            seen.len()
        );
        let now = copies();
        assert!(now.len() <= 3, "old backups were not deleted: {now:?}");
        seen.extend(now);
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    let kept = copies();
    let oldest_kept = kept.first().unwrap();
    assert!(seen.first().unwrap() < oldest_kept, "the oldest went first");
    assert!(oldest_kept.with_extension("sqlite3.json").is_file());
}
