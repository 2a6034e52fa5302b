# Messages of the people rules (issue 15): training, attendance, boosters,
# development plans, consultant ratings.

initial-training-missing = { $name } har ikke registrert { $missing }{ $more ->
    [0] {""}
   *[other] {" "}(og { $more } kurs til)
} og kan ikke få familier ennå. Registrer opplæringen på medarbeiderens side, eller gi unntak med en begrunnelse under teamets medarbeidere.
person-not-in-team = personen er ikke i teamet
training-exception-not-needed = personens grunnopplæring er fullført; det trengs ikke unntak
plan-subject-not-in-team = utviklingsplaner skrives for teamets terapeuter og veileder; personen har ikke en av de stillingene i teamet
plan-missing-for-review = det er ingen utviklingsplan å følge opp ennå; skriv planen først
consultant-rating-by-team = konsulenten vurderes av teamets veileder og terapeuter
consultant-rating-own-team = du kan bare vurdere konsulenten i ditt eget team
consultant-rating-no-consultant = teamet har ingen konsulent å vurdere
people-for-managers = oversikten er for kommunale ledere og den nasjonale enheten
certificate-base64 = kursbeviset må sendes som base64
training-kind-unknown = ukjent opplæring «{ $given }»; bruk en av { $known }
absence-reason-unknown = ukjent fraværsårsak «{ $given }»; bruk en av { $known }
competence-unknown = velg en av modellens kompetanser for målet
training-title-missing = skriv kursets navn
training-in-future = registrer opplæringen når den er fullført: siste dag kan ikke være etter i dag
training-ends-before-start = siste dag kan ikke være før første dag
training-days = antall dager må være mellom 1 og { $max }
training-exception-reason = skriv en begrunnelse for unntaket
certificate-empty = filen er tom; velg kursbeviset på nytt
certificate-too-large = filen er for stor; kursbeviset kan være høyst { $max_mb } MB
certificate-type = kursbeviset må være en PDF, PNG eller JPEG
attendance-not-member = personen var ikke i teamet den dagen
attendance-twice = personen står der to ganger
absence-reason-missing = velg en årsak til fraværet, eller kryss av for deltakelse
absence-reason-when-present = en som deltok, har ingen fraværsårsak
booster-topic-missing = skriv boosterens tema
booster-trainer-missing = skriv hvem som underviser
booster-planned-too-far = en booster kan planlegges høyst to år frem
booster-held-in-future = en booster kan ikke registreres som holdt på en dato etter i dag; planlegg den i stedet
booster-attendees-missing = velg hvem som deltok
booster-attendees-before-held = deltakere registreres når boosteren er holdt
booster-already-held = boosteren er allerede registrert som holdt
plan-goals = planen må ha mellom 1 og { $max } mål
development-goal-missing = skriv målet
plan-actions-missing = skriv tiltakene for målet
plan-review-date = oppfølgingsdatoen må være etter i dag og innen ett år
plan-review-before-plan = oppfølgingen kan ikke være før planen ble skrevet ({ $started_on })
plan-review-in-future = oppfølgingen kan ikke være etter i dag
plan-next-review = neste oppfølging må være etter denne og innen ett år
plan-review-notes-missing = skriv hva som kom ut av planen
