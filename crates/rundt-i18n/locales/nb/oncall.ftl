## The on-call rota (issue 13): the rota page, gaps, swaps, "on call now", the calendar feed.
## Domain refusals of the rota stay in messages.ftl.
oncall_heading = Vakt
oncall_nav = Vakt
oncall_title = Vaktplan: { $team }
oncall_phone = Vakttelefon
oncall_phone_none = Ikke noe nummer til vakttelefonen ennå
oncall_window = De kommende 8 ukene
oncall_publication = Publisert
oncall_published = Publisert
oncall_not_published = Ikke publisert ennå
oncall_published_at = Publisert { $at } av { $by }{ $gaps ->
    [0] {""}
    [one] {" "}med 1 hull
   *[other] {" "}med { $gaps } hull
}
oncall_notices = Hull og funn
oncall_no_notices = Noen har vakt i alle timer utenom arbeidstid, og ingen har vakt i fravær eller utover grensene.
oncall_rota = Vaktplanen
oncall_rota_help = Tidene er teamets lokale tid; hver vakt viser sin faktiske lengde, også når klokka stilles.
oncall_no_shifts = Ingen vakter ennå. Fyll ut de kommende ukene etter mønsteret nedenfor.
oncall_week = Uke { $n } (fra { $monday })
oncall_mon = man
oncall_tue = tir
oncall_wed = ons
oncall_thu = tor
oncall_fri = fre
oncall_sat = lør
oncall_sun = søn
oncall_length_hours = { $hours ->
    [one] 1 time
   *[other] { $hours } timer
}
oncall_length_hours_minutes = { $hours } t { $minutes } min
oncall_now = På vakt nå
oncall_next = Neste på vakt
oncall_nobody_now = Ingen (arbeidstid eller et hull)
oncall_nobody_next = Ingen ennå
oncall_gaps = Hull
oncall_findings = Funn
oncall_open_rota = Se vaktplanen
oncall_change_shift = Endre eller fjern
oncall_person = Person
oncall_starts = Begynner
oncall_ends = Slutter
oncall_save_shift = Lagre vakten
oncall_remove_shift = Fjern vakten
oncall_fill = Fyll ut dager etter mønsteret
oncall_fill_help = Hver vakt i teamets mønster som ingen har ennå, går på omgang til de valgte. Endre vaktene etterpå.
oncall_first_day = Første dag
oncall_last_day = Siste dag
oncall_fill_people = Tar vaktene på omgang
oncall_fill_button = Fyll ut dagene
oncall_add_shift = Legg til en vakt
oncall_leave = Ferie og fravær
oncall_no_leave = Ikke noe fravær registrert de kommende ukene.
oncall_remove_leave = Fjern
oncall_record_leave = Registrer fravær
oncall_settings = Telefon, grenser og mønster
oncall_max_hours = Flest timer i strekk (1–168)
oncall_max_shifts = Flest vakter i uka (1–14)
oncall_split_hour = Del hverdagsnetter kl. (17–23; tom: én vakt 16:00–08:00)
oncall_off_days = Helger og helligdager
oncall_off_days_daily = Én vakt om dagen, 08:00 til 08:00
oncall_off_days_whole = Én vakt fra siste arbeidsdag 16:00 til neste kl. 08:00
oncall_publish = Publiser vaktplanen
oncall_publish_help = En vaktplan med hull publiseres bare med en skriftlig begrunnelse.
oncall_reason = Begrunnelse (må skrives når det er hull)
oncall_swaps = Bytter
oncall_swaps_help = Den ene av to foreslår et bytte; den andre sier ja eller nei. Vaktene skifter hender først når begge har sagt ja.
oncall_no_swaps = Ingen bytter.
oncall_swap_line = { $to } overtar vakten til { $from } { $shift }
oncall_swap_in_return = og gir { $shift } tilbake
oncall_swap_proposed = Venter på svar
oncall_swap_agreed = Avtalt
oncall_swap_declined = Avslått
oncall_swap_withdrawn = Trukket tilbake
oncall_swap_agree = Si ja
oncall_swap_decline = Si nei
oncall_swap_withdraw = Trekk tilbake
oncall_swap_propose = Foreslå et bytte
oncall_swap_shift = Vakt som gis videre
oncall_swap_to = Overtas av
oncall_swap_return = Gis tilbake
oncall_swap_no_return = Ingenting tilbake
oncall_gaps_title = Hull i teamenes vaktplaner
oncall_gaps_intro = Alle teams kommende 8 uker: timer utenom arbeidstid uten noen på vakt, og personer på vakt i fravær eller utover teamets grenser.
oncall_gaps_no_teams = Ingen team.
oncall_team = Team
start_oncall = Hull og funn i vaktplanen
start_oncall_none = Vaktplanens kommende 8 uker er dekket.
oncall_hours_csv = Timer på vakt per person per måned (CSV)
oncall_hours_title = Timer på vakt
oncall_month = Måned
oncall_hours = Timer
oncall_shifts = Vakter
