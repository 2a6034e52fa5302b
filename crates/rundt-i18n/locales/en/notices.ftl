# Notices (issue 18): the start page's "new since last time", the account
# page's e-mail choice, the administrator's outbox, and the e-mails.

notice-kind-new_referral = New referral
notice-kind-acknowledgement_overdue = Referral not acknowledged in time
notice-kind-weekly_summary_missing = Weekly summary missing
notice-kind-interview_due = Adherence interview due
notice-kind-oncall_gap = Gap in the on-call rota
notice-kind-break_glass_review = Break-glass access to review

notice-kind-unknown = is not a kind of notice Rundt knows
notices-only-people = only a person who is logged in has notices
notices-at-most = at most { $max } notices at a time
email-not-plausible = does not look like an e-mail address (name@example.org)
email-needed-for-notices = give an e-mail address to get notices by e-mail
outbox-not-allowed = only the national office's administrator sees the outbox

notices-heading = New since last time
notices-more = and { $count } more — shown next time
notices-team = { $team }
notices-case = case { $case }

account-notices-heading = Notices by e-mail
account-notices-intro = Your start page always shows what waits for you. Would you also like an e-mail when something happens? The e-mail says only what and which team — never names or anything from the case.
account-notices-email = E-mail address
account-notices-by-email = Also send me notices by e-mail
account-notices-save = Save
account-notices-saved = Saved.

outbox-title = Outbox
outbox-intro = Notices by e-mail that have not arrived. Rundt tries again with longer and longer pauses for about a day and then gives up; then they are listed here.
outbox-pending = Waiting
outbox-retrying = Retrying
outbox-sent = Sent
outbox-failed = Given up
outbox-unseen = Not yet seen on the start page
outbox-none = No e-mail has failed.
outbox-kind = Kind
outbox-user = Recipient
outbox-created = Created
outbox-attempts = Tries
outbox-next = Next try
outbox-error = Last error
outbox-given-up = given up

mail-subject-new_referral = New referral for { $team }
mail-subject-acknowledgement_overdue = A referral for { $team } was not acknowledged in time
mail-subject-weekly_summary_missing = A weekly summary is missing in { $team }
mail-subject-interview_due = An adherence interview is due in { $team }
mail-subject-oncall_gap = Gap in the on-call rota of { $team }
mail-subject-break_glass_review = A break-glass access in { $team } waits for review
mail-body-new_referral = There is a new referral for { $team }.
mail-body-acknowledgement_overdue = A referral for { $team } was not acknowledged by its deadline.
mail-body-weekly_summary_missing = Last week's summary is missing for a family in { $team }.
mail-body-interview_due = An adherence interview is due soon for a family in { $team }.
mail-body-oncall_gap = The on-call rota of { $team } has a gap in the coming weeks.
mail-body-break_glass_review = Someone opened a family's file by break-glass in { $team }. It waits for your review.
mail-body-login = Log in to see it: { $link }
mail-body-footer = You get this e-mail because you asked for notices by e-mail in Rundt. You can turn it off on your account page.
mail-team-unknown = your team
