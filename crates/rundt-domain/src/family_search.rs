//! Finding a family in a list: by a name as people type it, or by a
//! national identifier (looked up through its keyed hash, never compared
//! in clear).

use crate::country::Country;
use crate::error::DomainError;
use crate::msg;
use crate::national_id::{self, NationalId};

/// What someone typed into the family list's search field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FamilySearch {
    /// Words that must each begin a word of a person's names.
    Name(NameQuery),
    /// A national identifier of the viewer's country.
    NationalId(NationalId),
}

/// The field the search text came from, for its error messages.
pub const SEARCH_FIELD: &str = "q";

/// Reads the search text: nothing to search for when it is blank; a
/// national identifier when it holds only digits and separators (six or
/// more digits), which must then be a valid one; otherwise a name of at
/// least two letters.
pub fn parse(country: Country, raw: &str) -> Result<Option<FamilySearch>, DomainError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let only_number = text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    if only_number && digits >= 6 {
        return national_id::parse(country, text)
            .map(|id| Some(FamilySearch::NationalId(id)))
            .map_err(|e| match e {
                DomainError::Invalid(mut errors) => {
                    for error in &mut errors {
                        error.field = SEARCH_FIELD.into();
                    }
                    DomainError::Invalid(errors)
                }
                other => other,
            });
    }
    NameQuery::new(text)
        .map(|q| Some(FamilySearch::Name(q)))
        .ok_or_else(|| DomainError::invalid(SEARCH_FIELD, msg!("family-search-too-short")))
}

/// A name search: each typed word must begin one of the person's name
/// words, in any order, ignoring case and the Danish/Norwegian letters'
/// plain spellings ("Soren" finds "Søren", "aase" finds "Åse").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    words: Vec<String>,
}

impl NameQuery {
    /// `None` when fewer than two letters were typed.
    pub fn new(text: &str) -> Option<Self> {
        let words: Vec<String> = words_of(text).collect();
        let letters: usize = words.iter().map(|w| w.chars().count()).sum();
        (letters >= 2).then_some(Self { words })
    }

    /// Whether a person with these names is found by the query.
    pub fn matches(&self, given_name: &str, family_name: &str) -> bool {
        let names: Vec<String> = words_of(given_name).chain(words_of(family_name)).collect();
        self.words
            .iter()
            .all(|w| names.iter().any(|n| n.starts_with(w.as_str())))
    }
}

/// The words of a name, lower-cased and folded to plain letters.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .map(fold)
}

/// Lower case, with æ/ø/å and accented letters spelled plainly; "aa" is
/// written "å" first so that both spellings of Åse meet.
fn fold(word: &str) -> String {
    let lower = word.to_lowercase().replace("aa", "å");
    lower
        .chars()
        .flat_map(|c| match c {
            'æ' | 'ä' => "ae".chars().collect::<Vec<_>>(),
            'ø' | 'ö' => vec!['o'],
            'å' => vec!['a'],
            'é' | 'è' | 'ê' => vec!['e'],
            'ü' => vec!['u'],
            other => vec![other],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> NameQuery {
        NameQuery::new(text).expect("a name query")
    }

    #[test]
    fn a_name_is_found_by_the_beginnings_of_its_words_in_any_order() {
        assert!(name("mad").matches("Mads", "Jensen"));
        assert!(name("jensen m").matches("Mads", "Jensen"));
        assert!(name("MADS JENSEN").matches("Mads", "Jensen"));
        assert!(!name("ads").matches("Mads", "Jensen"));
        assert!(!name("mads hansen").matches("Mads", "Jensen"));
        assert!(name("anne").matches("Ida Anne-Marie", "Holm"));
    }

    #[test]
    fn danish_and_norwegian_letters_are_found_by_their_plain_spellings() {
        assert!(name("soren").matches("Søren", "Kærgaard"));
        assert!(name("kaergard").matches("Søren", "Kærgaard"));
        assert!(name("åse").matches("Aase", "Berg"));
        assert!(name("aase").matches("Åse", "Berg"));
        assert!(name("søren").matches("Søren", "Berg"));
    }

    #[test]
    fn one_letter_is_too_little_to_search_for() {
        let err = parse(Country::DK, " m ").expect_err("too short");
        assert!(err.to_string().contains("family-search-too-short"), "{err}");
        assert_eq!(parse(Country::DK, "   ").expect("blank"), None);
    }

    #[test]
    fn digits_are_read_as_the_countrys_national_identifier() {
        match parse(Country::DK, "211062-5629").expect("a valid CPR") {
            Some(FamilySearch::NationalId(id)) => assert_eq!(id.expose_digits(), "2110625629"),
            other => panic!("expected a national id, got {other:?}"),
        }
        match parse(Country::NO, "15108695088").expect("a valid fødselsnummer") {
            Some(FamilySearch::NationalId(id)) => assert_eq!(id.country(), Country::NO),
            other => panic!("expected a national id, got {other:?}"),
        }
    }

    #[test]
    fn a_malformed_national_identifier_is_refused_on_the_search_field() {
        let DomainError::Invalid(errors) =
            parse(Country::NO, "15108695089").expect_err("bad control digits")
        else {
            panic!("expected invalid input");
        };
        assert!(errors.iter().all(|e| e.field == SEARCH_FIELD));
    }
}
