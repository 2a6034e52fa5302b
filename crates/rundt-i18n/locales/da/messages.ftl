## Meddelelser fra reglerne og use cases (fejl, afvisninger, advarsler), efter kode.


## Free text, names, users
text-empty = skal udfyldes
text-too-long = må højst være { $max } tegn
legal-hold-reason-short = skal være mindst { $min } tegn: skriv hvorfor sagen skal bevares (fx en verserende klage)
text-control-characters = må ikke indeholde kontroltegn
role-unknown = ukendt rolle »{ $given }«; brug en af { $known }
role-needs-municipality = en bruger med rollen { LOWER($role) } skal høre til en kommune
role-without-municipality = kun kommunale roller hører til en kommune, ikke rollen { LOWER($role) }
user-invalid = ugyldig bruger
username-shape = skal være 3-64 tegn: bogstaverne a-z, cifre, '.', '-' eller '_'
email-invalid = »{ $given }« er ikke en e-mailadresse
password-too-short = skal være mindst { $min } tegn

## Teams and their owners
position-unknown = ukendt funktion »{ $given }«; brug en af { $known }
programme-model-missing = skal angive en programmodel, fx MST eller MST-CAN
team-invalid = ugyldigt team
owners-missing = et team skal have mindst én ejerkommune
share-out-of-range = skal være over 0 og højst 100
share-too-precise = må højst have to decimaler
owner-listed-twice = kommune { $code } står der to gange
shares-not-whole = ejerandelene skal tilsammen give 100 %, de giver { $total } %
warning-no-supervisor = Teamet har ingen supervisor.
warning-too-many-supervisors = Teamet har { $count } supervisorer; modellen har { $norm }.
warning-too-few-therapists = Teamet har { $count ->
        [one] { $count } terapeut
       *[other] { $count } terapeuter
    }; modellen kræver mindst { $min }.
warning-too-many-therapists = Teamet har { $count } terapeuter; modellen tillader højst { $max }.
warning-no-crisis-caseworker = Modellen omfatter en kriserådgiver; teamet har ingen.
warning-no-psychiatrist = Modellen omfatter en psykiater på deltid; teamet har ingen.

## Assessment and weekly summaries
system-assessed-once = vurdér systemet »{ LOWER($system) }« præcis én gang
key-participant-missing = angiv mindst én nøgleperson, og hvad vedkommende ønsker ændret
overarching-goals-count = sæt mellem 1 og 8 overordnede mål
week-start-not-monday = angiv mandagen i den uge, der opsummeres
week-before-treatment = behandlingen startede { $start }; denne uge ligger før
week-not-begun = en uge, der ikke er begyndt, kan ikke opsummeres
contacts-too-many = højst { $max } kontakter om ugen
contact-outside-week = kontakten skal ligge i ugen { $from } – { $to }
contact-in-future = en kontakt kan ikke ligge i fremtiden
contact-minutes = minutter skal være mellem 1 og 720
contact-with-missing = angiv, hvem der deltog
contact-place-in-person = angiv, hvor I mødtes (ved telefon og video er sted ikke nødvendigt)
next-week-goal-missing = sæt mindst ét delmål for den kommende uge
at-most-characters = højst { $max } tegn

## A family's course (lifecycle)
status-unknown = ukendt sagsstatus »{ $given }«
follow-up-months = opfølgning sker efter 6, 12 og 18 måneder
follow-up-recorded = opfølgningen efter { $months } måneder er allerede registreret
step-refused = kan ikke { $step ->
        [acknowledge] kvittere for henvisningen
        [withdraw] trække henvisningen tilbage
        [add_information] tilføje oplysninger til henvisningen
        [accept] godkende henvisningen
        [decline] afvise henvisningen
        [assign] tildele en terapeut og starte behandlingen
        [reassign] skifte terapeut
        [weekly_summary] skrive en ugeopsummering
        [discharge] udskrive familien
       *[follow_up] registrere en opfølgning
    }, når sagen har status »{ LOWER($status) }«{ $hint ->
        [accept_first] {" "}(godkend henvisningen først)
        [not_started] {" "}(behandlingen er ikke startet)
        [already_discharged] {" "}(familien er allerede udskrevet)
        [after_discharge] {" "}(opfølgning sker efter udskrivning)
        [team_decided] {" "}(teamet har truffet beslutning om henvisningen; kontakt teamet)
        [withdrawn] {" "}(henvisningen er trukket tilbage)
       *[none] {""}
    }

