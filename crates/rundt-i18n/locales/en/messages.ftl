## Messages of the rules and the use cases (errors, refusals, warnings), by code.
## The code is what the domain and the use cases produce (`msg!("code", name = value)`).


## Free text, names, users
text-empty = must not be empty
text-too-long = must be at most { $max } characters
legal-hold-reason-short = must be at least { $min } characters: say why the case must be kept (e.g. a pending complaint)
text-control-characters = must not contain control characters
role-unknown = unknown role '{ $given }'; use one of { $known }
role-needs-municipality = a { LOWER($role) } must belong to a municipality
role-without-municipality = only municipal roles belong to a municipality, not a { LOWER($role) }
user-invalid = invalid user
username-shape = must be 3-64 characters: letters a-z, digits, '.', '-' or '_'
email-invalid = '{ $given }' is not an e-mail address
password-too-short = must be at least { $min } characters

## Teams and their owners
position-unknown = unknown position '{ $given }'; use one of { $known }
programme-model-missing = must name a programme model, e.g. MST or MST-CAN
team-invalid = invalid team
owners-missing = a team needs at least one owning municipality
share-out-of-range = must be more than 0 and at most 100
share-too-precise = may have at most two decimals
owner-listed-twice = municipality { $code } is listed twice
shares-not-whole = ownership shares must add up to 100 %, they add up to { $total } %
warning-no-supervisor = The team has no supervisor.
warning-too-many-supervisors = The team has { $count } supervisors; the model has { $norm }.
warning-too-few-therapists = The team has { $count ->
        [one] { $count } therapist
       *[other] { $count } therapists
    }; the model asks for at least { $min }.
warning-too-many-therapists = The team has { $count } therapists; the model allows at most { $max }.
warning-no-crisis-caseworker = The model includes a crisis caseworker; the team has none.
warning-no-psychiatrist = The model includes a part-time psychiatrist; the team has none.

## Assessment and weekly summaries
system-assessed-once = assess the { LOWER($system) } system exactly once
key-participant-missing = name at least one key participant and what they want to change
overarching-goals-count = set between 1 and 8 overarching goals
week-start-not-monday = give the Monday of the week summarised
week-before-treatment = treatment started { $start }; this week is before that
week-not-begun = a week that has not begun cannot be summarised
contacts-too-many = at most { $max } contacts a week
contact-outside-week = the contact must fall in the week { $from } – { $to }
contact-in-future = a contact cannot be in the future
contact-minutes = minutes must be between 1 and 720
contact-with-missing = say who took part
contact-place-in-person = say where you met (a phone or video contact needs no place)
next-week-goal-missing = set at least one intermediary goal for next week
at-most-characters = at most { $max } characters

## A family's course (lifecycle)
status-unknown = unknown case status '{ $given }'
follow-up-months = follow-ups are at 6, 12 and 18 months
follow-up-recorded = the { $months }-month follow-up has already been recorded
step-refused = cannot { $step ->
        [acknowledge] acknowledge the referral
        [withdraw] withdraw the referral
        [add_information] add information to the referral
        [accept] accept the referral
        [decline] decline the referral
        [assign] assign a therapist and start treatment
        [reassign] change therapist
        [weekly_summary] write a weekly summary
        [discharge] discharge the family
       *[follow_up] record a follow-up
    } while the case is { LOWER($status) }{ $hint ->
        [accept_first] {" "}(accept the referral first)
        [not_started] {" "}(treatment has not started)
        [already_discharged] {" "}(the family is already discharged)
        [after_discharge] {" "}(follow-ups come after discharge)
        [team_decided] {" "}(the team has decided on the referral; contact the team)
        [withdrawn] {" "}(the referral was withdrawn)
       *[none] {""}
    }

## Municipalities, countries, periods
municipality-code-dk = '{ $given }' is not a Danish municipality code (three digits, e.g. 101 or 0101)
municipality-code-no = '{ $given }' is not a Norwegian municipality number (four digits, e.g. 0301)
reference-data-line = { $country } municipalities line { $line }: { $problem }
country-unknown = unknown country '{ $given }'; use DK or NO
period-reversed = the period starts ({ $from }) after it ends ({ $to })
period-too-long = a period is at most { $max } months (ten years)
period-out-of-range = the month { $month } is outside the calendar

