//! Generates a benchmark data set ahead of `cargo bench`:
//! `cargo run --release -p rundt-bench --bin rundt-bench-data -- national-1y`
//! (or `national-10y`, `small`, `small-10y`).

#![forbid(unsafe_code)]

use std::time::Instant;

use rundt_bench::{data_dir, database_bytes, open};
use rundt_seed::generate::{SCALE_NAMES, Scale, describe, generate};

fn main() -> std::process::ExitCode {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "national-1y".into());
    let Some(scale) = Scale::named(&name) else {
        eprintln!("unknown scale '{name}'; use one of {SCALE_NAMES}");
        return std::process::ExitCode::FAILURE;
    };
    let dir = data_dir(&name);
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
        Ok(ids) => {
            let marker = dir.join("generated");
            if let Err(e) = std::fs::write(&marker, ids.to_line()) {
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
            eprintln!(
                "generation failed after {:.1} s: {e}",
                started.elapsed().as_secs_f64()
            );
            std::process::ExitCode::FAILURE
        }
    }
}
