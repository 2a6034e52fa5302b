# Messages of the people rules (issue 15): training, attendance, boosters,
# development plans, consultant ratings.

initial-training-missing = { $name } har ikke registreret { $missing }{ $more ->
    [0] {""}
   *[other] {" "}(og { $more } kursus mere)
} og kan ikke få familier endnu. Registrér uddannelsen på medarbejderens side, eller giv dispensation med en begrundelse under teamets medarbejdere.
person-not-in-team = personen er ikke i teamet
training-exception-not-needed = personens grunduddannelse er gennemført; der er ikke brug for dispensation
plan-subject-not-in-team = udviklingsplaner skrives for teamets terapeuter og supervisor; personen har ikke en af de stillinger i teamet
plan-missing-for-review = der er ingen udviklingsplan at følge op på endnu; skriv planen først
consultant-rating-by-team = konsulenten vurderes af teamets supervisor og terapeuter
consultant-rating-own-team = du kan kun vurdere konsulenten i dit eget team
consultant-rating-no-consultant = teamet har ingen konsulent at vurdere
people-for-managers = oversigten er for kommunale ledere og den nationale enhed
certificate-base64 = kursusbeviset skal sendes som base64
training-kind-unknown = ukendt uddannelse »{ $given }«; brug en af { $known }
absence-reason-unknown = ukendt fraværsårsag »{ $given }«; brug en af { $known }
competence-unknown = vælg en af modellens kompetencer til målet
training-title-missing = skriv kursets navn
training-in-future = registrér uddannelsen, når den er gennemført: sidste dag kan ikke ligge efter i dag
training-ends-before-start = sidste dag kan ikke ligge før første dag
training-days = antal dage skal være mellem 1 og { $max }
training-exception-reason = skriv en begrundelse for dispensationen
certificate-empty = filen er tom; vælg kursusbeviset igen
certificate-too-large = filen er for stor; kursusbeviset må højst fylde { $max_mb } MB
certificate-type = kursusbeviset skal være en PDF, PNG eller JPEG
attendance-not-member = personen var ikke i teamet på dagen
attendance-twice = personen står der to gange
absence-reason-missing = vælg en årsag til fraværet, eller sæt flueben for deltagelse
absence-reason-when-present = en person, der deltog, har ingen fraværsårsag
booster-topic-missing = skriv boosterens emne
booster-trainer-missing = skriv, hvem der underviser
booster-planned-too-far = en booster kan planlægges højst to år frem
booster-held-in-future = en booster kan ikke registreres som holdt på en dato efter i dag; planlæg den i stedet
booster-attendees-missing = vælg, hvem der deltog
booster-attendees-before-held = deltagere registreres, når boosteren er holdt
booster-already-held = boosteren er allerede registreret som holdt
plan-goals = planen skal have mellem 1 og { $max } mål
development-goal-missing = skriv målet
plan-actions-missing = skriv handlingerne for målet
plan-review-date = opfølgningsdatoen skal ligge efter i dag og inden for et år
plan-review-before-plan = opfølgningen kan ikke ligge før planen blev skrevet ({ $started_on })
plan-review-in-future = opfølgningen kan ikke ligge efter i dag
plan-next-review = næste opfølgning skal ligge efter denne og inden for et år
plan-review-notes-missing = skriv, hvad der kom ud af planen
