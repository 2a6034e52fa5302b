//! `rundt retention` on the demo installation, whose Danish team has a
//! course and a declined referral over ten years old and a course on legal
//! hold: the dry run lists them and changes nothing; a run without the
//! archive authority's decision removes nothing and says what it waits
//! for; with it, the two are anonymised, the held course is left, the
//! audit log verifies; a lifted hold lets the next run take that course.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

mod common;

use std::path::Path;

use common::{installation, rundt, text};

/// The case numbers `retention --dry-run` lists as due.
fn due(data: &Path) -> Vec<String> {
    let out = rundt(data, &["retention", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(
        printed.contains("Dry run: nothing was changed."),
        "{printed}"
    );
    printed
        .lines()
        .filter_map(|l| l.trim().strip_prefix("due: case "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn held(data: &Path) -> Vec<String> {
    let out = rundt(data, &["retention", "holds"]);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
        .lines()
        .filter(|l| l.starts_with("case ") && l.contains("(DK): on"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(str::to_owned)
        .collect()
}

fn verify(data: &Path) {
    let out = rundt(data, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("audit log intact"), "{}", text(&out));
}

#[test]
fn the_old_danish_records_are_anonymised_only_with_the_archive_decision_and_never_under_hold() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let before = due(&data);
    assert_eq!(before.len(), 2, "a course and a declined referral");
    let holds = held(&data);
    assert_eq!(holds.len(), 1, "the course with a pending complaint");
    assert!(!before.contains(&holds[0]));
    assert_eq!(due(&data), before, "a dry run changes nothing");

    // Without the decision nothing goes, and the command says why.
    let out = rundt(&data, &["retention"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("0 case(s) anonymised"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("--authorisation \"DK/course=<its reference>\""),
        "{}",
        text(&out)
    );
    assert_eq!(due(&data), before);

    let out = rundt(
        &data,
        &[
            "retention",
            "--authorisation",
            "DK/course=Rigsarkivet j.nr. 2026-004711",
            "--authorisation",
            "DK/referral_not_taken_up=Rigsarkivet j.nr. 2026-004712",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("2 case(s) anonymised (4 people removed)"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("about"), "progress with the time left");
    assert!(due(&data).is_empty());
    assert_eq!(held(&data), holds, "the held course is untouched");
    verify(&data);

    // The complaint is decided: lifting the hold makes the course due.
    let out = rundt(
        &data,
        &[
            "retention",
            "release",
            &holds[0],
            "--reason",
            "Ankestyrelsen har afgjort klagen",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(due(&data), holds);
    let out = rundt(
        &data,
        &[
            "retention",
            "--authorisation",
            "DK/course=Rigsarkivet j.nr. 2026-004711",
        ],
    );
    assert!(
        text(&out).contains("1 case(s) anonymised"),
        "{}",
        text(&out)
    );
    verify(&data);
}

#[test]
fn a_hold_needs_a_reason_and_a_wrong_rule_name_is_explained() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let case = due(&data).remove(0);
    let out = rundt(&data, &["retention", "hold", &case, "--reason", "  "]);
    assert!(!out.status.success());
    assert!(text(&out).contains("reason"), "{}", text(&out));
    let out = rundt(
        &data,
        &[
            "retention",
            "hold",
            &case,
            "--reason",
            "Aktindsigtssag verserer",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!due(&data).contains(&case));
    let out = rundt(&data, &["retention", "--authorisation", "DK/courses=x"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("the rules are DK/course"),
        "{}",
        text(&out)
    );
    let out = rundt(&data, &["retention", "--authorisation", "DK/course"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("RULE=REFERENCE"), "{}", text(&out));
}

#[test]
fn an_installations_own_rules_are_checked_before_anything_runs() {
    let root = tempfile::tempdir().unwrap();
    let data = installation(root.path());
    let rules = root.path().join("rules.json");
    std::fs::write(&rules, r#"{"rules": []}"#).unwrap();
    let out = rundt(
        &data,
        &["retention", "--dry-run", "--rules", rules.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("DK/course: no rule"), "{}", text(&out));
}
