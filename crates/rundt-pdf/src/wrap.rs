//! Line breaking and shortening of cleaned text, measured in the font it
//! will be set in.

use crate::EPS;
use crate::font::Font;

/// Greedy word wrap of cleaned `text` to `max_width` points. `\n` forces a
/// break; runs of spaces collapse; words wider than a line are broken
/// between characters (at least one character per line, so this always
/// terminates). Always returns at least one (possibly empty) line.
pub(crate) fn wrap(text: &str, font: Font, size: f32, max_width: f32) -> Vec<String> {
    let space = font.text_width(" ", size);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let word_width = font.text_width(word, size);
            if !line.is_empty() {
                if line_width + space + word_width <= max_width + EPS {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= max_width + EPS {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for c in word.chars() {
                let w = font.char_width(c) * size / 1000.0;
                if !line.is_empty() && line_width + w > max_width + EPS {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Shortens `text` with a trailing ellipsis so it fits `max_width`.
pub(crate) fn truncate(text: &str, font: Font, size: f32, max_width: f32) -> String {
    if font.text_width(text, size) <= max_width + EPS {
        return text.to_owned();
    }
    const ELLIPSIS: char = '…';
    let room = max_width - font.char_width(ELLIPSIS) * size / 1000.0;
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = font.char_width(c) * size / 1000.0;
        if width + w > room + EPS {
            break;
        }
        out.push(c);
        width += w;
    }
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
    out.push(ELLIPSIS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: f32 = 10.0;

    fn width(line: &str) -> f32 {
        Font::Regular.text_width(line, SIZE)
    }

    #[test]
    fn wrap_fills_lines_greedily() {
        let text = "the quick brown fox jumps over the lazy dog";
        let lines = wrap(text, Font::Regular, SIZE, 80.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(line) <= 80.0 + EPS);
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn wrap_breaks_long_words_and_keeps_hard_breaks() {
        let word = "Ŋ".repeat(200);
        let lines = wrap(&word, Font::Regular, SIZE, 100.0);
        assert!(lines.len() > 10);
        assert!(
            lines
                .iter()
                .all(|l| width(l) <= 100.0 + EPS && !l.is_empty())
        );
        assert_eq!(lines.concat(), word);

        let lines = wrap("a\n\nb", Font::Regular, SIZE, 100.0);
        assert_eq!(lines, vec!["a".to_owned(), String::new(), "b".to_owned()]);
        assert_eq!(wrap("", Font::Regular, SIZE, 100.0), vec![String::new()]);
    }

    #[test]
    fn wrap_survives_zero_and_negative_widths() {
        let lines = wrap("ab cd", Font::Regular, SIZE, -5.0);
        assert_eq!(lines.concat(), "abcd");
    }

    #[test]
    fn truncate_adds_ellipsis() {
        let t = truncate("abcdefghijklmnopqrstuvwxyz", Font::Regular, SIZE, 50.0);
        assert!(t.ends_with('…'));
        assert!(Font::Regular.text_width(&t, SIZE) <= 50.0 + EPS);
        assert_eq!(truncate("ab", Font::Regular, SIZE, 50.0), "ab");
    }
}
