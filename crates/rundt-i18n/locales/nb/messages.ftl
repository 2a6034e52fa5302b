## Meldinger fra reglene og use casene (feil, avvisninger, advarsler), etter kode.


## Free text, names, users
text-empty = må fylles ut
text-too-long = kan være høyst { $max } tegn
legal-hold-reason-short = må være minst { $min } tegn: skriv hvorfor saken skal bevares (f.eks. en klage som er til behandling)
text-control-characters = kan ikke inneholde kontrolltegn
role-unknown = ukjent rolle «{ $given }»; bruk en av { $known }
role-needs-municipality = en bruker med rollen { LOWER($role) } må høre til en kommune
role-without-municipality = bare kommunale roller hører til en kommune, ikke rollen { LOWER($role) }
user-invalid = ugyldig bruker
username-shape = må være 3-64 tegn: bokstavene a-z, sifre, '.', '-' eller '_'
email-invalid = «{ $given }» er ikke en e-postadresse
password-too-short = må være minst { $min } tegn

## Teams and their owners
position-unknown = ukjent funksjon «{ $given }»; bruk en av { $known }
programme-model-missing = må angi en programmodell, f.eks. MST eller MST-CAN
team-invalid = ugyldig team
owners-missing = et team må ha minst én eierkommune
share-out-of-range = må være over 0 og høyst 100
share-too-precise = kan ha høyst to desimaler
owner-listed-twice = kommune { $code } er oppført to ganger
shares-not-whole = eierandelene må til sammen bli 100 %, de blir { $total } %
warning-no-supervisor = Teamet har ingen veileder.
warning-too-many-supervisors = Teamet har { $count } veiledere; modellen har { $norm }.
warning-too-few-therapists = Teamet har { $count ->
        [one] { $count } terapeut
       *[other] { $count } terapeuter
    }; modellen krever minst { $min }.
warning-too-many-therapists = Teamet har { $count } terapeuter; modellen tillater høyst { $max }.
warning-no-crisis-caseworker = Modellen omfatter en krisesaksbehandler; teamet har ingen.
warning-no-psychiatrist = Modellen omfatter en psykiater i deltid; teamet har ingen.

## Assessment and weekly summaries
system-assessed-once = vurder systemet «{ LOWER($system) }» nøyaktig én gang
key-participant-missing = oppgi minst én nøkkelperson og hva vedkommende ønsker å endre
overarching-goals-count = sett mellom 1 og 8 overordnede mål
week-start-not-monday = oppgi mandagen i uken som oppsummeres
week-before-treatment = behandlingen startet { $start }; denne uken ligger før det
week-not-begun = en uke som ikke har begynt, kan ikke oppsummeres
contacts-too-many = høyst { $max } kontakter i uken
contact-outside-week = kontakten må ligge i uken { $from } – { $to }
contact-in-future = en kontakt kan ikke være fram i tid
contact-minutes = minutter må være mellom 1 og 720
contact-with-missing = oppgi hvem som deltok
contact-place-in-person = oppgi hvor dere møttes (ved telefon og video trengs ikke sted)
next-week-goal-missing = sett minst ett delmål for neste uke
at-most-characters = høyst { $max } tegn

## A family's course (lifecycle)
status-unknown = ukjent saksstatus «{ $given }»
follow-up-months = oppfølging skjer etter 6, 12 og 18 måneder
follow-up-recorded = oppfølgingen etter { $months } måneder er allerede registrert
step-refused = kan ikke { $step ->
        [acknowledge] kvittere for henvisningen
        [withdraw] trekke henvisningen tilbake
        [add_information] legge til opplysninger i henvisningen
        [accept] godkjenne henvisningen
        [decline] avslå henvisningen
        [assign] tildele en terapeut og starte behandlingen
        [reassign] bytte terapeut
        [weekly_summary] skrive en ukesoppsummering
        [discharge] skrive ut familien
       *[follow_up] registrere en oppfølging
    } når saken har status «{ LOWER($status) }»{ $hint ->
        [accept_first] {" "}(godkjenn henvisningen først)
        [not_started] {" "}(behandlingen har ikke startet)
        [already_discharged] {" "}(familien er allerede skrevet ut)
        [after_discharge] {" "}(oppfølging skjer etter utskrivning)
        [team_decided] {" "}(teamet har bestemt seg om henvisningen; kontakt teamet)
        [withdrawn] {" "}(henvisningen er trukket tilbake)
       *[none] {""}
    }

