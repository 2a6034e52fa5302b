## Money: amounts, prices, purchase agreements, licence fee, budget (issue 14).

## Amounts as typed
amount-empty = enter an amount, e.g. 299,000 or 299,000.50
amount-negative = the amount cannot be negative
amount-not-a-number = '{ $given }' is not an amount; write e.g. 299,000 or 299,000.50
amount-too-many-decimals = '{ $given }' has too many decimals; use at most two (øre), e.g. 1,234.50
amount-too-large = the amount is too large; the most Rundt accepts is 100 billion kroner

## Prices
price-not-positive = the price of a course must be more than 0
extra-week-price-negative = the price of an extra week cannot be negative; leave it empty if extra weeks cost nothing
planned-weeks-out-of-range = the course's planned length must be between { $min } and { $max } weeks
currency-not-the-teams = the team charges in { $currency }; give the price in { $currency }
currency-unknown = unknown currency '{ $given }'; use one of { $known }
team-has-no-price = { $team } has no course price in force on { $day }; an administrator must set the team's price before the referral can be priced
team-has-no-owner = { $team } has no owning municipality to invoice from; record the team's owners first

## Purchase agreements
agreement-seller-not-owner = municipality { $seller } does not own the team; the seller must be one of the team's owners
agreement-buyer-is-seller = the buyer and the seller are the same municipality; a municipality does not buy places from itself
agreement-buyer-is-owner = municipality { $buyer } owns part of the team and pays the team's own price; it needs no purchase agreement
agreement-places-missing = say how many places a year the agreement buys
agreement-places-at-least-one = the number of places must be at least 1
agreement-places-too-many = an agreement can buy at most { $max } places
agreement-ends-before-it-starts = the agreement cannot end before it begins ({ $from }); correct the end date
agreement-overlaps = municipality { $buyer } already has an agreement with the team from { $from } to { $until }; let the new agreement begin the day after, or change the old one
agreement-overlaps-open-ended = municipality { $buyer } already has an agreement with the team from { $from } with no end date; give it an end date before a new agreement can begin
places-basis-unknown = unknown basis for places '{ $given }'; use one of { $known }
pricing-basis-unknown = unknown pricing basis '{ $given }'; use one of { $known }

## Budgets and billing details
budget-category-unknown = unknown budget category '{ $given }'; use one of { $known }
endpoint-scheme-unknown = unknown kind of electronic address '{ $given }'; use one of { $known }

## Refusals of the money use cases and forms (the lead's part of issue 14).
money-year-out-of-range = the year must be between 2000 and 2100
amount-must-be-positive = the amount must be above 0
budget-too-many-lines = a budget has at most { $max } lines
budget-staff-needs-position = a salaries line names the position, and only salaries lines do
placement-months-out-of-range = the number of months must be from 1 to 60
placement-assumption-missing = say where the placement cost comes from, so others can see the assumption
billing-name-missing = write the municipality's legal name as the invoice should show it
cvr-invalid = a CVR number is 8 digits
org-number-invalid = an organisation number is 9 digits with a valid check digit
endpoint-invalid = the electronic address does not fit its scheme: a GLN/EAN number is 13 digits with a check digit, a CVR number 8 digits, a Norwegian organisation number 9 digits
billing-address-missing = write the street address, postal code and city
einvoice-internal = a municipality's own courses in its own team are not invoiced
einvoice-nothing-to-invoice = there is nothing to invoice between the two municipalities in the period
einvoice-billing-details-missing = municipality { $municipality } has no billing details yet (registration number and electronic address); they are entered on the municipality's money page
money-municipality-choose = choose a municipality from the list
money-places-range = the number of places must be from 1 to 1000
invoice-period-shape = the period "{ $given }" must be a month (2026-07) or a quarter (2026-Q3)
team-closes-before-it-starts = the last day cannot be before the team started ({ $started_on })
