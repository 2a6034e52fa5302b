//! Whether a version of a study may be saved: every rule checked at once,
//! each refusal naming its field the way the API spells it
//! (`potential[2].count`, `referral_shares[0].share_bp.high`,
//! `assumptions.years`).

use std::collections::BTreeSet;

use chrono::Datelike;

use crate::DomainError;
use crate::error::{Validator, clean_name, clean_text};
use crate::message::Arg;
use crate::money::{Currency, MAX_AMOUNT, Minor};
use crate::msg;
use crate::programme::ProgrammeModel;
use crate::team::Position;

use super::input::MAX_COUNT;
use super::types::{ByScenario, StudyAssumptions, StudyDocument};

/// The longest title and team name.
pub const MAX_NAME_CHARS: usize = 120;
/// The longest source text (of a figure, a cost, an assumption) and
/// barrier text.
pub const MAX_SOURCE_CHARS: usize = 300;
/// The longest note.
pub const MAX_NOTE_CHARS: usize = 1000;
/// The years a potential figure may be for.
pub const POTENTIAL_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Checks a version of a study of `model` (the model the document names):
///
/// - the title and the team name are names of at most 120 characters;
/// - at least one municipality, none twice, each share above 0 and at most
///   10,000 basis points, all summing to 10,000; the currency is the
///   country's; the model is the document's;
/// - each potential figure is for one of the study's municipalities, has a
///   source and a year in 1990–2100, and each (municipality, measure) is
///   given once; each referral share is at most 100 % with low ≤ expected
///   ≤ high, each measure once; at least one figure and one share;
/// - each barrier has a text and an owner;
/// - the assumptions are in their ranges (see [`check_assumptions`]).
///
/// Every refusal is returned at once.
pub fn check_study(doc: &StudyDocument, model: &ProgrammeModel) -> Result<(), DomainError> {
    let mut v = Validator::new();
    v.take(clean_name("title", &doc.title, MAX_NAME_CHARS));
    v.take(clean_name("team_name", &doc.team_name, MAX_NAME_CHARS));
    v.check(
        doc.programme_model == model.code,
        "programme_model",
        msg!(
            "study-model-not-the-studys",
            given = &model.code,
            model = &doc.programme_model
        ),
    );
    let currency = Currency::of_country(doc.country);
    v.check(
        doc.currency == currency,
        "currency",
        msg!("currency-not-the-teams", currency = currency.as_str()),
    );
    check_municipalities(&mut v, doc);
    check_potential(&mut v, doc);
    check_barriers(&mut v, doc);
    check_assumptions(&mut v, &doc.assumptions);
    v.finish()
}

fn check_municipalities(v: &mut Validator, doc: &StudyDocument) {
    v.check(
        !doc.municipalities.is_empty(),
        "municipalities",
        msg!("study-no-municipality"),
    );
    let mut seen = BTreeSet::new();
    let mut sum: i64 = 0;
    for (i, m) in doc.municipalities.iter().enumerate() {
        v.check(
            seen.insert(&m.municipality_code),
            &format!("municipalities[{i}].municipality_code"),
            msg!("owner-listed-twice", code = m.municipality_code.as_str()),
        );
        v.check(
            (1..=10_000).contains(&m.share_bp),
            &format!("municipalities[{i}].share_bp"),
            msg!("share-out-of-range"),
        );
        sum += i64::from(m.share_bp);
    }
    if !doc.municipalities.is_empty() {
        v.check(
            sum == 10_000,
            "municipalities",
            msg!(
                "study-shares-not-100",
                sum = Arg::Decimal(crate::team::percent_number(
                    u32::try_from(sum).unwrap_or(u32::MAX)
                ))
            ),
        );
    }
}

