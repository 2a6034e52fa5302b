## The on-call rota (issue 13): the rota page, gaps, swaps, "on call now", the calendar feed.
## Domain refusals of the rota stay in messages.ftl.
oncall_heading = Vagt
oncall_nav = Vagt
oncall_title = Vagtplan: { $team }
oncall_phone = Vagttelefon
oncall_phone_none = Intet nummer til vagttelefonen endnu
oncall_window = De kommende 8 uger
oncall_publication = Offentliggjort
oncall_published = Offentliggjort
oncall_not_published = Ikke offentliggjort endnu
oncall_published_at = Offentliggjort { $at } af { $by }{ $gaps ->
    [0] {""}
    [one] {" "}med 1 hul
   *[other] {" "}med { $gaps } huller
}
oncall_notices = Huller og fund
oncall_no_notices = Der er nogen på vagt i alle timer uden for arbejdstid, og ingen har vagt i ferie eller ud over grænserne.
oncall_rota = Vagtplanen
oncall_rota_help = Tiderne er teamets lokale tid; hver vagt viser sin faktiske længde, også når uret stilles.
oncall_no_shifts = Ingen vagter endnu. Udfyld de kommende uger efter mønsteret nedenfor.
oncall_week = Uge { $n } (fra { $monday })
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
oncall_now = På vagt nu
oncall_next = Næste på vagt
oncall_nobody_now = Ingen (arbejdstid eller et hul)
oncall_nobody_next = Ingen endnu
oncall_gaps = Huller
oncall_findings = Fund
oncall_open_rota = Se vagtplanen
oncall_change_shift = Ret eller fjern
oncall_person = Person
oncall_starts = Starter
oncall_ends = Slutter
oncall_save_shift = Gem vagten
oncall_remove_shift = Fjern vagten
oncall_fill = Udfyld dage efter mønsteret
oncall_fill_help = Hver vagt i teamets mønster, som ingen har endnu, går på skift til de valgte. Ret vagterne bagefter.
oncall_first_day = Første dag
oncall_last_day = Sidste dag
oncall_fill_people = Tager vagterne på skift
oncall_fill_button = Udfyld dagene
oncall_add_shift = Tilføj en vagt
oncall_leave = Ferie og fravær
oncall_no_leave = Intet fravær registreret de kommende uger.
oncall_remove_leave = Fjern
oncall_record_leave = Registrér fravær
oncall_settings = Telefon, grænser og mønster
oncall_max_hours = Flest timer i træk (1–168)
oncall_max_shifts = Flest vagter om ugen (1–14)
oncall_split_hour = Del hverdagsnætter kl. (17–23; tom: én vagt 16:00–08:00)
oncall_off_days = Weekender og helligdage
oncall_off_days_daily = Én vagt om dagen, 08:00 til 08:00
oncall_off_days_whole = Én vagt fra sidste arbejdsdag 16:00 til næste kl. 08:00
oncall_publish = Offentliggør vagtplanen
oncall_publish_help = En vagtplan med huller offentliggøres kun med en skrevet begrundelse.
oncall_reason = Begrundelse (skal skrives, når der er huller)
oncall_swaps = Byt
oncall_swaps_help = Den ene af to foreslår et bytte; den anden siger ja eller nej. Vagterne skifter først hænder, når begge har sagt ja.
oncall_no_swaps = Ingen byt.
oncall_swap_line = { $to } overtager { $from }s vagt { $shift }
oncall_swap_in_return = og giver { $shift } tilbage
oncall_swap_proposed = Venter på svar
oncall_swap_agreed = Aftalt
oncall_swap_declined = Afvist
oncall_swap_withdrawn = Trukket tilbage
oncall_swap_agree = Sig ja
oncall_swap_decline = Sig nej
oncall_swap_withdraw = Træk tilbage
oncall_swap_propose = Foreslå et bytte
oncall_swap_shift = Vagt, der gives videre
oncall_swap_to = Overtages af
oncall_swap_return = Gives tilbage
oncall_swap_no_return = Intet til gengæld
oncall_gaps_title = Huller i teamenes vagtplaner
oncall_gaps_intro = Alle teams' kommende 8 uger: timer uden for arbejdstid uden nogen på vagt, og personer på vagt i fravær eller ud over teamets grænser.
oncall_gaps_no_teams = Ingen teams.
oncall_team = Team
start_oncall = Huller og fund i vagtplanen
start_oncall_none = Vagtplanens kommende 8 uger er dækket.
oncall_hours_csv = Timer på vagt pr. person pr. måned (CSV)
oncall_hours_title = Timer på vagt
oncall_month = Måned
oncall_hours = Timer
oncall_shifts = Vagter