## Municipalities, countries, periods
municipality-code-dk = «{ $given }» er ikke en dansk kommunekode (tre sifre, f.eks. 101 eller 0101)
municipality-code-no = «{ $given }» er ikke et norsk kommunenummer (fire sifre, f.eks. 0301)
reference-data-line = { $country }-kommuner linje { $line }: { $problem }
country-unknown = ukjent land «{ $given }»; bruk DK eller NO
period-reversed = perioden begynner ({ $from }) etter at den slutter ({ $to })
period-too-long = en periode er høyst { $max } måneder (ti år)
period-out-of-range = måneden { $month } ligger utenfor kalenderen

## Referral
behaviour-missing = beskriv minst én atferd som familien henvises for
behaviours-too-many = høyst { $max } atferdsbeskrivelser
consent-in-future = samtykket kan ikke være gitt fram i tid
override-reason-missing = henvisningen oppfyller ikke kriteriene; oppgi en begrunnelse på minst { $min } tegn for å godkjenne den likevel
born-after-referral = ingen kan være født etter henvisningsdagen ({ $referred }); sjekk datoen
young-person-age-implausible = med denne fødselsdatoen er ungdommen { $age } år på henvisningsdagen, langt over programmets alder ({ $min }–{ $max } år); sjekk datoen
caregiver-age-implausible = med denne fødselsdatoen er omsorgspersonen { $age } år på henvisningsdagen; en omsorgsperson er { $min } til { $max } år; sjekk datoen
referral-acknowledged = teamet har allerede kvittert for henvisningen { $on }
supervisor-acknowledges = bare teamets veileder kvitterer for en henvisning
phone-invalid = «{ $given }» er ikke et telefonnummer (sifre, mellomrom og eventuelt + foran, f.eks. +47 21 80 21 80)
home-phone-missing = skriv minst ett telefonnummer familien kan nås på
home-too-many-phones = høyst { $max } telefonnumre
home-not-in-treatment = familiens hjem og telefonnumre skrives mens familien venter eller er i behandling
home-not-yours = familiens hjem og telefonnumre holdes oppdatert av familiens egen terapeut eller teamets veileder

## Discharge and follow-up
discharge-before-treatment = behandlingen startet { $start }; utskrivningen kan ikke være tidligere
discharge-in-future = utskrivningen kan ikke være fram i tid
goal-not-rated = vurder om det overordnede målet «{ $goal }» er nådd, delvis nådd eller ikke nådd
follow-up-too-early = oppfølgingen etter { $months } måneder skal skje { $due }; den kan gjøres høyst { $days } dager før
follow-up-in-future = en oppfølging kan ikke være fram i tid

## Adherence interviews, supervisor ratings, the family survey
interview-date = intervjuet må være datert i behandlingsforløpet og ikke i fremtiden
answers-count = svar på alle { $items } utsagn (hopp over som tomt svar)
answers-scale = svarene går fra 1 (ikke i det hele tatt) til 5 (i svært stor grad)
answers-too-few = minst { $min } av de { $items } utsagnene må være besvart før det kan gis en skår (besvart: { $answered })
respondent-not-caregiver = den som svarte, må være en av familiens omsorgspersoner
interview-mode-unknown = ukjent intervjuform «{ $given }»; bruk en av { $known }
rating-date = dater vurderingen innenfor den siste måneden og ikke i fremtiden
interviewer-is-therapist = familiens egen terapeut kan ikke gjøre etterlevelsesintervjuet; det gjør veileder eller ikke-klinisk personale
statements-count = svar på alle { $items } utsagn
survey-date = besvarelsen hører til utskrivningen { $discharged }: fra to uker før til { $days } dager etter
survey-in-future = besvarelsen kan ikke dateres fram i tid

