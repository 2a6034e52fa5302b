//! One HTTP/1.1 answer out of the bytes received so far. The benchmark
//! clients (blocking and async) read bytes their own way and ask
//! [`complete`] after each read whether the whole answer is there; they
//! send one request at a time on a connection, so the buffer starts with
//! the answer.

/// A whole answer: status, head and body (de-chunked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAnswer {
    pub status: u16,
    head: String,
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// A header's value (the first of that name), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The status line and headers, for error messages.
    pub fn head(&self) -> &str {
        self.head.trim_end()
    }
}

/// The answer at the start of `buf` once all of it has arrived; `Ok(None)`
/// while more bytes are needed; an error for what no more bytes can mend.
pub fn complete(buf: &[u8]) -> Result<Option<RawAnswer>, String> {
    let Some(head_end) = find(buf, b"\r\n\r\n").map(|i| i + 4) else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line: {}", head.lines().next().unwrap_or("")))?;
    let mut answer = RawAnswer {
        status,
        head,
        body: Vec::new(),
    };
    let rest = &buf[head_end..];
    let body = if let Some(len) = answer.header("content-length") {
        let len: usize = len.parse().map_err(|_| format!("bad length {len}"))?;
        rest.get(..len).map(<[u8]>::to_vec)
    } else if answer
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        dechunk(rest)?
    } else {
        return Err(format!("an answer without a length: {}", answer.head()));
    };
    Ok(body.map(|body| {
        answer.body = body;
        answer
    }))
}

/// A chunked body, once its last (empty) chunk has arrived.
fn dechunk(mut rest: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = find(rest, b"\r\n") else {
            return Ok(None);
        };
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("bad chunk size {size_text}"))?;
        let next = line_end + 2 + size + 2;
        if rest.len() < next {
            return Ok(None);
        }
        body.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
        if size == 0 {
            return Ok(Some(body));
        }
        rest = &rest[next..];
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_with_a_length_is_complete_only_when_its_body_has_arrived() {
        let whole = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"3\"\r\n\r\nhello";
        for cut in 0..whole.len() {
            assert_eq!(complete(&whole[..cut]).unwrap(), None, "cut at {cut}");
        }
        let answer = complete(whole).unwrap().unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, b"hello");
        assert_eq!(answer.header("etag"), Some("\"3\""));
        assert_eq!(answer.header("set-cookie"), None);
    }

    #[test]
    fn a_chunked_answer_is_joined_when_the_last_chunk_has_arrived() {
        let whole = b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfami\r\n3;x=1\r\nlys\r\n0\r\n\r\n";
        assert_eq!(complete(&whole[..whole.len() - 1]).unwrap(), None);
        let answer = complete(whole).unwrap().unwrap();
        assert_eq!(answer.status, 201);
        assert_eq!(answer.body, b"familys");
    }

    #[test]
    fn an_answer_without_a_length_or_a_status_is_an_error() {
        let no_length = complete(b"HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody");
        assert!(no_length.unwrap_err().contains("without a length"));
        let no_status = complete(b"garbage\r\n\r\n");
        assert!(no_status.unwrap_err().contains("bad status line"));
    }
}
