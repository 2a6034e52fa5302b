## Penger: beløp, priser, kjøpsavtaler, lisensavgift, budsjett (issue 14).

## Amounts as typed
amount-empty = skriv et beløp, f.eks. 299 000 eller 299 000,50
amount-negative = beløpet kan ikke være negativt
amount-not-a-number = «{ $given }» er ikke et beløp; skriv f.eks. 299 000 eller 299 000,50
amount-too-many-decimals = «{ $given }» har for mange desimaler; skriv høyst to (øre), f.eks. 1 234,50
amount-too-large = beløpet er for stort; det høyeste Rundt tar imot er 100 mrd. kr.

## Prices
price-not-positive = prisen for et forløp må være over 0 kr.
extra-week-price-negative = prisen for en ekstra uke kan ikke være negativ; la feltet stå tomt hvis ekstra uker ikke koster noe
planned-weeks-out-of-range = forløpets planlagte lengde må være mellom { $min } og { $max } uker
currency-not-the-teams = teamet tar betalt i { $currency }; oppgi prisen i { $currency }
currency-unknown = ukjent valuta «{ $given }»; bruk en av { $known }
team-has-no-price = { $team } har ingen forløpspris som gjelder { $day }; en administrator må sette teamets pris før henvisningen kan prises
team-has-no-owner = { $team } har ingen eierkommune å fakturere fra; registrer teamets eiere først

## Purchase agreements
agreement-seller-not-owner = kommune { $seller } eier ikke teamet; selgeren må være en av teamets eierkommuner
agreement-buyer-is-seller = kjøper og selger er samme kommune; en kommune kjøper ikke plasser av seg selv
agreement-buyer-is-owner = kommune { $buyer } eier en del av teamet og betaler teamets egen pris; det trengs ingen kjøpsavtale
agreement-places-missing = oppgi hvor mange plasser avtalen kjøper per år
agreement-places-at-least-one = antall plasser må være minst 1
agreement-places-too-many = en avtale kan kjøpe høyst { $max } plasser
agreement-ends-before-it-starts = avtalen kan ikke slutte før den begynner ({ $from }); rett sluttdatoen
agreement-overlaps = kommune { $buyer } har allerede en avtale med teamet fra { $from } til { $until }; la den nye avtalen begynne dagen etter, eller rett den gamle
agreement-overlaps-open-ended = kommune { $buyer } har allerede en avtale med teamet fra { $from } uten sluttdato; sett en sluttdato på den før en ny avtale kan begynne
places-basis-unknown = ukjent opptelling av plasser «{ $given }»; bruk en av { $known }
pricing-basis-unknown = ukjent prisgrunnlag «{ $given }»; bruk et av { $known }

## Budgets and billing details
budget-category-unknown = ukjent budsjettkategori «{ $given }»; bruk en av { $known }
endpoint-scheme-unknown = ukjent type elektronisk adresse «{ $given }»; bruk en av { $known }

## Refusals of the money use cases and forms (the lead's part of issue 14).
money-year-out-of-range = året må være et årstall fra 2000 til 2100
amount-must-be-positive = beløpet må være over 0
budget-too-many-lines = et budsjett kan ha høyst { $max } linjer
budget-staff-needs-position = en lønnspost må oppgi stillingen, og bare lønnsposter har en stilling
placement-months-out-of-range = antall måneder må være fra 1 til 60
placement-assumption-missing = skriv hvor tallet for en plassering kommer fra, så andre kan se forutsetningen
billing-name-missing = skriv kommunens juridiske navn slik det skal stå på fakturaen
cvr-invalid = et dansk CVR-nummer er 8 sifre
org-number-invalid = et organisasjonsnummer er 9 sifre med gyldig kontrollsiffer
endpoint-invalid = den elektroniske adressen passer ikke til ordningen: et EAN/GLN-nummer er 13 sifre med kontrollsiffer, et CVR-nummer 8 sifre, et organisasjonsnummer 9 sifre
billing-address-missing = skriv adresse, postnummer og poststed
einvoice-internal = kommunens egne forløp i eget team faktureres ikke
einvoice-nothing-to-invoice = det er ingenting å fakturere mellom de to kommunene i perioden
einvoice-billing-details-missing = kommune { $municipality } mangler faktureringsopplysninger (organisasjonsnummer og elektronisk adresse); de skrives på kommunens økonomiside
money-municipality-choose = velg en kommune fra listen
money-places-range = antall plasser må være fra 1 til 1000
invoice-period-shape = perioden «{ $given }» må skrives som en måned (2026-07) eller et kvartal (2026-Q3)
team-closes-before-it-starts = siste dag kan ikke være før teamet startet ({ $started_on })