## Municipalities, countries, periods
municipality-code-dk = »{ $given }« er ikke en dansk kommunekode (tre cifre, fx 101 eller 0101)
municipality-code-no = »{ $given }« er ikke et norsk kommunenummer (fire cifre, fx 0301)
reference-data-line = { $country }-kommuner linje { $line }: { $problem }
country-unknown = ukendt land »{ $given }«; brug DK eller NO
period-reversed = perioden begynder ({ $from }) efter den slutter ({ $to })
period-too-long = en periode er højst { $max } måneder (ti år)
period-out-of-range = måneden { $month } ligger uden for kalenderen

## Referral
behaviour-missing = beskriv mindst én adfærd, som familien henvises for
behaviours-too-many = højst { $max } adfærdsbeskrivelser
consent-in-future = samtykket kan ikke være givet i fremtiden
override-reason-missing = henvisningen opfylder ikke kriterierne; angiv en begrundelse på mindst { $min } tegn for at godkende den alligevel
born-after-referral = ingen kan være født efter henvisningsdagen ({ $referred }); tjek datoen
young-person-age-implausible = med denne fødselsdato er den unge { $age } år på henvisningsdagen, langt over programmets alder ({ $min }–{ $max } år); tjek datoen
caregiver-age-implausible = med denne fødselsdato er omsorgspersonen { $age } år på henvisningsdagen; en omsorgsperson er { $min } til { $max } år; tjek datoen
referral-acknowledged = teamet har allerede kvitteret for henvisningen { $on }
supervisor-acknowledges = kun teamets supervisor kvitterer for en henvisning
phone-invalid = »{ $given }« er ikke et telefonnummer (cifre, mellemrum og evt. + forrest, fx +45 87 13 20 00)
home-phone-missing = skriv mindst ét telefonnummer, som familien kan nås på
home-too-many-phones = højst { $max } telefonnumre
home-not-in-treatment = familiens hjem og telefonnumre skrives, mens familien venter eller er i behandling
home-not-yours = familiens hjem og telefonnumre holdes ajour af familiens egen terapeut eller teamets supervisor

## Discharge and follow-up
discharge-before-treatment = behandlingen startede { $start }; udskrivningen kan ikke ligge før
discharge-in-future = udskrivningen kan ikke ligge i fremtiden
goal-not-rated = vurdér, om det overordnede mål »{ $goal }« er nået, delvist nået eller ikke nået
follow-up-too-early = opfølgningen efter { $months } måneder skal ske { $due }; den kan højst foretages { $days } dage før
follow-up-in-future = en opfølgning kan ikke ligge i fremtiden

## Adherence interviews, supervisor ratings, the family survey
interview-date = interviewet skal være dateret i behandlingsforløbet og ikke i fremtiden
answers-count = besvar alle { $items } udsagn (spring over som tomt svar)
answers-scale = svarene går fra 1 (slet ikke) til 5 (i meget høj grad)
answers-too-few = mindst { $min } af de { $items } udsagn skal være besvaret, før der kan gives en score (besvaret: { $answered })
respondent-not-caregiver = den, der svarede, skal være en af familiens omsorgspersoner
interview-mode-unknown = ukendt interviewform »{ $given }«; brug en af { $known }
rating-date = datér vurderingen inden for den seneste måned og ikke i fremtiden
interviewer-is-therapist = familiens egen terapeut må ikke lave adhærensinterviewet; det gør supervisor eller ikke-klinisk personale
statements-count = besvar alle { $items } udsagn
survey-date = besvarelsen hører til udskrivningen den { $discharged }: fra to uger før til { $days } dage efter
survey-in-future = besvarelsen kan ikke dateres i fremtiden

