//! Build script shared by both store backends: lists `migrations/NNNN_name.sql`
//! into `$OUT_DIR/migrations.rs`, so a schema change is one new SQL file per
//! backend and nothing else. Versions come from the four-digit prefix, names
//! from the rest of the file name; a file not so named stops the build.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| fail("no CARGO_MANIFEST_DIR"));
    let dir = Path::new(&manifest).join("migrations");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<(u32, String, String)> = Vec::new();
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| fail(&e.to_string())).path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(stem) = file.strip_suffix(".sql") else {
            continue;
        };
        let (number, name) = stem
            .split_once('_')
            .unwrap_or_else(|| fail(&format!("{file}: expected NNNN_name.sql")));
        let version: u32 = number
            .parse()
            .ok()
            .filter(|_| number.len() == 4)
            .unwrap_or_else(|| fail(&format!("{file}: expected a four-digit version")));
        files.push((version, name.to_owned(), path.display().to_string()));
    }
    files.sort();
    let mut out = String::from("&[\n");
    for (version, name, path) in &files {
        let _ = writeln!(
            out,
            "    Migration {{ version: {version}, name: {name:?}, sql: include_str!({path:?}) }},"
        );
    }
    out.push_str("]\n");
    let target = Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| fail("no OUT_DIR")))
        .join("migrations.rs");
    fs::write(&target, out).unwrap_or_else(|e| fail(&format!("{}: {e}", target.display())));
}

fn fail(why: &str) -> ! {
    eprintln!("migrations: {why}");
    std::process::exit(1)
}
