//! What the command-line tests share: running `rundt`, a demo installation
//! copied for each test, a server on a free port and a bare HTTP client.

#![allow(dead_code, reason = "each test file uses a part")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub fn rundt_command(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rundt"));
    c.arg("--data")
        .arg(data)
        .env_remove("RUNDT_DATABASE_URL")
        .env_remove("RUNDT_FIELD_KEY")
        .env_remove("RUNDT_BACKUP_EVERY")
        .env("RUNDT_LOG", "error");
    c
}

pub fn rundt(data: &Path, args: &[&str]) -> Output {
    rundt_command(data).args(args).output().expect("run rundt")
}

/// Standard output and standard error together.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One demo installation per test file (loading it takes seconds).
pub fn demo_data() -> &'static Path {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DEMO
        .get_or_init(|| {
            let root = tempfile::tempdir().unwrap();
            let data = root.path().join("data");
            let out = rundt(&data, &["demo"]);
            assert!(out.status.success(), "{}", text(&out));
            (root, data)
        })
        .1
}

/// A fresh copy of the demo installation in `root`.
pub fn installation(root: &Path) -> PathBuf {
    let data = root.join("data");
    copy_dir(demo_data(), &data);
    data
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `rundt serve`, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn serve(data: &Path, port: u16, extra: &[&str]) -> Server {
    let child = rundt_command(data)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while request(port, "GET", "/healthz", "", None).is_none() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// An HTTP answer: status, the header block and the body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    /// The `name=value` of the first cookie set.
    pub fn cookie(&self) -> Option<String> {
        self.head
            .lines()
            .find_map(|l| {
                l.strip_prefix("set-cookie: ")
                    .or(l.strip_prefix("Set-Cookie: "))
            })
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
    }
}

/// One HTTP/1.1 request with a JSON body; `None` when nobody answered.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> Option<Answer> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         {cookie}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    Some(Answer {
        status: head.split_whitespace().nth(1)?.parse().ok()?,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

/// The status of a request, or `None` when nobody answered.
pub fn http(port: u16, method: &str, path: &str, body: &str) -> Option<u16> {
    request(port, method, path, body, None).map(|a| a.status)
}
