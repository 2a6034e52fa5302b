//! The web layer reaches the data only through the use cases (`rundt-app`),
//! which authorize and audit: it neither depends on the storage crate nor
//! names it. Start-up wiring (choosing and opening a store) lives in
//! `rundt-cli`.
#![allow(clippy::expect_used, reason = "a test stops at the first failure")]

use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The direct dependencies of `package` as Cargo.lock records them (any
/// section of the manifest, under any local name).
fn locked_dependencies(package: &str) -> Vec<String> {
    let lock = crate_dir().join("../../Cargo.lock");
    let text = std::fs::read_to_string(&lock).expect("read Cargo.lock");
    let entry = text
        .split("[[package]]")
        .find(|block| block.contains(&format!("name = \"{package}\"\n")))
        .expect("the package is in Cargo.lock");
    let Some(list) = entry.split("dependencies = [").nth(1) else {
        return Vec::new();
    };
    list.split(']')
        .next()
        .unwrap_or_default()
        .split(',')
        .map(|d| d.trim().trim_matches('"').to_owned())
        .filter(|d| !d.is_empty())
        .collect()
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read source folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn the_web_crate_does_not_depend_on_the_store() {
    let manifest =
        std::fs::read_to_string(crate_dir().join("Cargo.toml")).expect("read Cargo.toml");
    assert!(
        !manifest.contains("rundt-store"),
        "rundt-web/Cargo.toml names a storage crate; go through rundt-app's use cases"
    );
    let deps = locked_dependencies("rundt-web");
    assert!(
        deps.iter().any(|d| d == "rundt-app"),
        "the lock file entry was not read: {deps:?}"
    );
    let store_deps: Vec<&String> = deps
        .iter()
        .filter(|d| d.starts_with("rundt-store"))
        .collect();
    assert!(
        store_deps.is_empty(),
        "rundt-web depends directly on {store_deps:?}"
    );
}

#[test]
fn the_web_sources_never_name_the_store() {
    let mut files = Vec::new();
    rust_files(&crate_dir().join("src"), &mut files);
    assert!(files.len() > 10, "the sources were not found: {files:?}");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).expect("read source");
            text.contains("rundt_store") || text.contains(".store.") || text.contains(".store\n")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these web sources reach the store directly: {offenders:?}"
    );
}

/// Files below `dir` (or the file itself) that name any of `forbidden`.
fn naming(dir: &Path, forbidden: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    if dir.is_dir() {
        rust_files(dir, &mut files);
    } else {
        files.push(dir.to_path_buf());
    }
    files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).expect("read source");
            forbidden.iter().any(|name| text.contains(name))
        })
        .map(|f| f.display().to_string())
        .collect()
}

#[test]
fn the_web_modules_form_layers_without_a_cycle() {
    let src = crate_dir().join("src");
    // The shared state and the helpers are below every handler.
    for helper in [
        "state.rs",
        "auth.rs",
        "error.rs",
        "extract.rs",
        "report.rs",
        "results_view.rs",
    ] {
        let offenders = naming(
            &src.join(helper),
            &["crate::api", "crate::pages", "crate::router"],
        );
        assert!(offenders.is_empty(), "{helper} imports a handler module");
    }
    // The API never reaches into the pages; nothing reaches the router.
    let api = naming(&src.join("api"), &["crate::pages", "crate::router"]);
    assert!(
        api.is_empty(),
        "API modules import pages or the router: {api:?}"
    );
    let pages = naming(&src.join("pages"), &["crate::router"]);
    assert!(
        pages.is_empty(),
        "page modules import the router: {pages:?}"
    );
}
