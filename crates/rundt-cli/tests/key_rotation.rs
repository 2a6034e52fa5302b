//! `rundt keys rotate` while Rundt serves: interrupted halfway, with the
//! server restarted in the middle, it resumes, re-seals every national
//! identifier and second-factor secret under the new key, re-signs the
//! audit checkpoints and retires the old key; the running server picks the
//! new key up and people still log in.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{free_port, installation, request, rundt, rundt_command, serve, text};

const DEMO_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// `(current fingerprint, values under the previous key)` from `keys check`.
fn check(data: &Path) -> (String, u64, String) {
    let out = rundt(data, &["keys", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    let current = printed
        .lines()
        .find_map(|l| l.strip_prefix("current key "))
        .unwrap()
        .to_owned();
    let previous: u64 = printed
        .lines()
        .filter_map(|l| l.split(", ").nth(2))
        .filter_map(|part| part.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    (current, previous, printed)
}

/// Logs in over the API with password and one-time code; the status of the
/// second step (200 when the server could open the sealed secret). A code
/// is accepted once per user, so each log-in here is another user's.
fn log_in(port: u16, data: &Path, username: &str) -> u16 {
    let step1 = request(
        port,
        "POST",
        "/api/v1/session",
        &format!(r#"{{"username":"{username}","password":"rundt-demo-2026"}}"#),
        None,
    )
    .unwrap();
    assert_eq!(step1.status, 200, "{}", step1.body);
    let code = rundt(data, &["totp-code", DEMO_SECRET]);
    let code = String::from_utf8_lossy(&code.stdout).trim().to_owned();
    let step2 = request(
        port,
        "POST",
        "/api/v1/session/second-factor",
        &format!(r#"{{"code":"{code}"}}"#),
        step1.cookie().as_deref(),
    )
    .unwrap();
    step2.status
}

#[test]
fn an_interrupted_rotation_resumes_and_retires_the_old_key_while_the_server_runs() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let (old_key, under_previous, _) = check(&data);
    assert_eq!(under_previous, 0);
    let port = free_port();
    let server = serve(&data, port, &[]);

    // Start a slow rotation and kill it once it has re-sealed a first batch.
    let mut rotation = rundt_command(&data)
        .args([
            "keys",
            "rotate",
            "--settle",
            "3s",
            "--batch-size",
            "5",
            "--pause-between-batches",
            "1s",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(rotation.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(Instant::now() < deadline, "no batch was re-sealed");
        let line = lines.next().unwrap().unwrap();
        if line.contains(" re-sealed ") && !line.contains(", 0 re-sealed") {
            break;
        }
    }
    rotation.kill().unwrap();
    rotation.wait().unwrap();

    // Halfway: some values under the new key, some under the old; the
    // server is restarted in the middle and still lets people in.
    let (new_key, under_previous, printed) = check(&data);
    assert_ne!(new_key, old_key);
    assert!(
        printed.contains(&format!("previous key {old_key}")),
        "{printed}"
    );
    assert!(under_previous > 0, "{printed}");
    drop(server);
    let server = serve(&data, port, &[]);
    assert_eq!(log_in(port, &data, "jonas.therapist"), 200);

    let out = rundt(&data, &["keys", "rotate", "--settle", "3s"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(printed.contains("under way; continuing it"), "{printed}");
    assert!(printed.contains("Rotation finished"), "{printed}");

    let (current, under_previous, printed) = check(&data);
    assert_eq!(current, new_key, "the resumed rotation kept the new key");
    assert_eq!(under_previous, 0, "{printed}");
    assert!(
        !printed.lines().any(|l| l.starts_with("previous key")),
        "{printed}"
    );
    let retired: Vec<_> = std::fs::read_dir(data.join("keys").join("retired"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        retired.len() == 1 && retired[0].starts_with(&format!("field-{old_key}-")),
        "{retired:?}"
    );
    assert!(!data.join("keys").join("field.previous.key").exists());

    // The checkpoints signed with the old key were signed anew.
    let verify = rundt(&data, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));

    // The server that started mid-rotation reloads the keys (it looks every
    // 2 s) and opens the secrets sealed with the new key alone.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(log_in(port, &data, "mette.supervisor"), 200);
    drop(server);
}

#[test]
fn a_backup_waits_for_an_unfinished_rotation() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let keys = data.join("keys");
    std::fs::copy(keys.join("field.key"), keys.join("field.previous.key")).unwrap();
    // A rotation that stopped right after the old key was set aside is
    // resumed with a new key; until then nothing is under way.
    let out = rundt(&data, &["keys", "rotate", "--settle", "0s"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("New field key"), "{}", text(&out));

    std::fs::copy(
        keys.join("retired")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
        keys.join("field.previous.key"),
    )
    .unwrap();
    let out = rundt(&data, &["backup"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("a key rotation from"), "{}", text(&out));
}