## National identifiers
national-id-kind-unknown = ukjent type fødselsnummer; bruk danish_cpr, norwegian_fnr, norwegian_d_number eller norwegian_h_number
cpr-no-modulus-11 = CPR-nummeret oppfyller ikke den gamle modulus 11-kontrollen; det er tillatt for numre utstedt siden 1. oktober 2007, men sjekk for skrivefeil
cpr-shape = et CPR-nummer har 10 sifre (DDMMÅÅ-SSSS)
cpr-birth-date-invalid = { $masked } har ingen gyldig fødselsdato ({ $date } finnes ikke)
fnr-birth-date-invalid = { $masked } har ingen gyldig fødselsdato (dag { $day }, måned { $month })
fnr-shape = et norsk fødselsnummer eller D-nummer har 11 sifre
fnr-fh-number = dette er et FH-nummer (første siffer 8 eller 9), et hjelpenummer uten fødselsdato; det kan ikke brukes som identifikasjonsnummer her, så oppgi personens fødselsnummer eller D-nummer
fnr-check-digits = kontrollsifrene i fødselsnummeret stemmer ikke; sjekk nummeret for skrivefeil
fnr-d-and-h-number = et nummer kan ikke være både et D-nummer (dag + 40) og et H-nummer (måned + 40)

## Conflicts the stores find
team-name-taken = det finnes allerede et team med navnet «{ $name }» i { $country }
programme-model-unknown = ukjent programmodell «{ $given }»
share-bp-out-of-range = andelen { $share } er utenfor det tillatte
owner-listed-twice-unnamed = en kommune er oppført to ganger
share-out-of-range-unnamed = en eierandel er utenfor det tillatte
already-in-position = { $name } er allerede { LOWER($position) } i dette teamet
membership-ended = medlemskapet er allerede avsluttet
membership-end-before-start = et medlemskap kan ikke slutte før det begynner
person-listed-twice = den samme personen er oppført to ganger i familien
token-revoked = nøkkelen er allerede trukket tilbake
username-taken = brukernavnet «{ $username }» er opptatt
survey-before-discharge = spørreskjemaet besvares ved utskrivning; familien er ikke utskrevet
survey-recorded = familiens besvarelse er allerede registrert
referral-recorded = henvisningen i denne saken er allerede registrert
week-summarised = uken fra { $week } har allerede en ukesoppsummering; rediger den i stedet
already-discharged = familien er allerede skrevet ut
follow-up-before-discharge = en oppfølging kommer etter utskrivningen; familien er ikke skrevet ut
case-not-in-team = sak { $case } er ikke en av teamets familier
record-exists = det finnes allerede en post med disse verdiene{ $what }
database-exists = databasen { $name } finnes allerede

## Logging in, sessions, accounts
bad-credentials = brukernavn eller passord er feil
session-ended = økten din er avsluttet; logg inn igjen
totp-already-enrolled = tofaktorinnlogging er allerede satt opp for denne kontoen
already-logged-in = du er allerede logget inn
totp-malformed = koden må være 6 sifre
totp-replayed = koden er allerede brukt; vent på den neste
totp-wrong = koden er ikke riktig
totp-secret-invalid = den hemmelige nøkkelen er ikke gyldig
current-password-wrong = det nåværende passordet er feil
new-password-same = det nye passordet må være forskjellig fra det nåværende
api-token-invalid = API-nøkkelen er ugyldig eller trukket tilbake
api-token-expired = API-nøkkelen gikk ut { $day }; lag en ny på kontosiden din
api-token-scope = omfanget til denne API-nøkkelen ({ $scope }) tillater ikke dette; bruk en nøkkel med flere rettigheter, eller logg inn
api-rate-limited = denne API-nøkkelen har sendt for mange forespørsler; vent { $seconds } sekunder og prøv igjen
token-scope-unknown = ukjent omfang for nøkkelen «{ $given }»; bruk ett av { $known }
token-lifetime = en nøkkel gjelder minst 1 og høyst { $max } dager
deactivate-self = du kan ikke deaktivere din egen konto
second-factor-by-owner = en ekstra faktor settes opp av eieren ved innlogging