## National identifiers
national-id-kind-unknown = ukendt type personnummer; brug danish_cpr, norwegian_fnr, norwegian_d_number eller norwegian_h_number
cpr-no-modulus-11 = CPR-nummeret opfylder ikke den gamle modulus 11-kontrol; det er tilladt for numre udstedt siden 1. oktober 2007, men tjek for tastefejl
cpr-shape = et CPR-nummer har 10 cifre (DDMMÅÅ-SSSS)
cpr-birth-date-invalid = { $masked } har ingen gyldig fødselsdato ({ $date } findes ikke)
fnr-birth-date-invalid = { $masked } har ingen gyldig fødselsdato (dag { $day }, måned { $month })
fnr-shape = et norsk personnummer (fødselsnummer eller D-nummer) har 11 cifre
fnr-fh-number = dette er et FH-nummer (første ciffer 8 eller 9), et hjælpenummer uden fødselsdato; det kan ikke bruges som personnummer her, så angiv personens fødselsnummer eller D-nummer
fnr-check-digits = kontrolcifrene i det norske personnummer passer ikke; tjek nummeret for tastefejl
fnr-d-and-h-number = et nummer kan ikke både være et D-nummer (dag + 40) og et H-nummer (måned + 40)

## Conflicts the stores find
team-name-taken = der findes allerede et team med navnet »{ $name }« i { $country }
programme-model-unknown = ukendt programmodel »{ $given }«
share-bp-out-of-range = andelen { $share } ligger uden for det tilladte
owner-listed-twice-unnamed = en kommune står der to gange
share-out-of-range-unnamed = en ejerandel ligger uden for det tilladte
already-in-position = { $name } er allerede { LOWER($position) } i dette team
membership-ended = medlemskabet er allerede afsluttet
membership-end-before-start = et medlemskab kan ikke slutte, før det begynder
person-listed-twice = den samme person står to gange i familien
token-revoked = nøglen er allerede tilbagekaldt
username-taken = brugernavnet »{ $username }« er optaget
survey-before-discharge = spørgeskemaet besvares ved udskrivning; familien er ikke udskrevet
survey-recorded = familiens besvarelse er allerede registreret
referral-recorded = henvisningen i denne sag er allerede registreret
week-summarised = ugen fra { $week } har allerede en ugeopsummering; ret den i stedet
already-discharged = familien er allerede udskrevet
follow-up-before-discharge = en opfølgning kommer efter udskrivningen; familien er ikke udskrevet
case-not-in-team = sag { $case } er ikke en af teamets familier
record-exists = der findes allerede en post med disse værdier{ $what }
database-exists = databasen { $name } findes allerede

## Logging in, sessions, accounts
bad-credentials = brugernavn eller adgangskode er forkert
session-ended = din session er udløbet; log ind igen
totp-already-enrolled = totrinslogin er allerede sat op for denne konto
already-logged-in = du er allerede logget ind
totp-malformed = koden skal være 6 cifre
totp-replayed = koden er allerede brugt; vent på den næste
totp-wrong = koden er ikke korrekt
totp-secret-invalid = den hemmelige nøgle er ikke gyldig
current-password-wrong = den nuværende adgangskode er forkert
new-password-same = den nye adgangskode skal være forskellig fra den nuværende
api-token-invalid = API-nøglen er ugyldig eller tilbagekaldt
api-token-expired = API-nøglen udløb { $day }; lav en ny på din kontoside
api-token-scope = denne API-nøgles omfang ({ $scope }) tillader ikke dette; brug en nøgle med flere rettigheder, eller log ind
api-rate-limited = denne API-nøgle har sendt for mange forespørgsler; vent { $seconds } sekunder, og prøv igen
token-scope-unknown = ukendt omfang for nøglen »{ $given }«; brug et af { $known }
token-lifetime = en nøgle gælder mindst 1 og højst { $max } dage
deactivate-self = du kan ikke deaktivere din egen konto
second-factor-by-owner = en ekstra faktor sættes op af sin ejer ved login

