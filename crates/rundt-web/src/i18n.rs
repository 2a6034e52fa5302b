//! The languages of the pages: Danish, Norwegian Bokmål and English. Keys
//! are English identifiers; a missing translation falls back to English.

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};

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
        match self {
            Lang::Da => "da",
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "da" => Some(Lang::Da),
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Chooses the language: `?lang=` first, then the `lang` cookie, then
    /// the browser's Accept-Language, then Danish.
    pub fn negotiate(query_lang: Option<&str>, headers: &HeaderMap) -> Lang {
        if let Some(l) = query_lang.and_then(Lang::from_tag) {
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

/// Translator handed to templates: `{{ tr.t("teams") }}`.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    pub fn t(&self, key: &str) -> &'static str {
        let (da, nb, en) = entry(key);
        let text = match self.0 {
            Lang::Da => da,
            Lang::Nb => nb,
            Lang::En => en,
        };
        if text.is_empty() { en } else { text }
    }

    /// A translation with `{name}` placeholders filled in.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A message of the domain or the use cases (written in English) in
    /// this language; unknown messages stay English.
    pub fn message(&self, english: &str) -> String {
        crate::i18n_messages::translate(self.0, english)
    }

    /// A use-case error as one line in this language: the field errors
    /// joined (each with its field's name where the page would not show
    /// it), or the conflict, refusal or other message.
    pub fn error(&self, e: &rundt_app::AppError) -> String {
        match (self.0, e) {
            (Lang::En, e) => e.to_string(),
            (lang, rundt_app::AppError::Invalid(fields)) => fields
                .iter()
                .map(|f| {
                    let message = self.message(&f.message);
                    match crate::i18n_messages::field_label(lang, &f.field) {
                        Some(label) => format!("{label}: {message}"),
                        None => message,
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            (_, e) => self.message(&e.to_string()),
        }
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
        use rundt_domain::referral::ScreeningFinding::*;
        match f {
            AgeOutsideRange { age, min, max } => self.tf(
                "finding_age_outside_range",
                &[
                    ("age", &age.to_string()),
                    ("min", &min.to_string()),
                    ("max", &max.to_string()),
                ],
            ),
            AgeUnknown => self.t("finding_age_unknown").into(),
            NoCaregiver => self.t("finding_no_caregiver").into(),
            NoPrimaryCaregiver => self.t("finding_no_primary_caregiver").into(),
            PrimarilyPsychiatricCrisis => self.t("finding_primarily_psychiatric_crisis").into(),
            SexOffendingOnly => self.t("finding_sex_offending_only").into(),
            PervasiveDevelopmentalDelay => self.t("finding_pervasive_developmental_delay").into(),
            NoConsent => self.t("finding_no_consent").into(),
            NotKnownToChildProtection => self.t("finding_not_known_to_child_protection").into(),
        }
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

/// The three strings of a key: Danish, Norwegian Bokmål, English (empty
/// when the key is unknown).
fn entry(key: &str) -> (&'static str, &'static str, &'static str) {
    {
        match key {
            "app_tagline" => (
                "MST kommer hele vejen rundt",
                "MST når hele veien rundt",
                "MST reaches all the way round",
            ),
            "teams" => ("Teams", "Team", "Teams"),
            "team" => ("Team", "Team", "Team"),
            "country" => ("Land", "Land", "Country"),
            "programme_model" => ("Programmodel", "Programmodell", "Programme model"),
            "owners" => ("Ejerkommuner", "Eierkommuner", "Owning municipalities"),
            "share" => ("Andel", "Andel", "Share"),
            "staff" => ("Medarbejdere", "Ansatte", "Staff"),
            "position" => ("Funktion", "Funksjon", "Position"),
            "since" => ("Siden", "Siden", "Since"),
            "name" => ("Navn", "Navn", "Name"),
            "warnings" => (
                "Afvigelser fra modellen",
                "Avvik fra modellen",
                "Differences from the model",
            ),
            "no_warnings" => (
                "Teamet svarer til modellens normer.",
                "Teamet svarer til modellens normer.",
                "The team matches the model's norms.",
            ),
            "no_teams" => (
                "Der er endnu ingen teams.",
                "Det er ingen team ennå.",
                "There are no teams yet.",
            ),
            "norms" => ("Normer", "Normer", "Norms"),
            "ages" => ("Alder", "Alder", "Ages"),
            "therapists" => ("Terapeuter", "Terapeuter", "Therapists"),
            "families_per_therapist" => (
                "Familier pr. terapeut",
                "Familier per terapeut",
                "Families per therapist",
            ),
            "duration_months" => (
                "Varighed (måneder)",
                "Varighet (måneder)",
                "Duration (months)",
            ),
            "language" => ("Sprog", "Språk", "Language"),
            "not_found" => (
                "Siden findes ikke.",
                "Siden finnes ikke.",
                "Page not found.",
            ),
            "back" => ("Tilbage til teams", "Tilbake til team", "Back to teams"),
            "api_docs" => (
                "API-beskrivelse (OpenAPI)",
                "API-beskrivelse (OpenAPI)",
                "API description (OpenAPI)",
            ),
            "years" => ("år", "år", "years"),
            "max" => ("maks.", "maks.", "max"),
            "log_in" => ("Log ind", "Logg inn", "Log in"),
            "discharge_report" => (
                "Udskrivningsrapport",
                "Utskrivningsrapport",
                "Discharge report",
            ),
            "confidential" => ("Fortroligt", "Fortrolig", "Confidential"),
            "page_of" => (
                "Side {page} af {pages}",
                "Side {page} av {pages}",
                "Page {page} of {pages}",
            ),
            "referred_on" => ("Henvist", "Henvist", "Referred"),
            "treatment_start" => ("Behandlingsstart", "Behandlingsstart", "Treatment start"),
            "discharged_on" => ("Udskrevet", "Utskrevet", "Discharged"),
            "treatment_days" => ("Behandlingsdage", "Behandlingsdager", "Treatment days"),
            "discharge_reason" => (
                "Årsag til afslutning",
                "Årsak til avslutning",
                "Reason for discharge",
            ),
            "reason_completed" => (
                "Behandling gennemført",
                "Behandling gjennomført",
                "Treatment completed",
            ),
            "reason_lack_of_engagement" => (
                "Manglende engagement",
                "Manglende engasjement",
                "Lack of engagement",
            ),
            "reason_placed" => (
                "Anbragt uden for hjemmet",
                "Plassert utenfor hjemmet",
                "Placed out of home",
            ),
            "reason_moved" => (
                "Fraflyttet området",
                "Flyttet fra området",
                "Moved out of the area",
            ),
            "reason_other" => ("Andet", "Annet", "Other"),
            "referral_behaviours" => (
                "Henvisningsadfærd",
                "Henvisningsatferd",
                "Referral behaviours",
            ),
            "behaviour" => ("Adfærd", "Atferd", "Behaviour"),
            "frequency" => ("Hyppighed", "Hyppighet", "Frequency"),
            "intensity" => ("Intensitet", "Intensitet", "Intensity"),
            "duration" => ("Varighed", "Varighet", "Duration"),
            "legal_basis" => ("Lovgrundlag", "Lovgrunnlag", "Legal basis"),
            "goals_at_discharge" => (
                "Overordnede mål ved afslutning",
                "Overordnede mål ved avslutning",
                "Overarching goals at discharge",
            ),
            "goal" => ("Mål", "Mål", "Goal"),
            "measure" => ("Målt ved", "Målt ved", "Measured by"),
            "result" => ("Resultat", "Resultat", "Result"),
            "goal_met" => ("Opfyldt", "Oppnådd", "Met"),
            "goal_partly" => ("Delvist opfyldt", "Delvis oppnådd", "Partly met"),
            "goal_not_met" => ("Ikke opfyldt", "Ikke oppnådd", "Not met"),
            "ultimate_outcomes" => ("Resultater", "Resultater", "Ultimate outcomes"),
            "living_at_home" => ("Bor hjemme", "Bor hjemme", "Living at home"),
            "in_school_or_working" => (
                "I skole eller arbejde",
                "På skole eller i arbeid",
                "In school or working",
            ),
            "no_new_arrests" => (
                "Ingen nye sigtelser",
                "Ingen nye siktelser",
                "No new arrests",
            ),
            "clinical_evaluation" => (
                "Klinisk vurdering",
                "Klinisk vurdering",
                "Clinical evaluation",
            ),
            "treatment_course" => ("Forløbet", "Forløpet", "The course of treatment"),
            "weekly_summaries" => ("Ugeopsummeringer", "Ukesoppsummeringer", "Weekly summaries"),
            "contacts" => ("Kontakter", "Kontakter", "Contacts"),
            "contact_hours" => ("Kontakttimer", "Kontakttimer", "Contact hours"),
            "follow_ups" => ("Opfølgning", "Oppfølging", "Follow-up"),
            "follow_up" => ("Opfølgning", "Oppfølging", "Follow-up"),
            "months" => ("mdr.", "mnd.", "months"),
            "date" => ("Dato", "Dato", "Date"),
            "bad_login" => (
                "Brugernavn eller adgangskode er forkert.",
                "Brukernavn eller passord er feil.",
                "The username or password is not correct.",
            ),
            "too_many_attempts" => (
                "For mange mislykkede forsøg. Prøv igen om 15 minutter.",
                "For mange mislykkede forsøk. Prøv igjen om 15 minutter.",
                "Too many failed attempts. Try again in 15 minutes.",
            ),
            "code_rejected" => (
                "Koden blev ikke godkendt. Skriv den kode, appen viser nu (en kode kan kun bruges én gang).",
                "Koden ble ikke godkjent. Skriv koden appen viser nå (en kode kan bare brukes én gang).",
                "The code was not accepted. Type the code the app shows now (a code works only once).",
            ),
            "two_step" => (
                "Totrinsbekræftelse",
                "Tofaktorinnlogging",
                "Two-step verification",
            ),
            "log_out" => ("Log ud", "Logg ut", "Log out"),
            "username" => ("Brugernavn", "Brukernavn", "Username"),
            "password" => ("Adgangskode", "Passord", "Password"),
            "second_factor" => ("Engangskode", "Engangskode", "One-time code"),
            "second_factor_help" => (
                "Skriv den 6-cifrede kode fra din autentificeringsapp.",
                "Skriv den 6-sifrede koden fra autentiseringsappen din.",
                "Type the 6-digit code from your authenticator app.",
            ),
            "enrol_title" => (
                "Opsæt totrinsbekræftelse",
                "Sett opp tofaktorinnlogging",
                "Set up two-factor login",
            ),
            "enrol_help" => (
                "Scan koden med en autentificeringsapp (fx Microsoft Authenticator eller Google Authenticator), eller indtast nøglen manuelt. Skriv derefter den første kode.",
                "Skann koden med en autentiseringsapp (f.eks. Microsoft Authenticator eller Google Authenticator), eller skriv inn nøkkelen manuelt. Skriv deretter den første koden.",
                "Scan the code with an authenticator app (e.g. Microsoft Authenticator or Google Authenticator), or type the key by hand. Then type the first code.",
            ),
            "secret_key" => ("Nøgle", "Nøkkel", "Key"),
            "confirm" => ("Bekræft", "Bekreft", "Confirm"),
            "families" => ("Familier", "Familier", "Families"),
            "family" => ("Familie", "Familie", "Family"),
            "no_families" => (
                "Ingen familier at vise.",
                "Ingen familier å vise.",
                "No families to show.",
            ),
            "status" => ("Status", "Status", "Status"),
            "referred_by" => ("Henvist af", "Henvist av", "Referred by"),
            "created" => ("Oprettet", "Opprettet", "Created"),
            "people" => ("Personer", "Personer", "People"),
            "young_person" => ("Den unge", "Den unge", "Young person"),
            "caregiver" => ("Omsorgsperson", "Omsorgsperson", "Caregiver"),
            "birth_date" => ("Fødselsdato", "Fødselsdato", "Birth date"),
            "national_id" => ("CPR/fødselsnr.", "Fødselsnr./CPR", "National ID"),
            "break_glass" => ("Nødadgang", "Nødtilgang", "Break-glass access"),
            "break_glass_active" => (
                "Du har åbnet denne familie med nødadgang. Adgangen er logget og vises for supervisor.",
                "Du har åpnet denne familien med nødtilgang. Tilgangen er logget og vises for veileder.",
                "You opened this family with break-glass access. The access is logged and shown to the supervisor.",
            ),
            "no_access" => (
                "Du har ikke adgang til denne familie.",
                "Du har ikke tilgang til denne familien.",
                "You do not have access to this family.",
            ),
            "break_glass_help" => (
                "Har du vagt og brug for familiens oplysninger nu, kan du åbne den i 4 timer. Skriv hvorfor; supervisor ser det.",
                "Har du vakt og trenger familiens opplysninger nå, kan du åpne den i 4 timer. Skriv hvorfor; veileder ser det.",
                "If you are on call and need this family's information now, you can open it for 4 hours. Say why; the supervisor sees it.",
            ),
            "reason" => ("Begrundelse", "Begrunnelse", "Reason"),
            "open_break_glass" => (
                "Åbn med nødadgang",
                "Åpne med nødtilgang",
                "Open with break-glass",
            ),
            "break_glass_review" => (
                "Nødadgang i dine teams",
                "Nødtilgang i dine team",
                "Break-glass access in your teams",
            ),
            "no_break_glass" => (
                "Ingen nødadgang de sidste 30 dage.",
                "Ingen nødtilgang siste 30 dager.",
                "No break-glass access in the last 30 days.",
            ),
            "who" => ("Hvem", "Hvem", "Who"),
            "when" => ("Hvornår", "Når", "When"),
            "until" => ("Indtil", "Til", "Until"),
            "what" => ("Hvad", "Hva", "What"),
            "outcome" => ("Udfald", "Utfall", "Outcome"),
            "access_log" => ("Adgangslog", "Tilgangslogg", "Access log"),
            "access_log_help" => (
                "Hvem har set eller ændret personens oplysninger, hvornår og hvorfor.",
                "Hvem har sett eller endret personens opplysninger, når og hvorfor.",
                "Who saw or changed the person's data, when and why.",
            ),
            "person_id" => ("Person-id", "Person-id", "Person id"),
            "show" => ("Vis", "Vis", "Show"),
            "audit" => ("Revisionslog", "Revisjonslogg", "Audit log"),
            "chain_ok" => ("Kæden er intakt", "Kjeden er intakt", "The chain is intact"),
            "chain_broken" => ("Kæden er brudt", "Kjeden er brutt", "The chain is broken"),
            "events" => ("hændelser", "hendelser", "events"),
            "account" => ("Min konto", "Min konto", "My account"),
            "change_password" => ("Skift adgangskode", "Bytt passord", "Change password"),
            "current_password" => (
                "Nuværende adgangskode",
                "Nåværende passord",
                "Current password",
            ),
            "new_password" => (
                "Ny adgangskode (mindst 12 tegn)",
                "Nytt passord (minst 12 tegn)",
                "New password (at least 12 characters)",
            ),
            "password_changed" => (
                "Adgangskoden er skiftet. Log ind igen.",
                "Passordet er byttet. Logg inn igjen.",
                "Your password was changed. Log in again.",
            ),
            "api_tokens" => ("API-nøgler", "API-nøkler", "API tokens"),
            "token_name" => ("Navn", "Navn", "Name"),
            "create_token" => ("Opret nøgle", "Opprett nøkkel", "Create token"),
            "token_once" => (
                "Kopiér nøglen nu; den vises kun én gang:",
                "Kopier nøkkelen nå; den vises bare én gang:",
                "Copy the token now; it is shown only once:",
            ),
            "revoke" => ("Tilbagekald", "Tilbakekall", "Revoke"),
            "revoked" => ("tilbagekaldt", "tilbakekalt", "revoked"),
            "last_used" => ("Sidst brugt", "Sist brukt", "Last used"),
            "users" => ("Brugere", "Brukere", "Users"),
            "role" => ("Rolle", "Rolle", "Role"),
            "active" => ("Aktiv", "Aktiv", "Active"),
            "deactivate" => ("Deaktivér", "Deaktiver", "Deactivate"),
            "activate" => ("Aktivér", "Aktiver", "Activate"),
            "create_user" => ("Opret bruger", "Opprett bruker", "Create user"),
            "display_name" => ("Navn", "Navn", "Name"),
            "email" => ("E-mail", "E-post", "E-mail"),
            "municipality_code" => (
                "Kommunekode (kommunale roller)",
                "Kommunenummer (kommunale roller)",
                "Municipality code (municipal roles)",
            ),
            "initial_password" => (
                "Første adgangskode (vises én gang)",
                "Første passord (vises én gang)",
                "Initial password (shown once)",
            ),
            "yes" => ("ja", "ja", "yes"),
            "no" => ("nej", "nei", "no"),
            "forbidden" => (
                "Du har ikke adgang til denne side.",
                "Du har ikke tilgang til denne siden.",
                "You do not have access to this page.",
            ),
            "role_national_admin" => (
                "Nationalt programkontor",
                "Nasjonalt programkontor",
                "National programme office",
            ),
            "role_supervisor" => ("Supervisor", "Veileder", "Supervisor"),
            "role_therapist" => ("Terapeut", "Terapeut", "Therapist"),
            "role_consultant" => ("Konsulent", "Konsulent", "Consultant"),
            "role_municipal_caseworker" => ("Sagsbehandler", "Saksbehandler", "Caseworker"),
            "role_municipal_manager" => ("Kommunal leder", "Kommunal leder", "Municipal manager"),
            "role_auditor" => ("Revisor", "Revisor", "Auditor"),
            "DK" => ("Danmark", "Danmark", "Denmark"),
            "NO" => ("Norge", "Norge", "Norway"),
            "supervisor" => ("Supervisor", "Veileder", "Supervisor"),
            "therapist" => ("Terapeut", "Terapeut", "Therapist"),
            "crisis_caseworker" => ("Kriserådgiver", "Krisesaksbehandler", "Crisis caseworker"),
            "psychiatrist" => ("Psykiater", "Psykiater", "Psychiatrist"),
            "milieu_therapist" => ("Miljøterapeut", "Miljøterapeut", "Milieu therapist"),
            "administrator" => (
                "Administrativ medarbejder",
                "Administrativ medarbeider",
                "Administrator",
            ),
            "code_expired" => (
                "kode ikke længere gyldig",
                "nummer ikke lenger gyldig",
                "code no longer valid",
            ),
            "status_referred" => ("Henvist", "Henvist", "Referred"),
            "status_declined" => ("Afvist", "Avslått", "Declined"),
            "status_waiting" => ("På venteliste", "På venteliste", "Waiting"),
            "status_in_treatment" => ("I behandling", "I behandling", "In treatment"),
            "status_discharged" => ("Udskrevet", "Utskrevet", "Discharged"),
            "status_closed" => ("Afsluttet", "Avsluttet", "Closed"),
            "all_statuses" => ("Alle", "Alle", "All"),
            "filter" => ("Vis", "Vis", "Show"),
            "summary_missing" => (
                "Ugeopsummering mangler",
                "Ukesoppsummering mangler",
                "Weekly summary missing",
            ),
            "summary_overdue" => (
                "Ugeopsummeringen for ugen fra {week} mangler.",
                "Ukesoppsummeringen for uken fra {week} mangler.",
                "The weekly summary for the week from {week} is missing.",
            ),
            "refer_family" => ("Henvis familie", "Henvis familie", "Refer a family"),
            "therapist_col" => ("Terapeut", "Terapeut", "Therapist"),
            "referral" => ("Henvisning", "Henvisning", "Referral"),
            "consent" => ("Samtykke", "Samtykke", "Consent"),
            "consent_given_by" => ("Samtykke givet af", "Samtykke gitt av", "Consent given by"),
            "consent_given_on" => (
                "Samtykke givet den",
                "Samtykke gitt den",
                "Consent given on",
            ),
            "no_consent" => (
                "Der er ikke registreret samtykke.",
                "Det er ikke registrert samtykke.",
                "No consent is recorded.",
            ),
            "notes" => ("Bemærkninger", "Merknader", "Notes"),
            "screening" => ("Screening", "Screening", "Screening"),
            "screening_eligible" => (
                "Familien opfylder programmets kriterier.",
                "Familien oppfyller programmets kriterier.",
                "The family meets the programme's criteria.",
            ),
            "screening_not_eligible" => (
                "Familien opfylder ikke programmets kriterier:",
                "Familien oppfyller ikke programmets kriterier:",
                "The family does not meet the programme's criteria:",
            ),
            "finding_age_outside_range" => (
                "Den unge er {age} år; programmet tager unge på {min}–{max} år.",
                "Den unge er {age} år; programmet tar unge på {min}–{max} år.",
                "The young person is {age}; the programme takes ages {min}–{max}.",
            ),
            "finding_age_unknown" => (
                "Den unges alder kendes ikke.",
                "Den unges alder er ikke kjent.",
                "The young person's age is not known.",
            ),
            "finding_no_caregiver" => (
                "Der er ikke nævnt nogen omsorgsperson; MST arbejder gennem omsorgspersonerne.",
                "Det er ikke oppgitt noen omsorgsperson; MST arbeider gjennom omsorgspersonene.",
                "No caregiver is named; MST works through the caregivers.",
            ),
            "finding_no_primary_caregiver" => (
                "Den unge har ingen primær omsorgsperson eller bor alene.",
                "Den unge har ingen primær omsorgsperson eller bor alene.",
                "The young person has no primary caregiver or lives independently.",
            ),
            "finding_primarily_psychiatric_crisis" => (
                "Henvist primært for selvmords-, drabs- eller psykotisk adfærd: krisestabilisering kommer først.",
                "Henvist primært for selvmords-, draps- eller psykotisk atferd: krisestabilisering kommer først.",
                "Referred primarily for suicidal, homicidal or psychotic behaviour: crisis stabilisation comes first.",
            ),
            "finding_sex_offending_only" => (
                "Seksuelle overgreb uden anden antisocial adfærd ligger uden for MST.",
                "Seksuelle overgrep uten annen antisosial atferd ligger utenfor MST.",
                "Sex offending without other antisocial behaviour is outside MST.",
            ),
            "finding_pervasive_developmental_delay" => (
                "Gennemgribende udviklingsforstyrrelse (autismespektret) ligger uden for MST.",
                "Gjennomgripende utviklingsforstyrrelse (autismespekteret) ligger utenfor MST.",
                "Pervasive developmental delay (autism spectrum) is outside MST.",
            ),
            "finding_no_consent" => (
                "Der er ikke registreret samtykke fra omsorgspersonerne.",
                "Det er ikke registrert samtykke fra omsorgspersonene.",
                "No consent from the caregivers is recorded.",
            ),
            "finding_not_known_to_child_protection" => (
                "MST-CAN tager familier, der inden for 180 dage er kendt af kommunen for overgreb eller omsorgssvigt.",
                "MST-CAN tar familier som barnevernet kjenner for overgrep eller omsorgssvikt innen 180 dager.",
                "MST-CAN takes families known to child protection for abuse or neglect within the last 180 days.",
            ),
            "status_history" => ("Forløb", "Forløp", "Status history"),
            "by" => ("af", "av", "by"),
            "assessment" => ("Udredning", "Kartlegging", "Assessment"),
            "no_assessment" => (
                "Der er ingen udredning endnu.",
                "Det er ingen kartlegging ennå.",
                "There is no assessment yet.",
            ),
            "system" => ("System", "System", "System"),
            "system_individual" => ("Den unge selv", "Den unge selv", "Individual"),
            "system_family" => ("Familien", "Familien", "Family"),
            "system_peers" => ("Venner", "Venner", "Peers"),
            "system_school" => ("Skole", "Skole", "School"),
            "system_community" => ("Nærmiljø", "Nærmiljø", "Community"),
            "strengths" => ("Styrker", "Styrker", "Strengths"),
            "needs" => ("Behov", "Behov", "Needs"),
            "key_participants" => ("Nøglepersoner", "Nøkkelpersoner", "Key participants"),
            "relation" => ("Relation", "Relasjon", "Relation"),
            "desired_outcome" => ("Ønsket forandring", "Ønsket endring", "Desired outcome"),
            "overarching_goals" => ("Overordnede mål", "Overordnede mål", "Overarching goals"),
            "no_summaries" => (
                "Der er ingen ugeopsummeringer endnu.",
                "Det er ingen ukesoppsummeringer ennå.",
                "There are no weekly summaries yet.",
            ),
            "week_of" => ("Uge fra", "Uke fra", "Week from"),
            "minutes" => ("minutter", "minutter", "minutes"),
            "advances" => ("Fremskridt", "Fremskritt", "Advances"),
            "barriers" => ("Barrierer", "Barrierer", "Barriers"),
            "last_week_goals" => ("Sidste uges mål", "Forrige ukes mål", "Last week's goals"),
            "next_week_goals" => (
                "Mål for næste uge",
                "Mål for neste uke",
                "Next week's goals",
            ),
            "fit_drivers" => ("Drivere (fit)", "Drivere (fit)", "Drivers (fit)"),
            "prioritised" => ("Prioriteret", "Prioritert", "Prioritised"),
            "overarching_progress" => (
                "Fremgang på de overordnede mål",
                "Fremgang på de overordnede målene",
                "Progress on the overarching goals",
            ),
            "safety" => ("Sikkerhed", "Sikkerhet", "Safety"),
            "questions" => (
                "Spørgsmål til supervision",
                "Spørsmål til veiledning",
                "Questions for supervision",
            ),
            "with_whom" => ("Med", "Med", "With"),
            "place" => ("Sted", "Sted", "Place"),
            "mode" => ("Form", "Form", "Mode"),
            "mode_face_to_face" => ("Fremmøde", "Oppmøte", "Face to face"),
            "mode_phone" => ("Telefon", "Telefon", "Phone"),
            "mode_video" => ("Video", "Video", "Video"),
            "recommendations" => (
                "Anbefalinger fra supervision",
                "Anbefalinger fra veiledning",
                "Recommendations from supervision",
            ),
            "kind_supervision" => ("Supervision", "Veiledning", "Supervision"),
            "kind_consultation" => ("Konsultation", "Konsultasjon", "Consultation"),
            "discharge" => ("Udskrivning", "Utskrivning", "Discharge"),
            "download_discharge_report" => (
                "Hent udskrivningsrapport (PDF)",
                "Last ned utskrivningsrapport (PDF)",
                "Download the discharge report (PDF)",
            ),
            "actions" => ("Næste skridt", "Neste steg", "Next steps"),
            "accept_referral" => (
                "Optag familien på ventelisten",
                "Ta familien inn på ventelisten",
                "Accept onto the waiting list",
            ),
            "override_reason" => (
                "Begrundelse for at fravige kriterierne (mindst 10 tegn)",
                "Begrunnelse for å fravike kriteriene (minst 10 tegn)",
                "Reason to accept despite the criteria (at least 10 characters)",
            ),
            "decline_referral" => (
                "Afvis henvisningen",
                "Avslå henvisningen",
                "Decline the referral",
            ),
            "decline_reason" => (
                "Begrundelse for afvisning",
                "Begrunnelse for avslag",
                "Why the referral is declined",
            ),
            "assign_therapist" => ("Tildel terapeut", "Tildel terapeut", "Assign a therapist"),
            "reassign_therapist" => ("Skift terapeut", "Bytt terapeut", "Change therapist"),
            "current_therapist" => (
                "Nuværende terapeut",
                "Nåværende terapeut",
                "Current therapist",
            ),
            "choose" => ("— vælg —", "— velg —", "— choose —"),
            "families_count" => ("{n} familier", "{n} familier", "{n} families"),
            "caseload" => ("Belastning", "Belastning", "Caseload"),
            "caseload_below" => ("plads til flere", "plass til flere", "room for more"),
            "caseload_at_norm" => ("ved normen", "ved normen", "at the norm"),
            "caseload_above_norm" => ("over normen", "over normen", "above the norm"),
            "caseload_above_maximum" => ("over maksimum", "over maksimum", "above the maximum"),
            "caseload_warning" => (
                "{name} har nu {n} familier – over modellens maksimum. Overvej at fordele familierne anderledes.",
                "{name} har nå {n} familier – over modellens maksimum. Vurder å fordele familiene annerledes.",
                "{name} now holds {n} families – above the model's maximum. Consider sharing the families differently.",
            ),
            "assigned_ok" => (
                "{name} er nu familiens terapeut.",
                "{name} er nå familiens terapeut.",
                "{name} now works with the family.",
            ),
            "write_weekly_summary" => (
                "Skriv ugeopsummering",
                "Skriv ukesoppsummering",
                "Write weekly summary",
            ),
            "edit" => ("Ret", "Endre", "Edit"),
            "edit_assessment" => ("Udredning", "Kartlegging", "Assessment"),
            "discharge_family" => (
                "Udskriv familien",
                "Skriv ut familien",
                "Discharge the family",
            ),
            "record_follow_up" => (
                "Registrér opfølgning",
                "Registrer oppfølging",
                "Record a follow-up",
            ),
            "stale_version" => (
                "En anden har ændret familien imens. Genindlæs siden og prøv igen.",
                "Noen andre har endret familien i mellomtiden. Last inn siden på nytt og prøv igjen.",
                "Someone else changed this family; reload the page and try again.",
            ),
            "form_errors" => (
                "Noget skal rettes, før det kan gemmes:",
                "Noe må rettes før det kan lagres:",
                "Some things need fixing before this can be saved:",
            ),
            "cannot_now" => (
                "Det kan ikke lade sig gøre lige nu:",
                "Det går ikke akkurat nå:",
                "This cannot be done now:",
            ),
            "save" => ("Gem", "Lagre", "Save"),
            "cancel" => (
                "Tilbage til familien",
                "Tilbake til familien",
                "Back to the family",
            ),
            "week_start" => ("Uge (mandag)", "Uke (mandag)", "Week (Monday)"),
            "contact_n" => ("Kontakt {n}", "Kontakt {n}", "Contact {n}"),
            "contact_with_help" => (
                "Med hvem (adskil med komma)",
                "Med hvem (skill med komma)",
                "With whom (separate with commas)",
            ),
            "minutes_label" => ("Minutter", "Minutter", "Minutes"),
            "attainment" => ("Nået?", "Nådd?", "Attained?"),
            "note" => ("Note", "Notat", "Note"),
            "driver" => ("Driver", "Driver", "Driver"),
            "driver_n" => ("Driver {n}", "Driver {n}", "Driver {n}"),
            "goal_n" => ("Mål {n}", "Mål {n}", "Goal {n}"),
            "participant_n" => ("Nøgleperson {n}", "Nøkkelperson {n}", "Key participant {n}"),
            "row_help" => (
                "Tomme rækker springes over.",
                "Tomme rader hoppes over.",
                "Empty rows are left out.",
            ),
            "discharge_date" => ("Udskrivningsdato", "Utskrivningsdato", "Discharge date"),
            "reason_note" => (
                "Uddybning (krævet ved »Andet«)",
                "Utdyping (påkrevd ved «Annet»)",
                "Details (required for “Other”)",
            ),
            "follow_up_months" => ("Opfølgning efter", "Oppfølging etter", "Follow-up after"),
            "months_n" => ("{n} måneder", "{n} måneder", "{n} months"),
            "all_follow_ups_done" => (
                "Alle opfølgninger er registreret.",
                "Alle oppfølginger er registrert.",
                "All follow-ups are recorded.",
            ),
            "no_follow_ups" => (
                "Ingen opfølgninger endnu.",
                "Ingen oppfølginger ennå.",
                "No follow-ups yet.",
            ),
            "given_name" => ("Fornavn", "Fornavn", "Given name"),
            "family_name" => ("Efternavn", "Etternavn", "Family name"),
            "caregiver_n" => ("Omsorgsperson {n}", "Omsorgsperson {n}", "Caregiver {n}"),
            "national_id_or_birth" => (
                "Angiv CPR-/fødselsnummer eller fødselsdato.",
                "Oppgi fødselsnummer/CPR eller fødselsdato.",
                "Give the national ID number or the birth date.",
            ),
            "behaviour_n" => ("Adfærd {n}", "Atferd {n}", "Behaviour {n}"),
            "exclusions" => (
                "Eksklusionskriterier",
                "Eksklusjonskriterier",
                "Exclusion criteria",
            ),
            "exclusion_no_primary_caregiver" => (
                "Bor alene eller har ingen primær omsorgsperson",
                "Bor alene eller har ingen primær omsorgsperson",
                "Lives independently or has no primary caregiver",
            ),
            "exclusion_primarily_psychiatric_crisis" => (
                "Henvises primært for selvmords-, drabs- eller psykotisk adfærd",
                "Henvises primært for selvmords-, draps- eller psykotisk atferd",
                "Referred primarily for suicidal, homicidal or psychotic behaviour",
            ),
            "exclusion_sex_offending_only" => (
                "Seksuelle overgreb uden anden antisocial adfærd",
                "Seksuelle overgrep uten annen antisosial atferd",
                "Sex offending without other antisocial behaviour",
            ),
            "exclusion_pervasive_developmental_delay" => (
                "Gennemgribende udviklingsforstyrrelse (autismespektret)",
                "Gjennomgripende utviklingsforstyrrelse (autismespekteret)",
                "Pervasive developmental delay (autism spectrum)",
            ),
            "known_to_cps" => (
                "Kendt af kommunen for overgreb eller omsorgssvigt inden for 180 dage (MST-CAN)",
                "Kjent av barnevernet for overgrep eller omsorgssvikt innen 180 dager (MST-CAN)",
                "Known to child protection for abuse or neglect within 180 days (MST-CAN)",
            ),
            "send_referral" => ("Send henvisning", "Send henvisning", "Send the referral"),
            "no_teams_to_refer" => (
                "Der er ingen teams i dit land at henvise til.",
                "Det er ingen team i ditt land å henvise til.",
                "There are no teams in your country to refer to.",
            ),
            "capacity" => ("Kapacitet", "Kapasitet", "Capacity"),
            "open_families" => ("Familier", "Familier", "Families"),
            "expected_ends" => (
                "Forventet afslutning",
                "Forventet avslutning",
                "Expected to finish",
            ),
            "waiting_count" => (
                "Familier på venteliste",
                "Familier på venteliste",
                "Families waiting",
            ),
            "referred_count" => (
                "Henvisninger, der ikke er besluttet",
                "Henvisninger som ikke er avgjort",
                "Referrals not yet decided",
            ),
            "record_supervision" => (
                "Registrér supervision",
                "Registrer veiledning",
                "Record supervision",
            ),
            "held_on" => ("Dato", "Dato", "Date"),
            "meeting_kind" => ("Mødetype", "Møtetype", "Meeting"),
            "attendees" => ("Deltagere", "Deltakere", "Attendees"),
            "other_attendees" => (
                "Andre deltagere (adskil med komma)",
                "Andre deltakere (skill med komma)",
                "Other attendees (separate with commas)",
            ),
            "recommendation_for" => (
                "Anbefaling for familie {n}",
                "Anbefaling for familie {n}",
                "Recommendation for family {n}",
            ),
            "supervision_help" => (
                "Skriv anbefalinger for de familier, der blev drøftet; de andre springes over.",
                "Skriv anbefalinger for familiene som ble drøftet; de andre hoppes over.",
                "Write recommendations for the families discussed; the others are left out.",
            ),
            "supervision_recorded" => (
                "Supervisionen er registreret; anbefalingerne står på familiernes sider.",
                "Veiledningen er registrert; anbefalingene står på familienes sider.",
                "The supervision is recorded; the recommendations show on the families' pages.",
            ),
            "no_families_in_treatment" => (
                "Teamet har ingen familier i behandling.",
                "Teamet har ingen familier i behandling.",
                "The team has no families in treatment.",
            ),
            "recorded_ok" => ("Gemt.", "Lagret.", "Saved."),
            "required" => ("Skal udfyldes", "Må fylles ut", "Required"),
            "bad_date" => (
                "Skriv datoen som ÅÅÅÅ-MM-DD",
                "Skriv datoen som ÅÅÅÅ-MM-DD",
                "Write the date as YYYY-MM-DD",
            ),
            "bad_minutes" => (
                "Skriv antal minutter (1–720)",
                "Skriv antall minutter (1–720)",
                "Give the minutes (1–720)",
            ),
            "choose_attainment" => (
                "Vælg hvor langt målet nåede",
                "Velg hvor langt målet kom",
                "Choose how far the goal came",
            ),
            _ => crate::i18n_results::entry(key),
        }
    }
}

impl Tr {
    /// A composition warning in this language.
    pub fn warning(&self, w: &rundt_domain::team::CompositionWarning) -> String {
        use rundt_domain::team::CompositionWarning::*;
        match (self.0, w) {
            (Lang::Da, NoSupervisor) => "Teamet har ingen supervisor.".into(),
            (Lang::Nb, NoSupervisor) => "Teamet har ingen veileder.".into(),
            (Lang::Da, TooManySupervisors { count, norm }) => {
                format!("Teamet har {count} supervisorer; modellen har {norm}.")
            }
            (Lang::Nb, TooManySupervisors { count, norm }) => {
                format!("Teamet har {count} veiledere; modellen har {norm}.")
            }
            (Lang::Da, TooFewTherapists { count, min }) => {
                format!(
                    "Teamet har {count} {}; modellen kræver mindst {min}.",
                    therapists_da(*count)
                )
            }
            (Lang::Nb, TooFewTherapists { count, min }) => {
                format!(
                    "Teamet har {count} {}; modellen krever minst {min}.",
                    therapists_da(*count)
                )
            }
            (Lang::Da, TooManyTherapists { count, max }) => {
                format!("Teamet har {count} terapeuter; modellen tillader højst {max}.")
            }
            (Lang::Nb, TooManyTherapists { count, max }) => {
                format!("Teamet har {count} terapeuter; modellen tillater høyst {max}.")
            }
            (Lang::Da, NoCrisisCaseworker) => {
                "Modellen omfatter en kriserådgiver; teamet har ingen.".into()
            }
            (Lang::Nb, NoCrisisCaseworker) => {
                "Modellen omfatter en krisesaksbehandler; teamet har ingen.".into()
            }
            (Lang::Da, NoPsychiatrist) => {
                "Modellen omfatter en psykiater på deltid; teamet har ingen.".into()
            }
            (Lang::Nb, NoPsychiatrist) => {
                "Modellen omfatter en psykiater i deltid; teamet har ingen.".into()
            }
            (Lang::En, w) => w.message(),
        }
    }
}

/// "terapeut" or "terapeuter" (the same in Danish and Norwegian).
fn therapists_da(count: u32) -> &'static str {
    if count == 1 { "terapeut" } else { "terapeuter" }
}

#[cfg(test)]
mod tests {
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
        for dir in ["templates", "src/pages"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"))
            {
                let path = entry.map(|e| e.path()).unwrap_or_default();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for call in [".t(\"", ".tf(\"", ".nth(\""] {
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
            let (da, nb, en) = entry(&key);
            assert!(
                !da.is_empty() && !nb.is_empty() && !en.is_empty(),
                "{key} needs Danish, Norwegian and English"
            );
        }
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
