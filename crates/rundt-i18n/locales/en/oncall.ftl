## The on-call rota (issue 13): the rota page, gaps, swaps, "on call now", the calendar feed.
## Domain refusals of the rota stay in messages.ftl.
oncall_heading = On call
oncall_nav = On call
oncall_title = On-call rota: { $team }
oncall_phone = On-call phone
oncall_phone_none = No on-call phone number yet
oncall_window = Coming 8 weeks
oncall_publication = Published
oncall_published = Published
oncall_not_published = Not published yet
oncall_published_at = Published { $at } by { $by }{ $gaps ->
    [0] {""}
    [one] {" "}with 1 gap
   *[other] {" "}with { $gaps } gaps
}
oncall_notices = Gaps and findings
oncall_no_notices = Someone is on call every hour outside office hours, and nobody is on call during leave or beyond the limits.
oncall_rota = The rota
oncall_rota_help = Times are the team's local time; each shift shows its true length, clock changes included.
oncall_no_shifts = No shifts yet. Fill the coming weeks from the pattern below.
oncall_week = Week { $n } (from { $monday })
oncall_mon = Mon
oncall_tue = Tue
oncall_wed = Wed
oncall_thu = Thu
oncall_fri = Fri
oncall_sat = Sat
oncall_sun = Sun
oncall_length_hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
oncall_length_hours_minutes = { $hours } h { $minutes } min
oncall_now = On call now
oncall_next = Next on call
oncall_nobody_now = Nobody (office hours, or a gap)
oncall_nobody_next = Nobody yet
oncall_gaps = Gaps
oncall_findings = Findings
oncall_open_rota = See the on-call rota
oncall_change_shift = Change or remove
oncall_person = Person
oncall_starts = Starts
oncall_ends = Ends
oncall_save_shift = Save shift
oncall_remove_shift = Remove shift
oncall_fill = Fill days from the pattern
oncall_fill_help = Each shift the team's pattern asks for that nobody has yet goes to the people ticked, in turn. Edit the shifts afterwards.
oncall_first_day = First day
oncall_last_day = Last day
oncall_fill_people = Take turns
oncall_fill_button = Fill the days
oncall_add_shift = Add a shift
oncall_leave = Leave
oncall_no_leave = No leave recorded in the coming weeks.
oncall_remove_leave = Remove
oncall_record_leave = Record leave
oncall_settings = Phone, limits and pattern
oncall_max_hours = Most hours in a row (1–168)
oncall_max_shifts = Most shifts a week (1–14)
oncall_split_hour = Split weekday nights at (17–23; empty: one shift 16:00–08:00)
oncall_off_days = Weekends and public holidays
oncall_off_days_daily = One shift a day, 08:00 to 08:00
oncall_off_days_whole = One shift from the last working day 16:00 to the next 08:00
oncall_publish = Publish the rota
oncall_publish_help = A rota with gaps is published only with a written reason.
oncall_reason = Reason (required when there are gaps)
oncall_swaps = Swaps
oncall_swaps_help = One of two people proposes a swap; the other agrees or declines. The shifts change hands only when both have agreed.
oncall_no_swaps = No swaps.
oncall_swap_line = { $to } takes over { $from }'s shift { $shift }
oncall_swap_in_return = and gives back { $shift }
oncall_swap_proposed = Awaiting an answer
oncall_swap_agreed = Agreed
oncall_swap_declined = Declined
oncall_swap_withdrawn = Withdrawn
oncall_swap_agree = Agree
oncall_swap_decline = Decline
oncall_swap_withdraw = Withdraw
oncall_swap_propose = Propose a swap
oncall_swap_shift = Shift to hand over
oncall_swap_to = Taken over by
oncall_swap_return = Given back in return
oncall_swap_no_return = Nothing in return
oncall_gaps_title = On-call gaps of the teams
oncall_gaps_intro = Every team's coming 8 weeks: hours outside office hours nobody is on call, and people on call during leave or beyond the team's limits.
oncall_gaps_no_teams = No teams.
oncall_team = Team
start_oncall = On-call gaps and findings
start_oncall_none = The coming 8 weeks of the on-call rota are covered.
oncall_hours_csv = Hours on call per person per month (CSV)
oncall_hours_title = Hours on call
oncall_month = Month
oncall_hours = Hours
oncall_shifts = Shifts
