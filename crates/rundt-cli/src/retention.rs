//! `rundt retention`: what the retention rules make due today, and, when
//! asked, anonymising it (docs/RETENTION.md). Also the legal holds.
//!
//! Nothing runs by itself. `--dry-run` only lists. A rule that needs the
//! archive authority's decision acts only when `--authorisation RULE=REF`
//! names it; the reference goes into each case's audit event.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rundt_app::retention::{self, Review};
use rundt_app::{Actor, App};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::retention::{Disposal, RetentionPolicy, Verdict};

use crate::progress;

/// What `rundt retention` was asked to do.
pub struct Run<'a> {
    pub dry_run: bool,
    pub rules_file: Option<&'a Path>,
    /// `RULE=REFERENCE` pairs, e.g. `DK/course=Rigsarkivet j.nr. 2026-1234`.
    pub authorisations: &'a [String],
    pub country: Option<Country>,
}

/// The policy: the shipped rules, or the installation's own file.
pub fn policy(file: Option<&Path>) -> Result<RetentionPolicy> {
    match file {
        None => RetentionPolicy::built_in().context("the shipped retention rules"),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the retention rules {}", path.display()))?;
            RetentionPolicy::parse(&text)
                .with_context(|| format!("the retention rules in {}", path.display()))
        }
    }
}

fn authorisations(pairs: &[String], policy: &RetentionPolicy) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for pair in pairs {
        let Some((rule, reference)) = pair.split_once('=') else {
            bail!(
                "--authorisation takes RULE=REFERENCE, e.g. \"DK/course=Rigsarkivet j.nr. 2026-1234\"; got {pair:?}"
            );
        };
        let (rule, reference) = (rule.trim(), reference.trim());
        if !policy.rules.iter().any(|r| r.id() == rule) {
            let known: Vec<String> = policy.rules.iter().map(|r| r.id()).collect();
            bail!(
                "--authorisation names the rule {rule:?}; the rules are {}",
                known.join(", ")
            );
        }
        if reference.is_empty() {
            bail!("--authorisation for {rule} has no reference");
        }
        out.insert(rule.to_owned(), reference.to_owned());
    }
    Ok(out)
}

pub async fn run(app: &App, options: &Run<'_>) -> Result<()> {
    let policy = policy(options.rules_file)?;
    let authorised = authorisations(options.authorisations, &policy)?;
    let actor = Actor::cli();
    let mut review = retention::review(app, &actor, &policy)
        .await
        .map_err(crate::describe)?;
    if let Some(country) = options.country {
        review.cases.retain(|c| c.country == country);
        review
            .rules
            .retain(|r| r.rule.country.is_none_or(|c| c == country));
    }
    print_review(&review);
    if options.dry_run {
        println!("Dry run: nothing was changed.");
        return Ok(());
    }

    let mut waiting = Vec::new();
    let due: Vec<_> = review
        .due_cases(&policy)
        .filter(|(_, rule)| {
            let go = !rule.needs_authorisation || authorised.contains_key(&rule.id());
            if !go && !waiting.contains(&rule.id()) {
                waiting.push(rule.id());
            }
            go
        })
        .collect();
    let started = Instant::now();
    let (mut done, mut removed_people) = (0u64, 0usize);
    for (case, rule) in &due {
        let reference = authorised.get(&rule.id()).map(String::as_str);
        match retention::anonymise(app, &actor, &policy, case, reference).await {
            Ok(erased) => removed_people += erased.persons_removed.len(),
            // A hold placed or an entry made since the review: left alone.
            Err(rundt_app::AppError::Conflict(m)) => {
                println!("case {}: left alone: {}", case.case_id, crate::english(&m));
            }
            Err(e) => return Err(crate::describe(e)),
        }
        done += 1;
        if done % 25 == 0 || done == due.len() as u64 {
            println!(
                "anonymised {done}/{} ({}%), about {} left",
                due.len(),
                done * 100 / (due.len() as u64).max(1),
                humantime::format_duration(progress::estimate_left(
                    started.elapsed(),
                    done,
                    due.len() as u64
                ))
            );
        }
    }
    let sign_ins = if options.country.is_none() {
        retention::delete_sign_in_records(app, &actor, &policy)
            .await
            .map_err(crate::describe)?
    } else {
        0
    };
    if (done > 0 || sign_ins > 0)
        && let Err(e) = retention::scrub(app, &actor).await
    {
        println!(
            "Note: {}; the removed rows leave the write-ahead log when it is next emptied \
             (at the latest when the server stops).",
            crate::describe(e)
        );
    }
    println!(
        "Done: {done} case(s) anonymised ({removed_people} people removed), {sign_ins} sign-in \
         record(s) deleted. Each is in the audit log; `rundt audit verify` checks the chain."
    );
    for rule in waiting {
        println!(
            "{rule}: due cases wait for the archive authority's decision; when you have it, run \
             again with --authorisation \"{rule}=<its reference>\""
        );
    }
    println!(
        "Backups taken before today still hold what was removed: they leave with the backups \
         (--backup-keep)."
    );
    Ok(())
}

