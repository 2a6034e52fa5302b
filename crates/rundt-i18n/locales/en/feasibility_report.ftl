## Starting a team: feasibility_report
## The feasibility study's report to the municipal councils and its exports (issue 16).

## The measures of the potential and the three scenarios (the pages use them too)
study-measure-offences_or_at_risk = Young people with offences or at risk of crime
study-measure-school_dropout = Young people dropping out of school or education
study-measure-placed_out_of_home = Young people placed out of home
study-scenario-low = Low
study-scenario-expected = Expected
study-scenario-high = High

## The report's front page
study-report-document = Document
study-report-document-value = Feasibility study – for the municipal council's decision
study-report-municipalities = Municipalities and their shares
study-report-municipality-share = { $name } ({ $share })
study-report-programme = Programme
study-report-team-name = Team name
study-report-starts = The team starts
study-report-version = Version
study-report-version-value = { $version }, saved { $saved }
study-report-exported = Printed
study-report-status = Status
study-report-currency = Amounts in
study-report-status-draft = Being worked on
study-report-status-approved = Approved, team created
study-report-break-even = Breaks even, { LOWER($scenario) }
study-report-break-even-in = in year { $year } (from { $from })
study-report-break-even-none = not within { $years } years
study-report-therapists = Therapists, { LOWER($scenario) }
study-report-therapists-value = { $needed } at the full rate; { $planned } in post at the end of year { $year }
study-report-warnings = Warnings
study-report-no-warnings = None
study-report-warning = Warning
study-report-scenario = Scenario
study-report-footer = Rundt – { $title } – version { $version } – { $date }
study-report-file = feasibility study { $title } version { $version }

## The scenarios side by side
study-report-summary-title = The scenarios side by side
study-report-families-per-year = Families referred a year at the full rate
study-report-therapists-needed = Therapists the full rate needs
study-report-therapists-at-end = Therapists at the end of the last year
study-report-total-cost = Cost over all years
study-report-total-value = Value of placements avoided over all years
study-report-end-net = Cumulative net at the end
study-report-break-even-col = Breaks even

## Year by year
study-report-years-title = Year by year, { LOWER($scenario) }
study-report-year = Year
study-report-year-n = Year { $n }
study-report-referred = Referred
study-report-served = Taken on
study-report-unmet = Without a place
study-report-therapists-year-end = Therapists at year end
study-report-cost = Cost
study-report-avoided = Placements avoided
study-report-avoided-value = Placements avoided, value
study-report-net = Net
study-report-cumulative = Cumulative net

## The staffing ramp
study-report-ramp-title = Staffing ramp month by month
study-report-month = Month
study-report-therapists-in = Therapists, { LOWER($scenario) }
study-report-referrals-in = Referrals, { LOWER($scenario) }
study-report-cost-in = Cost, { LOWER($scenario) }

## The potential and the shares
study-report-potential-title = The potential
study-report-municipality = Municipality
study-report-measure = Measure
study-report-count = Young people a year
study-report-source = Source
study-report-figure-year = Year of the figure
study-report-shares-title = Share expected to be referred a year

## The assumptions
study-report-assumptions-title = Assumptions and sources
study-report-assumption = Assumption
study-report-value = Value
study-report-a-years = Years worked out
study-report-a-ramp-up = Months until referrals reach the full rate
study-report-a-families-per-therapist = Families per therapist a year
study-report-a-therapist-salary = A therapist's yearly salary with its costs
study-report-a-post-salary = Yearly salary with its costs: { $post } ({ $fte } of full time)
study-report-a-licence-fee = Licence fee a year
study-report-a-licence-from = Licence fee paid from study year
study-report-a-start-up = Start-up: { $what }
study-report-a-later-training = Initial training of each therapist hired later
study-report-a-travel = Travel a year
study-report-a-overhead = Overhead, share of the staff cost
study-report-a-placement-cost = An out-of-home placement, cost a year
study-report-a-placement-months = Months an avoided placement would have lasted
study-report-a-avoided-share = Share of the families taken on whose placement is avoided, { LOWER($scenario) }

## The barriers
study-report-barriers-title = Barriers
study-report-barrier = Barrier
study-report-note = Note
study-report-owner = Owner
study-report-resolved = Resolved
study-report-yes = Yes
study-report-no = No

## The chart
study-report-chart-title = Cumulative net year by year (placements avoided less cost)
study-report-chart-unit = m kr
study-report-parts-title = The municipalities' parts
study-report-parts-share = Share of the team
study-report-parts-net = Net over all years
