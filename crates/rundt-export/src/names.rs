//! Safe download file names made from titles.

/// Longest slug, in bytes (the slug is ASCII).
const MAX_SLUG: usize = 80;

/// A lower-case ASCII slug of `title`: Danish/Norwegian letters are
/// transliterated (æ → ae, ø → oe, å → aa), other characters that are not
/// ASCII letters or digits become '-', runs of '-' collapse, and the ends
/// are trimmed. At most 80 bytes; "export" when nothing is left.
pub(crate) fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len().min(MAX_SLUG));
    for c in title.chars().flat_map(char::to_lowercase) {
        let piece = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'æ' | 'ä' => "ae",
            'ø' | 'ö' | 'œ' => "oe",
            'å' => "aa",
            'ü' => "ue",
            'ß' => "ss",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'á' | 'à' | 'â' | 'ã' => "a",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'õ' => "o",
            'ú' | 'ù' | 'û' => "u",
            'ý' | 'ÿ' => "y",
            'ñ' => "n",
            'ç' => "c",
            'ð' => "d",
            'þ' => "th",
            _ => "-",
        };
        if piece == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(piece);
        }
        if out.len() > MAX_SLUG {
            break;
        }
    }
    out.truncate(MAX_SLUG);
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "export".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_and_norwegian_letters_are_transliterated() {
        assert_eq!(slug("Årsrapport Æblegård Ø"), "aarsrapport-aeblegaard-oe");
        assert_eq!(slug("Team results 2026"), "team-results-2026");
    }

    #[test]
    fn punctuation_collapses_and_ends_are_trimmed() {
        assert_eq!(
            slug("  --Team: results / Q1 (2026)!! "),
            "team-results-q1-2026"
        );
    }

    #[test]
    fn a_title_without_letters_falls_back_to_export() {
        assert_eq!(slug(""), "export");
        assert_eq!(slug("/// ***"), "export");
        assert_eq!(slug("中文"), "export");
    }

    #[test]
    fn long_titles_are_cut_to_eighty_characters() {
        let s = slug(&"ab ".repeat(100));
        assert!(s.len() <= 80, "{s}");
        assert!(!s.ends_with('-'));
        assert!(s.starts_with("ab-ab"));
    }
}
