# Notices (issue 18): the start page's "new since last time", the account
# page's e-mail choice, the administrator's outbox, and the e-mails.

notice-kind-new_referral = Ny henvisning
notice-kind-acknowledgement_overdue = Henvisning ikke kvitteret i tide
notice-kind-weekly_summary_missing = Ugeopsummering mangler
notice-kind-interview_due = Adherence-interview forfalder
notice-kind-oncall_gap = Hul i vagtplanen
notice-kind-break_glass_review = Nødadgang til gennemsyn

notice-kind-unknown = er ikke en slags besked, Rundt kender
notices-only-people = kun en person, der er logget ind, har beskeder
notices-at-most = højst { $max } beskeder ad gangen
email-not-plausible = ligner ikke en e-mailadresse (navn@eksempel.dk)
email-needed-for-notices = skriv en e-mailadresse for at få beskeder på e-mail
outbox-not-allowed = kun det nationale kontors administrator ser udbakken

notices-heading = Nyt siden sidst
notices-more = og { $count } mere — de vises næste gang
notices-team = { $team }
notices-case = sag { $case }

account-notices-heading = Beskeder på e-mail
account-notices-intro = Din startside viser altid, hvad der venter på dig. Vil du også have en e-mail, når der sker noget? E-mailen siger kun hvad og hvilket team — aldrig navne eller indhold fra sagen.
account-notices-email = E-mailadresse
account-notices-by-email = Send mig også beskeder på e-mail
account-notices-save = Gem
account-notices-saved = Gemt.

outbox-title = Udbakke
outbox-intro = Beskeder på e-mail, der ikke er kommet frem. Rundt prøver igen med stigende pauser i omkring et døgn og giver derefter op; så står de her.
outbox-pending = Venter
outbox-retrying = Prøver igen
outbox-sent = Sendt
outbox-failed = Opgivet
outbox-unseen = Ikke set på startsiden
outbox-none = Ingen e-mails har fejlet.
outbox-kind = Slags
outbox-user = Modtager
outbox-created = Oprettet
outbox-attempts = Forsøg
outbox-next = Næste forsøg
outbox-error = Sidste fejl
outbox-given-up = opgivet

mail-subject-new_referral = Ny henvisning til { $team }
mail-subject-acknowledgement_overdue = En henvisning til { $team } er ikke kvitteret i tide
mail-subject-weekly_summary_missing = En ugeopsummering mangler i { $team }
mail-subject-interview_due = Et adherence-interview forfalder i { $team }
mail-subject-oncall_gap = Hul i vagtplanen for { $team }
mail-subject-break_glass_review = En nødadgang i { $team } venter på gennemsyn
mail-body-new_referral = Der er en ny henvisning til { $team }.
mail-body-acknowledgement_overdue = En henvisning til { $team } er ikke kvitteret inden fristen.
mail-body-weekly_summary_missing = Sidste uges opsummering mangler for en familie i { $team }.
mail-body-interview_due = Et adherence-interview forfalder snart for en familie i { $team }.
mail-body-oncall_gap = Vagtplanen for { $team } har et hul i de kommende uger.
mail-body-break_glass_review = Nogen har åbnet en families sag med nødadgang i { $team }. Den venter på dit gennemsyn.
mail-body-login = Log ind for at se den: { $link }
mail-body-footer = Du får denne e-mail, fordi du har bedt om beskeder på e-mail i Rundt. Du kan slå det fra på din kontoside.
mail-team-unknown = dit team