## Referrals and families
national-id-or-birth-date = oppgi et fødselsnummer eller en fødselsdato
national-id-not-protected = kunne ikke beskyttes
team-missing = det finnes ikke noe team { $team }
referring-municipality-missing = oppgi den henvisende kommunen
municipality-unknown-today = ingen { $country ->
        [DK] dansk
       *[other] norsk
    } kommune har koden { $code } i dag
municipality-unknown-on = ingen { $country ->
        [DK] dansk
       *[other] norsk
    } kommune har koden { $code } per { $date }
caregivers-too-many = høyst { $max } omsorgspersoner
role-sees-aggregates = rollen din ({ LOWER($role) }) ser samlede tall, ikke enkeltfamilier
break-glass-reason-short = skriv hvorfor du trenger tilgang, med minst { $min } tegn
break-glass-review-supervisor = bare veiledere går gjennom nødtilgang

## Refusals and conflicts of the use cases
role-no-access = rollen din ({ LOWER($role) }) gir ikke tilgang til { $object ->
        [case] denne saken
        [user] denne brukeren
        [team] dette teamet
        [person] denne personen
        [audit_log] revisjonssporet
        [api_token] denne API-nøkkelen
        [supervision] dette møtet
        [team_membership] dette medlemskapet
        [results] disse resultatene
       *[other] disse opplysningene
    }
collector-missing = svarene registreres av den som samlet dem inn
interview-not-in-treatment = etterlevelsesintervjuer gjøres mens familien er i behandling
treatment-not-assigned = familien har ennå ingen terapeut eller startdato
rating-by-therapists = veilederen vurderes av teamets terapeuter
rating-own-team = teamets terapeuter vurderer veilederen sin
rating-no-supervisor = teamet har ingen veileder å vurdere
collector-not-therapist = veileder (eller ikke-klinisk personale) samler inn dette hos omsorgspersonene – aldri familiens terapeut
interviews-team-only = etterlevelsesintervjuer hører til teamet; kommuner ser etterlevelse som samlede tall
interview-reminders-supervisor = påminnelser om etterlevelsesintervjuer er for teamets veileder
programme-model-unknown-known = ukjent programmodell «{ $given }»; kjente modeller: { $known }
user-other-country = { $name } jobber i { $user_country }, teamet i { $team_country }
role-cannot-hold-position = en bruker med rollen { LOWER($role) } kan ikke ha funksjonen { LOWER($position) }
user-deactivated = { $name } er deaktivert
results-need-login = resultater vises bare for brukere som er logget inn
results-not-for-auditors = revisorer leser revisjonsloggen, ikke resultater
month-shape = oppgi en måned som ÅÅÅÅ-MM, f.eks. 2026-01
supervisor-decides = bare teamets veileder bestemmer over henvisninger og tildelinger
supervisor-records-meetings = bare teamets veileder registrerer teamets møter
therapist-not-in-team = velg en terapeut fra familiens team
therapist-already-assigned = terapeuten jobber allerede med familien
treatment-start-window = behandlingen må starte innen { $days } dager fra i dag
assessment-not-in-treatment = kartleggingen gjøres under behandlingen
treatment-no-start = behandlingen har ingen startdato
discharge-date-missing = familien har ingen utskrivningsdato
meeting-kind = et møte er enten veiledning eller konsultasjon
meeting-in-future = et møte kan ikke være fram i tid
attendees-missing = oppgi hvem som deltok
families-discussed-missing = oppgi familiene som ble drøftet

