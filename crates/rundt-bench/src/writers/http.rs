//! A keep-alive HTTP/1.1 connection for the load programs: one request at a
//! time, whole answers read (by `Content-Length` or chunked), blocking.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            self.fill()?;
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).to_string();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| format!("bad status line: {head}"))?;
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        };
        let etag = header("etag");
        let body = if let Some(len) = header("content-length") {
            let len: usize = len.parse().map_err(|_| format!("bad length {len}"))?;
            while self.buf.len() < head_end + len {
                self.fill()?;
            }
            self.buf[head_end..head_end + len].to_vec()
        } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            self.chunks(head_end)?
        } else {
            return Err(format!("an answer without a length: {head}"));
        };
        Ok(Answer { status, etag, body })
    }

    fn chunks(&mut self, mut at: usize) -> Result<Vec<u8>, String> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = find(&self.buf[at..], b"\r\n") {
                    break at + i;
                }
                self.fill()?;
            };
            let size_text = String::from_utf8_lossy(&self.buf[at..line_end]).to_string();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| format!("bad chunk size {size_text}"))?;
            let next = line_end + 2 + size + 2;
            while self.buf.len() < next {
                self.fill()?;
            }
            body.extend_from_slice(&self.buf[line_end + 2..line_end + 2 + size]);
            at = next;
            if size == 0 {
                return Ok(body);
            }
        }
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

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
