//! Danish and Norwegian versions of the messages the domain and the use
//! cases write in English (field errors, conflicts, refusals). The API keeps
//! the English text; the pages show it through [`translate`].
//!
//! Each message is a template: literal text with holes. A hole in the
//! English template is `{}` (any text, put back as it is) or `{kind}`, a
//! value the pages know how to say in the page's language (a case status, a
//! role, a country…). In the translations `{}` takes the next hole in order
//! and `{0}`…`{9}` a hole by number. Unknown messages stay English.

use crate::i18n::{Lang, Tr};

/// English template, Danish, Norwegian Bokmål. The first template that
/// matches wins, so the more specific ones come first.
const TEMPLATES: &[(&str, &str, &str)] = &[
    // Free text and names (rundt-domain error.rs).
    ("must not be empty", "skal udfyldes", "må fylles ut"),
    (
        "must be at most {} characters",
        "må højst være {} tegn",
        "kan være høyst {} tegn",
    ),
    (
        "must not contain control characters",
        "må ikke indeholde kontroltegn",
        "kan ikke inneholde kontrolltegn",
    ),
    ("at most {} characters", "højst {} tegn", "høyst {} tegn"),
    // Results: adherence interviews, supervisor ratings, the family survey,
    // periods (rundt-domain adherence.rs, experience.rs, period.rs; rundt-app
    // fidelity.rs, results.rs).
    (
        "give all {} items (unanswered as empty)",
        "besvar alle {} udsagn (spring over som tomt svar)",
        "svar på alle {} utsagn (hopp over som tomt svar)",
    ),
    (
        "answers are 1 (not at all) to 5 (very much)",
        "svarene går fra 1 (slet ikke) til 5 (i meget høj grad)",
        "svarene går fra 1 (ikke i det hele tatt) til 5 (i svært stor grad)",
    ),
    (
        "the interview date must fall in the treatment, not in the future",
        "interviewet skal være dateret i behandlingsforløbet og ikke i fremtiden",
        "intervjuet må være datert i behandlingsforløpet og ikke i fremtiden",
    ),
    (
        "the family's own therapist may not make the adherence interview; the supervisor or non-clinical staff do",
        "familiens egen terapeut må ikke lave adhærensinterviewet; det gør supervisor eller ikke-klinisk personale",
        "familiens egen terapeut kan ikke gjøre etterlevelsesintervjuet; det gjør veileder eller ikke-klinisk personale",
    ),
    (
        "date the rating within the last month, not in the future",
        "datér vurderingen inden for den seneste måned og ikke i fremtiden",
        "dater vurderingen innenfor den siste måneden og ikke i fremtiden",
    ),
    (
        "answer all {} statements",
        "besvar alle {} udsagn",
        "svar på alle {} utsagn",
    ),
    (
        "the survey belongs to the discharge on {}: from two weeks before to {} days after",
        "besvarelsen hører til udskrivningen den {}: fra to uger før til {} dage efter",
        "besvarelsen hører til utskrivningen {}: fra to uker før til {} dager etter",
    ),
    (
        "the survey cannot be dated in the future",
        "besvarelsen kan ikke dateres i fremtiden",
        "besvarelsen kan ikke dateres fram i tid",
    ),
    (
        "the period starts ({}) after it ends ({})",
        "perioden begynder ({}) efter den slutter ({})",
        "perioden begynner ({}) etter at den slutter ({})",
    ),
    (
        "a period is at most {} months (ten years)",
        "en periode er højst {} måneder (ti år)",
        "en periode er høyst {} måneder (ti år)",
    ),
    (
        "give a month as YYYY-MM, e.g. 2026-01",
        "angiv en måned som ÅÅÅÅ-MM, fx 2026-01",
        "oppgi en måned som ÅÅÅÅ-MM, f.eks. 2026-01",
    ),
    (
        "the supervisor (or non-clinical staff) collects this from the caregivers, never the family's therapist",
        "supervisor (eller ikke-klinisk personale) indsamler dette hos omsorgspersonerne – aldrig familiens terapeut",
        "veileder (eller ikke-klinisk personale) samler inn dette hos omsorgspersonene – aldri familiens terapeut",
    ),
    (
        "adherence interviews are made while the family is in treatment",
        "adhærensinterviews laves, mens familien er i behandling",
        "etterlevelsesintervjuer gjøres mens familien er i behandling",
    ),
    (
        "the family has no therapist or start date yet",
        "familien har endnu ingen terapeut eller startdato",
        "familien har ennå ingen terapeut eller startdato",
    ),
    (
        "answers are recorded by the person who collected them",
        "svarene registreres af den, der har indsamlet dem",
        "svarene registreres av den som samlet dem inn",
    ),
    (
        "reminders of adherence interviews are for the team's supervisor",
        "påmindelser om adhærensinterviews er til teamets supervisor",
        "påminnelser om etterlevelsesintervjuer er for teamets veileder",
    ),
    (
        "the survey is answered at discharge; the family is not discharged",
        "spørgeskemaet besvares ved udskrivning; familien er ikke udskrevet",
        "spørreskjemaet besvares ved utskrivning; familien er ikke utskrevet",
    ),
    (
        "the family's experience survey has already been recorded",
        "familiens besvarelse er allerede registreret",
        "familiens besvarelse er allerede registrert",
    ),
    (
        "adherence interviews are the team's; municipalities see adherence as aggregates",
        "adhærensinterviews hører til teamet; kommuner ser adhærens som samlede tal",
        "etterlevelsesintervjuer hører til teamet; kommuner ser etterlevelse som samlede tall",
    ),
    (
        "a supervisor is rated by the team's therapists",
        "supervisoren vurderes af teamets terapeuter",
        "veilederen vurderes av teamets terapeuter",
    ),
    (
        "the team's therapists rate their supervisor",
        "teamets terapeuter vurderer deres supervisor",
        "teamets terapeuter vurderer veilederen sin",
    ),
    (
        "the team has no supervisor to rate",
        "teamet har ingen supervisor at vurdere",
        "teamet har ingen veileder å vurdere",
    ),
    (
        "auditors read the audit log, not results",
        "revisorer læser revisionsloggen, ikke resultater",
        "revisorer leser revisjonsloggen, ikke resultater",
    ),
    (
        "you see the national results of your own country",
        "du ser landsresultaterne for dit eget land",
        "du ser de nasjonale resultatene for ditt eget land",
    ),
    (
        "group by month, quarter or year",
        "opdel efter måned, kvartal eller år",
        "del opp etter måned, kvartal eller år",
    ),
    (
        "export as csv, xlsx or pdf",
        "eksportér som csv, xlsx eller pdf",
        "eksporter som csv, xlsx eller pdf",
    ),
    // Countries and municipalities.
    (
        "unknown country '{}'; use DK or NO",
        "ukendt land »{}«; brug DK eller NO",
        "ukjent land «{}»; bruk DK eller NO",
    ),
    (
        "'{}' is not a Danish municipality code (three digits, e.g. 101 or 0101)",
        "»{}« er ikke en dansk kommunekode (tre cifre, fx 101 eller 0101)",
        "«{}» er ikke en dansk kommunekode (tre sifre, f.eks. 101 eller 0101)",
    ),
    (
        "'{}' is not a Norwegian municipality number (four digits, e.g. 0301)",
        "»{}« er ikke et norsk kommunenummer (fire cifre, fx 0301)",
        "«{}» er ikke et norsk kommunenummer (fire sifre, f.eks. 0301)",
    ),
    (
        "no {country_adj} municipality has the code {} today",
        "ingen {} kommune har koden {} i dag",
        "ingen {} kommune har koden {} i dag",
    ),
    (
        "no {country_adj} municipality has the code {} on {}",
        "ingen {} kommune har koden {} pr. {}",
        "ingen {} kommune har koden {} per {}",
    ),
    // Discharge and follow-up.
    (
        "treatment started {}; discharge cannot be earlier",
        "behandlingen startede {}; udskrivningen kan ikke ligge før",
        "behandlingen startet {}; utskrivningen kan ikke være tidligere",
    ),
    (
        "discharge cannot be in the future",
        "udskrivningen kan ikke ligge i fremtiden",
        "utskrivningen kan ikke være fram i tid",
    ),
    (
        "rate the overarching goal \"{}\" as met, partly met or not met",
        "vurdér, om det overordnede mål »{}« er nået, delvist nået eller ikke nået",
        "vurder om det overordnede målet «{}» er nådd, delvis nådd eller ikke nådd",
    ),
    (
        "follow-ups are at 6, 12 and 18 months",
        "opfølgning sker efter 6, 12 og 18 måneder",
        "oppfølging skjer etter 6, 12 og 18 måneder",
    ),
    (
        "the {}-month follow-up is due {}; it can be made at most {} days early",
        "opfølgningen efter {} måneder skal ske {}; den kan højst foretages {} dage før",
        "oppfølgingen etter {} måneder skal skje {}; den kan gjøres høyst {} dager før",
    ),
    (
        "a follow-up cannot be in the future",
        "en opfølgning kan ikke ligge i fremtiden",
        "en oppfølging kan ikke være fram i tid",
    ),
    (
        "the {}-month follow-up has already been recorded",
        "opfølgningen efter {} måneder er allerede registreret",
        "oppfølgingen etter {} måneder er allerede registrert",
    ),
    (
        "the family has no discharge date",
        "familien har ingen udskrivningsdato",
        "familien har ingen utskrivningsdato",
    ),
    (
        "the family is already discharged",
        "familien er allerede udskrevet",
        "familien er allerede skrevet ut",
    ),
    // The course of a case (lifecycle.rs).
    (
        "unknown case status '{}'",
        "ukendt sagsstatus »{}«",
        "ukjent saksstatus «{}»",
    ),
    (
        "cannot {step} while the case is {status}{hint}",
        "kan ikke {}, når sagen har status »{}«{}",
        "kan ikke {} når saken har status «{}»{}",
    ),
    // National identifiers.
    (
        "unknown kind of national identifier; use danish_cpr, norwegian_fnr, norwegian_d_number or norwegian_h_number",
        "ukendt type personnummer; brug danish_cpr, norwegian_fnr, norwegian_d_number eller norwegian_h_number",
        "ukjent type fødselsnummer; bruk danish_cpr, norwegian_fnr, norwegian_d_number eller norwegian_h_number",
    ),
    (
        "the CPR number does not satisfy the old modulus-11 check; this is allowed for numbers issued since 1 October 2007, but check for typing errors",
        "CPR-nummeret opfylder ikke den gamle modulus 11-kontrol; det er tilladt for numre udstedt siden 1. oktober 2007, men tjek for tastefejl",
        "CPR-nummeret oppfyller ikke den gamle modulus 11-kontrollen; det er tillatt for numre utstedt siden 1. oktober 2007, men sjekk for skrivefeil",
    ),
    (
        "a CPR number has 10 digits (DDMMYY-SSSS)",
        "et CPR-nummer har 10 cifre (DDMMÅÅ-SSSS)",
        "et CPR-nummer har 10 sifre (DDMMÅÅ-SSSS)",
    ),
    (
        "{} has no valid birth date (day {}, month {})",
        "{} har ingen gyldig fødselsdato (dag {}, måned {})",
        "{} har ingen gyldig fødselsdato (dag {}, måned {})",
    ),
    (
        "{} has no valid birth date ({} does not exist)",
        "{} har ingen gyldig fødselsdato ({} findes ikke)",
        "{} har ingen gyldig fødselsdato ({} finnes ikke)",
    ),
    (
        "a Norwegian national identity number (fødselsnummer or D-number) has 11 digits",
        "et norsk personnummer (fødselsnummer eller D-nummer) har 11 cifre",
        "et norsk fødselsnummer eller D-nummer har 11 sifre",
    ),
    (
        "this is an FH-number (first digit 8 or 9), a help number without a birth date; it is not a personal identification number for this purpose, so enter the person's fødselsnummer or D-number",
        "dette er et FH-nummer (første ciffer 8 eller 9), et hjælpenummer uden fødselsdato; det kan ikke bruges som personnummer her, så angiv personens fødselsnummer eller D-nummer",
        "dette er et FH-nummer (første siffer 8 eller 9), et hjelpenummer uten fødselsdato; det kan ikke brukes som identifikasjonsnummer her, så oppgi personens fødselsnummer eller D-nummer",
    ),
    (
        "the check digits of the Norwegian national identity number do not match; check the number for typing errors",
        "kontrolcifrene i det norske personnummer passer ikke; tjek nummeret for tastefejl",
        "kontrollsifrene i fødselsnummeret stemmer ikke; sjekk nummeret for skrivefeil",
    ),
    (
        "a number cannot be both a D-number (day + 40) and an H-number (month + 40)",
        "et nummer kan ikke både være et D-nummer (dag + 40) og et H-nummer (måned + 40)",
        "et nummer kan ikke være både et D-nummer (dag + 40) og et H-nummer (måned + 40)",
    ),
    // Referral and screening.
    (
        "describe at least one behaviour the family is referred for",
        "beskriv mindst én adfærd, som familien henvises for",
        "beskriv minst én atferd som familien henvises for",
    ),
    (
        "at most {} behaviours",
        "højst {} adfærdsbeskrivelser",
        "høyst {} atferdsbeskrivelser",
    ),
    (
        "consent cannot be given in the future",
        "samtykket kan ikke være givet i fremtiden",
        "samtykket kan ikke være gitt fram i tid",
    ),
    (
        "the referral does not meet the criteria; give a reason of at least 10 characters to accept it anyway",
        "henvisningen opfylder ikke kriterierne; angiv en begrundelse på mindst 10 tegn for at godkende den alligevel",
        "henvisningen oppfyller ikke kriteriene; oppgi en begrunnelse på minst 10 tegn for å godkjenne den likevel",
    ),
    (
        "The young person is {}; the programme takes ages {}–{}.",
        "Den unge er {} år; programmet er for unge på {}–{} år.",
        "Den unge er {} år; programmet er for unge på {}–{} år.",
    ),
    (
        "The young person's age is not known.",
        "Den unges alder kendes ikke.",
        "Den unges alder er ikke kjent.",
    ),
    (
        "No caregiver is named; MST works through the caregivers.",
        "Der er ikke angivet nogen omsorgsperson; MST arbejder gennem omsorgspersonerne.",
        "Ingen omsorgsperson er oppgitt; MST arbeider gjennom omsorgspersonene.",
    ),
    (
        "The young person has no primary caregiver or lives independently.",
        "Den unge har ingen primær omsorgsperson eller bor selvstændigt.",
        "Den unge har ingen primær omsorgsperson eller bor selvstendig.",
    ),
    (
        "Referred primarily for suicidal, homicidal or psychotic behaviour: crisis stabilisation comes first.",
        "Henvist primært for selvmordstruende, drabstruende eller psykotisk adfærd: krisestabilisering kommer først.",
        "Henvist primært for suicidal, drapstruende eller psykotisk atferd: krisestabilisering kommer først.",
    ),
    (
        "Sex offending without other antisocial behaviour is outside MST.",
        "Seksuelle overgreb uden anden antisocial adfærd ligger uden for MST.",
        "Seksuelle overgrep uten annen antisosial atferd ligger utenfor MST.",
    ),
    (
        "Pervasive developmental delay (autism spectrum) is outside MST.",
        "Gennemgribende udviklingsforstyrrelse (autismespektret) ligger uden for MST.",
        "Gjennomgripende utviklingsforstyrrelse (autismespekteret) ligger utenfor MST.",
    ),
    (
        "No consent from the caregivers is recorded.",
        "Der er ikke registreret samtykke fra omsorgspersonerne.",
        "Det er ikke registrert samtykke fra omsorgspersonene.",
    ),
    (
        "MST-CAN takes families known to child protection for abuse or neglect within the last 180 days.",
        "MST-CAN tager familier, som er kendt af børneforvaltningen for overgreb eller omsorgssvigt inden for de seneste 180 dage.",
        "MST-CAN tar familier som er kjent av barnevernet for overgrep eller omsorgssvikt i løpet av de siste 180 dagene.",
    ),
    (
        "give a national identifier or a birth date",
        "angiv et personnummer eller en fødselsdato",
        "oppgi et fødselsnummer eller en fødselsdato",
    ),
    (
        "could not be protected",
        "kunne ikke beskyttes",
        "kunne ikke beskyttes",
    ),
    (
        "there is no team {}",
        "der findes intet team {}",
        "det finnes ikke noe team {}",
    ),
    (
        "name the referring municipality",
        "angiv den henvisende kommune",
        "oppgi den henvisende kommunen",
    ),
    (
        "at most {} caregivers",
        "højst {} omsorgspersoner",
        "høyst {} omsorgspersoner",
    ),
    (
        "the same person is listed twice in the family",
        "den samme person står to gange i familien",
        "den samme personen er oppført to ganger i familien",
    ),
    (
        "the referral of this case is already recorded",
        "henvisningen i denne sag er allerede registreret",
        "henvisningen i denne saken er allerede registrert",
    ),
    // Teams and members.
    (
        "unknown position '{}'; use one of {}",
        "ukendt funktion »{}«; brug en af {}",
        "ukjent funksjon «{}»; bruk en av {}",
    ),
    (
        "must name a programme model, e.g. MST or MST-CAN",
        "skal angive en programmodel, fx MST eller MST-CAN",
        "må angi en programmodell, f.eks. MST eller MST-CAN",
    ),
    ("invalid team", "ugyldigt team", "ugyldig team"),
    (
        "a team needs at least one owning municipality",
        "et team skal have mindst én ejerkommune",
        "et team må ha minst én eierkommune",
    ),
    (
        "must be more than 0 and at most 100",
        "skal være over 0 og højst 100",
        "må være over 0 og høyst 100",
    ),
    (
        "may have at most two decimals",
        "må højst have to decimaler",
        "kan ha høyst to desimaler",
    ),
    (
        "municipality {} is listed twice",
        "kommune {} står der to gange",
        "kommune {} er oppført to ganger",
    ),
    (
        "a municipality is listed twice",
        "en kommune står der to gange",
        "en kommune er oppført to ganger",
    ),
    (
        "ownership shares must add up to 100 %, they add up to {percent}",
        "ejerandelene skal tilsammen give 100 %, de giver {}",
        "eierandelene må til sammen bli 100 %, de blir {}",
    ),
    (
        "an ownership share is out of range",
        "en ejerandel ligger uden for det tilladte",
        "en eierandel er utenfor det tillatte",
    ),
    (
        "the share {} is out of range",
        "andelen {} ligger uden for det tilladte",
        "andelen {} er utenfor det tillatte",
    ),
    (
        "unknown programme model '{}'; known models: {}",
        "ukendt programmodel »{}«; kendte modeller: {}",
        "ukjent programmodell «{}»; kjente modeller: {}",
    ),
    (
        "unknown programme model '{}'",
        "ukendt programmodel »{}«",
        "ukjent programmodell «{}»",
    ),
    (
        "a team named '{}' already exists in {country}",
        "der findes allerede et team med navnet »{}« i {}",
        "det finnes allerede et team med navnet «{}» i {}",
    ),
    (
        "{} works in {country}, the team in {country}",
        "{} arbejder i {}, teamet i {}",
        "{} jobber i {}, teamet i {}",
    ),
    (
        "a user with the role {role} cannot hold the position {position}",
        "en bruger med rollen {} kan ikke have funktionen {}",
        "en bruker med rollen {} kan ikke ha funksjonen {}",
    ),
    ("{} is deactivated", "{} er deaktiveret", "{} er deaktivert"),
    (
        "{} is already {position} in this team",
        "{} er allerede {} i dette team",
        "{} er allerede {} i dette teamet",
    ),
    (
        "a membership cannot end before it starts",
        "et medlemskab kan ikke slutte, før det begynder",
        "et medlemskap kan ikke slutte før det begynner",
    ),
    (
        "the membership has already ended",
        "medlemskabet er allerede afsluttet",
        "medlemskapet er allerede avsluttet",
    ),
    (
        "case {} is not one of this team's families",
        "sag {} er ikke en af teamets familier",
        "sak {} er ikke en av teamets familier",
    ),
    (
        "The team has no supervisor.",
        "Teamet har ingen supervisor.",
        "Teamet har ingen veileder.",
    ),
    (
        "The team has {} supervisors; the model has {}.",
        "Teamet har {} supervisorer; modellen har {}.",
        "Teamet har {} veiledere; modellen har {}.",
    ),
    (
        "The team has {} therapist; the model asks for at least {}.",
        "Teamet har {} terapeut; modellen kræver mindst {}.",
        "Teamet har {} terapeut; modellen krever minst {}.",
    ),
    (
        "The team has {} therapists; the model asks for at least {}.",
        "Teamet har {} terapeuter; modellen kræver mindst {}.",
        "Teamet har {} terapeuter; modellen krever minst {}.",
    ),
    (
        "The team has {} therapists; the model allows at most {}.",
        "Teamet har {} terapeuter; modellen tillader højst {}.",
        "Teamet har {} terapeuter; modellen tillater høyst {}.",
    ),
    (
        "The model includes a crisis caseworker; the team has none.",
        "Modellen omfatter en kriserådgiver; teamet har ingen.",
        "Modellen omfatter en krisesaksbehandler; teamet har ingen.",
    ),
    (
        "The model includes a part-time psychiatrist; the team has none.",
        "Modellen omfatter en deltidspsykiater; teamet har ingen.",
        "Modellen omfatter en psykiater på deltid; teamet har ingen.",
    ),
    // Second factor (totp.rs) and logging in (auth.rs).
    (
        "the code must be 6 digits",
        "koden skal være 6 cifre",
        "koden må være 6 sifre",
    ),
    (
        "that code was already used; wait for the next one",
        "koden er allerede brugt; vent på den næste",
        "koden er allerede brukt; vent på den neste",
    ),
    (
        "the code is not correct",
        "koden er ikke korrekt",
        "koden er ikke riktig",
    ),
    (
        "the secret key is not valid",
        "den hemmelige nøgle er ikke gyldig",
        "den hemmelige nøkkelen er ikke gyldig",
    ),
    (
        "the username or password is not correct",
        "brugernavn eller adgangskode er forkert",
        "brukernavn eller passord er feil",
    ),
    (
        "your session has ended; log in again",
        "din session er udløbet; log ind igen",
        "økten din er avsluttet; logg inn igjen",
    ),
    (
        "two-factor login is already set up for this account",
        "totrinslogin er allerede sat op for denne konto",
        "tofaktorinnlogging er allerede satt opp for denne kontoen",
    ),
    (
        "you are already logged in",
        "du er allerede logget ind",
        "du er allerede logget inn",
    ),
    (
        "the current password is not correct",
        "den nuværende adgangskode er forkert",
        "det nåværende passordet er feil",
    ),
    (
        "the new password must differ from the current one",
        "den nye adgangskode skal være forskellig fra den nuværende",
        "det nye passordet må være forskjellig fra det nåværende",
    ),
    (
        "the API token is not valid or has been revoked",
        "API-nøglen er ugyldig eller tilbagekaldt",
        "API-nøkkelen er ugyldig eller trukket tilbake",
    ),
    (
        "the token has already been revoked",
        "nøglen er allerede tilbagekaldt",
        "nøkkelen er allerede trukket tilbake",
    ),
    (
        "you cannot deactivate your own account",
        "du kan ikke deaktivere din egen konto",
        "du kan ikke deaktivere din egen konto",
    ),
    (
        "too many failed attempts; try again in {} minutes",
        "for mange mislykkede forsøg; prøv igen om {} minutter",
        "for mange mislykkede forsøk; prøv igjen om {} minutter",
    ),
    // Users.
    (
        "unknown role '{}'; use one of {}",
        "ukendt rolle »{}«; brug en af {}",
        "ukjent rolle «{}»; bruk en av {}",
    ),
    (
        "a {role} must belong to a municipality",
        "en bruger med rollen {} skal høre til en kommune",
        "en bruker med rollen {} må høre til en kommune",
    ),
    (
        "only municipal roles belong to a municipality, not a {role}",
        "kun kommunale roller hører til en kommune, ikke rollen {}",
        "bare kommunale roller hører til en kommune, ikke rollen {}",
    ),
    ("invalid user", "ugyldig bruger", "ugyldig bruker"),
    (
        "must be 3-64 characters: letters a-z, digits, '.', '-' or '_'",
        "skal være 3-64 tegn: bogstaverne a-z, cifre, '.', '-' eller '_'",
        "må være 3-64 tegn: bokstavene a-z, sifre, '.', '-' eller '_'",
    ),
    (
        "'{}' is not an e-mail address",
        "»{}« er ikke en e-mailadresse",
        "«{}» er ikke en e-postadresse",
    ),
    (
        "must be at least {} characters",
        "skal være mindst {} tegn",
        "må være minst {} tegn",
    ),
    (
        "the username '{}' is taken",
        "brugernavnet »{}« er optaget",
        "brukernavnet «{}» er opptatt",
    ),
    // Access.
    (
        "your role ({role}) does not give access to this {this_object}",
        "din rolle ({}) giver ikke adgang til {}",
        "rollen din ({}) gir ikke tilgang til {}",
    ),
    (
        "your role ({role}) sees aggregates, not families",
        "din rolle ({}) ser samlede tal, ikke enkelte familier",
        "rollen din ({}) ser samlede tall, ikke enkeltfamilier",
    ),
    (
        "say why you need access, in at least {} characters",
        "skriv, hvorfor du har brug for adgang, med mindst {} tegn",
        "skriv hvorfor du trenger tilgang, med minst {} tegn",
    ),
    (
        "only supervisors review break-glass access",
        "kun supervisorer gennemgår nødadgang",
        "bare veiledere går gjennom nødtilgang",
    ),
    (
        "only the team's supervisor decides on referrals and assignments",
        "kun teamets supervisor træffer beslutning om henvisninger og tildelinger",
        "bare teamets veileder bestemmer over henvisninger og tildelinger",
    ),
    (
        "only the team's supervisor records its meetings",
        "kun teamets supervisor registrerer teamets møder",
        "bare teamets veileder registrerer teamets møter",
    ),
    (
        "only municipal caseworkers refer families",
        "kun kommunale sagsbehandlere henviser familier",
        "bare kommunale saksbehandlere henviser familier",
    ),
    // Assignment, assessment, weekly summaries (treatment.rs).
    (
        "screening overridden: {}",
        "screening tilsidesat: {}",
        "screening overstyrt: {}",
    ),
    (
        "choose a therapist of this family's team",
        "vælg en terapeut fra familiens team",
        "velg en terapeut fra familiens team",
    ),
    (
        "that therapist already works with the family",
        "terapeuten arbejder allerede med familien",
        "terapeuten jobber allerede med familien",
    ),
    (
        "treatment starts within 30 days of today",
        "behandlingen skal starte inden for 30 dage fra i dag",
        "behandlingen må starte innen 30 dager fra i dag",
    ),
    (
        "the therapist now holds {} families; {} allows at most {}",
        "terapeuten har nu {} familier; {} tillader højst {}",
        "terapeuten har nå {} familier; {} tillater høyst {}",
    ),
    (
        "the assessment is made during treatment",
        "udredningen laves under behandlingen",
        "kartleggingen gjøres under behandlingen",
    ),
    (
        "treatment has no start date",
        "behandlingen har ingen startdato",
        "behandlingen har ingen startdato",
    ),
    (
        "assess the {system} system exactly once",
        "vurdér systemet »{}« præcis én gang",
        "vurder systemet «{}» nøyaktig én gang",
    ),
    (
        "name at least one key participant and what they want to change",
        "angiv mindst én nøgleperson, og hvad vedkommende ønsker ændret",
        "oppgi minst én nøkkelperson og hva vedkommende ønsker å endre",
    ),
    (
        "set between 1 and 8 overarching goals",
        "sæt mellem 1 og 8 overordnede mål",
        "sett mellom 1 og 8 overordnede mål",
    ),
    (
        "give the Monday of the week summarised",
        "angiv mandagen i den uge, der opsummeres",
        "oppgi mandagen i uken som oppsummeres",
    ),
    (
        "treatment started {}; this week is before that",
        "behandlingen startede {}; denne uge ligger før",
        "behandlingen startet {}; denne uken ligger før det",
    ),
    (
        "a week that has not begun cannot be summarised",
        "en uge, der ikke er begyndt, kan ikke opsummeres",
        "en uke som ikke har begynt, kan ikke oppsummeres",
    ),
    (
        "at most {} contacts a week",
        "højst {} kontakter om ugen",
        "høyst {} kontakter i uken",
    ),
    (
        "the contact must fall in the week {} – {}",
        "kontakten skal ligge i ugen {} – {}",
        "kontakten må ligge i uken {} – {}",
    ),
    (
        "a contact cannot be in the future",
        "en kontakt kan ikke ligge i fremtiden",
        "en kontakt kan ikke være fram i tid",
    ),
    (
        "minutes must be between 1 and 720",
        "minutter skal være mellem 1 og 720",
        "minutter må være mellom 1 og 720",
    ),
    (
        "say who took part",
        "angiv, hvem der deltog",
        "oppgi hvem som deltok",
    ),
    (
        "set at least one intermediary goal for next week",
        "sæt mindst ét delmål for den kommende uge",
        "sett minst ett delmål for neste uke",
    ),
    (
        "the week of {} already has a summary; edit that one",
        "ugen fra {} har allerede en ugeopsummering; ret den i stedet",
        "uken fra {} har allerede en ukesoppsummering; rediger den i stedet",
    ),
    // Supervision and consultation meetings.
    (
        "a meeting is either supervision or consultation",
        "et møde er enten supervision eller konsultation",
        "et møte er enten veiledning eller konsultasjon",
    ),
    (
        "a meeting cannot be in the future",
        "et møde kan ikke ligge i fremtiden",
        "et møte kan ikke være fram i tid",
    ),
    (
        "list who attended",
        "angiv, hvem der deltog",
        "oppgi hvem som deltok",
    ),
    (
        "list the families discussed",
        "angiv de familier, der blev drøftet",
        "oppgi familiene som ble drøftet",
    ),
    // The audit log's integrity check (audit_log.rs).
    (
        "event {} was edited: its content does not match its hash",
        "hændelse {} er ændret: indholdet svarer ikke til dens hash",
        "hendelse {} er endret: innholdet stemmer ikke med hashen",
    ),
    (
        "event {} is missing (deleted)",
        "hændelse {} mangler (slettet)",
        "hendelse {} mangler (slettet)",
    ),
    (
        "events {} to {} are missing (deleted)",
        "hændelserne {} til {} mangler (slettet)",
        "hendelsene {} til {} mangler (slettet)",
    ),
    (
        "event {} does not follow the event before it (reordered, moved or inserted)",
        "hændelse {} følger ikke efter den forrige hændelse (byttet om, flyttet eller indsat)",
        "hendelse {} følger ikke etter hendelsen før (byttet om, flyttet eller satt inn)",
    ),
    (
        "the log no longer holds event {} as it was when checkpointed (events deleted or rewritten)",
        "loggen indeholder ikke længere hændelse {}, som den var ved kontrolpunktet (hændelser slettet eller omskrevet)",
        "loggen inneholder ikke lenger hendelse {} slik den var ved kontrollpunktet (hendelser slettet eller skrevet om)",
    ),
    (
        "the checkpoint for event {} has a wrong signature",
        "kontrolpunktet for hændelse {} har en forkert signatur",
        "kontrollpunktet for hendelse {} har feil signatur",
    ),
    // Versions, missing records and the rest (rundt-app error.rs).
    (
        "the record was changed by someone else (now at version {}); reload and try again",
        "posten er ændret af en anden (nu version {}); genindlæs siden og prøv igen",
        "posten er endret av noen andre (nå versjon {}); last inn siden på nytt og prøv igjen",
    ),
    (
        "the form lacks the family's version",
        "formularen mangler familiens version",
        "skjemaet mangler familiens versjon",
    ),
    (
        "a record with these values already exists",
        "der findes allerede en post med disse værdier",
        "det finnes allerede en post med disse verdiene",
    ),
    (
        "a record with these values already exists ({})",
        "der findes allerede en post med disse værdier ({})",
        "det finnes allerede en post med disse verdiene ({})",
    ),
    (
        "case {} not found",
        "sag {} findes ikke",
        "sak {} finnes ikke",
    ),
    (
        "user {} not found",
        "bruger {} findes ikke",
        "bruker {} finnes ikke",
    ),
    (
        "team {} not found",
        "team {} findes ikke",
        "team {} finnes ikke",
    ),
    (
        "person {} not found",
        "person {} findes ikke",
        "person {} finnes ikke",
    ),
    (
        "API token {} not found",
        "API-nøgle {} findes ikke",
        "API-nøkkel {} finnes ikke",
    ),
    ("{} not found", "{} findes ikke", "{} finnes ikke"),
    (
        "service unavailable",
        "tjenesten er ikke tilgængelig",
        "tjenesten er ikke tilgjengelig",
    ),
    ("internal error", "intern fejl", "intern feil"),
    (
        "Something went wrong on our side; it has been logged.",
        "Der gik noget galt hos os; fejlen er logget.",
        "Noe gikk galt hos oss; feilen er logget.",
    ),
    ("YYYY-MM-DD", "ÅÅÅÅ-MM-DD", "ÅÅÅÅ-MM-DD"),
];