fn print_review(review: &Review) {
    println!("Retention on {}:", review.today);
    for r in &review.rules {
        let rule = &r.rule;
        let what = match rule.then {
            Disposal::Keep => "kept for good".to_owned(),
            then => format!(
                "{then} {} months after the last entry{}",
                rule.keep_months,
                if rule.needs_authorisation {
                    ", with the archive authority's decision"
                } else {
                    ""
                }
            ),
        };
        println!("  {}: {what}", rule.id());
        if rule.kind.is_case() {
            let next = r
                .next_due
                .map(|d| format!(" (next due {d})"))
                .unwrap_or_default();
            println!(
                "    due now {}, not yet {}{next}, on legal hold {}, kept {}",
                r.due.len(),
                r.not_yet,
                r.on_hold,
                r.kept
            );
        } else {
            println!("    due now {} sign-in record(s)", r.sign_in_records_due);
        }
    }
    for c in &review.cases {
        if let Verdict::Due(since) = c.verdict {
            println!(
                "  due: case {} ({} {}, team {}), last entry {}, due since {since}",
                c.case_id,
                c.country.code(),
                c.kind,
                c.team_id,
                c.last_entry
            );
        }
    }
}

pub async fn holds(app: &App, all: bool) -> Result<()> {
    let holds = retention::holds(app, &Actor::cli(), !all)
        .await
        .map_err(crate::describe)?;
    if holds.is_empty() {
        println!("No legal holds{}.", if all { "" } else { " on" });
    }
    for h in holds {
        let state = match (h.lifted_at, &h.lift_reason) {
            (Some(at), reason) => format!(
                "lifted {} ({})",
                at.format("%Y-%m-%d"),
                reason.as_deref().unwrap_or("")
            ),
            (None, _) => "on".to_owned(),
        };
        println!(
            "case {} ({}): {state}; placed {}: {}",
            h.case_id,
            h.country.code(),
            h.placed_at.format("%Y-%m-%d"),
            h.reason
        );
    }
    Ok(())
}

pub async fn hold(app: &App, case: CaseId, reason: &str, lift: bool) -> Result<()> {
    let actor = Actor::cli();
    let hold = if lift {
        retention::lift_hold(app, &actor, case, reason).await
    } else {
        retention::place_hold(app, &actor, case, reason).await
    }
    .map_err(crate::describe)?;
    if lift {
        println!("The legal hold on case {} is lifted.", hold.case_id);
    } else {
        println!(
            "Case {} is on legal hold: retention leaves it alone until the hold is lifted \
             (rundt retention release {} --reason ...).",
            hold.case_id, hold.case_id
        );
    }
    Ok(())
}