## Referrals and families
national-id-or-birth-date = angiv et personnummer eller en fødselsdato
national-id-not-protected = kunne ikke beskyttes
team-missing = der findes intet team { $team }
referring-municipality-missing = angiv den henvisende kommune
municipality-unknown-today = ingen { $country ->
        [DK] dansk
       *[other] norsk
    } kommune har koden { $code } i dag
municipality-unknown-on = ingen { $country ->
        [DK] dansk
       *[other] norsk
    } kommune har koden { $code } pr. { $date }
caregivers-too-many = højst { $max } omsorgspersoner
role-sees-aggregates = din rolle ({ LOWER($role) }) ser samlede tal, ikke enkelte familier
break-glass-reason-short = skriv, hvorfor du har brug for adgang, med mindst { $min } tegn
break-glass-review-supervisor = kun supervisorer gennemgår nødadgang

## Refusals and conflicts of the use cases
role-no-access = din rolle ({ LOWER($role) }) giver ikke adgang til { $object ->
        [case] denne sag
        [user] denne bruger
        [team] dette team
        [person] denne person
        [audit_log] revisionssporet
        [api_token] denne API-nøgle
        [supervision] dette møde
        [team_membership] dette medlemskab
        [results] disse resultater
       *[other] disse oplysninger
    }
collector-missing = svarene registreres af den, der har indsamlet dem
interview-not-in-treatment = adhærensinterviews laves, mens familien er i behandling
treatment-not-assigned = familien har endnu ingen terapeut eller startdato
rating-by-therapists = supervisoren vurderes af teamets terapeuter
rating-own-team = teamets terapeuter vurderer deres supervisor
rating-no-supervisor = teamet har ingen supervisor at vurdere
collector-not-therapist = supervisor (eller ikke-klinisk personale) indsamler dette hos omsorgspersonerne – aldrig familiens terapeut
interviews-team-only = adhærensinterviews hører til teamet; kommuner ser adhærens som samlede tal
interview-reminders-supervisor = påmindelser om adhærensinterviews er til teamets supervisor
programme-model-unknown-known = ukendt programmodel »{ $given }«; kendte modeller: { $known }
user-other-country = { $name } arbejder i { $user_country }, teamet i { $team_country }
role-cannot-hold-position = en bruger med rollen { LOWER($role) } kan ikke have funktionen { LOWER($position) }
user-deactivated = { $name } er deaktiveret
results-need-login = resultater vises kun for brugere, der er logget ind
results-not-for-auditors = revisorer læser revisionsloggen, ikke resultater
month-shape = angiv en måned som ÅÅÅÅ-MM, fx 2026-01
supervisor-decides = kun teamets supervisor træffer beslutning om henvisninger og tildelinger
supervisor-records-meetings = kun teamets supervisor registrerer teamets møder
therapist-not-in-team = vælg en terapeut fra familiens team
therapist-already-assigned = terapeuten arbejder allerede med familien
treatment-start-window = behandlingen skal starte inden for { $days } dage fra i dag
assessment-not-in-treatment = udredningen laves under behandlingen
treatment-no-start = behandlingen har ingen startdato
discharge-date-missing = familien har ingen udskrivningsdato
meeting-kind = et møde er enten supervision eller konsultation
meeting-in-future = et møde kan ikke ligge i fremtiden
attendees-missing = angiv, hvem der deltog
families-discussed-missing = angiv de familier, der blev drøftet