/// The message in `lang`: English as it is; Danish or Norwegian from the
/// first template that matches, else the English text.
pub fn translate(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_owned();
    }
    for (en, da, nb) in TEMPLATES {
        let Some(holes) = capture(en, english) else {
            continue;
        };
        let target = if lang == Lang::Da { da } else { nb };
        let values: Vec<String> = holes
            .iter()
            .map(|(kind, text)| value(lang, kind, text).unwrap_or_else(|| (*text).to_owned()))
            .collect();
        return fill(target, &values);
    }
    english.to_owned()
}

/// Splits a template into its literal texts and its holes (`{}`, `{kind}`,
/// `{0}`): `texts` has one more element than `holes` and they alternate,
/// text first. A brace that opens no hole is text.
fn split(template: &str) -> (Vec<&str>, Vec<&str>) {
    let mut texts = Vec::new();
    let mut holes = Vec::new();
    let (mut start, mut from) = (0, 0);
    while let Some(rel) = template[from..].find('{') {
        let open = from + rel;
        let inner = &template[open + 1..];
        match inner.find('}') {
            Some(len)
                if inner[..len]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                texts.push(&template[start..open]);
                holes.push(&inner[..len]);
                start = open + 1 + len + 1;
                from = start;
            }
            _ => from = open + 1,
        }
    }
    texts.push(&template[start..]);
    (texts, holes)
}

