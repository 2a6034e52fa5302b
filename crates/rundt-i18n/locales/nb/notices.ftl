# Notices (issue 18): the start page's "new since last time", the account
# page's e-mail choice, the administrator's outbox, and the e-mails.

notice-kind-new_referral = Ny henvisning
notice-kind-acknowledgement_overdue = Henvisning ikke kvittert i tide
notice-kind-weekly_summary_missing = Ukesoppsummering mangler
notice-kind-interview_due = Adherence-intervju forfaller
notice-kind-oncall_gap = Hull i vaktplanen
notice-kind-break_glass_review = Nødtilgang til gjennomgang

notice-kind-unknown = er ikke en type melding Rundt kjenner
notices-only-people = bare en person som er logget inn, har meldinger
notices-at-most = høyst { $max } meldinger om gangen
email-not-plausible = ligner ikke en e-postadresse (navn@eksempel.no)
email-needed-for-notices = skriv en e-postadresse for å få meldinger på e-post
outbox-not-allowed = bare nasjonalt kontors administrator ser utboksen

notices-heading = Nytt siden sist
notices-more = og { $count } til — de vises neste gang
notices-team = { $team }
notices-case = sak { $case }

account-notices-heading = Meldinger på e-post
account-notices-intro = Startsiden din viser alltid hva som venter på deg. Vil du også ha en e-post når noe skjer? E-posten sier bare hva og hvilket team — aldri navn eller innhold fra saken.
account-notices-email = E-postadresse
account-notices-by-email = Send meg også meldinger på e-post
account-notices-save = Lagre
account-notices-saved = Lagret.

outbox-title = Utboks
outbox-intro = Meldinger på e-post som ikke har kommet fram. Rundt prøver igjen med stadig lengre pauser i omtrent et døgn og gir så opp; da står de her.
outbox-pending = Venter
outbox-retrying = Prøver igjen
outbox-sent = Sendt
outbox-failed = Gitt opp
outbox-unseen = Ikke sett på startsiden
outbox-none = Ingen e-poster har feilet.
outbox-kind = Type
outbox-user = Mottaker
outbox-created = Opprettet
outbox-attempts = Forsøk
outbox-next = Neste forsøk
outbox-error = Siste feil
outbox-given-up = gitt opp

mail-subject-new_referral = Ny henvisning til { $team }
mail-subject-acknowledgement_overdue = En henvisning til { $team } er ikke kvittert i tide
mail-subject-weekly_summary_missing = En ukesoppsummering mangler i { $team }
mail-subject-interview_due = Et adherence-intervju forfaller i { $team }
mail-subject-oncall_gap = Hull i vaktplanen for { $team }
mail-subject-break_glass_review = En nødtilgang i { $team } venter på gjennomgang
mail-body-new_referral = Det er kommet en ny henvisning til { $team }.
mail-body-acknowledgement_overdue = En henvisning til { $team } er ikke kvittert innen fristen.
mail-body-weekly_summary_missing = Forrige ukes oppsummering mangler for en familie i { $team }.
mail-body-interview_due = Et adherence-intervju forfaller snart for en familie i { $team }.
mail-body-oncall_gap = Vaktplanen for { $team } har et hull de kommende ukene.
mail-body-break_glass_review = Noen har åpnet en families sak med nødtilgang i { $team }. Den venter på din gjennomgang.
mail-body-login = Logg inn for å se den: { $link }
mail-body-footer = Du får denne e-posten fordi du har bedt om meldinger på e-post i Rundt. Du kan slå det av på kontosiden din.
mail-team-unknown = teamet ditt
