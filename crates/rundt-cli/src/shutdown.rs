//! Serving until told to stop, and stopping without losing anything: on
//! SIGTERM or Ctrl-C the listener closes (new connections are refused), the
//! requests in flight finish — for at most the grace period, after which
//! the server stops anyway and says so — and then the store is closed
//! (SQLite's write-ahead log checkpointed into the database file).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use rundt_app::App;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How long requests in flight may take to finish after the signal, unless
/// `--shutdown-grace` says otherwise.
pub const DEFAULT_GRACE: &str = "20s";

/// Parses a grace period such as `20s`, `1m` or `500ms`.
pub fn parse_grace(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text)
        .map_err(|e| format!("{e}: write a duration such as 20s, 1m or 500ms"))
}

/// Serves `router` on `listener` until SIGTERM or Ctrl-C, then stops as the
/// module says. Returns once the store is closed.
pub async fn serve_until_signal(
    signal: StopSignal,
    app: App,
    listener: TcpListener,
    router: axum::Router,
    grace: Duration,
) -> Result<()> {
    let (stop, stopped) = watch::channel(false);
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(wait_for(stopped));
    let mut server = tokio::spawn(std::future::IntoFuture::into_future(server));
    tokio::select! {
        ended = &mut server => {
            // The server ended without being asked to: an error of its own.
            ended
                .context("the server task failed")?
                .context("the server stopped with an error")?;
        }
        signal = signal.received() => {
            tracing::info!(
                %signal,
                grace = %humantime::format_duration(grace),
                "stopping: no new connections; waiting for the requests in flight"
            );
            let _ = stop.send(true);
            match tokio::time::timeout(grace, &mut server).await {
                Ok(ended) => {
                    ended
                        .context("the server task failed")?
                        .context("the server stopped with an error")?;
                    tracing::info!("every request in flight has been answered");
                }
                Err(_) => {
                    server.abort();
                    tracing::warn!(
                        grace = %humantime::format_duration(grace),
                        "requests were still in flight when the grace period ended; \
                         stopping anyway (their transactions commit whole or not at all)"
                    );
                }
            }
        }
    }
    match app.close().await {
        Ok(()) => tracing::info!("the database is closed; Rundt has stopped"),
        Err(e) => tracing::warn!(
            problem = %crate::describe(e),
            "the database could not be closed cleanly; nothing is lost, the \
             database finishes the work when it is next opened"
        ),
    }
    Ok(())
}

/// Resolves when `stopped` turns true (or its sender is gone).
async fn wait_for(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// SIGTERM and Ctrl-C (SIGINT), caught from the moment this is made: made
/// before the listener opens, so a signal sent to a server that already
/// accepts connections is never met by the default action (death).
pub struct StopSignal {
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
}

impl StopSignal {
    pub fn catch() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                terminate: Some(signal(SignalKind::terminate()).context("catching SIGTERM")?),
                interrupt: Some(signal(SignalKind::interrupt()).context("catching SIGINT")?),
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Waits for the first of the signals and names it.
    async fn received(mut self) -> &'static str {
        #[cfg(unix)]
        {
            let terminate = async {
                match self.terminate.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            let interrupt = async {
                match self.interrupt.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = terminate => "SIGTERM",
                _ = interrupt => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => "Ctrl-C",
                Err(_) => std::future::pending().await,
            }
        }
    }
}