## Referral
behaviour-missing = describe at least one behaviour the family is referred for
behaviours-too-many = at most { $max } behaviours
consent-in-future = consent cannot be given in the future
override-reason-missing = the referral does not meet the criteria; give a reason of at least { $min } characters to accept it anyway
born-after-referral = a person cannot be born after the day of referral ({ $referred }); check the date
young-person-age-implausible = this birth date makes the young person { $age } years old on the day of referral, far beyond the programme's ages ({ $min }–{ $max }); check the date
caregiver-age-implausible = this birth date makes the caregiver { $age } years old on the day of referral; a caregiver is { $min } to { $max } years old; check the date
referral-acknowledged = the team acknowledged this referral on { $on } already
supervisor-acknowledges = only the team's supervisor acknowledges a referral
phone-invalid = '{ $given }' is not a telephone number (digits, spaces and perhaps a leading +, e.g. +45 87 13 20 00)
home-phone-missing = give at least one phone number the family can be reached on
home-too-many-phones = at most { $max } phone numbers
home-not-in-treatment = the family's home and phone numbers are kept while the family waits or is in treatment
home-not-yours = the family's home and phone numbers are kept by the family's own therapist or the team's supervisor

## Discharge and follow-up
discharge-before-treatment = treatment started { $start }; discharge cannot be earlier
discharge-in-future = discharge cannot be in the future
goal-not-rated = rate the overarching goal "{ $goal }" as met, partly met or not met
follow-up-too-early = the { $months }-month follow-up is due { $due }; it can be made at most { $days } days early
follow-up-in-future = a follow-up cannot be in the future

## Adherence interviews, supervisor ratings, the family survey
interview-date = the interview date must fall in the treatment, not in the future
answers-count = give all { $items } items (unanswered as empty)
answers-scale = answers are 1 (not at all) to 5 (very much)
answers-too-few = at least { $min } of the { $items } items must be answered before the interview can be scored ({ $answered } answered)
respondent-not-caregiver = the person who answered must be one of the family's caregivers
interview-mode-unknown = unknown interview mode '{ $given }'; use one of { $known }
rating-date = date the rating within the last month, not in the future
interviewer-is-therapist = the family's own therapist may not make the adherence interview; the supervisor or non-clinical staff do
statements-count = answer all { $items } statements
survey-date = the survey belongs to the discharge on { $discharged }: from two weeks before to { $days } days after
survey-in-future = the survey cannot be dated in the future

## National identifiers
national-id-kind-unknown = unknown kind of national identifier; use danish_cpr, norwegian_fnr, norwegian_d_number or norwegian_h_number
cpr-no-modulus-11 = the CPR number does not satisfy the old modulus-11 check; this is allowed for numbers issued since 1 October 2007, but check for typing errors
cpr-shape = a CPR number has 10 digits (DDMMYY-SSSS)
cpr-birth-date-invalid = { $masked } has no valid birth date ({ $date } does not exist)
fnr-birth-date-invalid = { $masked } has no valid birth date (day { $day }, month { $month })
fnr-shape = a Norwegian national identity number (fødselsnummer or D-number) has 11 digits
fnr-fh-number = this is an FH-number (first digit 8 or 9), a help number without a birth date; it is not a personal identification number for this purpose, so enter the person's fødselsnummer or D-number
fnr-check-digits = the check digits of the Norwegian national identity number do not match; check the number for typing errors
fnr-d-and-h-number = a number cannot be both a D-number (day + 40) and an H-number (month + 40)

