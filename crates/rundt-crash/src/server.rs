//! The `rundt` processes the harness runs: the demo load, the server (on a
//! free loopback port, its log appended to one file), its SIGKILL, and
//! `rundt audit verify`.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::api::{Api, Auth};

/// The `rundt` binary and the data folder it works in.
#[derive(Clone)]
pub struct Installation {
    pub rundt: PathBuf,
    pub data: PathBuf,
    /// Where the servers' logs go (appended, one file for the whole run).
    pub log: PathBuf,
}

impl Installation {
    fn command(&self) -> Command {
        let mut c = Command::new(&self.rundt);
        c.arg("--data")
            .arg(&self.data)
            .env_remove("RUNDT_DATABASE_URL")
            .env_remove("RUNDT_FIELD_KEY")
            .env_remove("RUNDT_LISTEN")
            .env("RUNDT_LOG", "warn");
        c
    }

    /// `rundt demo`: a fresh data folder with the demo's teams and staff.
    pub fn load_demo(&self) -> Result<()> {
        let out = self
            .command()
            .arg("demo")
            .stdout(Stdio::null())
            .output()
            .with_context(|| format!("running {}", self.rundt.display()))?;
        if !out.status.success() {
            bail!(
                "rundt demo failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    /// `rundt audit verify`: Ok with its report line when the chain holds.
    pub fn verify_audit(&self) -> Result<String> {
        let out = self
            .command()
            .args(["audit", "verify"])
            .output()
            .context("running rundt audit verify")?;
        let said = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.status.success() {
            bail!(
                "rundt audit verify failed: {said} {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(said)
    }

    /// Starts `rundt serve` on a free loopback port and waits until
    /// `/healthz` answers 200; returns the server and how long that took.
    pub fn start(&self) -> Result<(Server, Duration)> {
        let address = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .context("finding a free loopback port")?;
        let log = std::fs::File::options()
            .create(true)
            .append(true)
            .open(&self.log)
            .with_context(|| format!("opening {}", self.log.display()))?;
        let began = Instant::now();
        let child = self
            .command()
            // The writers send as fast as the server answers, each token
            // for many people: no per-token rate (the default 600 a minute
            // would answer them 429).
            .args([
                "serve",
                "--insecure-cookies",
                "--api-token-rate",
                "0",
                "--listen",
            ])
            .arg(address.to_string())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {} serve", self.rundt.display()))?;
        let mut server = Server { child, address };
        let api = Api::new(address);
        let deadline = began + Duration::from_secs(120);
        loop {
            if let Ok(reply) = api.get("/healthz", Auth::None)
                && reply.status == 200
            {
                return Ok((server, began.elapsed()));
            }
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "rundt serve ended ({status}) before serving; see {}",
                    self.log.display()
                );
            }
            if Instant::now() > deadline {
                server.kill()?;
                bail!(
                    "rundt serve did not answer /healthz within 120 s; see {}",
                    self.log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A running `rundt serve`.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
}

impl Server {
    /// SIGKILL: no signal handler, no flush, no checkpoint, as a pulled
    /// plug looks to the process (the machine's page cache survives).
    pub fn kill(&mut self) -> Result<()> {
        self.child
            .kill()
            .context("sending SIGKILL to rundt serve")?;
        self.child
            .wait()
            .context("waiting for rundt serve to die")?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A folder of its own for one run, under the system's temporary folder.
pub fn fresh_folder(parent: Option<&Path>) -> Result<PathBuf> {
    let stamp = crate::wall_clock().format("%Y%m%dT%H%M%S");
    let base = parent.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let dir = base.join(format!("rundt-crash-{stamp}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
