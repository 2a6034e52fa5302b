//! `RUNDT_LOG_FORMAT=json` writes one JSON object a line to standard error,
//! for a log collector; without it the lines are for a person.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use std::path::Path;
use std::process::{Command, Output};

fn migrate(data: &Path, format: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rundt"));
    c.arg("--data")
        .arg(data)
        .arg("migrate")
        .env_remove("RUNDT_DATABASE_URL")
        .env_remove("RUNDT_FIELD_KEY")
        .env_remove("RUNDT_LOG_FORMAT")
        .env("RUNDT_LOG", "info");
    if let Some(f) = format {
        c.env("RUNDT_LOG_FORMAT", f);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn json_logs_are_one_object_a_line_with_level_and_message() {
    let root = tempfile::tempdir().unwrap();
    let out = migrate(&root.path().join("data"), Some("json"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "migrate logged nothing");
    for line in lines {
        let object: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(object["level"].is_string(), "{line}");
        assert!(object["timestamp"].is_string(), "{line}");
        assert!(object["fields"].is_object(), "{line}");
    }
}

#[test]
fn text_logs_are_lines_for_a_person() {
    let root = tempfile::tempdir().unwrap();
    let out = migrate(&root.path().join("data"), None);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.lines().any(|l| l.contains("INFO")), "{stderr}");
    assert!(!stderr.trim_start().starts_with('{'), "{stderr}");
}