/// The holes of `template` in `text` as (kind, captured text), or `None`
/// when the text does not have the template's shape.
fn capture<'t>(template: &'static str, text: &'t str) -> Option<Vec<(&'static str, &'t str)>> {
    let (texts, kinds) = split(template);
    let rest = text.strip_prefix(texts.first().copied().unwrap_or(""))?;
    let mut caps = Vec::new();
    if kinds.is_empty() {
        return rest.is_empty().then_some(caps);
    }
    holes_from(&texts[1..], &kinds, rest, &mut caps).then_some(caps)
}

/// Matches `kinds[0]`, `texts[0]`, `kinds[1]`, `texts[1]`… against `rest`,
/// trying every place a literal occurs (backtracking).
fn holes_from<'t>(
    texts: &[&str],
    kinds: &[&'static str],
    rest: &'t str,
    caps: &mut Vec<(&'static str, &'t str)>,
) -> bool {
    let (Some(literal), Some(kind)) = (texts.first(), kinds.first()) else {
        return rest.is_empty();
    };
    if texts.len() == 1 {
        let Some(hole) = rest.strip_suffix(literal) else {
            return false;
        };
        if !accepts(kind, hole) {
            return false;
        }
        caps.push((kind, hole));
        return true;
    }
    for (at, _) in rest.char_indices().chain([(rest.len(), ' ')]) {
        if !rest[at..].starts_with(literal) {
            continue;
        }
        let hole = &rest[..at];
        if !accepts(kind, hole) {
            continue;
        }
        caps.push((kind, hole));
        if holes_from(&texts[1..], &kinds[1..], &rest[at + literal.len()..], caps) {
            return true;
        }
        caps.pop();
    }
    false
}