fn check_potential(v: &mut Validator, doc: &StudyDocument) {
    v.check(
        !doc.potential.is_empty(),
        "potential",
        msg!("study-no-potential"),
    );
    v.check(
        !doc.referral_shares.is_empty(),
        "referral_shares",
        msg!("study-no-potential"),
    );
    let mut seen = BTreeSet::new();
    for (i, p) in doc.potential.iter().enumerate() {
        let field = |name: &str| format!("potential[{i}].{name}");
        v.check(
            doc.municipalities
                .iter()
                .any(|m| m.municipality_code == p.municipality),
            &field("municipality"),
            msg!(
                "potential-municipality-not-in-study",
                municipality = p.municipality.as_str()
            ),
        );
        v.check(
            p.count <= MAX_COUNT,
            &field("count"),
            msg!("count-too-large", max = MAX_COUNT),
        );
        v.check(
            !p.source.trim().is_empty(),
            &field("source"),
            msg!("potential-source-missing"),
        );
        v.at_most_chars(&field("source"), &p.source, MAX_SOURCE_CHARS);
        v.check(
            POTENTIAL_YEARS.contains(&p.year),
            &field("year"),
            msg!(
                "potential-year-out-of-range",
                min = *POTENTIAL_YEARS.start(),
                max = *POTENTIAL_YEARS.end()
            ),
        );
        v.check(
            seen.insert((&p.municipality, p.measure)),
            &field("measure"),
            msg!(
                "potential-listed-twice",
                municipality = p.municipality.as_str(),
                measure = Arg::word(p.measure.as_str())
            ),
        );
    }
    let mut measures = BTreeSet::new();
    for (i, s) in doc.referral_shares.iter().enumerate() {
        let field = format!("referral_shares[{i}]");
        v.check(
            measures.insert(s.measure),
            &format!("{field}.measure"),
            msg!(
                "referral-share-listed-twice",
                measure = Arg::word(s.measure.as_str())
            ),
        );
        check_by_scenario(v, &format!("{field}.share_bp"), &s.share_bp);
    }
}

/// Each scenario's share at most 100 %, and low ≤ expected ≤ high.
fn check_by_scenario(v: &mut Validator, field: &str, shares: &ByScenario) {
    for (name, value) in [
        ("low", shares.low),
        ("expected", shares.expected),
        ("high", shares.high),
    ] {
        v.check(
            value <= 10_000,
            &format!("{field}.{name}"),
            msg!("share-over-100"),
        );
    }
    v.check(
        shares.low <= shares.expected && shares.expected <= shares.high,
        field,
        msg!("share-scenarios-out-of-order"),
    );
}

fn check_barriers(v: &mut Validator, doc: &StudyDocument) {
    for (i, b) in doc.barriers.iter().enumerate() {
        let field = |name: &str| format!("barriers[{i}].{name}");
        v.take(clean_text(&field("text"), &b.text, MAX_SOURCE_CHARS));
        v.at_most_chars(&field("note"), &b.note, MAX_NOTE_CHARS);
        if b.owner.trim().is_empty() {
            v.check(false, &field("owner"), msg!("barrier-owner-missing"));
        } else {
            v.take(clean_name(&field("owner"), &b.owner, MAX_NAME_CHARS));
        }
    }
}

/// A whole number in `min..=max`, or "study-value-out-of-range" naming both.
fn in_range(v: &mut Validator, field: &str, value: i64, min: i64, max: i64) {
    v.check(
        (min..=max).contains(&value),
        field,
        msg!("study-value-out-of-range", min = min, max = max),
    );
}

/// An amount 0 or more (unless `may_be_negative`) and at most
/// [`MAX_AMOUNT`] in size.
fn amount(v: &mut Validator, field: &str, value: Minor, may_be_negative: bool) {
    v.check(
        may_be_negative || value >= 0,
        field,
        msg!("amount-negative"),
    );
    v.check(
        value.unsigned_abs() <= MAX_AMOUNT.unsigned_abs(),
        field,
        msg!("amount-too-large"),
    );
}

