## Starting a team: feasibility_report
## Mulighetsstudiens rapport til kommunestyrene og eksporten av den (issue 16).

## Målene for potensialet og de tre scenarioene (brukes også av sidene)
study-measure-offences_or_at_risk = Unge med lovbrudd eller i risiko for kriminalitet
study-measure-school_dropout = Unge som faller ut av skole eller utdanning
study-measure-placed_out_of_home = Unge plassert utenfor hjemmet
study-scenario-low = Lav
study-scenario-expected = Forventet
study-scenario-high = Høy

## Rapportens forside
study-report-document = Dokument
study-report-document-value = Mulighetsstudie – beslutningsgrunnlag for kommunestyret
study-report-municipalities = Kommuner og eierandeler
study-report-municipality-share = { $name } ({ $share })
study-report-programme = Program
study-report-team-name = Teamets navn
study-report-starts = Teamet starter
study-report-version = Versjon
study-report-version-value = { $version }, lagret { $saved }
study-report-exported = Utskriftsdato
study-report-status = Status
study-report-currency = Beløp i
study-report-status-draft = Under arbeid
study-report-status-approved = Godkjent, team opprettet
study-report-break-even = Går i balanse, { LOWER($scenario) }
study-report-break-even-in = i år { $year } (fra { $from })
study-report-break-even-none = ikke innen { $years } år
study-report-therapists = Terapeuter, { LOWER($scenario) }
study-report-therapists-value = { $needed } på fullt nivå; { $planned } i stilling ved utgangen av år { $year }
study-report-warnings = Advarsler
study-report-no-warnings = Ingen
study-report-warning = Advarsel
study-report-scenario = Scenario
study-report-footer = Rundt – { $title } – versjon { $version } – { $date }
study-report-file = mulighetsstudie { $title } versjon { $version }

## Scenarioene side om side
study-report-summary-title = Scenarioene side om side
study-report-families-per-year = Familier henvist per år på fullt nivå
study-report-therapists-needed = Terapeuter fullt nivå krever
study-report-therapists-at-end = Terapeuter ved utgangen av siste år
study-report-total-cost = Kostnad over alle år
study-report-total-value = Verdi av forebygde plasseringer over alle år
study-report-end-net = Akkumulert netto til slutt
study-report-break-even-col = Går i balanse

## År for år
study-report-years-title = År for år, { LOWER($scenario) }
study-report-year = År
study-report-year-n = År { $n }
study-report-referred = Henvist
study-report-served = Tatt inn
study-report-unmet = Uten plass
study-report-therapists-year-end = Terapeuter ved årets slutt
study-report-cost = Kostnad
study-report-avoided = Forebygde plasseringer
study-report-avoided-value = Forebygde plasseringer, verdi
study-report-net = Netto
study-report-cumulative = Akkumulert netto

## Bemanningsplanen
study-report-ramp-title = Bemanningsplan måned for måned
study-report-month = Måned
study-report-therapists-in = Terapeuter, { LOWER($scenario) }
study-report-referrals-in = Henvisninger, { LOWER($scenario) }
study-report-cost-in = Kostnad, { LOWER($scenario) }

## Potensialet og andelene
study-report-potential-title = Potensialet
study-report-municipality = Kommune
study-report-measure = Mål
study-report-count = Unge per år
study-report-source = Kilde
study-report-figure-year = Tallet gjelder år
study-report-shares-title = Forventet andel henvist per år

## Forutsetningene
study-report-assumptions-title = Forutsetninger og kilder
study-report-assumption = Forutsetning
study-report-value = Verdi
study-report-a-years = År som regnes
study-report-a-ramp-up = Måneder til henvisningene når fullt nivå
study-report-a-families-per-therapist = Familier per terapeut per år
study-report-a-therapist-salary = En terapeuts årslønn med sosiale kostnader
study-report-a-post-salary = Årslønn med sosiale kostnader: { $post } ({ $fte } av full stilling)
study-report-a-licence-fee = Lisens per år
study-report-a-licence-from = Lisensen betales fra studieår
study-report-a-start-up = Oppstart: { $what }
study-report-a-later-training = Grunnopplæring av hver terapeut som ansettes senere
study-report-a-travel = Reiser per år
study-report-a-overhead = Administrasjon (overhead), andel av personalkostnaden
study-report-a-placement-cost = En plassering utenfor hjemmet, kostnad per år
study-report-a-placement-months = Måneder en forebygget plassering ville ha vart
study-report-a-avoided-share = Andel av familiene som tas inn, der plassering forebygges, { LOWER($scenario) }

## Barrierene
study-report-barriers-title = Barrierer
study-report-barrier = Barriere
study-report-note = Notat
study-report-owner = Eier
study-report-resolved = Løst
study-report-yes = Ja
study-report-no = Nei

## Grafen
study-report-chart-title = Akkumulert netto år for år (forebygde plasseringer minus kostnad)
study-report-chart-unit = mill. kr
study-report-parts-title = Kommunenes andeler
study-report-parts-share = Andel av teamet
study-report-parts-net = Netto over alle år