/// Whether a hole of `kind` may hold `text`. Plain holes take any text but
/// the empty one; status, step and hint holes only their known values.
fn accepts(kind: &str, text: &str) -> bool {
    match kind {
        "status" => status_key(text).is_some(),
        "step" => step(Lang::Da, text).is_some(),
        "hint" => hint(Lang::Da, text).is_some(),
        "country" | "country_adj" => value(Lang::Da, kind, text).is_some(),
        _ => !text.is_empty(),
    }
}

/// A captured value in `lang`; `None` keeps it as it is.
fn value(lang: Lang, kind: &str, text: &str) -> Option<String> {
    let tr = Tr(lang);
    match kind {
        "status" => status_key(text).map(|k| lower_first(tr.t(&k))),
        "step" => step(lang, text).map(str::to_owned),
        "hint" => hint(lang, text).map(str::to_owned),
        "role" => known(tr, &format!("role_{text}")).map(|r| lower_first(&r)),
        "position" => known(tr, text).map(|p| lower_first(&p)),
        "system" => known(tr, &format!("system_{text}")).map(|s| lower_first(&s)),
        "country" => match text {
            "DK" | "Denmark" => Some(tr.t("DK").to_owned()),
            "NO" | "Norway" => Some(tr.t("NO").to_owned()),
            _ => None,
        },
        "country_adj" => match text {
            "Denmark" | "DK" => Some("dansk".to_owned()),
            "Norway" | "NO" => Some("norsk".to_owned()),
            _ => None,
        },
        "percent" => Some(text.replace('.', ",")),
        "this_object" => this_object(lang, text).map(str::to_owned),
        _ => None,
    }
}

