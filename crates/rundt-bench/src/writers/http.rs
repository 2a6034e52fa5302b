//! A keep-alive HTTP/1.1 connection for the load programs: one request at a
//! time, whole answers read (by `Content-Length` or chunked), blocking.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::http_answer;

/// One answer: its status, `ETag` (if any) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub body: Vec<u8>,
}

/// A connection to the server on `127.0.0.1:port`.
pub struct Conn {
    port: u16,
    stream: TcpStream,
    buf: Vec<u8>,
}

/// How long an answer may take before it counts as none (a deadlock would
/// show here).
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

impl Conn {
    pub fn open(port: u16) -> Result<Conn, String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(ANSWER_TIMEOUT))
            .map_err(|e| e.to_string())?;
        Ok(Conn {
            port,
            stream,
            buf: Vec::with_capacity(1 << 14),
        })
    }

    /// A fresh connection to the same server (after one the server closed).
    pub fn reopen(&mut self) -> Result<(), String> {
        *self = Conn::open(self.port)?;
        Ok(())
    }

    /// Sends one request with a bearer token (and `If-Match`, and a JSON
    /// body, when given) and reads the whole answer.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        if_match: Option<i64>,
        json: Option<&str>,
    ) -> Result<Answer, String> {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nAccept: application/json\r\n"
        );
        if let Some(v) = if_match {
            req.push_str(&format!("If-Match: \"{v}\"\r\n"));
        }
        let body = json.unwrap_or("");
        if json.is_some() {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.stream
            .write_all(req.as_bytes())
            .map_err(|e| e.to_string())?;
        self.read_answer()
    }

    fn read_answer(&mut self) -> Result<Answer, String> {
        self.buf.clear();
        let raw = loop {
            if let Some(raw) = http_answer::complete(&self.buf)? {
                break raw;
            }
            self.fill()?;
        };
        Ok(Answer {
            status: raw.status,
            etag: raw.header("etag").map(str::to_owned),
            body: raw.body,
        })
    }

    fn fill(&mut self) -> Result<(), String> {
        let mut chunk = [0u8; 16384];
        let n = self.stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}
