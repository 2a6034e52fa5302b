//! The languages of the pages: Danish, Norwegian Bokmål and English. The
//! words come from the Fluent catalogues of `rundt-i18n` by id; messages of
//! the domain and the use cases are rendered from their code. A word missing
//! in a language falls back to English (the catalogue test keeps all three
//! complete).

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use rundt_app::AppError;
#[cfg(test)]
use rundt_domain::msg;
use rundt_domain::{Arg, Message};
use rundt_i18n::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Da,
    Nb,
    En,
}

impl Lang {
    #[cfg(test)]
    pub const ALL: [Lang; 3] = [Lang::Da, Lang::Nb, Lang::En];

    pub fn code(self) -> &'static str {
        self.locale().code()
    }

    /// The catalogue of this language.
    pub fn locale(self) -> Locale {
        match self {
            Lang::Da => Locale::Da,
            Lang::Nb => Locale::Nb,
            Lang::En => Locale::En,
        }
    }

    pub(crate) fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "da" => Some(Lang::Da),
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Chooses the language of a request nobody is signed in to: `?lang=`
    /// first, then the `lang` cookie, then the browser's Accept-Language,
    /// then Danish.
    pub fn negotiate(query_lang: Option<&str>, headers: &HeaderMap) -> Lang {
        Lang::choose(query_lang, None, headers)
    }

    /// Chooses the language: `?lang=` first (for one page), then the
    /// signed-in person's stored choice, then the `lang` cookie, then the
    /// browser's Accept-Language, then Danish.
    pub fn choose(query_lang: Option<&str>, stored: Option<&str>, headers: &HeaderMap) -> Lang {
        if let Some(l) = query_lang.and_then(Lang::from_tag) {
            return l;
        }
        if let Some(l) = stored.and_then(Lang::from_tag) {
            return l;
        }
        let cookie = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().strip_prefix("lang="))
            .find_map(Lang::from_tag);
        if let Some(l) = cookie {
            return l;
        }
        headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',')
                    .find_map(|part| Lang::from_tag(part.split(';').next().unwrap_or("")))
            })
            .unwrap_or(Lang::Da)
    }
}

/// The PDF footer's page label in `tr`'s language ("Side {page} af
/// {pages}"), its placeholders left for the PDF writer to fill in each
/// page. (`Tr::t` gives only words without values, so the label is
/// formatted with the placeholders as its values.)
pub fn page_of(tr: Tr) -> String {
    tr.tf("page_of", &[("page", "{page}"), ("pages", "{pages}")])
}