/// A page key's text when the key is known.
fn known(tr: Tr, key: &str) -> Option<String> {
    let text = tr.t(key);
    (!text.is_empty()).then(|| text.to_owned())
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The page key of a status as the lifecycle writes it ("in treatment").
fn status_key(text: &str) -> Option<String> {
    use rundt_domain::lifecycle::CaseStatus;
    CaseStatus::ALL
        .iter()
        .find(|s| s.as_str().replace('_', " ") == text)
        .map(|s| format!("status_{}", s.as_str()))
}

/// A step of the course as the lifecycle describes it.
fn step(lang: Lang, text: &str) -> Option<&'static str> {
    let (da, nb) = match text {
        "accept the referral" => ("godkende henvisningen", "godkjenne henvisningen"),
        "decline the referral" => ("afvise henvisningen", "avslå henvisningen"),
        "assign a therapist and start treatment" => (
            "tildele en terapeut og starte behandlingen",
            "tildele en terapeut og starte behandlingen",
        ),
        "change therapist" => ("skifte terapeut", "bytte terapeut"),
        "write a weekly summary" => ("skrive en ugeopsummering", "skrive en ukesoppsummering"),
        "discharge the family" => ("udskrive familien", "skrive ut familien"),
        "record a follow-up" => ("registrere en opfølgning", "registrere en oppfølging"),
        _ => return None,
    };
    Some(if lang == Lang::Nb { nb } else { da })
}