## How the web layer says the use cases' answers
invalid = noen felt er ikke fylt ut riktig
not-found = { $what } finnes ikke
too-many-attempts = for mange mislykkede forsøk; prøv igjen om { $minutes } minutter
version-mismatch = posten er endret av noen andre (nå versjon { $current }); last inn siden på nytt og prøv igjen
unavailable = Databasen er ikke tilgjengelig akkurat nå; prøv igjen om litt.
internal = Noe gikk galt hos oss; feilen er logget.
storage-not-writable = Ingenting ble lagret: serverens disk er full eller skrivebeskyttet. Det som allerede er lagret, er trygt og kan fortsatt leses. Si fra til administratoren, og prøv igjen når det er gjort plass.

## Names of fields, for pages that show a message away from its field
field-password = Passord
field-current_password = Nåværende passord
field-new_password = Nytt passord
field-name = Navn
field-username = Brukernavn
field-display_name = Navn
field-email = E-post
field-role = Rolle
field-municipality_code = Kommune
field-country = Land
field-reason = Begrunnelse
field-before = Før hendelse nr.
field-limit = Antall per side

## The audit log's chain
audit-event-edited = hendelse { $seq } er endret: innholdet stemmer ikke med hashen
audit-event-missing = hendelse { $seq } mangler (slettet)
audit-events-missing = hendelsene { $from } til { $to } mangler (slettet)
audit-event-relinked = hendelse { $seq } følger ikke etter hendelsen før (byttet om, flyttet eller satt inn)
audit-checkpoint-mismatch = loggen inneholder ikke lenger hendelse { $seq } slik den var ved kontrollpunktet (hendelser slettet eller skrevet om)
audit-checkpoint-forged = kontrollpunktet for hendelse { $seq } har feil signatur
audit-filter-id-shape = må være et tall, f.eks. 42
audit-action-unknown = er ikke en handling som revisjonsloggen registrerer; velg en fra listen
audit-limit-range = må være et tall fra 1 til { $max }
audit-person-unknown = ingen person har denne person-id-en
national-id-no-person = det finnes ingen person med dette fødselsnummeret eller D-nummeret i Rundt

## The web layer's own refusals and request problems
bearer-token-shape = bruk Authorization: Bearer <API-nøkkel>
log-in-first = logg inn først
second-factor-pending = fullfør innloggingen med koden fra autentiseringsappen din
csrf-token-missing = forespørselen mangler CSRF-nøkkelen sin; last inn siden på nytt og prøv igjen
form-csrf-missing = skjemaet mangler CSRF-nøkkelen sin; last inn siden på nytt
form-expired = skjemaet er utløpt; last inn siden på nytt og prøv igjen
form-incomplete = skjemaet er ikke fylt ut helt: { $detail }
if-match-missing = send If-Match-headeren med ETag-en du sist leste, så ingen andres endring overskrives
if-match-shape = If-Match må være en ETag fra dette API-et, f.eks. "3"
date-shape = «{ $given }» er ikke en dato; skriv ÅÅÅÅ-MM-DD
group-by-shape = del opp etter måned, kvartal eller år
denominator-shape = beregn andeler av all_discharges eller av completers
families-page-shape = oppgi et sidetall fra 1 og oppover
export-format = eksporter som csv, xlsx eller pdf
export-csv-flavour = velg regional (semikolon og desimalkomma) eller rfc4180 (komma og desimalpunktum)
export-table-missing = oppgi hvilken tabell som skal eksporteres som CSV, f.eks. table=trend
password-first = logg først inn med passordet ditt
user-unknown = ukjent bruker
language-unknown = velg dansk, norsk eller engelsk
week-start-mismatch = week_start i innholdet må svare til uken i stien
not-discharged-yet = familien er ikke skrevet ut ennå
form-version-missing = skjemaet mangler familiens versjon
caseworkers-refer = bare kommunale saksbehandlere henviser familier
role-sees-no-results = rollen din ser ikke resultater
caseload-above-maximum = terapeuten har nå { $open } familier; { $model } tillater høyst { $max }
family-search-too-short = skriv minst to bokstaver av et navn, eller et helt fødselsnummer
therapist-choose = velg en terapeut fra listen
team-unknown = det finnes ikke noe team med nummer { $id }
share-not-a-number = skriv andelen som et tall, for eksempel 50 eller 33,33 (ikke «{ $given }»)
owner-municipality-missing = velg kommunen
member-user-unknown = velg en person fra listen
member-user-missing = velg hvem som skal med i teamet
position-missing = velg en funksjon

