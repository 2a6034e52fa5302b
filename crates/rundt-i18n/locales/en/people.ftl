# Messages of the people rules (issue 15): training, attendance, boosters,
# development plans, consultant ratings.

initial-training-missing = { $name } has no recorded { $missing }{ $more ->
    [0] {""}
   *[other] {" "}(and { $more } more course)
} and cannot take families yet. Record the training on the person's page, or record an exception with a reason under the team's people.
person-not-in-team = the person is not in the team
training-exception-not-needed = the person's initial training is complete; no exception is needed
plan-subject-not-in-team = development plans are written for the team's therapists and supervisor; the person holds neither post in the team
plan-missing-for-review = there is no development plan to review yet; write the plan first
consultant-rating-by-team = the consultant is rated by the team's supervisor and therapists
consultant-rating-own-team = you can only rate the consultant of your own team
consultant-rating-no-consultant = the team has no consultant to rate
people-for-managers = the overview is for municipal managers and the national office
certificate-base64 = send the certificate as base64
training-kind-unknown = unknown training '{ $given }'; use one of { $known }
absence-reason-unknown = unknown reason for absence '{ $given }'; use one of { $known }
competence-unknown = choose one of the model's competences for the goal
training-title-missing = write the course's name
training-in-future = record the training once it is done: the last day cannot be after today
training-ends-before-start = the last day cannot be before the first
training-days = the number of days must be from 1 to { $max }
training-exception-reason = write a reason for the exception
certificate-empty = the file is empty; choose the certificate again
certificate-too-large = the file is too large; a certificate may be at most { $max_mb } MB
certificate-type = the certificate must be a PDF, PNG or JPEG
attendance-not-member = the person was not in the team that day
attendance-twice = the person is listed twice
absence-reason-missing = choose a reason for the absence, or tick that they attended
absence-reason-when-present = someone who attended has no reason for absence
booster-topic-missing = write the booster's topic
booster-trainer-missing = write who trains
booster-planned-too-far = a booster can be planned at most two years ahead
booster-held-in-future = a booster cannot be recorded as held on a day after today; plan it instead
booster-attendees-missing = choose who attended
booster-attendees-before-held = attendees are recorded once the booster is held
booster-already-held = the booster is already recorded as held
plan-goals = the plan needs from 1 to { $max } goals
development-goal-missing = write the goal
plan-actions-missing = write the actions for the goal
plan-review-date = the review date must be after today and within a year
plan-review-before-plan = the review cannot be before the plan was written ({ $started_on })
plan-review-in-future = the review cannot be after today
plan-next-review = the next review must be after this one and within a year
plan-review-notes-missing = write what came of the plan