## How the web layer says the use cases' answers
invalid = nogle felter er ikke udfyldt korrekt
not-found = { $what } findes ikke
too-many-attempts = for mange mislykkede forsøg; prøv igen om { $minutes } minutter
version-mismatch = posten er ændret af en anden (nu version { $current }); genindlæs siden og prøv igen
unavailable = Databasen er ikke tilgængelig lige nu; prøv igen om lidt.
internal = Der gik noget galt hos os; fejlen er logget.
storage-not-writable = Intet blev gemt: serverens disk er fuld eller skrivebeskyttet. Det, der allerede er gemt, er i sikkerhed og kan stadig læses. Giv administratoren besked, og prøv igen, når der er gjort plads.

## Names of fields, for pages that show a message away from its field
field-password = Adgangskode
field-current_password = Nuværende adgangskode
field-new_password = Ny adgangskode
field-name = Navn
field-username = Brugernavn
field-display_name = Navn
field-email = E-mail
field-role = Rolle
field-municipality_code = Kommune
field-country = Land
field-reason = Begrundelse
field-before = Før hændelse nr.
field-limit = Antal pr. side

## The audit log's chain
audit-event-edited = hændelse { $seq } er ændret: indholdet svarer ikke til dens hash
audit-event-missing = hændelse { $seq } mangler (slettet)
audit-events-missing = hændelserne { $from } til { $to } mangler (slettet)
audit-event-relinked = hændelse { $seq } følger ikke efter den forrige hændelse (byttet om, flyttet eller indsat)
audit-checkpoint-mismatch = loggen indeholder ikke længere hændelse { $seq }, som den var ved kontrolpunktet (hændelser slettet eller omskrevet)
audit-checkpoint-forged = kontrolpunktet for hændelse { $seq } har en forkert signatur
audit-filter-id-shape = skal være et tal, f.eks. 42
audit-action-unknown = er ikke en handling, som revisionsloggen registrerer; vælg en fra listen
audit-limit-range = skal være et tal fra 1 til { $max }
audit-person-unknown = ingen person har dette person-id
national-id-no-person = der er ingen person med dette personnummer i Rundt

## The web layer's own refusals and request problems
bearer-token-shape = brug Authorization: Bearer <API-nøgle>
log-in-first = log ind først
second-factor-pending = gør login færdigt med koden fra din autentificeringsapp
csrf-token-missing = forespørgslen mangler sin CSRF-nøgle; genindlæs siden og prøv igen
form-csrf-missing = formularen mangler sin CSRF-nøgle; genindlæs siden
form-expired = formularen er udløbet; genindlæs siden og prøv igen
form-incomplete = formularen er ikke udfyldt helt: { $detail }
if-match-missing = send If-Match-headeren med det ETag, du senest læste, så ingen andres ændring overskrives
if-match-shape = If-Match skal være et ETag fra dette API, fx "3"
date-shape = »{ $given }« er ikke en dato; skriv ÅÅÅÅ-MM-DD
group-by-shape = opdel efter måned, kvartal eller år
denominator-shape = beregn andele af all_discharges eller af completers
families-page-shape = angiv et sidetal fra 1 og op
export-format = eksportér som csv, xlsx eller pdf
export-csv-flavour = vælg regional (semikolon og decimalkomma) eller rfc4180 (komma og decimalpunktum)
export-table-missing = angiv, hvilken tabel der skal eksporteres som CSV, fx table=trend
password-first = log først ind med din adgangskode
user-unknown = ukendt bruger
language-unknown = vælg dansk, norsk eller engelsk
week-start-mismatch = week_start i indholdet skal svare til ugen i stien
not-discharged-yet = familien er ikke udskrevet endnu
form-version-missing = formularen mangler familiens version
caseworkers-refer = kun kommunale sagsbehandlere henviser familier
role-sees-no-results = din rolle ser ikke resultater
caseload-above-maximum = terapeuten har nu { $open } familier; { $model } tillader højst { $max }
family-search-too-short = skriv mindst to bogstaver af et navn eller et helt CPR-nummer
therapist-choose = vælg en terapeut på listen
team-unknown = der er intet team med nummer { $id }
share-not-a-number = skriv andelen som et tal, fx 50 eller 33,33 (ikke »{ $given }«)
owner-municipality-missing = vælg kommunen
member-user-unknown = vælg en person fra listen
member-user-missing = vælg, hvem der skal med i teamet
position-missing = vælg en funktion