/// Why a step is not possible, as the lifecycle adds it.
fn hint(lang: Lang, text: &str) -> Option<&'static str> {
    let (da, nb) = match text {
        "" => ("", ""),
        " (accept the referral first)" => (
            " (godkend henvisningen først)",
            " (godkjenn henvisningen først)",
        ),
        " (treatment has not started)" => (
            " (behandlingen er ikke startet)",
            " (behandlingen har ikke startet)",
        ),
        " (the family is already discharged)" => (
            " (familien er allerede udskrevet)",
            " (familien er allerede skrevet ut)",
        ),
        " (follow-ups come after discharge)" => (
            " (opfølgning sker efter udskrivning)",
            " (oppfølging skjer etter utskrivning)",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Nb { nb } else { da })
}

/// "this case" and the like, by the kind of object access was refused to.
fn this_object(lang: Lang, kind: &str) -> Option<&'static str> {
    let (da, nb) = match kind {
        "case" => ("denne sag", "denne saken"),
        "user" => ("denne bruger", "denne brukeren"),
        "team" => ("dette team", "dette teamet"),
        "person" => ("denne person", "denne personen"),
        "audit_log" => ("revisionssporet", "revisjonssporet"),
        "api_token" => ("denne API-nøgle", "denne API-nøkkelen"),
        "supervision" => ("dette møde", "dette møtet"),
        "team_membership" => ("dette medlemskab", "dette medlemskapet"),
        _ => return None,
    };
    Some(if lang == Lang::Nb { nb } else { da })
}