## Conflicts the stores find
team-name-taken = a team named '{ $name }' already exists in { $country }
programme-model-unknown = unknown programme model '{ $given }'
share-bp-out-of-range = the share { $share } is out of range
owner-listed-twice-unnamed = a municipality is listed twice
share-out-of-range-unnamed = an ownership share is out of range
already-in-position = { $name } is already { LOWER($position) } in this team
membership-ended = the membership has already ended
membership-end-before-start = a membership cannot end before it starts
person-listed-twice = the same person is listed twice in the family
token-revoked = the token has already been revoked
username-taken = the username '{ $username }' is taken
survey-before-discharge = the survey is answered at discharge; the family is not discharged
survey-recorded = the family's experience survey has already been recorded
referral-recorded = the referral of this case is already recorded
week-summarised = the week of { $week } already has a summary; edit that one
already-discharged = the family is already discharged
follow-up-before-discharge = a follow-up comes after discharge; the family is not discharged
case-not-in-team = case { $case } is not one of this team's families
record-exists = a record with these values already exists{ $what }
database-exists = database { $name } already exists

## Logging in, sessions, accounts
bad-credentials = the username or password is not correct
session-ended = your session has ended; log in again
totp-already-enrolled = two-factor login is already set up for this account
already-logged-in = you are already logged in
totp-malformed = the code must be 6 digits
totp-replayed = that code was already used; wait for the next one
totp-wrong = the code is not correct
totp-secret-invalid = the secret key is not valid
current-password-wrong = the current password is not correct
new-password-same = the new password must differ from the current one
api-token-invalid = the API token is not valid or has been revoked
api-token-expired = the API token expired on { $day }; make a new one on your account page
api-token-scope = the scope of this API token ({ $scope }) does not allow this; use a token with more rights, or log in
api-rate-limited = this API token has made too many requests; wait { $seconds } seconds and try again
token-scope-unknown = unknown token scope '{ $given }'; use one of { $known }
token-lifetime = a token lives at least 1 and at most { $max } days
deactivate-self = you cannot deactivate your own account
second-factor-by-owner = a second factor is enrolled by its owner at login

## Referrals and families
national-id-or-birth-date = give a national identifier or a birth date
national-id-not-protected = could not be protected
team-missing = there is no team { $team }
referring-municipality-missing = name the referring municipality
municipality-unknown-today = no { $country ->
        [DK] Danish
       *[other] Norwegian
    } municipality has the code { $code } today
municipality-unknown-on = no { $country ->
        [DK] Danish
       *[other] Norwegian
    } municipality has the code { $code } on { $date }
caregivers-too-many = at most { $max } caregivers
role-sees-aggregates = your role ({ LOWER($role) }) sees aggregates, not families
break-glass-reason-short = say why you need access, in at least { $min } characters
break-glass-review-supervisor = only supervisors review break-glass access

## Refusals and conflicts of the use cases
role-no-access = your role ({ LOWER($role) }) does not give access to this { $object ->
        [case] case
        [user] user
        [team] team
        [person] person
        [audit_log] audit log
        [api_token] API token
        [supervision] meeting
        [team_membership] membership
        [results] result
       *[other] record
    }
collector-missing = answers are recorded by the person who collected them
interview-not-in-treatment = adherence interviews are made while the family is in treatment
treatment-not-assigned = the family has no therapist or start date yet
rating-by-therapists = a supervisor is rated by the team's therapists
rating-own-team = the team's therapists rate their supervisor
rating-no-supervisor = the team has no supervisor to rate
collector-not-therapist = the supervisor (or non-clinical staff) collects this from the caregivers, never the family's therapist
interviews-team-only = adherence interviews are the team's; municipalities see adherence as aggregates
interview-reminders-supervisor = reminders of adherence interviews are for the team's supervisor
programme-model-unknown-known = unknown programme model '{ $given }'; known models: { $known }
user-other-country = { $name } works in { $user_country }, the team in { $team_country }
role-cannot-hold-position = a user with the role { LOWER($role) } cannot hold the position { LOWER($position) }
user-deactivated = { $name } is deactivated
results-need-login = dashboards are for people who have logged in
results-not-for-auditors = auditors read the audit log, not results
month-shape = give a month as YYYY-MM, e.g. 2026-01
supervisor-decides = only the team's supervisor decides on referrals and assignments
supervisor-records-meetings = only the team's supervisor records its meetings
therapist-not-in-team = choose a therapist of this family's team
therapist-already-assigned = that therapist already works with the family
treatment-start-window = treatment starts within { $days } days of today
assessment-not-in-treatment = the assessment is made during treatment
treatment-no-start = treatment has no start date
discharge-date-missing = the family has no discharge date
meeting-kind = a meeting is either supervision or consultation
meeting-in-future = a meeting cannot be in the future
attendees-missing = list who attended
families-discussed-missing = list the families discussed