## Opbevaring og retligt tilbagehold
legal-hold-on = sagen er allerede sat i bero mod sletning (retligt tilbagehold)
legal-hold-none = sagen har intet retligt tilbagehold, der kan ophæves
case-erased-already = sagen er allerede anonymiseret efter en opbevaringsregel
case-erasure-not-ended = sagen er ikke afsluttet, så ingen opbevaringsregel gælder for den endnu
case-erasure-on-hold = sagen har et retligt tilbagehold: ophæv det først, hvis grunden til det er bortfaldet
case-erasure-new-entry = sagen har en registrering fra { $day }, efter at opbevaringsreglen blev vurderet; kør opbevaringen igen
case-erased = familiens sag er anonymiseret efter en opbevaringsregel; intet af den kan åbnes
retention-rule-keeps = opbevaringsreglen for denne slags oplysninger bevarer dem; intet fjernes
retention-needs-authorisation = regel { $rule } fjerner kun oplysninger med arkivmyndighedens afgørelse: angiv dens reference
retention-installation-only = log-ind-oplysninger hører til hele installationen: de slettes fra kommandolinjen (rundt retention)
legal-hold-case-number = angiv sagens nummer (kun cifre)

## MST-CAN: sikkerhed først og hændelser
safety-risk-missing = angiv mindst én risiko: hvad, fra hvem, mod hvem og i hvilke situationer
safety-warning-sign-missing = angiv mindst ét faresignal, familien holder øje med
safety-adult-action-missing = skriv for mindst én voksen, hvad vedkommende gør i stedet
safety-contact-missing = angiv mindst én person, hvert barn kan kontakte, og hvordan
safety-shared-before-agreed = planen kan ikke deles med kommunen, før familien har sagt ja til den
safety-plan-first = en MST-CAN-familie skal have sin sikkerhedsplan, før andet registreres: lav sikkerhedsplanen først
date-in-future = datoen kan ikke ligge i fremtiden
incident-in-future = en hændelse kan ikke dateres i fremtiden
incident-children-missing = angiv de børn, hændelsen omfattede
incident-child-not-in-family = et af de angivne børn er ikke med i familiens sag
child-outcome-missing = angiv for { $child }, om barnet bor hjemme, og om der er truffet afgørelse om anbringelse uden samtykke
child-outcome-not-a-child = person { $person } er ikke et af familiens børn i sagen
child-outcome-twice = person { $person } er angivet mere end én gang
child-outcomes-only-can = udfald pr. barn registreres kun for MST-CAN-familier; MST følger den unge med de tre udfald
notification-before-incident = kommunen kan ikke være underrettet før hændelsen
notification-not-needed-supervisor = kun teamets supervisor kan afgøre, at en hændelse ikke skulle underrettes til kommunen
safety-not-in-treatment = sikkerhedsplaner og hændelser registreres, mens familien er i behandling
crisis-plan-person-missing = angiv mindst én person at ringe til i en krise, med telefonnummer
crisis-plan-too-many-people = højst { $max } personer at ringe til: behold dem, familien faktisk vil ringe til
crisis-plan-phone-not-dialable = skriv et telefonnummer, der kan ringes op (cifre, mellemrum, + og -)
crisis-plan-not-in-treatment = kriseplanen skrives, mens familien er i behandling
crisis-contact-not-in-treatment = en krisekontakt kan kun registreres for en familie i behandling
crisis-contact-in-future = tidspunktet for kontakten er ikke kommet endnu: tjek dato og klokkeslæt
crisis-contact-response-missing = vælg mindst én ting, der blev gjort
crisis-contact-minutes = varigheden er et helt antal minutter fra 1 til { $max }
safety-review-missing = en MST-CAN-familie får sikkerhedsplanen gennemgået hver uge: vælg om planen holdt, blev ændret eller blev brudt

