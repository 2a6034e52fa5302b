## Starting a team: feasibility_report
## Forundersøgelsens rapport til kommunalbestyrelserne og dens eksport (issue 16).

## Målene for potentialet og de tre scenarier (bruges også af siderne)
study-measure-offences_or_at_risk = Unge med kriminalitet eller i risiko for kriminalitet
study-measure-school_dropout = Unge, der falder fra skole eller uddannelse
study-measure-placed_out_of_home = Unge anbragt uden for hjemmet
study-scenario-low = Lav
study-scenario-expected = Forventet
study-scenario-high = Høj

## Rapportens forside
study-report-document = Dokument
study-report-document-value = Forundersøgelse – beslutningsgrundlag for kommunalbestyrelsen
study-report-municipalities = Kommuner og ejerandele
study-report-municipality-share = { $name } ({ $share })
study-report-programme = Program
study-report-team-name = Teamets navn
study-report-starts = Teamet starter
study-report-version = Version
study-report-version-value = { $version }, gemt { $saved }
study-report-exported = Udskriftsdato
study-report-status = Status
study-report-currency = Beløb i
study-report-status-draft = Under arbejde
study-report-status-approved = Godkendt, team oprettet
study-report-break-even = Tjener sig hjem, { LOWER($scenario) }
study-report-break-even-in = i år { $year } (fra { $from })
study-report-break-even-none = ikke inden for { $years } år
study-report-therapists = Terapeuter, { LOWER($scenario) }
study-report-therapists-value = { $needed } ved fuldt niveau; { $planned } i stilling ved udgangen af år { $year }
study-report-warnings = Advarsler
study-report-no-warnings = Ingen
study-report-warning = Advarsel
study-report-scenario = Scenarie
study-report-footer = Rundt – { $title } – version { $version } – { $date }
study-report-file = forundersøgelse { $title } version { $version }

## Scenarierne side om side
study-report-summary-title = Scenarierne side om side
study-report-families-per-year = Familier visiteret om året på fuldt niveau
study-report-therapists-needed = Terapeuter, fuldt niveau kræver
study-report-therapists-at-end = Terapeuter ved udgangen af sidste år
study-report-total-cost = Udgift over alle år
study-report-total-value = Værdi af forebyggede anbringelser over alle år
study-report-end-net = Akkumuleret netto til sidst
study-report-break-even-col = Tjener sig hjem

## År for år
study-report-years-title = År for år, { LOWER($scenario) }
study-report-year = År
study-report-year-n = År { $n }
study-report-referred = Visiteret
study-report-served = Modtaget
study-report-unmet = Uden plads
study-report-therapists-year-end = Terapeuter ved årets udgang
study-report-cost = Udgift
study-report-avoided = Forebyggede anbringelser
study-report-avoided-value = Forebyggede anbringelser, værdi
study-report-net = Netto
study-report-cumulative = Akkumuleret netto

## Bemandingsplanen
study-report-ramp-title = Bemandingsplan måned for måned
study-report-month = Måned
study-report-therapists-in = Terapeuter, { LOWER($scenario) }
study-report-referrals-in = Visitationer, { LOWER($scenario) }
study-report-cost-in = Udgift, { LOWER($scenario) }

## Potentialet og andelene
study-report-potential-title = Potentialet
study-report-municipality = Kommune
study-report-measure = Mål
study-report-count = Unge om året
study-report-source = Kilde
study-report-figure-year = Tallet gælder år
study-report-shares-title = Forventet andel visiteret om året

## Forudsætningerne
study-report-assumptions-title = Forudsætninger og kilder
study-report-assumption = Forudsætning
study-report-value = Værdi
study-report-a-years = År der regnes på
study-report-a-ramp-up = Måneder til visitationerne når fuldt niveau
study-report-a-families-per-therapist = Familier pr. terapeut om året
study-report-a-therapist-salary = En terapeuts årsløn inkl. omkostninger
study-report-a-post-salary = Årsløn inkl. omkostninger: { $post } ({ $fte } af fuld tid)
study-report-a-licence-fee = Licens om året
study-report-a-licence-from = Licensen betales fra undersøgelsesår
study-report-a-start-up = Opstart: { $what }
study-report-a-later-training = Grunduddannelse af hver terapeut, der ansættes senere
study-report-a-travel = Rejser om året
study-report-a-overhead = Administration (overhead), andel af lønudgiften
study-report-a-placement-cost = En anbringelse uden for hjemmet, udgift om året
study-report-a-placement-months = Måneder en forebygget anbringelse ville have varet
study-report-a-avoided-share = Andel af de modtagne familier, hvor en anbringelse forebygges, { LOWER($scenario) }

## Barriererne
study-report-barriers-title = Barrierer
study-report-barrier = Barriere
study-report-note = Note
study-report-owner = Ejer
study-report-resolved = Løst
study-report-yes = Ja
study-report-no = Nej

## Grafen
study-report-chart-title = Akkumuleret netto år for år (forebyggede anbringelser minus udgift)
study-report-chart-unit = mio. kr.
study-report-parts-title = Kommunernes andele
study-report-parts-share = Andel af teamet
study-report-parts-net = Netto over alle år
