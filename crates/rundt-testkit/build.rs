//! Decides whether the PostgreSQL variants of the conformance suite run.
//!
//! They run (and fail when no server answers) under CI (`CI=true`), when
//! `RUNDT_REQUIRE_POSTGRES=1`, or when a PostgreSQL URL is given; otherwise
//! they are compiled as ignored tests that say why, so `cargo test` on a
//! fresh machine passes without PostgreSQL.

fn main() {
    const VARS: [&str; 4] = [
        "CI",
        "RUNDT_REQUIRE_POSTGRES",
        "RUNDT_TEST_POSTGRES_URL",
        "RUNDT_TEST_DATABASE_URL",
    ];
    for var in VARS {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rustc-check-cfg=cfg(rundt_postgres)");
    let set = |var: &str| std::env::var(var).ok().filter(|v| !v.trim().is_empty());
    let ci = set("CI").is_some_and(|v| v == "true" || v == "1");
    let required = set("RUNDT_REQUIRE_POSTGRES").is_some_and(|v| v != "0");
    let url = set("RUNDT_TEST_POSTGRES_URL").is_some()
        || set("RUNDT_TEST_DATABASE_URL").is_some_and(|u| u.starts_with("postgres"));
    if ci || required || url {
        println!("cargo::rustc-cfg=rundt_postgres");
    }
}
