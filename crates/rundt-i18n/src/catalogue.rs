//! The catalogues: Fluent files built into the binary, parsed once into one
//! bundle per language, and the lookups the pages and the API use.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use rundt_domain::{Arg, Message};
use unic_langid::LanguageIdentifier;

use crate::Locale;

/// The files of each language, in the order of [`Locale::ALL`].
const SOURCES: [[(&str, &str); 13]; 3] = [
    [
        ("da/pages.ftl", include_str!("../locales/da/pages.ftl")),
        ("da/results.ftl", include_str!("../locales/da/results.ftl")),
        (
            "da/messages.ftl",
            include_str!("../locales/da/messages.ftl"),
        ),
        ("da/oncall.ftl", include_str!("../locales/da/oncall.ftl")),
        ("da/crisis.ftl", include_str!("../locales/da/crisis.ftl")),
        ("da/money.ftl", include_str!("../locales/da/money.ftl")),
        (
            "da/money_pages.ftl",
            include_str!("../locales/da/money_pages.ftl"),
        ),
        ("da/people.ftl", include_str!("../locales/da/people.ftl")),
        (
            "da/people_pages.ftl",
            include_str!("../locales/da/people_pages.ftl"),
        ),
        (
            "da/feasibility.ftl",
            include_str!("../locales/da/feasibility.ftl"),
        ),
        (
            "da/feasibility_pages.ftl",
            include_str!("../locales/da/feasibility_pages.ftl"),
        ),
        (
            "da/feasibility_report.ftl",
            include_str!("../locales/da/feasibility_report.ftl"),
        ),
        ("da/notices.ftl", include_str!("../locales/da/notices.ftl")),
    ],
    [
        ("nb/pages.ftl", include_str!("../locales/nb/pages.ftl")),
        ("nb/results.ftl", include_str!("../locales/nb/results.ftl")),
        (
            "nb/messages.ftl",
            include_str!("../locales/nb/messages.ftl"),
        ),
        ("nb/oncall.ftl", include_str!("../locales/nb/oncall.ftl")),
        ("nb/crisis.ftl", include_str!("../locales/nb/crisis.ftl")),
        ("nb/money.ftl", include_str!("../locales/nb/money.ftl")),
        (
            "nb/money_pages.ftl",
            include_str!("../locales/nb/money_pages.ftl"),
        ),
        ("nb/people.ftl", include_str!("../locales/nb/people.ftl")),
        (
            "nb/people_pages.ftl",
            include_str!("../locales/nb/people_pages.ftl"),
        ),
        (
            "nb/feasibility.ftl",
            include_str!("../locales/nb/feasibility.ftl"),
        ),
        (
            "nb/feasibility_pages.ftl",
            include_str!("../locales/nb/feasibility_pages.ftl"),
        ),
        (
            "nb/feasibility_report.ftl",
            include_str!("../locales/nb/feasibility_report.ftl"),
        ),
        ("nb/notices.ftl", include_str!("../locales/nb/notices.ftl")),
    ],
    [
        ("en/pages.ftl", include_str!("../locales/en/pages.ftl")),
        ("en/results.ftl", include_str!("../locales/en/results.ftl")),
        (
            "en/messages.ftl",
            include_str!("../locales/en/messages.ftl"),
        ),
        ("en/oncall.ftl", include_str!("../locales/en/oncall.ftl")),
        ("en/crisis.ftl", include_str!("../locales/en/crisis.ftl")),
        ("en/money.ftl", include_str!("../locales/en/money.ftl")),
        (
            "en/money_pages.ftl",
            include_str!("../locales/en/money_pages.ftl"),
        ),
        ("en/people.ftl", include_str!("../locales/en/people.ftl")),
        (
            "en/people_pages.ftl",
            include_str!("../locales/en/people_pages.ftl"),
        ),
        (
            "en/feasibility.ftl",
            include_str!("../locales/en/feasibility.ftl"),
        ),
        (
            "en/feasibility_pages.ftl",
            include_str!("../locales/en/feasibility_pages.ftl"),
        ),
        (
            "en/feasibility_report.ftl",
            include_str!("../locales/en/feasibility_report.ftl"),
        ),
        ("en/notices.ftl", include_str!("../locales/en/notices.ftl")),
    ],
];

/// One language: its bundle and the texts of its messages without values,
/// formatted once.
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    words: HashMap<&'static str, String>,
    /// What went wrong while loading (a syntax error, an id given twice);
    /// the catalogue test requires this to be empty.
    problems: Vec<String>,
}

static CATALOGUES: LazyLock<[Catalogue; 3]> = LazyLock::new(|| Locale::ALL.map(load));

fn load(locale: Locale) -> Catalogue {
    let language: LanguageIdentifier = locale.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    bundle.set_use_isolating(false);
    if locale.decimal_comma() {
        bundle.set_formatter(Some(decimal_comma));
    }
    let mut problems = Vec::new();
    if let Err(e) = bundle.add_function("LOWER", lower_first) {
        problems.push(format!("LOWER: {e:?}"));
    }
    for (name, source) in SOURCES[locale.index()] {
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(r) => r,
            Err((r, errors)) => {
                problems.extend(errors.iter().map(|e| format!("{name}: {e:?}")));
                r
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            problems.extend(errors.iter().map(|e| format!("{name}: {e:?}")));
        }
    }
    let mut words = HashMap::new();
    for id in ids(locale) {
        if variables(locale, id).is_some_and(|v| v.is_empty())
            && let Some(text) = render(&bundle, id, None)
        {
            words.insert(id, text);
        }
    }
    Catalogue {
        bundle,
        words,
        problems,
    }
}