## How the web layer says the use cases' answers
invalid = some fields are not valid
not-found = { $what } not found
too-many-attempts = too many failed attempts; try again in { $minutes } minutes
version-mismatch = the record was changed by someone else (now at version { $current }); reload and try again
unavailable = The database is not available right now; try again shortly.
internal = Something went wrong on our side; it has been logged.
storage-not-writable = Nothing was saved: the server's disk is full or read-only. What is already saved is safe and can still be read. Tell the administrator, and try again when they have made room.

## Names of fields, for pages that show a message away from its field
field-password = Password
field-current_password = Current password
field-new_password = New password
field-name = Name
field-username = Username
field-display_name = Name
field-email = E-mail
field-role = Role
field-municipality_code = Municipality
field-country = Country
field-reason = Reason
field-before = Before event no.
field-limit = Entries per page

## The audit log's chain
audit-event-edited = event { $seq } was edited: its content does not match its hash
audit-event-missing = event { $seq } is missing (deleted)
audit-events-missing = events { $from } to { $to } are missing (deleted)
audit-event-relinked = event { $seq } does not follow the event before it (reordered, moved or inserted)
audit-checkpoint-mismatch = the log no longer holds event { $seq } as it was when checkpointed (events deleted or rewritten)
audit-checkpoint-forged = the checkpoint for event { $seq } has a wrong signature
audit-filter-id-shape = must be a number, e.g. 42
audit-action-unknown = is not an action the audit log records; choose one from the list
audit-limit-range = must be a number from 1 to { $max }
audit-person-unknown = no person has this person id
national-id-no-person = there is no person with this national id in Rundt

## The web layer's own refusals and request problems
bearer-token-shape = use Authorization: Bearer <API token>
log-in-first = log in first
second-factor-pending = finish logging in with the code from your authenticator app
csrf-token-missing = this request lacks its CSRF token; reload the page and try again
form-csrf-missing = the form lacks its CSRF token; reload the page
form-expired = the form has expired; reload the page and try again
form-incomplete = the form is incomplete: { $detail }
if-match-missing = send the If-Match header with the ETag you last read, so no one else's change is overwritten
if-match-shape = If-Match must be an ETag of this API, e.g. "3"
date-shape = '{ $given }' is not a date; write YYYY-MM-DD
group-by-shape = group by month, quarter or year
denominator-shape = count shares of all_discharges or of completers
families-page-shape = give a page number from 1 up
export-format = export as csv, xlsx or pdf
export-csv-flavour = choose regional (semicolons and decimal commas) or rfc4180 (commas and decimal points)
export-table-missing = say which table to export as CSV, e.g. table=trend
password-first = log in with your password first
user-unknown = unknown user
language-unknown = choose Danish, Norwegian or English
week-start-mismatch = the body's week_start must match the week in the path
not-discharged-yet = the family has not been discharged yet
form-version-missing = the form lacks the family's version
caseworkers-refer = only municipal caseworkers refer families
role-sees-no-results = your role does not see results
caseload-above-maximum = the therapist now holds { $open } families; { $model } allows at most { $max }
family-search-too-short = type at least two letters of a name, or a whole CPR/fødselsnummer
therapist-choose = choose a therapist from the list
team-unknown = there is no team number { $id }
share-not-a-number = write the share as a number, e.g. 50 or 33.33 (not '{ $given }')
owner-municipality-missing = choose the municipality
member-user-unknown = choose a person from the list
member-user-missing = choose who joins the team
position-missing = choose a position