/// Translator handed to templates: `{{ tr.t("teams") }}`.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// How the page's readers write numbers: Danish and Norwegian with a
    /// decimal comma (and semicolon CSV), English with a point.
    pub fn notation(&self) -> rundt_export::Notation {
        match self.0 {
            Lang::En => rundt_export::Notation::Point,
            Lang::Da | Lang::Nb => rundt_export::Notation::Comma,
        }
    }

    /// A page word by its catalogue id (`""` for an unknown id).
    pub fn t(&self, key: &str) -> &'static str {
        rundt_i18n::word(self.0.locale(), key)
            .or_else(|| rundt_i18n::word(Locale::En, key))
            .unwrap_or("")
    }

    /// A page text with named values given as text (`{ $name }`).
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg)> = args.iter().map(|(n, v)| (*n, Arg::from(*v))).collect();
        self.args(key, &args)
    }

    /// A page text with named values of any kind: numbers choose the
    /// plural form ("1 familie / 2 familier").
    pub fn args(&self, key: &str, args: &[(&str, Arg)]) -> String {
        rundt_i18n::format(self.0.locale(), key, args)
            .or_else(|| rundt_i18n::format(Locale::En, key, args))
            .unwrap_or_default()
    }

    /// A message of the domain or the use cases in this language.
    pub fn message(&self, m: &Message) -> String {
        rundt_i18n::message(self.0.locale(), m)
    }

    /// A use-case error as one line in this language: the field errors
    /// joined (each with its field's name where the page would not show
    /// it), or the conflict, refusal or other message.
    pub fn error(&self, e: &AppError) -> String {
        match e {
            AppError::Invalid(fields) => fields
                .iter()
                .map(|f| {
                    let message = self.message(&f.message);
                    match self.field_label(&f.field) {
                        Some(label) => format!("{label}: {message}"),
                        None => message,
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            e => self.message(&e.message()),
        }
    }

    /// The field a message belongs to, in words, for pages that show a
    /// message without its field next to it. English keeps the API's field
    /// name, as the API says it.
    fn field_label(&self, field: &str) -> Option<String> {
        if self.0 == Lang::En {
            return (!field.is_empty()).then(|| field.to_owned());
        }
        let id = format!("field-{field}");
        rundt_i18n::word(self.0.locale(), &id).map(str::to_owned)
    }

    /// A composition warning in this language.
    pub fn warning(&self, w: &rundt_domain::team::CompositionWarning) -> String {
        self.message(&w.message())
    }

    /// A numbered label ("Contact 2").
    pub fn nth(&self, key: &str, n: &impl ToString) -> String {
        self.tf(key, &[("n", &n.to_string())])
    }

    /// A case status (`in_treatment`) in this language.
    pub fn status(&self, status: &str) -> String {
        let key = format!("status_{status}");
        match self.t(&key) {
            "" => status.replace('_', " "),
            t => t.to_owned(),
        }
    }

    /// A screening finding in this language.
    pub fn finding(&self, f: &rundt_domain::referral::ScreeningFinding) -> String {
        self.message(&f.message())
    }

    /// The language links of the page: (label, href, current). Each keeps
    /// the current path and query, changing only `lang`.
    pub fn lang_links(&self) -> Vec<LangLink> {
        let target = CURRENT_TARGET.try_with(Clone::clone).unwrap_or_default();
        [
            (Lang::Da, "Dansk"),
            (Lang::Nb, "Norsk"),
            (Lang::En, "English"),
        ]
        .into_iter()
        .map(|(lang, label)| LangLink {
            label,
            href: target.with_lang(lang),
            current: lang == self.0,
        })
        .collect()
    }
}

/// A link to the same page in another language.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// The path and query of the page being rendered, for its language links.
#[derive(Debug, Clone, Default)]
pub struct PageTarget {
    path: String,
    /// Query pairs other than `lang`, still percent-encoded.
    query: Vec<String>,
}

impl PageTarget {
    pub fn new(path: &str, query: Option<&str>) -> Self {
        Self {
            path: path.to_owned(),
            query: query
                .unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty() && *p != "lang" && !p.starts_with("lang="))
                .filter(|p| p.strip_prefix("next=").is_none_or(local_path))
                .map(str::to_owned)
                .collect(),
        }
    }

    /// The same page in another language.
    pub fn with_lang(&self, lang: Lang) -> String {
        let mut query = self.query.clone();
        query.push(format!("lang={}", lang.code()));
        format!("{}?{}", self.path, query.join("&"))
    }
}

/// A `next=` worth repeating: a path on this site (the login page ignores
/// anything else, and so do its language links).
fn local_path(encoded: &str) -> bool {
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                let value = std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match value {
                    Some(v) => {
                        decoded.push(v);
                        i += 3;
                    }
                    None => return false,
                }
            }
            (b'+', _) => {
                decoded.push(b' ');
                i += 1;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8_lossy(&decoded);
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')
}

tokio::task_local! {
    /// Set for each page request (see `pages::remember_target`).
    pub static CURRENT_TARGET: PageTarget;
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pdf_footer_numbers_its_pages_in_the_readers_language() {
        assert_eq!(page_of(Tr(Lang::Da)), "Side {page} af {pages}");
        assert_eq!(page_of(Tr(Lang::En)), "Page {page} of {pages}");
    }

    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_query_wins_over_cookie_and_browser() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("lang=en"));
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("da-DK,da;q=0.9"));
        assert_eq!(Lang::negotiate(Some("nb"), &h), Lang::Nb);
        assert_eq!(Lang::negotiate(None, &h), Lang::En);
        h.remove(COOKIE);
        assert_eq!(Lang::negotiate(None, &h), Lang::Da);
    }

    #[test]
    fn a_stored_choice_comes_after_the_query_and_before_cookie_and_browser() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("lang=en"));
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en-GB,en;q=0.9"));
        assert_eq!(Lang::choose(None, Some("da"), &h), Lang::Da);
        assert_eq!(Lang::choose(Some("nb"), Some("da"), &h), Lang::Nb);
        assert_eq!(Lang::choose(None, None, &h), Lang::En);
    }

    #[test]
    fn norwegian_browsers_get_bokmaal_and_unknown_ones_danish() {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("no-NO,sv;q=0.5"));
        assert_eq!(Lang::negotiate(None, &h), Lang::Nb);
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("de-DE"));
        assert_eq!(Lang::negotiate(None, &h), Lang::Da);
    }

    #[test]
    fn every_used_key_has_all_three_languages() {
        for key in [
            "teams",
            "owners",
            "staff",
            "warnings",
            "no_warnings",
            "therapist",
            "supervisor",
        ] {
            for lang in Lang::ALL {
                assert!(!Tr(lang).t(key).is_empty(), "{key} in {lang:?}");
            }
        }
        assert_ne!(Tr(Lang::Da).t("owners"), Tr(Lang::En).t("owners"));
    }

    /// Every key the pages use, literally or built from a code, has all
    /// three languages.
    #[test]
    fn every_key_of_the_pages_is_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys: Vec<String> = Vec::new();
        for dir in [
            "templates",
            "src",
            "src/pages",
            "src/pages/cases",
            "src/pages/course",
            "src/api",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"))
            {
                let path = entry.map(|e| e.path()).unwrap_or_default();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for call in [".t(\"", ".tf(\"", ".nth(\"", ".args(\""] {
                    for part in text.split(call).skip(1) {
                        if let Some(key) = part.split('"').next()
                            && !key.is_empty()
                            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        {
                            keys.push(key.to_owned());
                        }
                    }
                }
            }
        }
        use rundt_domain::lifecycle::CaseStatus;
        use rundt_domain::treatment::System;
        keys.extend(
            CaseStatus::ALL
                .iter()
                .map(|s| format!("status_{}", s.as_str())),
        );
        keys.extend(System::ALL.iter().map(|s| format!("system_{}", s.as_str())));
        keys.extend(
            rundt_domain::mapping::KeyPersonRole::ALL
                .iter()
                .map(|r| format!("key_person_{}", r.as_str())),
        );
        keys.extend(
            rundt_domain::mapping::HeardBy::ALL
                .iter()
                .map(|h| format!("heard_by_{}", h.as_str())),
        );
        keys.extend(
            rundt_domain::adherence::InterviewMode::ALL
                .iter()
                .map(|m| crate::pages::fidelity::mode_word(*m)),
        );
        keys.extend(
            rundt_domain::referral::PlacementConsidered::ALL
                .iter()
                .map(|p| crate::pages::referral_placement_key(*p)),
        );
        keys.extend(
            rundt_domain::user::Role::ALL
                .iter()
                .map(|r| rundt_domain::user::role_word(*r)),
        );
        for k in [
            "mode_face_to_face",
            "mode_phone",
            "mode_video",
            "goal_met",
            "goal_partly",
            "goal_not_met",
            "kind_supervision",
            "kind_consultation",
            "caseload_below",
            "caseload_at_norm",
            "caseload_above_norm",
            "caseload_above_maximum",
            "reason_completed",
            "reason_lack_of_engagement",
            "reason_placed",
            "reason_moved",
            "reason_other",
            "exclusion_no_primary_caregiver",
            "exclusion_primarily_psychiatric_crisis",
            "exclusion_sex_offending_only",
            "exclusion_pervasive_developmental_delay",
            "young_person",
            "caregiver",
        ] {
            keys.push(k.into());
        }
        assert!(keys.len() > 150, "found {} keys", keys.len());
        for key in keys {
            for lang in Lang::ALL {
                assert!(
                    rundt_i18n::variables(lang.locale(), &key).is_some(),
                    "{key} needs Danish, Norwegian and English ({lang:?} lacks it)"
                );
            }
        }
    }

    #[test]
    fn a_norwegian_clinician_ends_treatment_rather_than_printing_the_family() {
        // "Skriv ut familien" reads as "print the family".
        let button = Tr(Lang::Nb).t("discharge_family");
        assert!(!button.starts_with("Skriv ut"), "{button}");
        assert!(button.contains("Avslutt behandlingen"), "{button}");
        let families = |n: i64| Tr(Lang::Nb).args("families_count", &[("n", Arg::from(n))]);
        assert_eq!(families(1), "1 familie");
        assert_eq!(families(2), "2 familier");
    }

    #[test]
    fn counts_choose_the_plural_and_errors_are_said_in_the_page_language() {
        let families = |lang, n: i64| Tr(lang).args("families_count", &[("n", Arg::from(n))]);
        assert_eq!(families(Lang::Da, 1), "1 familie");
        assert_eq!(families(Lang::Da, 3), "3 familier");
        assert_eq!(families(Lang::En, 1), "1 family");
        let stale = AppError::VersionMismatch { current: 4 };
        assert_eq!(
            Tr(Lang::En).error(&stale),
            "the record was changed by someone else (now at version 4); reload and try again"
        );
        assert_eq!(
            Tr(Lang::Da).error(&stale),
            "posten er ændret af en anden (nu version 4); genindlæs siden og prøv igen"
        );
        let short = AppError::invalid("password", msg!("password-too-short", min = 12usize));
        assert_eq!(
            Tr(Lang::En).error(&short),
            "password: must be at least 12 characters"
        );
        assert_eq!(Tr(Lang::Nb).error(&short), "Passord: må være minst 12 tegn");
    }

    #[test]
    fn language_links_keep_the_query_but_the_language() {
        let t = PageTarget::new("/login", Some("next=%2Fcases&lang=da&x=1"));
        assert_eq!(t.with_lang(Lang::En), "/login?next=%2Fcases&x=1&lang=en");
        assert_eq!(PageTarget::new("/", None).with_lang(Lang::Nb), "/?lang=nb");
        for evil in [
            "//evil.example",
            "%2F%2Fevil.example",
            "https://evil.example",
            "%2",
        ] {
            let t = PageTarget::new("/login", Some(&format!("next={evil}")));
            assert_eq!(t.with_lang(Lang::Da), "/login?lang=da", "{evil}");
        }
    }
}