/// The text of a message that names no values (a page word), if the
/// language has it.
pub fn word(locale: Locale, id: &str) -> Option<&'static str> {
    let catalogues: &'static [Catalogue; 3] = &CATALOGUES;
    catalogues[locale.index()].words.get(id).map(String::as_str)
}

/// A message with named values, if the language has it.
pub fn format(locale: Locale, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    try_format(locale, id, args).map(|(text, _)| text)
}

/// Like [`format`], with what Fluent could not resolve (a missing value,
/// an unknown function), for the catalogue test.
pub fn try_format(locale: Locale, id: &str, args: &[(&str, Arg)]) -> Option<(String, Vec<String>)> {
    let mut values = FluentArgs::new();
    for (name, value) in args {
        values.set(*name, fluent_value(locale, value));
    }
    let bundle = &CATALOGUES[locale.index()].bundle;
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(pattern, Some(&values), &mut errors)
        .into_owned();
    Some((text, errors.iter().map(|e| format!("{e:?}")).collect()))
}

/// A message of the domain or the use cases in this language. A code no
/// catalogue knows shows as the code and its values (the catalogue test
/// makes sure every code has its text).
pub fn message(locale: Locale, m: &Message) -> String {
    format(locale, m.code, &m.args).unwrap_or_else(|| m.to_string())
}

fn render(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned(),
    )
}

fn fluent_value(locale: Locale, value: &Arg) -> FluentValue<'static> {
    match value {
        Arg::Text(s) => FluentValue::from(s.clone()),
        Arg::Number(n) => FluentValue::from(*n),
        Arg::Decimal(s) => FluentValue::try_number(s.as_str()).into_owned(),
        Arg::Word(id) => FluentValue::from(word(locale, id).unwrap_or(id.as_str()).to_owned()),
    }
}

/// Numbers in Danish and Norwegian: a decimal comma ("99,50").
fn decimal_comma<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(n.as_string().replace('.', ",")),
        _ => None,
    }
}

/// `LOWER($role)`: the word with a lower-case first letter, for a word used
/// inside a sentence ("din rolle (terapeut)").
fn lower_first<'a>(positional: &[FluentValue<'a>], _named: &FluentArgs) -> FluentValue<'a> {
    match positional.first() {
        Some(FluentValue::String(s)) => {
            let mut chars = s.chars();
            match chars.next() {
                Some(first) => {
                    FluentValue::from(first.to_lowercase().chain(chars).collect::<String>())
                }
                None => FluentValue::from(""),
            }
        }
        Some(other) => other.clone(),
        None => FluentValue::Error,
    }
}

/// The parsed files of each language, for listing ids and values.
static SYNTAX: LazyLock<[Vec<ast::Resource<&'static str>>; 3]> = LazyLock::new(|| {
    Locale::ALL.map(|locale| {
        SOURCES[locale.index()]
            .iter()
            .map(|(_, source)| match fluent_syntax::parser::parse(*source) {
                Ok(r) | Err((r, _)) => r,
            })
            .collect()
    })
});

fn messages(locale: Locale) -> impl Iterator<Item = &'static ast::Message<&'static str>> {
    let syntax: &'static [Vec<ast::Resource<&'static str>>; 3] = &SYNTAX;
    syntax[locale.index()]
        .iter()
        .flat_map(|r| r.body.iter())
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => Some(m),
            _ => None,
        })
}

fn ids(locale: Locale) -> Vec<&'static str> {
    messages(locale).map(|m| m.id.name).collect()
}

/// Every message id of a language's catalogue, in file order.
pub fn catalogue_ids(locale: Locale) -> Vec<&'static str> {
    ids(locale)
}

/// The files of a language (name, text), and what went wrong loading them.
pub fn catalogue_sources(locale: Locale) -> (Vec<(&'static str, &'static str)>, Vec<String>) {
    (
        SOURCES[locale.index()].to_vec(),
        CATALOGUES[locale.index()].problems.clone(),
    )
}

/// The names of the values a message uses (`$max` → `max`), or `None` when
/// the language has no such message.
pub fn variables(locale: Locale, id: &str) -> Option<BTreeSet<&'static str>> {
    let message = messages(locale).find(|m| m.id.name == id)?;
    let mut names = BTreeSet::new();
    if let Some(pattern) = &message.value {
        pattern_variables(pattern, &mut names);
    }
    Some(names)
}

fn pattern_variables(pattern: &ast::Pattern<&'static str>, names: &mut BTreeSet<&'static str>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, names);
        }
    }
}

fn expression_variables(
    expression: &ast::Expression<&'static str>,
    names: &mut BTreeSet<&'static str>,
) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, names),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, names);
            for variant in variants {
                pattern_variables(&variant.value, names);
            }
        }
    }
}

fn inline_variables(
    inline: &ast::InlineExpression<&'static str>,
    names: &mut BTreeSet<&'static str>,
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            names.insert(id.name);
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, names);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, names);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, names);
        }
        _ => {}
    }
}