## Retention and legal holds
legal-hold-on = a legal hold is already on this case
legal-hold-none = there is no legal hold on this case to lift
case-erased-already = this case was anonymised under a retention rule already
case-erasure-not-ended = the case has not ended, so no retention rule applies to it yet
case-erasure-on-hold = a legal hold is on the case: lift it first, if the reason for it has passed
case-erasure-new-entry = the case has an entry from { $day }, after the retention rule was judged; run the retention again
case-erased = this family's record was anonymised under a retention rule; nothing of it can be opened
retention-rule-keeps = the retention rule for this kind of record keeps it; nothing is removed
retention-needs-authorisation = rule { $rule } removes records only with the archive authority's decision: give its reference
retention-installation-only = sign-in records belong to the whole installation: they are deleted from the command line (rundt retention)
legal-hold-case-number = give the case's number (digits only)

## MST-CAN: safety first and incidents
safety-risk-missing = name at least one risk: what, from whom, to whom, and in which situations
safety-warning-sign-missing = name at least one warning sign the family will watch for
safety-adult-action-missing = say for at least one adult what they will do instead
safety-contact-missing = name at least one person each child can contact, and how
safety-shared-before-agreed = the plan cannot be shared with child welfare before the family agreed to it
safety-plan-first = an MST-CAN family needs its safety plan before anything else is recorded: make the safety plan first
date-in-future = the date cannot be in the future
incident-in-future = an incident cannot be dated in the future
incident-children-missing = name the children the incident involved
incident-child-not-in-family = a child named is not in this family's case
child-outcome-missing = say for { $child } whether the child lives at home and whether a care order was made
child-outcome-not-a-child = person { $person } is not one of the children of this family's case
child-outcome-twice = person { $person } is named more than once
child-outcomes-only-can = outcomes per child are recorded for MST-CAN families only; MST follows the young person with the three outcomes
notification-before-incident = child welfare cannot have been notified before the incident
notification-not-needed-supervisor = only the team's supervisor decides that an incident needed no notification to child welfare
safety-not-in-treatment = safety plans and incidents are recorded while the family is in treatment
crisis-plan-person-missing = name at least one person to call in a crisis, with their phone
crisis-plan-too-many-people = at most { $max } people to call: keep the ones the family will really call
crisis-plan-phone-not-dialable = write a phone number that can be dialled (digits, spaces, + and -)
crisis-plan-not-in-treatment = the crisis plan is written while the family is in treatment
crisis-contact-not-in-treatment = a crisis contact can only be logged for a family in treatment
crisis-contact-in-future = the time of the contact has not come yet: check the date and time
crisis-contact-response-missing = choose at least one thing that was done
crisis-contact-minutes = the duration is a whole number of minutes from 1 to { $max }
safety-review-missing = an MST-CAN family's safety plan is reviewed every week: choose whether the plan held, was changed or was broken

## MST-CAN: mapping and the children's voice
mapping-key-person-missing = name at least one key person outside the family
mapping-system-twice = the { LOWER($system) } system is mapped more than once
mapping-system-empty = write at least one strength or one risk for the { LOWER($system) } system
voice-child-not-in-family = the child is not one of the children in this family's case
mapping-not-in-treatment = the mapping and the children's voice are recorded while the family is in treatment
child-age-outside-model = the child is { $age } on the day of referral; MST-CAN takes families with children from { $min } to { $max } years old
child-national-id-missing = give the child's national identity number: every child of an MST-CAN family is recorded with theirs
child-welfare-case-missing = give the child welfare service's case number: MST-CAN is given within a child protection case
other-children-whole-family-only = more children are recorded only in a whole-family programme (MST-CAN); MST refers one young person

## MST-CAN: treatment plan and modules
plan-goal-missing = the plan needs at least one goal the family agrees with
plan-too-many-goals = a plan has at most { $max } goals; merge some of them
plan-intermediate-goal-missing = write at least one intermediate goal on the way to the overarching goal
plan-too-many-intermediate = a goal has at most { $max } intermediate goals
plan-not-in-treatment = the treatment plan and its modules are recorded while the family is in treatment
module-start-missing = give the day the module started (or will start)
module-start-in-future = a module that is ongoing or has ended cannot start in the future; set its status to planned
module-end-before-start = a module cannot end before it started
module-end-but-not-ended = a module with an end date was completed or stopped: choose one of them
module-ended-without-end = give the day the module was completed or stopped
module-sessions-range = the sessions held must be a whole number from 0 to { $max }
module-planned-with-sessions = a planned module has held no sessions yet: set its status to ongoing
module-too-many-screens = a module has at most { $max } drug screens
module-screen-outside = a drug screen is taken while the module runs, and not in the future
module-screens-only-rbt = drug screens are recorded only in the RBT module for substance use
module-unknown = the family has no module number { $id }

