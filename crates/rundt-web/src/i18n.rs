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
        let (da, nb, en) = match key {
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
            _ => ("", "", ""),
        };
        let text = match self.0 {
            Lang::Da => da,
            Lang::Nb => nb,
            Lang::En => en,
        };
        if text.is_empty() { en } else { text }
    }

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
}