## MST-CAN: kortlægning og børnenes stemme
mapping-key-person-missing = angiv mindst én nøgleperson uden for familien
mapping-system-twice = systemet »{ LOWER($system) }« er kortlagt mere end én gang
mapping-system-empty = skriv mindst én styrke eller én risiko for systemet »{ LOWER($system) }«
voice-child-not-in-family = barnet er ikke et af børnene i familiens sag
mapping-not-in-treatment = kortlægning og børnenes stemme registreres, mens familien er i behandling
child-age-outside-model = barnet er { $age } år den dag henvisningen kommer; MST-CAN tager imod familier med børn fra { $min } til og med { $max } år
child-national-id-missing = angiv barnets CPR-nummer: hvert barn i en MST-CAN-familie registreres med sit
child-welfare-case-missing = angiv kommunens sagsnummer: MST-CAN gives inden for en børnesag
other-children-whole-family-only = flere børn registreres kun i et program for hele familien (MST-CAN); MST henviser én ung

## MST-CAN: behandlingsplan og moduler
plan-goal-missing = planen skal have mindst ét mål, som familien er enig i
plan-too-many-goals = en plan kan højst have { $max } mål; slå nogle af dem sammen
plan-intermediate-goal-missing = skriv mindst ét delmål på vejen mod det overordnede mål
plan-too-many-intermediate = et mål kan højst have { $max } delmål
plan-not-in-treatment = behandlingsplanen og modulerne registreres, mens familien er i behandling
module-start-missing = angiv, hvornår modulet startede (eller skal starte)
module-start-in-future = et modul, der er i gang eller afsluttet, kan ikke starte ude i fremtiden; sæt status til planlagt
module-end-before-start = modulet kan ikke slutte, før det er startet
module-end-but-not-ended = et modul med slutdato er gennemført eller afbrudt: vælg en af dem
module-ended-without-end = angiv, hvornår modulet blev gennemført eller afbrudt
module-sessions-range = antallet af sessioner skal være et helt tal fra 0 til { $max }
module-planned-with-sessions = et planlagt modul har ikke haft sessioner endnu: sæt status til i gang
module-too-many-screens = et modul kan højst have { $max } urinprøver
module-screen-outside = urinprøven skal være taget, mens modulet var i gang, og ikke ude i fremtiden
module-screens-only-rbt = urinprøver registreres kun i RBT-modulet for misbrugsbehandling
module-unknown = familien har intet modul med nummer { $id }

consultation-not-teams-psychiatrist = vælg en af teamets psykiatere
consultation-ended = konsultationen er afsluttet; bed om en ny
consultation-answer-asked-only = kun den psykiater, der blev spurgt, kan svare
consultation-not-in-treatment = der kan kun bedes om konsultation, mens familien er i behandling
role-sees-safety-only = krisesagsbehandleren ser teamets sikkerhedsplaner og hændelser på sin startside, ikke familiernes sager