consultation-not-teams-psychiatrist = choose one of the team's psychiatrists
consultation-ended = the consultation has ended; ask for a new one
consultation-answer-asked-only = only the psychiatrist asked can answer
consultation-not-in-treatment = a consultation can only be asked for while the family is in treatment
role-sees-safety-only = the crisis caseworker sees the team's safety plans and incidents on their start page, not the families' cases

## On-call rota
oncall-person-not-on-team = choose one of the team's therapists, its supervisor or its crisis caseworker: only they are on call
oncall-shift-ends-before-start = a shift must end after it starts
oncall-shift-too-long = a shift lasts at most { $hours } hours; split it in two
oncall-split-hour = evenings end at a whole hour from { $min }:00 to { $max }:00
oncall-nobody-to-assign = choose at least one person to take the shifts
oncall-gap = nobody is on call from { $from } to { $until }
oncall-on-leave = { $name } is on call from { $from } to { $until } while on leave
oncall-too-many-hours = { $name } is on call { $hours } hours in a row from { $from }; the team's limit is { $max }
oncall-too-many-shifts = { $name } has { $shifts } shifts in the week from { $monday }; the team's limit is { $max }
oncall-leave-ends-before-start = leave cannot end before it begins
oncall-limit-hours = the most hours in a row is a whole number from { $min } to { $max }
oncall-limit-shifts = the most shifts a week is a whole number from { $min } to { $max }
oncall-gap-reason-missing = the rota leaves { $gaps ->
        [one] a gap
       *[other] { $gaps } gaps
    }: fill { $gaps ->
        [one] it
       *[other] them
    } or write why the rota is published anyway
oncall-swap-same-person = choose someone else to swap with
oncall-swap-not-on-team = a shift can only be swapped between two people on call in the team
oncall-swap-shift-begun = a shift that has begun cannot be swapped
oncall-swap-return-not-theirs = the shift given in return must be one of the other person's own
oncall-swap-not-agreed = both people must agree to the swap
oncall-edit-not-allowed = only the team's supervisor and the national office change the team's on-call rota
oncall-read-not-allowed = only the team's own staff on call, its supervisor and the national office see the team's on-call rota
oncall-gaps-not-allowed = only the national office sees the gaps of every team's on-call rota
oncall-fill-ends-before-start = the last day to fill cannot come before the first
oncall-fill-too-long = fill at most { $days } days at a time
oncall-phone-invalid = write the on-call phone number with digits, spaces, + and - (at least 6 digits, at most { $max } characters)
oncall-swap-shift-unknown = choose one of the team's shifts
oncall-swap-not-yours = only the two people of a swap propose and answer it: the one who did not propose agrees or declines, the one who did may withdraw it
oncall-swap-settled = the swap has already been answered or withdrawn
oncall-time-shape = '{ $given }' is not a time; write YYYY-MM-DD HH:MM
oncall-months = export from 1 to { $max } months at a time
oncall-feed-own-needs-person = a calendar of one's own shifts is made by a person who is logged in
oncall-feed-not-on-rota = only people on the team's rota can make a calendar of their own shifts
oncall-feed-not-yours = only the person who made the calendar and the team's supervisor can revoke it

## Single sign-on
password-login-off = logging in with a password is switched off here; log in with your organisation's login
sso-login-unknown = the login was not recognised (it was used already, or it began in another browser); start again
sso-login-too-old = the login took too long; start again
sso-refused = the answer from your organisation's login could not be trusted; start again, and tell your administrator if it happens again
sso-not-linked = your login worked, but it is not linked to an account in Rundt; ask your administrator to link the identity { $subject } to your account
sso-subject-empty = give the person's identity (subject) at the identity provider
sso-subject-invalid = the identity may have at most 255 characters and no control characters
sso-identity-taken = the identity { $subject } is linked to an account already
sso-provider-unknown = the identity provider is not configured in this installation