/// A translation with its holes filled: `{}` in order, `{N}` by number.
fn fill(target: &str, values: &[String]) -> String {
    let (texts, holes) = split(target);
    let mut out = String::with_capacity(target.len() + 16);
    let mut next = 0;
    for (i, text) in texts.iter().enumerate() {
        out.push_str(text);
        let Some(hole) = holes.get(i) else { break };
        let index = if hole.is_empty() {
            next += 1;
            next - 1
        } else {
            hole.parse().unwrap_or(usize::MAX)
        };
        if let Some(v) = values.get(index) {
            out.push_str(v);
        }
    }
    out
}

/// The field a message belongs to, in words, for pages that show a message
/// without its field next to it (`None`: no label worth showing).
pub fn field_label(lang: Lang, field: &str) -> Option<&'static str> {
    let (da, nb, en) = match field {
        "password" => ("Adgangskode", "Passord", "Password"),
        "current_password" => (
            "Nuværende adgangskode",
            "Nåværende passord",
            "Current password",
        ),
        "new_password" => ("Ny adgangskode", "Nytt passord", "New password"),
        "name" => ("Navn", "Navn", "Name"),
        "username" => ("Brugernavn", "Brukernavn", "Username"),
        "display_name" => ("Navn", "Navn", "Name"),
        "email" => ("E-mail", "E-post", "E-mail"),
        "role" => ("Rolle", "Rolle", "Role"),
        "municipality_code" => ("Kommune", "Kommune", "Municipality"),
        "country" => ("Land", "Land", "Country"),
        "reason" => ("Begrundelse", "Begrunnelse", "Reason"),
        _ => return None,
    };
    Some(match lang {
        Lang::Da => da,
        Lang::Nb => nb,
        Lang::En => en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(template: &str) -> Vec<&str> {
        split(template).1
    }

    #[test]
    fn every_template_has_danish_and_norwegian_with_the_same_holes() {
        assert!(TEMPLATES.len() > 100, "{} templates", TEMPLATES.len());
        for (en, da, nb) in TEMPLATES {
            let n = holes(en).len();
            for (lang, text) in [("da", da), ("nb", nb)] {
                assert!(!text.is_empty(), "{en:?} lacks {lang}");
                let hs = holes(text);
                assert_eq!(hs.len(), n, "{en:?} in {lang}: {text:?}");
                let numbered: Vec<usize> = hs.iter().filter_map(|h| h.parse().ok()).collect();
                assert!(numbered.iter().all(|i| *i < n), "{en:?} in {lang}");
                assert!(
                    hs.iter()
                        .all(|h| h.is_empty() || h.parse::<usize>().is_ok()),
                    "{en:?} in {lang}: holes in translations are {{}} or {{N}}"
                );
            }
            let unknown: Vec<&str> = holes(en)
                .into_iter()
                .filter(|h| {
                    !matches!(
                        *h,
                        "" | "status"
                            | "step"
                            | "hint"
                            | "role"
                            | "position"
                            | "system"
                            | "country"
                            | "country_adj"
                            | "percent"
                            | "this_object"
                    )
                })
                .collect();
            assert!(unknown.is_empty(), "{en:?} has unknown holes {unknown:?}");
        }
    }

    #[test]
    fn every_template_is_reachable() {
        // Each template, filled with sample values, is matched by itself
        // (no earlier template swallows it).
        for (i, (en, _, _)) in TEMPLATES.iter().enumerate() {
            let sample = fill_english(en);
            let first = TEMPLATES
                .iter()
                .position(|(t, _, _)| capture(t, &sample).is_some());
            assert_eq!(first, Some(i), "{en:?} ({sample:?}) is shadowed");
            assert_ne!(translate(Lang::Da, &sample), sample, "{en:?}");
        }
    }

    fn fill_english(template: &str) -> String {
        let (texts, holes) = split(template);
        let mut out = String::new();
        for (i, text) in texts.iter().enumerate() {
            out.push_str(text);
            if let Some(kind) = holes.get(i) {
                out.push_str(match *kind {
                    "status" => "in treatment",
                    "step" => "discharge the family",
                    "hint" => " (treatment has not started)",
                    "role" => "therapist",
                    "position" => "supervisor",
                    "system" => "family",
                    "country" => "DK",
                    "country_adj" => "Denmark",
                    "percent" => "99.50 %",
                    "this_object" => "case",
                    _ => "x7",
                });
            }
        }
        out
    }

    #[test]
    fn real_messages_are_translated() {
        let cases: &[(&str, &str, &str)] = &[
            ("must not be empty", "skal udfyldes", "må fylles ut"),
            (
                "must be at most 120 characters",
                "må højst være 120 tegn",
                "kan være høyst 120 tegn",
            ),
            (
                "set at least one intermediary goal for next week",
                "sæt mindst ét delmål for den kommende uge",
                "sett minst ett delmål for neste uke",
            ),
            (
                "the 12-month follow-up is due 2027-11-25; it can be made at most 30 days early",
                "opfølgningen efter 12 måneder skal ske 2027-11-25; den kan højst foretages 30 dage før",
                "oppfølgingen etter 12 måneder skal skje 2027-11-25; den kan gjøres høyst 30 dager før",
            ),
            (
                "cannot write a weekly summary while the case is waiting (treatment has not started)",
                "kan ikke skrive en ugeopsummering, når sagen har status »på venteliste« (behandlingen er ikke startet)",
                "kan ikke skrive en ukesoppsummering når saken har status «på venteliste» (behandlingen har ikke startet)",
            ),
            (
                "cannot accept the referral while the case is in treatment",
                "kan ikke godkende henvisningen, når sagen har status »i behandling«",
                "kan ikke godkjenne henvisningen når saken har status «i behandling»",
            ),
            (
                "the contact must fall in the week 2026-11-16 – 2026-11-22",
                "kontakten skal ligge i ugen 2026-11-16 – 2026-11-22",
                "kontakten må ligge i uken 2026-11-16 – 2026-11-22",
            ),
            (
                "no Denmark municipality has the code 0999 on 2026-11-25",
                "ingen dansk kommune har koden 0999 pr. 2026-11-25",
                "ingen dansk kommune har koden 0999 per 2026-11-25",
            ),
            (
                "rate the overarching goal \"Mikkel attends school\" as met, partly met or not met",
                "vurdér, om det overordnede mål »Mikkel attends school« er nået, delvist nået eller ikke nået",
                "vurder om det overordnede målet «Mikkel attends school» er nådd, delvis nådd eller ikke nådd",
            ),
            (
                "assess the peers system exactly once",
                "vurdér systemet »venner« præcis én gang",
                "vurder systemet «venner» nøyaktig én gang",
            ),
            (
                "a user with the role municipal_caseworker cannot hold the position therapist",
                "en bruger med rollen sagsbehandler kan ikke have funktionen terapeut",
                "en bruker med rollen saksbehandler kan ikke ha funksjonen terapeut",
            ),
            (
                "Kari Nordmann works in NO, the team in DK",
                "Kari Nordmann arbejder i Norge, teamet i Danmark",
                "Kari Nordmann jobber i Norge, teamet i Danmark",
            ),
            (
                "ownership shares must add up to 100 %, they add up to 99.50 %",
                "ejerandelene skal tilsammen give 100 %, de giver 99,50 %",
                "eierandelene må til sammen bli 100 %, de blir 99,50 %",
            ),
            (
                "010190-XXXX has no valid birth date (31.02.1990 does not exist)",
                "010190-XXXX har ingen gyldig fødselsdato (31.02.1990 findes ikke)",
                "010190-XXXX har ingen gyldig fødselsdato (31.02.1990 finnes ikke)",
            ),
            (
                "your role (therapist) does not give access to this case",
                "din rolle (terapeut) giver ikke adgang til denne sag",
                "rollen din (terapeut) gir ikke tilgang til denne saken",
            ),
            (
                "the record was changed by someone else (now at version 4); reload and try again",
                "posten er ændret af en anden (nu version 4); genindlæs siden og prøv igen",
                "posten er endret av noen andre (nå versjon 4); last inn siden på nytt og prøv igjen",
            ),
            (
                "the username 'anna.k' is taken",
                "brugernavnet »anna.k« er optaget",
                "brukernavnet «anna.k» er opptatt",
            ),
            (
                "the week of 2026-11-16 already has a summary; edit that one",
                "ugen fra 2026-11-16 har allerede en ugeopsummering; ret den i stedet",
                "uken fra 2026-11-16 har allerede en ukesoppsummering; rediger den i stedet",
            ),
        ];
        for (en, da, nb) in cases {
            assert_eq!(translate(Lang::Da, en), *da, "{en}");
            assert_eq!(translate(Lang::Nb, en), *nb, "{en}");
        }
    }

    #[test]
    fn unknown_messages_and_english_pass_through() {
        for text in [
            "something nobody wrote a template for",
            "",
            "must not be empty!",
            "cannot fly while the case is in treatment",
        ] {
            assert_eq!(translate(Lang::Da, text), text);
            assert_eq!(translate(Lang::Nb, text), text);
        }
        for (en, _, _) in TEMPLATES {
            let sample = fill_english(en);
            assert_eq!(translate(Lang::En, &sample), sample);
        }
        // Danish text from the pages' own keys is left alone.
        assert_eq!(translate(Lang::Da, "Skal udfyldes"), "Skal udfyldes");
    }

    #[test]
    fn the_matcher_backtracks_and_numbers_holes() {
        assert_eq!(
            capture(
                "{} works in {country}, the team in {country}",
                "A works in B works in DK, the team in NO"
            ),
            Some(vec![
                ("", "A works in B"),
                ("country", "DK"),
                ("country", "NO")
            ])
        );
        assert_eq!(capture("a {} b", "a  b"), None);
        assert_eq!(fill("{1} før {0}", &["a".into(), "b".into()]), "b før a");
        assert_eq!(fill("{} og {}", &["a".into(), "b".into()]), "a og b");
    }
}
