//! Test helpers: a structural PDF checker and a tiny content-stream text
//! extractor that decodes the fonts' ToUnicode maps, so the tests need no
//! external tools.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

/// One `Tj` text run with the state it was shown in.
#[derive(Debug, Clone)]
pub struct Run {
    pub font: String,
    pub size: f32,
    pub x: f32,
    pub y: f32,
    pub text: String,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn parse_usize(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes).unwrap().trim().parse().unwrap()
}

/// Value following `key` inside `text`, as the run of digits after it.
fn int_after(text: &str, key: &str) -> usize {
    let at = text
        .find(key)
        .unwrap_or_else(|| panic!("{key} missing in {text}"))
        + key.len();
    let digits: String = text[at..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

/// Checks header, objects, xref offsets, stream lengths, trailer and page
/// tree; returns the number of pages.
pub fn check_structure(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF-1.4\n"), "header");
    assert!(pdf.ends_with(b"%%EOF\n"), "trailer end");

    // startxref points at the xref keyword.
    let sx = find(pdf, b"startxref\n", 0).expect("startxref");
    let end = find(pdf, b"\n", sx + 10).unwrap();
    let xref_at = parse_usize(&pdf[sx + 10..end]);
    assert!(pdf[xref_at..].starts_with(b"xref\n"), "startxref offset");

    // Subsection header "0 N".
    let line_end = find(pdf, b"\n", xref_at + 5).unwrap();
    let header = std::str::from_utf8(&pdf[xref_at + 5..line_end]).unwrap();
    let mut parts = header.split(' ');
    assert_eq!(parts.next(), Some("0"));
    let size: usize = parts.next().unwrap().parse().unwrap();

    // Entries are exactly 20 bytes, each ending in one of the two
    // two-byte ends of line PDF allows; every in-use one points at "i 0 obj".
    let entries = line_end + 1;
    let free = &pdf[entries..entries + 20];
    assert!(
        free == b"0000000000 65535 f \n" || free == b"0000000000 65535 f\r\n",
        "free entry"
    );
    for i in 1..size {
        let e = &pdf[entries + 20 * i..entries + 20 * (i + 1)];
        assert!(
            &e[10..] == b" 00000 n \n" || &e[10..] == b" 00000 n\r\n",
            "entry {i}"
        );
        let offset = parse_usize(&e[..10]);
        let expected = format!("{i} 0 obj\n");
        assert!(
            pdf[offset..].starts_with(expected.as_bytes()),
            "xref entry {i} -> {offset}"
        );
        // Object ends with endobj; stream lengths are exact.
        let obj_end = find(pdf, b"\nendobj\n", offset).unwrap();
        let body = &pdf[offset..obj_end];
        if let Some(s) = find(body, b"\nstream\n", 0) {
            let dict = std::str::from_utf8(&body[..s]).unwrap();
            let length = int_after(dict, "/Length");
            let data_start = s + 8;
            assert!(
                body[data_start + length..].starts_with(b"\nendstream"),
                "stream length of {i}"
            );
        }
    }
    let trailer_at = entries + 20 * size;
    let trailer = std::str::from_utf8(&pdf[trailer_at..sx]).unwrap();
    assert!(trailer.starts_with("trailer\n"));
    assert_eq!(int_after(trailer, "/Size"), size);

    // Page tree: /Count equals the number of page objects and of kids.
    let text = String::from_utf8_lossy(pdf);
    let count = int_after(&text, "/Count");
    let page_objects = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert_eq!(count, page_objects, "/Count vs page objects");
    let kids_at = text.find("/Kids [").unwrap() + 7;
    let kids_end = kids_at + text[kids_at..].find(']').unwrap();
    assert_eq!(text[kids_at..kids_end].matches(" 0 R").count(), count);
    assert!(count >= 1);
    count
}

/// Byte offset of every object, from the cross-reference table.
fn offsets(pdf: &[u8]) -> HashMap<usize, usize> {
    let sx = find(pdf, b"startxref\n", 0).expect("startxref");
    let end = find(pdf, b"\n", sx + 10).unwrap();
    let xref_at = parse_usize(&pdf[sx + 10..end]);
    let line_end = find(pdf, b"\n", xref_at + 5).unwrap();
    let header = std::str::from_utf8(&pdf[xref_at + 5..line_end]).unwrap();
    let size: usize = header.split(' ').nth(1).unwrap().parse().unwrap();
    (1..size)
        .map(|i| {
            let e = line_end + 1 + 20 * i;
            (i, parse_usize(&pdf[e..e + 10]))
        })
        .collect()
}

/// The body of indirect object `id`, from `id 0 obj` to `endobj`.
fn object<'a>(pdf: &'a [u8], at: &HashMap<usize, usize>, id: usize) -> &'a [u8] {
    let start = at[&id];
    let end = find(pdf, b"\nendobj", start).unwrap();
    &pdf[start..end]
}

/// The data of the stream in object `id`.
fn stream<'a>(pdf: &'a [u8], at: &HashMap<usize, usize>, id: usize) -> &'a [u8] {
    let body = object(pdf, at, id);
    let s = find(body, b"\nstream\n", 0).expect("a stream");
    let e = find(body, b"\nendstream", s).unwrap_or(body.len());
    &body[s + 8..e]
}

/// The object numbers referenced as `key N 0 R` in `body`, in order.
fn refs_after(body: &[u8], key: &str) -> Vec<usize> {
    let text = String::from_utf8_lossy(body);
    let Some(at) = text.find(key) else {
        return Vec::new();
    };
    let rest = &text[at + key.len()..];
    let rest = rest.trim_start().trim_start_matches('[');
    let end = rest.find([']', '/', '>']).unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end].split_whitespace().collect();
    words
        .chunks(3)
        .filter(|w| w.len() == 3 && w[2] == "R")
        .map(|w| w[0].parse().unwrap())
        .collect()
}

