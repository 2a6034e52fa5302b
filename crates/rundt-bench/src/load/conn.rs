//! An asynchronous keep-alive HTTP/1.1 connection for the open-loop
//! generator: one request at a time, whole answers read (by
//! `Content-Length` or chunked). Kept minimal on purpose: the generator must
//! cost little next to the server it measures.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::http_answer;

/// How long an answer may take before it counts as none.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// One answer: its status, the headers the workload needs, and the body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    /// The value of the first `Set-Cookie` (name=value, attributes cut).
    pub cookie: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    /// 2xx and 3xx are answers; anything else is an error of the run.
    pub fn is_success(&self) -> bool {
        (200..400).contains(&self.status)
    }

    /// The status and the start of the body, for the error list.
    pub fn describe(&self) -> String {
        let body = String::from_utf8_lossy(&self.body);
        let cut: String = body.chars().take(300).collect();
        format!("HTTP {}: {cut}", self.status)
    }
}

/// One request: method, path, extra header lines, and an optional JSON body.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: Vec<(&'a str, String)>,
    pub json: Option<String>,
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Self {
        Request {
            method: "GET",
            path,
            ..Request::default()
        }
    }

    pub fn path_of(mut self, path: &'a str) -> Self {
        self.path = path;
        self
    }

    pub fn header(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", format!("Bearer {token}"))
    }

    pub fn with_json(mut self, method: &'a str, body: String) -> Self {
        self.method = method;
        self.json = Some(body);
        self
    }
}

/// A connection to the server on `127.0.0.1:port`.
pub struct Conn {
    port: u16,
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub async fn open(port: u16) -> Result<Conn, String> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Conn {
            port,
            stream,
            buf: Vec::with_capacity(1 << 14),
        })
    }

    /// A fresh connection to the same server (after an I/O error or an
    /// answer after which the server may close).
    pub async fn reopen(&mut self) -> Result<(), String> {
        *self = Conn::open(self.port).await?;
        Ok(())
    }

    /// Sends the request and reads the whole answer, within
    /// [`ANSWER_TIMEOUT`].
    pub async fn send(&mut self, req: &Request<'_>) -> Result<Answer, String> {
        match tokio::time::timeout(ANSWER_TIMEOUT, self.exchange(req)).await {
            Ok(answer) => answer,
            Err(_) => Err(format!("no answer within {} s", ANSWER_TIMEOUT.as_secs())),
        }
    }

    async fn exchange(&mut self, req: &Request<'_>) -> Result<Answer, String> {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/html\r\n",
            req.method, req.path
        );
        for (name, value) in &req.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let body = req.json.as_deref().unwrap_or("");
        if req.json.is_some() || req.method != "GET" {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        head.push_str(body);
        self.stream
            .write_all(head.as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        self.read_answer().await
    }

    async fn read_answer(&mut self) -> Result<Answer, String> {
        self.buf.clear();
        let raw = loop {
            if let Some(raw) = http_answer::complete(&self.buf)? {
                break raw;
            }
            self.fill().await?;
        };
        Ok(Answer {
            status: raw.status,
            etag: raw.header("etag").map(str::to_owned),
            cookie: raw
                .header("set-cookie")
                .and_then(|c| c.split(';').next().map(str::to_owned)),
            body: raw.body,
        })
    }

    async fn fill(&mut self) -> Result<(), String> {
        let mut chunk = [0u8; 16384];
        let n = self
            .stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}