## Oppbevaring og rettslig tilbakehold
legal-hold-on = saken har allerede et rettslig tilbakehold mot sletting
legal-hold-none = saken har ikke noe rettslig tilbakehold som kan oppheves
case-erased-already = saken er allerede anonymisert etter en oppbevaringsregel
case-erasure-not-ended = saken er ikke avsluttet, så ingen oppbevaringsregel gjelder for den ennå
case-erasure-on-hold = saken har et rettslig tilbakehold: opphev det først, hvis grunnen til det har falt bort
case-erasure-new-entry = saken har en registrering fra { $day }, etter at oppbevaringsregelen ble vurdert; kjør oppbevaringen på nytt
case-erased = familiens sak er anonymisert etter en oppbevaringsregel; ingenting av den kan åpnes
retention-rule-keeps = oppbevaringsregelen for denne typen opplysninger bevarer dem; ingenting fjernes
retention-needs-authorisation = regel { $rule } fjerner bare opplysninger med arkivmyndighetens vedtak: oppgi referansen til det
retention-installation-only = innloggingsopplysninger hører til hele installasjonen: de slettes fra kommandolinjen (rundt retention)
legal-hold-case-number = oppgi sakens nummer (bare sifre)

## MST-CAN: sikkerhet først og hendelser
safety-risk-missing = oppgi minst én risiko: hva, fra hvem, mot hvem og i hvilke situasjoner
safety-warning-sign-missing = oppgi minst ett faresignal familien skal følge med på
safety-adult-action-missing = skriv for minst én voksen hva vedkommende gjør i stedet
safety-contact-missing = oppgi minst én person hvert barn kan kontakte, og hvordan
safety-shared-before-agreed = planen kan ikke deles med barneverntjenesten før familien har sagt ja til den
safety-plan-first = en MST-CAN-familie må ha sikkerhetsplanen sin før noe annet registreres: lag sikkerhetsplanen først
date-in-future = datoen kan ikke ligge fram i tid
incident-in-future = en hendelse kan ikke dateres fram i tid
incident-children-missing = oppgi barna hendelsen gjaldt
incident-child-not-in-family = et av barna som er oppgitt, er ikke med i familiens sak
child-outcome-missing = oppgi for { $child } om barnet bor hjemme, og om det er vedtatt omsorgsovertakelse
child-outcome-not-a-child = person { $person } er ikke et av barna i familiens sak
child-outcome-twice = person { $person } er oppgitt mer enn én gang
child-outcomes-only-can = utfall per barn registreres bare for MST-CAN-familier; MST følger ungdommen med de tre utfallene
notification-before-incident = barneverntjenesten kan ikke ha fått melding før hendelsen
notification-not-needed-supervisor = bare teamets veileder kan avgjøre at en hendelse ikke trengte melding til barneverntjenesten
safety-not-in-treatment = sikkerhetsplaner og hendelser registreres mens familien er i behandling
crisis-plan-person-missing = oppgi minst én person å ringe i en krise, med telefonnummer
crisis-plan-too-many-people = høyst { $max } personer å ringe: behold dem familien faktisk vil ringe
crisis-plan-phone-not-dialable = skriv et telefonnummer som kan ringes (sifre, mellomrom, + og -)
crisis-plan-not-in-treatment = kriseplanen skrives mens familien er i behandling
crisis-contact-not-in-treatment = en krisekontakt kan bare registreres for en familie i behandling
crisis-contact-in-future = tidspunktet for kontakten har ikke kommet ennå: sjekk dato og klokkeslett
crisis-contact-response-missing = velg minst én ting som ble gjort
crisis-contact-minutes = varigheten er et helt antall minutter fra 1 til { $max }
safety-review-missing = en MST-CAN-familie får sikkerhetsplanen gjennomgått hver uke: velg om planen holdt, ble endret eller ble brutt

