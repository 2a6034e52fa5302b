//! The catalogues are checked at test time: they parse, every id is in all
//! three languages with the same values, every message code the code base
//! can produce has its text, and each message names exactly the values its
//! producers give it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rundt_domain::Arg;
use rundt_i18n::{Locale, catalogue_ids, catalogue_sources, try_format, variables};

#[test]
fn every_file_parses_and_no_id_is_given_twice() {
    for locale in Locale::ALL {
        let (files, problems) = catalogue_sources(locale);
        assert_eq!(files.len(), 13, "{locale:?}");
        assert!(problems.is_empty(), "{locale:?}: {problems:#?}");
        let ids = catalogue_ids(locale);
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{locale:?} repeats an id");
    }
}

#[test]
fn every_id_is_in_all_three_languages_with_the_same_values() {
    let english: BTreeSet<&str> = catalogue_ids(Locale::En).into_iter().collect();
    assert!(english.len() > 500, "{} ids", english.len());
    for locale in [Locale::Da, Locale::Nb] {
        let ids: BTreeSet<&str> = catalogue_ids(locale).into_iter().collect();
        let missing: Vec<_> = english.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&english).collect();
        assert!(missing.is_empty(), "{locale:?} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{locale:?} has ids English lacks: {extra:?}"
        );
        for id in &english {
            assert_eq!(
                variables(locale, id),
                variables(Locale::En, id),
                "{id} names other values in {locale:?}"
            );
        }
    }
}

#[test]
fn every_message_renders_without_fluent_errors() {
    for locale in Locale::ALL {
        for id in catalogue_ids(locale) {
            let names = variables(locale, id).unwrap_or_default();
            for n in [1, 2] {
                let args: Vec<(&str, Arg)> =
                    names.iter().map(|name| (*name, Arg::Number(n))).collect();
                let (text, errors) = try_format(locale, id, &args).unwrap_or_default();
                assert!(errors.is_empty(), "{id} in {locale:?}: {errors:?}");
                assert!(!text.trim().is_empty(), "{id} in {locale:?} is empty");
                assert!(!text.contains('{'), "{id} in {locale:?}: {text}");
            }
        }
    }
}

/// Each `msg!("code", name = …)` in the workspace's sources.
fn produced_messages() -> BTreeMap<String, (BTreeSet<String>, PathBuf)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found: BTreeMap<String, (BTreeSet<String>, PathBuf)> = BTreeMap::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap_or_else(|e| panic!("{e}")) {
        let dir = entry.map(|e| e.path()).unwrap_or_default().join("src");
        rust_files(&dir, &mut files);
    }
    assert!(files.len() > 100, "{} source files", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for call in macro_calls(&text, "msg!(") {
            let mut parts = top_level_parts(call).into_iter();
            let Some(code) = parts.next() else { continue };
            let Some(code) = code
                .trim()
                .strip_prefix('"')
                .and_then(|c| c.strip_suffix('"'))
            else {
                continue; // the macro's own definition
            };
            let names: BTreeSet<String> = parts
                .filter_map(|p| p.split_once('=').map(|(n, _)| n.trim().to_owned()))
                .filter(|n| !n.is_empty())
                .collect();
            if let Some((earlier, path)) = found.get(code) {
                assert_eq!(
                    earlier,
                    &names,
                    "{code} is given other values in {} and {}",
                    path.display(),
                    file.display()
                );
            }
            found.insert(code.to_owned(), (names, file.clone()));
        }
    }
    found
}

#[test]
fn every_message_code_has_its_text_with_the_values_it_is_given() {
    let produced = produced_messages();
    assert!(produced.len() > 120, "found {} codes", produced.len());
    for (code, (names, file)) in &produced {
        for locale in Locale::ALL {
            let Some(used) = variables(locale, code) else {
                panic!("{code} (from {}) has no {locale:?} text", file.display());
            };
            let used: BTreeSet<String> = used.into_iter().map(str::to_owned).collect();
            assert_eq!(
                &used,
                names,
                "{code} in {locale:?} names other values than {} gives",
                file.display()
            );
        }
    }
}

#[test]
fn plurals_follow_each_language() {
    let families = |locale, n| {
        try_format(locale, "families_count", &[("n", Arg::Number(n))])
            .map(|(text, _)| text)
            .unwrap_or_default()
    };
    assert_eq!(families(Locale::Da, 1), "1 familie");
    assert_eq!(families(Locale::Da, 2), "2 familier");
    assert_eq!(families(Locale::Nb, 1), "1 familie");
    assert_eq!(families(Locale::Nb, 0), "0 familier");
    assert_eq!(families(Locale::En, 1), "1 family");
    assert_eq!(families(Locale::En, 4), "4 families");
}

#[test]
fn decimals_have_a_comma_in_danish_and_norwegian() {
    let total = Arg::Decimal("99.50".into());
    let say = |locale| rundt_i18n::format(locale, "shares-not-whole", &[("total", total.clone())]);
    assert_eq!(
        say(Locale::En).as_deref(),
        Some("ownership shares must add up to 100 %, they add up to 99.50 %")
    );
    assert_eq!(
        say(Locale::Da).as_deref(),
        Some("ejerandelene skal tilsammen give 100 %, de giver 99,50 %")
    );
    assert_eq!(
        say(Locale::Nb).as_deref(),
        Some("eierandelene må til sammen bli 100 %, de blir 99,50 %")
    );
}

#[test]
fn words_inside_sentences_are_said_in_the_readers_language() {
    let m = rundt_domain::msg!(
        "role-no-access",
        role = Arg::word("role_therapist"),
        object = "case"
    );
    assert_eq!(
        rundt_i18n::message(Locale::En, &m),
        "your role (therapist) does not give access to this case"
    );
    assert_eq!(
        rundt_i18n::message(Locale::Da, &m),
        "din rolle (terapeut) giver ikke adgang til denne sag"
    );
    assert_eq!(
        rundt_i18n::message(Locale::Nb, &m),
        "rollen din (terapeut) gir ikke tilgang til denne saken"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The argument text of each `name(…)` call, up to its closing bracket.
fn macro_calls<'t>(text: &'t str, open: &str) -> Vec<&'t str> {
    let mut calls = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let body = &rest[start + open.len()..];
        let end = closing(body).unwrap_or(body.len());
        calls.push(&body[..end]);
        rest = &body[end..];
    }
    calls
}

/// The characters of Rust source outside string literals, with their
/// byte offsets.
fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.char_indices().filter(move |(_, c)| {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            false
        } else if *c == '"' {
            in_string = true;
            false
        } else {
            true
        }
    })
}

/// Where the bracket opened just before `body` closes (strings skipped).
fn closing(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in code_chars(body) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return Some(i),
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The call's arguments split at commas outside brackets and strings.
fn top_level_parts(call: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in code_chars(call) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&call[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !call[start..].trim().is_empty() {
        parts.push(&call[start..]);
    }
    parts
}