/// The assumptions' rules, fields under `assumptions.`: years 1–10,
/// ramp-up 0–36 months, 1–52 families per therapist a year, amounts 0 or
/// more (a start-up line may be negative: a grant) and at most
/// [`MAX_AMOUNT`], overhead at most 100 %, each post 1–10,000 basis points
/// of full time with exactly one supervisor and no therapist (therapists
/// come from the ramp), a placement lasting 1–60 months, the avoided
/// shares at most 100 % and ordered, the licence from year 1 or 2, the
/// start on the first of a month; sources at most 300 characters.
pub fn check_assumptions(v: &mut Validator, a: &StudyAssumptions) {
    let f = |name: &str| format!("assumptions.{name}");
    in_range(v, &f("years"), a.years.into(), 1, 10);
    in_range(v, &f("ramp_up_months"), a.ramp_up_months.into(), 0, 36);
    in_range(
        v,
        &f("families_per_therapist_year"),
        a.families_per_therapist_year.into(),
        1,
        52,
    );
    in_range(v, &f("licence_from_year"), a.licence_from_year.into(), 1, 2);
    in_range(v, &f("overhead_bp"), a.overhead_bp.into(), 0, 10_000);
    v.check(
        (1..=60).contains(&a.placement_months),
        &f("placement_months"),
        msg!("placement-months-out-of-range"),
    );
    v.check(
        a.starts_on.day() == 1,
        &f("starts_on"),
        msg!("study-start-not-first-of-month", given = a.starts_on),
    );
    amount(v, &f("therapist_salary"), a.therapist_salary, false);
    amount(v, &f("licence_fee_per_year"), a.licence_fee_per_year, false);
    amount(
        v,
        &f("later_therapist_training"),
        a.later_therapist_training,
        false,
    );
    amount(v, &f("travel_per_year"), a.travel_per_year, false);
    amount(
        v,
        &f("placement_cost_per_year"),
        a.placement_cost_per_year,
        false,
    );
    for (i, line) in a.start_up.iter().enumerate() {
        let field = |name: &str| f(&format!("start_up[{i}].{name}"));
        v.take(clean_name(
            &field("description"),
            &line.description,
            MAX_NAME_CHARS,
        ));
        amount(v, &field("amount"), line.amount, true);
        v.at_most_chars(&field("source"), &line.source, MAX_SOURCE_CHARS);
    }
    let supervisors = a
        .posts
        .iter()
        .filter(|p| p.position == Position::Supervisor)
        .count();
    v.check(
        supervisors == 1,
        &f("posts"),
        msg!("study-posts-one-supervisor", count = supervisors),
    );
    for (i, post) in a.posts.iter().enumerate() {
        let field = |name: &str| f(&format!("posts[{i}].{name}"));
        v.check(
            post.position != Position::Therapist,
            &field("position"),
            msg!("study-post-therapist"),
        );
        amount(v, &field("yearly"), post.yearly, false);
        in_range(v, &field("fte_bp"), post.fte_bp.into(), 1, 10_000);
    }
    check_by_scenario(v, &f("avoided_share_bp"), &a.avoided_share_bp);
    for (name, text) in [
        (
            "families_per_therapist_source",
            &a.families_per_therapist_source,
        ),
        ("salary_source", &a.salary_source),
        ("licence_source", &a.licence_source),
        ("placement_source", &a.placement_source),
        ("avoided_source", &a.avoided_source),
    ] {
        v.at_most_chars(&f(name), text, MAX_SOURCE_CHARS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feasibility::fixture::{mst, refused, study};
    use crate::feasibility::types::{Barrier, PostSalary, PotentialFigure, PotentialMeasure};
    use crate::team::Ownership;
    use crate::testing::{code, day};

    fn has(errors: &[(String, &'static str)], field: &str, code: &str) -> bool {
        errors.iter().any(|(f, c)| f == field && *c == code)
    }

    #[test]
    fn the_shared_study_passes() {
        assert_eq!(check_study(&study(), &mst()), Ok(()));
    }

    #[test]
    fn a_study_without_a_municipality_says_so_and_so_does_an_empty_title() {
        let mut doc = study();
        doc.municipalities.clear();
        doc.title = "  ".into();
        let errors = refused(check_study(&doc, &mst()));
        assert!(has(&errors, "municipalities", "study-no-municipality"));
        assert!(has(&errors, "title", "text-empty"));
        // The potential's municipality is no longer one of the study's.
        assert!(has(
            &errors,
            "potential[0].municipality",
            "potential-municipality-not-in-study"
        ));
    }

    #[test]
    fn the_municipalities_shares_must_sum_to_a_hundred_percent_each_once() {
        let mut doc = study();
        doc.municipalities = vec![
            Ownership {
                municipality_code: code("0751"),
                share_bp: 6_000,
            },
            Ownership {
                municipality_code: code("0751"),
                share_bp: 0,
            },
        ];
        let errors = refused(check_study(&doc, &mst()));
        assert!(has(
            &errors,
            "municipalities[1].municipality_code",
            "owner-listed-twice"
        ));
        assert!(has(
            &errors,
            "municipalities[1].share_bp",
            "share-out-of-range"
        ));
        assert!(has(&errors, "municipalities", "study-shares-not-100"));
    }

    #[test]
    fn every_potential_figure_has_a_source_a_year_and_a_municipality_of_the_study() {
        let mut doc = study();
        doc.potential.push(PotentialFigure {
            municipality: code("0101"),
            measure: PotentialMeasure::SchoolDropout,
            count: 30,
            source: " ".into(),
            year: 1989,
        });
        doc.potential.push(doc.potential[0].clone());
        let errors = refused(check_study(&doc, &mst()));
        assert!(has(
            &errors,
            "potential[1].municipality",
            "potential-municipality-not-in-study"
        ));
        assert!(has(
            &errors,
            "potential[1].source",
            "potential-source-missing"
        ));
        assert!(has(
            &errors,
            "potential[1].year",
            "potential-year-out-of-range"
        ));
        assert!(has(
            &errors,
            "potential[2].measure",
            "potential-listed-twice"
        ));
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn referral_shares_are_at_most_a_hundred_percent_and_ordered_low_to_high() {
        let mut doc = study();
        doc.referral_shares[0].share_bp.high = 10_001;
        doc.referral_shares[0].share_bp.low = 3_000;
        doc.referral_shares.push(doc.referral_shares[0].clone());
        let errors = refused(check_study(&doc, &mst()));
        assert!(has(
            &errors,
            "referral_shares[0].share_bp.high",
            "share-over-100"
        ));
        assert!(has(
            &errors,
            "referral_shares[0].share_bp",
            "share-scenarios-out-of-order"
        ));
        assert!(has(
            &errors,
            "referral_shares[1].measure",
            "referral-share-listed-twice"
        ));
    }

    #[test]
    fn a_study_needs_a_potential_and_a_share_to_refer() {
        let mut doc = study();
        doc.potential.clear();
        doc.referral_shares.clear();
        let errors = refused(check_study(&doc, &mst()));
        assert!(has(&errors, "potential", "study-no-potential"));
        assert!(has(&errors, "referral_shares", "study-no-potential"));
    }

    #[test]
    fn every_barrier_has_someone_who_owns_it() {
        let mut doc = study();
        doc.barriers.push(Barrier {
            text: "No room for the team".into(),
            note: "x".repeat(1001),
            owner: " ".into(),
            resolved: false,
        });
        let errors = refused(check_study(&doc, &mst()));
        assert_eq!(
            errors,
            vec![
                ("barriers[1].note".to_owned(), "at-most-characters"),
                ("barriers[1].owner".to_owned(), "barrier-owner-missing"),
            ]
        );
    }

    #[test]
    fn the_model_and_currency_must_be_the_studys() {
        let mut doc = study();
        doc.currency = crate::money::Currency::Nok;
        let errors = refused(check_study(&doc, &ProgrammeModel::mst_can()));
        assert!(has(
            &errors,
            "programme_model",
            "study-model-not-the-studys"
        ));
        assert!(has(&errors, "currency", "currency-not-the-teams"));
    }

    #[test]
    fn assumptions_out_of_their_ranges_are_each_named() {
        let mut doc = study();
        let a = &mut doc.assumptions;
        a.years = 11;
        a.ramp_up_months = 37;
        a.families_per_therapist_year = 0;
        a.licence_from_year = 3;
        a.overhead_bp = 10_001;
        a.placement_months = 0;
        a.starts_on = day("2027-01-15");
        a.travel_per_year = -1;
        a.therapist_salary = MAX_AMOUNT + 1;
        a.start_up[0].amount = -(MAX_AMOUNT + 1);
        a.avoided_share_bp.low = 5_000;
        a.posts = vec![PostSalary {
            position: Position::Therapist,
            yearly: 1,
            fte_bp: 0,
        }];
        a.salary_source = "s".repeat(301);
        let errors = refused(check_study(&doc, &mst()));
        for (field, code) in [
            ("assumptions.years", "study-value-out-of-range"),
            ("assumptions.ramp_up_months", "study-value-out-of-range"),
            (
                "assumptions.families_per_therapist_year",
                "study-value-out-of-range",
            ),
            ("assumptions.licence_from_year", "study-value-out-of-range"),
            ("assumptions.overhead_bp", "study-value-out-of-range"),
            (
                "assumptions.placement_months",
                "placement-months-out-of-range",
            ),
            ("assumptions.starts_on", "study-start-not-first-of-month"),
            ("assumptions.travel_per_year", "amount-negative"),
            ("assumptions.therapist_salary", "amount-too-large"),
            ("assumptions.start_up[0].amount", "amount-too-large"),
            (
                "assumptions.avoided_share_bp",
                "share-scenarios-out-of-order",
            ),
            ("assumptions.posts", "study-posts-one-supervisor"),
            ("assumptions.posts[0].position", "study-post-therapist"),
            ("assumptions.posts[0].fte_bp", "study-value-out-of-range"),
            ("assumptions.salary_source", "at-most-characters"),
        ] {
            assert!(has(&errors, field, code), "{field} {code} in {errors:?}");
        }
        assert_eq!(errors.len(), 15);
    }

    #[test]
    fn a_grant_is_a_negative_start_up_line_and_allowed() {
        let mut doc = study();
        doc.assumptions.start_up[1].amount = -MAX_AMOUNT;
        assert_eq!(check_study(&doc, &mst()), Ok(()));
    }
}