/// Page objects in page order.
fn page_objects(pdf: &[u8]) -> Vec<usize> {
    let kids = find(pdf, b"/Kids", 0).unwrap();
    refs_after(&pdf[kids..], "/Kids")
}

/// Content streams in page order.
pub fn content_streams(pdf: &[u8]) -> Vec<&[u8]> {
    let at = offsets(pdf);
    page_objects(pdf)
        .into_iter()
        .map(|page| {
            let contents = refs_after(object(pdf, &at, page), "/Contents")[0];
            stream(pdf, &at, contents)
        })
        .collect()
}

/// Parses the `bfchar` entries of a ToUnicode map.
fn to_unicode(cmap: &[u8]) -> HashMap<u16, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut map = HashMap::new();
    let mut in_chars = false;
    for line in text.lines() {
        if line.ends_with("beginbfchar") {
            in_chars = true;
        } else if line == "endbfchar" {
            in_chars = false;
        } else if in_chars {
            let parts: Vec<&str> = line
                .split(['<', '>', ' '])
                .filter(|p| !p.is_empty())
                .collect();
            let code = u16::from_str_radix(parts[0], 16).unwrap();
            let units: Vec<u16> = (0..parts[1].len() / 4)
                .map(|i| u16::from_str_radix(&parts[1][4 * i..4 * i + 4], 16).unwrap())
                .collect();
            map.insert(code, String::from_utf16(&units).unwrap());
        }
    }
    map
}

/// Each font resource of the first page (`F1`, `F2`) with its ToUnicode map.
pub fn fonts(pdf: &[u8]) -> HashMap<String, HashMap<u16, String>> {
    let at = offsets(pdf);
    let page = object(pdf, &at, page_objects(pdf)[0]);
    let mut out = HashMap::new();
    for name in ["F1", "F2"] {
        if let Some(&font) = refs_after(page, &format!("/{name}")).first() {
            let cmap = refs_after(object(pdf, &at, font), "/ToUnicode")[0];
            out.insert(name.to_owned(), to_unicode(stream(pdf, &at, cmap)));
        }
    }
    out
}

/// Parses a literal string starting after its `(`; returns bytes and the
/// index after the closing `)`.
fn literal(data: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 0;
    while i < data.len() {
        let b = data[i];
        i += 1;
        match b {
            b'\\' => {
                let e = data[i];
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match data.get(i) {
                                Some(d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(u8::try_from(v & 0xFF).unwrap());
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' if depth == 0 => return (out, i),
            b')' => {
                depth -= 1;
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    panic!("unterminated string");
}

/// Parses a hex string starting after its `<`; returns bytes and the index
/// after the closing `>`.
fn hex(data: &[u8], i: usize) -> (Vec<u8>, usize) {
    let end = i + data[i..]
        .iter()
        .position(|&b| b == b'>')
        .expect("unterminated hex");
    let digits: Vec<u8> = data[i..end]
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let bytes = digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect();
    (bytes, end + 1)
}

/// Extracts the text runs of one content stream, decoding two-byte codes
/// through the fonts' ToUnicode maps.
pub fn runs(stream: &[u8], fonts: &HashMap<String, HashMap<u16, String>>) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let mut string: Option<Vec<u8>> = None;
    let (mut font, mut size, mut x, mut y) = (String::new(), 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < stream.len() {
        let b = stream[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b'(' {
            let (s, next) = literal(stream, i + 1);
            string = Some(s);
            i = next;
            continue;
        }
        if b == b'<' {
            let (s, next) = hex(stream, i + 1);
            string = Some(s);
            i = next;
            continue;
        }
        let start = i;
        while i < stream.len()
            && !stream[i].is_ascii_whitespace()
            && stream[i] != b'('
            && stream[i] != b'<'
        {
            i += 1;
        }
        let token = std::str::from_utf8(&stream[start..i]).unwrap().to_owned();
        let is_operand = token.starts_with('/')
            || token.starts_with('[')
            || token.ends_with(']')
            || token.parse::<f32>().is_ok();
        if is_operand {
            operands.push(token);
            continue;
        }
        match token.as_str() {
            "Tf" => {
                size = operands[operands.len() - 1].parse().unwrap();
                font = operands[operands.len() - 2]
                    .trim_start_matches('/')
                    .to_owned();
            }
            "Td" => {
                x = operands[operands.len() - 2].parse().unwrap();
                y = operands[operands.len() - 1].parse().unwrap();
            }
            "Tj" => {
                let bytes = string.take().expect("Tj without string");
                let map = &fonts[&font];
                let text = bytes
                    .chunks(2)
                    .map(|c| {
                        let code = u16::from_be_bytes([c[0], c[1]]);
                        map.get(&code)
                            .unwrap_or_else(|| panic!("code {code} not in the ToUnicode map"))
                            .as_str()
                    })
                    .collect();
                runs.push(Run {
                    font: font.clone(),
                    size,
                    x,
                    y,
                    text,
                });
            }
            _ => {}
        }
        operands.clear();
    }
    runs
}

/// Text runs per page.
pub fn pages(pdf: &[u8]) -> Vec<Vec<Run>> {
    let fonts = fonts(pdf);
    content_streams(pdf)
        .into_iter()
        .map(|s| runs(s, &fonts))
        .collect()
}

/// All text of each page, one run per line.
pub fn page_texts(pdf: &[u8]) -> Vec<String> {
    pages(pdf)
        .iter()
        .map(|runs| {
            runs.iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}