## Vagtplan
oncall-person-not-on-team = vælg en af teamets terapeuter, dets supervisor eller dets krisesagsbehandler: kun de har vagt
oncall-shift-ends-before-start = en vagt skal slutte efter, at den begynder
oncall-shift-too-long = en vagt varer højst { $hours } timer; del den i to
oncall-split-hour = aftenvagten slutter på et helt klokkeslæt fra { $min }:00 til { $max }:00
oncall-nobody-to-assign = vælg mindst én person til at tage vagterne
oncall-gap = ingen har vagt fra { $from } til { $until }
oncall-on-leave = { $name } har vagt fra { $from } til { $until } under sit fravær
oncall-too-many-hours = { $name } har vagt { $hours } timer i træk fra { $from }; teamets grænse er { $max }
oncall-too-many-shifts = { $name } har { $shifts } vagter i ugen fra { $monday }; teamets grænse er { $max }
oncall-leave-ends-before-start = fraværet kan ikke slutte, før det begynder
oncall-limit-hours = det højeste antal timer i træk er et helt tal fra { $min } til { $max }
oncall-limit-shifts = det højeste antal vagter om ugen er et helt tal fra { $min } til { $max }
oncall-gap-reason-missing = vagtplanen har { $gaps ->
        [one] et hul
       *[other] { $gaps } huller
    }: udfyld { $gaps ->
        [one] det
       *[other] dem
    } eller skriv, hvorfor vagtplanen alligevel offentliggøres
oncall-swap-same-person = vælg en anden at bytte med
oncall-swap-not-on-team = en vagt kan kun byttes mellem to personer i teamet, som har vagt
oncall-swap-shift-begun = en vagt, der er begyndt, kan ikke byttes
oncall-swap-return-not-theirs = vagten, der gives til gengæld, skal være den andens egen
oncall-swap-not-agreed = begge skal sige ja til byttet
oncall-edit-not-allowed = kun teamets supervisor og det nationale kontor ændrer teamets vagtplan
oncall-read-not-allowed = kun teamets egne medarbejdere på vagt, dets supervisor og det nationale kontor ser teamets vagtplan
oncall-gaps-not-allowed = kun det nationale kontor ser hullerne i alle teams' vagtplaner
oncall-fill-ends-before-start = den sidste dag kan ikke ligge før den første
oncall-fill-too-long = udfyld højst { $days } dage ad gangen
oncall-phone-invalid = skriv vagttelefonens nummer med cifre, mellemrum, + og - (mindst 6 cifre, højst { $max } tegn)
oncall-swap-shift-unknown = vælg en af teamets vagter
oncall-swap-not-yours = kun de to i et bytte foreslår og svarer på det: den, der ikke foreslog det, siger ja eller nej, den, der foreslog det, kan trække det tilbage
oncall-swap-settled = byttet er allerede besvaret eller trukket tilbage
oncall-time-shape = '{ $given }' er ikke et tidspunkt; skriv ÅÅÅÅ-MM-DD TT:MM
oncall-months = hent fra 1 til { $max } måneder ad gangen
oncall-feed-own-needs-person = en kalender med egne vagter laves af en person, der er logget ind
oncall-feed-not-on-rota = kun personer på teamets vagtplan kan lave en kalender med egne vagter
oncall-feed-not-yours = kun den, der lavede kalenderen, og teamets supervisor kan tilbagekalde den

## Single sign-on
password-login-off = login med adgangskode er slået fra her; log ind med din organisations login
sso-login-unknown = login kunne ikke genkendes (det er brugt, eller det blev startet i en anden browser); start forfra
sso-login-too-old = login tog for lang tid; start forfra
sso-refused = svaret fra din organisations login kunne ikke godkendes; start forfra, og kontakt din administrator, hvis det sker igen
sso-not-linked = dit login virkede, men det er ikke knyttet til en konto i Rundt; bed din administrator om at knytte identiteten { $subject } til din konto
sso-subject-empty = skriv personens identitet (subject) hos identitetsudbyderen
sso-subject-invalid = identiteten må højst have 255 tegn og ingen styretegn
sso-identity-taken = identiteten { $subject } er allerede knyttet til en konto
sso-provider-unknown = identitetsudbyderen er ikke sat op i denne installation
