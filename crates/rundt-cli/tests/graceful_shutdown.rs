//! `rundt serve` stopped with SIGTERM: it refuses new connections at once,
//! still answers the request in flight in full, empties SQLite's
//! write-ahead log into the database file and exits 0; a request that
//! never finishes holds it up for the grace period only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing test may panic"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const USERNAME: &str = "grace.admin";
const PASSWORD: &str = "a long enough password for the test";

fn rundt(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rundt"));
    c.arg("--data")
        .arg(data)
        .env_remove("RUNDT_DATABASE_URL")
        .env_remove("RUNDT_FIELD_KEY")
        .env_remove("RUNDT_LISTEN")
        .env_remove("RUNDT_SHUTDOWN_GRACE")
        .env("RUNDT_LOG", "info");
    c
}

/// A data folder with one account that can pass the password step.
fn installation() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let mut create = rundt(&data)
        .args(["admin", "create-user", "--username", USERNAME])
        .args(["--name", "Grace Admin", "--role", "national_admin"])
        .args(["--country", "DK", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(PASSWORD.as_bytes())
        .unwrap();
    let out = create.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (root, data)
}

struct Server {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Server {
    fn start(data: &Path, grace: &str) -> Self {
        let address = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let log = data.with_file_name("serve.log");
        let child = rundt(data)
            .args(["serve", "--insecure-cookies", "--shutdown-grace", grace])
            .arg("--listen")
            .arg(address.to_string())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let server = Self {
            child,
            address,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(address).is_err() {
            assert!(Instant::now() < deadline, "{}", server.log_text());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Waits (at most a minute) for the process to end.
    fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("rundt serve did not stop:\n{}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether a new connection is refused, waiting up to ten seconds for
    /// the listener to close.
    fn refuses_new_connections(&self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            match TcpStream::connect(self.address) {
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => return true,
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        false
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A login whose headers have reached the handler (the server asked for the
/// body with `100 Continue`) and whose body has not been sent yet.
struct LoginInFlight {
    stream: TcpStream,
    body: String,
}

impl LoginInFlight {
    fn open(address: SocketAddr) -> Self {
        let body = login_body(USERNAME, PASSWORD);
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "POST /api/v1/session HTTP/1.1\r\nHost: {address}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\
             Expect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 100"), "got {status:?}");
        let mut blank = String::new();
        reader.read_line(&mut blank).unwrap();
        assert_eq!(blank, "\r\n");
        Self { stream, body }
    }

    /// Sends the body and reads the whole answer.
    fn finish(mut self) -> String {
        self.stream.write_all(self.body.as_bytes()).unwrap();
        let mut answer = String::new();
        self.stream.read_to_string(&mut answer).unwrap();
        answer
    }
}

/// The login body (two plain strings; no escaping needed).
fn login_body(username: &str, password: &str) -> String {
    format!(r#"{{"username":"{username}","password":"{password}"}}"#)
}

fn wal_is_empty(data: &Path) -> bool {
    let wal = data.join("rundt.sqlite3-wal");
    std::fs::metadata(wal).map_or(true, |m| m.len() == 0)
}

#[test]
fn on_sigterm_the_request_in_flight_is_answered_new_connections_are_refused_and_the_wal_is_emptied()
{
    let (_root, data) = installation();
    let mut server = Server::start(&data, "20s");
    let login = LoginInFlight::open(server.address);

    server.terminate();
    assert!(
        server.refuses_new_connections(),
        "still accepting after SIGTERM:\n{}",
        server.log_text()
    );
    let answer = login.finish();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the request in flight was not answered in full: {answer}\n{}",
        server.log_text()
    );
    assert!(answer.contains(r#""next":"enrol""#), "{answer}");

    let status = server.exit_status();
    assert!(status.success(), "{status}:\n{}", server.log_text());
    assert!(
        wal_is_empty(&data),
        "the write-ahead log was left with frames in it"
    );
    // The login's session, written while the server was stopping, is in
    // the database file itself.
    let db = rusqlite::Connection::open_with_flags(
        data.join("rundt.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let sessions: i64 = db
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sessions, 1);
    let verify = rundt(&data).args(["audit", "verify"]).output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn a_request_that_never_finishes_holds_the_stop_up_for_the_grace_period_only() {
    let (_root, data) = installation();
    let mut server = Server::start(&data, "1s");
    let stuck = LoginInFlight::open(server.address);

    server.terminate();
    let status = server.exit_status();
    assert!(status.success(), "{status}:\n{}", server.log_text());
    let log = server.log_text();
    assert!(
        log.contains("requests were still in flight when the grace period ended"),
        "{log}"
    );
    assert!(wal_is_empty(&data));
    drop(stuck);
}
