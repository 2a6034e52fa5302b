//! Generates a benchmark data set ahead of `cargo bench`:
//! `cargo run --release -p rundt-bench --bin rundt-bench-data -- national-1y`.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::time::Instant;

use rundt_bench::{Scale, database_bytes, describe, generate, open};

fn main() -> std::process::ExitCode {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "national-1y".into());
    let scale = match name.as_str() {
        "national-1y" => Scale::NATIONAL_1Y,
        "small" => Scale::SMALL,
        other => {
            eprintln!("unknown scale '{other}'; use national-1y or small");
            return std::process::ExitCode::FAILURE;
        }
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/bench-data")
        .join(&name);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return std::process::ExitCode::FAILURE;
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("no runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let result = rt.block_on(async {
        let app = open(&dir).await?;
        generate(&app, scale).await
    });
    match result {
        Ok((team, supervisor)) => {
            let marker = dir.join("generated");
            if let Err(e) = std::fs::write(&marker, format!("{team} {supervisor}")) {
                eprintln!("cannot write {}: {e}", marker.display());
                return std::process::ExitCode::FAILURE;
            }
            println!(
                "generated {name} {} in {:.1} s, {} MB at {}",
                describe(scale),
                started.elapsed().as_secs_f64(),
                database_bytes(&dir) / 1_000_000,
                dir.display()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generation failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