## MST-CAN: kartlegging og barnas stemme
mapping-key-person-missing = oppgi minst én nøkkelperson utenfor familien
mapping-system-twice = systemet «{ LOWER($system) }» er kartlagt mer enn én gang
mapping-system-empty = skriv minst én styrke eller én risiko for systemet «{ LOWER($system) }»
voice-child-not-in-family = barnet er ikke et av barna i familiens sak
mapping-not-in-treatment = kartlegging og barnas stemme registreres mens familien er i behandling
child-age-outside-model = barnet er { $age } år den dagen henvisningen kommer; MST-CAN tar imot familier med barn fra { $min } til og med { $max } år
child-national-id-missing = oppgi barnets fødselsnummer: hvert barn i en MST-CAN-familie registreres med sitt
child-welfare-case-missing = oppgi barneverntjenestens saksnummer: MST-CAN gis innenfor en barnevernssak
other-children-whole-family-only = flere barn registreres bare i et program for hele familien (MST-CAN); MST henviser én ungdom

## MST-CAN: behandlingsplan og moduler
plan-goal-missing = planen må ha minst ett mål som familien er enig i
plan-too-many-goals = en plan kan ha høyst { $max } mål; slå sammen noen av dem
plan-intermediate-goal-missing = skriv minst ett delmål på veien mot det overordnede målet
plan-too-many-intermediate = et mål kan ha høyst { $max } delmål
plan-not-in-treatment = behandlingsplanen og modulene registreres mens familien er i behandling
module-start-missing = oppgi når modulen startet (eller skal starte)
module-start-in-future = en modul som er i gang eller avsluttet, kan ikke starte fram i tid; sett statusen til planlagt
module-end-before-start = modulen kan ikke slutte før den startet
module-end-but-not-ended = en modul med sluttdato er fullført eller avbrutt: velg en av dem
module-ended-without-end = oppgi når modulen ble fullført eller avbrutt
module-sessions-range = antall timer må være et helt tall fra 0 til { $max }
module-planned-with-sessions = en planlagt modul har ikke hatt timer ennå: sett statusen til pågår
module-too-many-screens = en modul kan ha høyst { $max } urinprøver
module-screen-outside = urinprøven må være tatt mens modulen pågikk, og ikke fram i tid
module-screens-only-rbt = urinprøver registreres bare i RBT-modulen for rusbehandling
module-unknown = familien har ingen modul med nummer { $id }

consultation-not-teams-psychiatrist = velg en av teamets psykiatere
consultation-ended = konsultasjonen er avsluttet; be om en ny
consultation-answer-asked-only = bare psykiateren som ble spurt, kan svare
consultation-not-in-treatment = det kan bare bes om konsultasjon mens familien er i behandling
role-sees-safety-only = krisesaksbehandleren ser teamets sikkerhetsplaner og hendelser på startsiden sin, ikke familienes saker

