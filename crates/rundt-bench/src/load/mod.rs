//! The open-loop load test (`rundt-bench-load`, issue 17): a mixed workload
//! offered at a fixed rate to the real server in a child process, latency
//! counted from each request's intended send time.
//!
//! - [`mix`]: the mix file (kinds of request and weights);
//! - [`open_loop`]: the scheduler and the connection pool;
//! - [`conn`]: the keep-alive HTTP/1.1 client connection;
//! - [`plain`]: one `GET`, for the floor and the tests;
//! - [`workload`]: what Rundt's kinds of request do, as whom;
//! - [`server`]: the server child (preparation, `READY` line, memory);
//! - [`report`]: the summary table.

pub mod conn;
pub mod mix;
pub mod open_loop;
pub mod plain;
pub mod report;
pub mod server;
pub mod workload;

/// The mix file in the crate: a working day's requests.
pub fn default_mix_path() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("mix/mixed.json")
}
