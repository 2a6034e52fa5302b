//! Which code carries a municipality's history on after a reform.
//!
//! Norway merged and renumbered most municipalities in 2018 (Trøndelag), 2020
//! and 2024: Bergen was 1201 until 2019 and is 4601 since; Halden was 0101,
//! then 3001, and is 3101 since 2024. A municipality's results over ten years
//! must count the families its predecessors referred, so every retired code
//! names its successor: the code of today's municipality that took it over.
//!
//! The pairs (`data/municipality_successors_no.csv`) are SSB's harmonisation
//! of the 1994–2024 codes to the 2024 ones (classification 131), as the
//! regtools project published it. A code whose municipality was split
//! (Snillfjord, Tysfjord) has no single successor and is not listed: its
//! history stays under its own code.

use crate::DomainError;
use crate::country::Country;
use crate::municipality::{MunicipalityCode, reference_lines};

const NO_SUCCESSORS_CSV: &str = include_str!("../data/municipality_successors_no.csv");

/// A retired code and the code of the municipality that carries it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succession {
    pub code: MunicipalityCode,
    pub successor: MunicipalityCode,
}

/// The shipped successions of a country (Denmark's codes have not changed
/// since 2007, before any history Rundt holds).
pub fn successions(country: Country) -> Result<Vec<Succession>, DomainError> {
    match country {
        Country::DK => Ok(Vec::new()),
        Country::NO => parse_successions(country, NO_SUCCESSORS_CSV),
    }
}

/// Parses `code,successor` lines (header first).
pub fn parse_successions(country: Country, text: &str) -> Result<Vec<Succession>, DomainError> {
    let mut out = Vec::new();
    for (line, bad) in reference_lines(country, text) {
        let Some((code, successor)) = line.split_once(',') else {
            return Err(bad("expected 2 fields"));
        };
        let parse = |raw: &str| MunicipalityCode::parse(country, raw).map_err(|_| bad("bad code"));
        let (code, successor) = (parse(code)?, parse(successor)?);
        if code == successor {
            return Err(bad("a code cannot succeed itself"));
        }
        out.push(Succession { code, successor });
    }
    Ok(out)
}

/// `code` and every retired code whose history it carries on: the codes a
/// municipality's results over the years must count.
pub fn codes_with_history(
    successions: &[Succession],
    code: &MunicipalityCode,
) -> Vec<MunicipalityCode> {
    let mut codes = vec![code.clone()];
    codes.extend(
        successions
            .iter()
            .filter(|s| &s.successor == code)
            .map(|s| s.code.clone()),
    );
    codes
}

/// The code that carries `code` on today: its successor, or itself.
pub fn current_code<'a>(
    successions: &'a [Succession],
    code: &'a MunicipalityCode,
) -> &'a MunicipalityCode {
    successions
        .iter()
        .find(|s| &s.code == code)
        .map_or(code, |s| &s.successor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::municipality::reference_municipalities;
    use crate::testing::day;

    fn code(raw: &str) -> MunicipalityCode {
        MunicipalityCode::parse(Country::NO, raw).unwrap()
    }

    #[test]
    fn bergen_carries_on_1201_and_halden_both_of_its_earlier_numbers() {
        let all = successions(Country::NO).unwrap();
        let bergen = codes_with_history(&all, &code("4601"));
        assert!(bergen.contains(&code("4601")) && bergen.contains(&code("1201")));
        let halden = codes_with_history(&all, &code("3101"));
        for old in ["0101", "3001"] {
            assert!(halden.contains(&code(old)), "Halden lacks {old}");
        }
        assert_eq!(
            current_code(&all, &code("1601")),
            &code("5001"),
            "Trondheim"
        );
        assert_eq!(
            current_code(&all, &code("0301")),
            &code("0301"),
            "Oslo kept its number"
        );
    }

    #[test]
    fn every_successor_is_a_municipality_of_2024_and_every_retired_code_has_ended() {
        let list = reference_municipalities(Country::NO).unwrap();
        let on = |c: &MunicipalityCode, date: &str| {
            list.iter()
                .any(|m| &m.code == c && m.is_valid_on(day(date)))
        };
        for s in successions(Country::NO).unwrap() {
            assert!(
                on(&s.successor, "2024-06-01"),
                "{} is no municipality in 2024",
                s.successor
            );
            assert!(!on(&s.code, "2024-06-01"), "{} is still in force", s.code);
            assert!(
                list.iter().any(|m| m.code == s.code),
                "{} is not in the reference list",
                s.code
            );
        }
    }

    #[test]
    fn denmark_has_no_successions() {
        assert!(successions(Country::DK).unwrap().is_empty());
    }

    #[test]
    fn a_malformed_line_is_named() {
        assert!(parse_successions(Country::NO, "code,successor\n1201\n").is_err());
        assert!(parse_successions(Country::NO, "code,successor\n1201,1201\n").is_err());
        assert!(parse_successions(Country::NO, "code,successor\n12,4601\n").is_err());
    }
}