## Vaktplan
oncall-person-not-on-team = velg en av teamets terapeuter, veilederen eller krisesaksbehandleren: bare de har vakt
oncall-shift-ends-before-start = en vakt må slutte etter at den begynner
oncall-shift-too-long = en vakt varer høyst { $hours } timer; del den i to
oncall-split-hour = kveldsvakten slutter på en hel time fra { $min }:00 til { $max }:00
oncall-nobody-to-assign = velg minst én person til å ta vaktene
oncall-gap = ingen har vakt fra { $from } til { $until }
oncall-on-leave = { $name } har vakt fra { $from } til { $until } under fraværet sitt
oncall-too-many-hours = { $name } har vakt { $hours } timer i strekk fra { $from }; teamets grense er { $max }
oncall-too-many-shifts = { $name } har { $shifts } vakter i uken fra { $monday }; teamets grense er { $max }
oncall-leave-ends-before-start = fraværet kan ikke slutte før det begynner
oncall-limit-hours = høyeste antall timer i strekk er et helt tall fra { $min } til { $max }
oncall-limit-shifts = høyeste antall vakter i uken er et helt tall fra { $min } til { $max }
oncall-gap-reason-missing = vaktplanen har { $gaps ->
        [one] et hull
       *[other] { $gaps } hull
    }: fyll { $gaps ->
        [one] det
       *[other] dem
    } eller skriv hvorfor vaktplanen likevel publiseres
oncall-swap-same-person = velg en annen å bytte med
oncall-swap-not-on-team = en vakt kan bare byttes mellom to personer i teamet som har vakt
oncall-swap-shift-begun = en vakt som har begynt, kan ikke byttes
oncall-swap-return-not-theirs = vakten som gis tilbake, må være den andres egen
oncall-swap-not-agreed = begge må si ja til byttet
oncall-edit-not-allowed = bare teamets veileder og det nasjonale kontoret endrer teamets vaktplan
oncall-read-not-allowed = bare teamets egne ansatte på vakt, veilederen og det nasjonale kontoret ser teamets vaktplan
oncall-gaps-not-allowed = bare det nasjonale kontoret ser hullene i alle teams vaktplaner
oncall-fill-ends-before-start = den siste dagen kan ikke komme før den første
oncall-fill-too-long = fyll ut høyst { $days } dager om gangen
oncall-phone-invalid = skriv vakttelefonens nummer med sifre, mellomrom, + og - (minst 6 sifre, høyst { $max } tegn)
oncall-swap-shift-unknown = velg en av teamets vakter
oncall-swap-not-yours = bare de to i et bytte foreslår og svarer på det: den som ikke foreslo det, sier ja eller nei, den som foreslo det, kan trekke det tilbake
oncall-swap-settled = byttet er allerede besvart eller trukket tilbake
oncall-time-shape = '{ $given }' er ikke et tidspunkt; skriv ÅÅÅÅ-MM-DD TT:MM
oncall-months = hent fra 1 til { $max } måneder om gangen
oncall-feed-own-needs-person = en kalender med egne vakter lages av en person som er logget inn
oncall-feed-not-on-rota = bare personer på teamets vaktplan kan lage en kalender med egne vakter
oncall-feed-not-yours = bare den som laget kalenderen, og teamets veileder kan trekke den tilbake

## Single sign-on
password-login-off = innlogging med passord er slått av her; logg inn med organisasjonens innlogging
sso-login-unknown = innloggingen ble ikke gjenkjent (den er brukt, eller den ble startet i en annen nettleser); begynn på nytt
sso-login-too-old = innloggingen tok for lang tid; begynn på nytt
sso-refused = svaret fra organisasjonens innlogging kunne ikke godkjennes; begynn på nytt, og kontakt administratoren hvis det skjer igjen
sso-not-linked = innloggingen virket, men den er ikke knyttet til en konto i Rundt; be administratoren om å knytte identiteten { $subject } til kontoen din
sso-subject-empty = skriv personens identitet (subject) hos identitetsleverandøren
sso-subject-invalid = identiteten kan ha høyst 255 tegn og ingen kontrolltegn
sso-identity-taken = identiteten { $subject } er allerede knyttet til en konto
sso-provider-unknown = identitetsleverandøren er ikke satt opp i denne installasjonen
