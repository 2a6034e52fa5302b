## Penge: beløb, priser, købsaftaler, licensgebyr, budget (issue 14).

## Amounts as typed
amount-empty = skriv et beløb, fx 299.000 eller 299.000,50
amount-negative = beløbet må ikke være negativt
amount-not-a-number = »{ $given }« er ikke et beløb; skriv fx 299.000 eller 299.000,50
amount-too-many-decimals = »{ $given }« har for mange decimaler; skriv højst to (øre), fx 1.234,50
amount-too-large = beløbet er for stort; det højeste Rundt tager imod er 100 mia. kr.

## Prices
price-not-positive = prisen for et forløb skal være over 0 kr.
extra-week-price-negative = prisen for en ekstra uge må ikke være negativ; lad feltet stå tomt, hvis ekstra uger ikke koster noget
planned-weeks-out-of-range = forløbets planlagte længde skal være mellem { $min } og { $max } uger
currency-not-the-teams = teamet tager betaling i { $currency }; angiv prisen i { $currency }
currency-unknown = ukendt valuta »{ $given }«; brug en af { $known }
team-has-no-price = { $team } har ingen forløbspris, der gælder { $day }; en administrator skal sætte teamets pris, før henvisningen kan prissættes
team-has-no-owner = { $team } har ingen ejerkommune at fakturere fra; angiv teamets ejere først

## Purchase agreements
agreement-seller-not-owner = kommune { $seller } ejer ikke teamet; sælgeren skal være en af teamets ejerkommuner
agreement-buyer-is-seller = køber og sælger er den samme kommune; en kommune køber ikke pladser af sig selv
agreement-buyer-is-owner = kommune { $buyer } ejer en del af teamet og betaler teamets egen pris; der skal ikke laves en købsaftale
agreement-places-missing = angiv, hvor mange pladser aftalen køber om året
agreement-places-at-least-one = antallet af pladser skal være mindst 1
agreement-places-too-many = en aftale kan højst købe { $max } pladser
agreement-ends-before-it-starts = aftalen kan ikke slutte, før den begynder ({ $from }); ret slutdatoen
agreement-overlaps = kommune { $buyer } har allerede en aftale med teamet fra { $from } til { $until }; lad den nye aftale begynde dagen efter, eller ret den gamle
agreement-overlaps-open-ended = kommune { $buyer } har allerede en aftale med teamet fra { $from } uden slutdato; sæt en slutdato på den, før en ny aftale kan begynde
places-basis-unknown = ukendt opgørelse af pladser »{ $given }«; brug en af { $known }
pricing-basis-unknown = ukendt prisgrundlag »{ $given }«; brug et af { $known }

## Budgets and billing details
budget-category-unknown = ukendt budgetkategori »{ $given }«; brug en af { $known }
endpoint-scheme-unknown = ukendt type elektronisk adresse »{ $given }«; brug en af { $known }

## Refusals of the money use cases and forms (the lead's part of issue 14).
money-year-out-of-range = året skal være et årstal fra 2000 til 2100
amount-must-be-positive = beløbet skal være over 0
budget-too-many-lines = et budget kan højst have { $max } linjer
budget-staff-needs-position = en lønpost skal angive stillingen, og kun lønposter har en stilling
placement-months-out-of-range = antal måneder skal være fra 1 til 60
placement-assumption-missing = skriv, hvor tallet for en anbringelse kommer fra, så andre kan se forudsætningen
billing-name-missing = skriv kommunens juridiske navn, som det skal stå på fakturaen
cvr-invalid = et CVR-nummer er 8 cifre
org-number-invalid = et organisasjonsnummer er 9 cifre med gyldigt kontrolciffer
endpoint-invalid = den elektroniske adresse passer ikke til ordningen: et EAN/GLN-nummer er 13 cifre med kontrolciffer, et CVR-nummer 8 cifre, et norsk organisasjonsnummer 9 cifre
billing-address-missing = skriv adresse, postnummer og by
einvoice-internal = kommunens egne forløb i eget team faktureres ikke
einvoice-nothing-to-invoice = der er intet at fakturere mellem de to kommuner i perioden
einvoice-billing-details-missing = kommune { $municipality } mangler faktureringsoplysninger (CVR-nummer og EAN-nummer); de skrives på kommunens økonomiside
money-municipality-choose = vælg en kommune fra listen
money-places-range = antal pladser skal være fra 1 til 1000
invoice-period-shape = perioden «{ $given }» skal skrives som en måned (2026-07) eller et kvartal (2026-Q3)
team-closes-before-it-starts = holddagen kan ikke ligge før teamet startede ({ $started_on })
