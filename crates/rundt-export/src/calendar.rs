//! On-call shifts as an iCalendar feed (RFC 5545), so a phone's calendar
//! shows them. Times are written on the team's clock with its time zone
//! (`DTSTART;TZID=Europe/Copenhagen:…`) and the zone's definition is in the
//! feed (`VTIMEZONE`), as the standard requires. A time in the hour the
//! clocks repeat in October would be read as its first occurrence; one that
//! means the second is written in UTC instead, so every shift keeps its
//! true length. Written here rather than with the icalendar crate, which
//! adds DTSTAMP and UID to a VTIMEZONE (RFC 5545 forbids them); the tests
//! read the feed back with that crate.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// One shift in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarShift {
    /// Stable across feeds: the same shift keeps its uid when it changes,
    /// so the phone updates it instead of adding another.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// What the phone shows: "On call: Anne Holm".
    pub summary: String,
    /// The team's on-call phone and anything else worth knowing.
    pub description: String,
    /// Bumped when the shift changes (who or when).
    pub sequence: u32,
}

/// A feed: a person's shifts or a team's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaCalendar {
    /// The calendar's name on the phone.
    pub name: String,
    /// The team's time zone (`Europe/Copenhagen`, `Europe/Oslo`).
    pub time_zone: Tz,
    /// When the feed was produced (each event's `DTSTAMP`).
    pub produced_at: DateTime<Utc>,
    pub shifts: Vec<CalendarShift>,
}

/// The feed as the text a calendar subscribes to (`text/calendar`): lines
/// end in CRLF and are folded at 75 octets, text values escaped (RFC 5545
/// 3.1 and 3.3.11).
pub fn rota_to_ical(rota: &RotaCalendar) -> String {
    let zone = rota.time_zone.name();
    let mut out = Feed::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Rundt//On-call rota//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.text("X-WR-CALNAME", &rota.name);
    out.line(&format!("X-WR-TIMEZONE:{zone}"));
    time_zone_definition(&mut out, zone);
    let stamp = utc_form(rota.produced_at);
    for shift in &rota.shifts {
        out.line("BEGIN:VEVENT");
        out.text("UID", &shift.uid);
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!("SEQUENCE:{}", shift.sequence));
        out.line(&format!(
            "DTSTART{}",
            on_the_clock(rota.time_zone, shift.starts_at)
        ));
        out.line(&format!(
            "DTEND{}",
            on_the_clock(rota.time_zone, shift.ends_at)
        ));
        out.text("SUMMARY", &shift.summary);
        out.text("DESCRIPTION", &shift.description);
        out.line("TRANSP:OPAQUE");
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.0
}

/// The feed's text, line by line.
#[derive(Default)]
struct Feed(String);

impl Feed {
    /// One content line, folded: no line longer than 75 octets, each
    /// continuation starting with a space, never splitting a character.
    fn line(&mut self, content: &str) {
        let mut width = 0;
        for c in content.chars() {
            let octets = c.len_utf8();
            if width + octets > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += octets;
        }
        self.0.push_str("\r\n");
    }

    /// A property with a text value, escaped.
    fn text(&mut self, name: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                ';' => escaped.push_str("\\;"),
                ',' => escaped.push_str("\\,"),
                '\n' => escaped.push_str("\\n"),
                '\r' => {}
                c => escaped.push(c),
            }
        }
        self.line(&format!("{name}:{escaped}"));
    }
}

fn utc_form(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `at` as the rest of a `DTSTART`/`DTEND` line: on the zone's clock
/// (`;TZID=Europe/Oslo:20261208T160000`), or in UTC (`:20261025T013000Z`)
/// when the clock reading would name another instant (the repeated hour's
/// second occurrence).
fn on_the_clock(zone: Tz, at: DateTime<Utc>) -> String {
    let wall: NaiveDateTime = at.with_timezone(&zone).naive_local();
    let first_reading = match zone.from_local_datetime(&wall) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => None,
    };
    if first_reading == Some(at) {
        format!(";TZID={}:{}", zone.name(), wall.format("%Y%m%dT%H%M%S"))
    } else {
        format!(":{}", utc_form(at))
    }
}

/// The zone's definition. Denmark and Norway keep the European rule since
/// 1996: summer time from the last Sunday of March at 02:00 to the last
/// Sunday of October at 03:00, one hour ahead of standard time (UTC+1).
fn time_zone_definition(out: &mut Feed, zone: &str) {
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{zone}"));
    out.line("BEGIN:DAYLIGHT");
    out.line("TZOFFSETFROM:+0100");
    out.line("TZOFFSETTO:+0200");
    out.line("TZNAME:CEST");
    out.line("DTSTART:19960331T020000");
    out.line("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    out.line("END:DAYLIGHT");
    out.line("BEGIN:STANDARD");
    out.line("TZOFFSETFROM:+0200");
    out.line("TZOFFSETTO:+0100");
    out.line("TZNAME:CET");
    out.line("DTSTART:19961027T030000");
    out.line("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    out.line("END:STANDARD");
    out.line("END:VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        Utc.from_utc_datetime(&NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
    }

    fn feed(shifts: Vec<CalendarShift>) -> String {
        rota_to_ical(&RotaCalendar {
            name: "MST Aalborg: vagtplan".into(),
            time_zone: chrono_tz::Europe::Copenhagen,
            produced_at: utc("2026-10-01 09:00"),
            shifts,
        })
    }

    fn shift(uid: &str, from: &str, until: &str) -> CalendarShift {
        CalendarShift {
            uid: uid.into(),
            starts_at: utc(from),
            ends_at: utc(until),
            summary: "Vagt: Anne Holm".into(),
            description: "Teamets vagttelefon: +45 12 34 56 78".into(),
            sequence: 0,
        }
    }

    #[test]
    fn a_shift_is_written_on_the_teams_clock_with_its_zone() {
        // 16:00 to 08:00 Danish winter time.
        let text = feed(vec![shift(
            "shift-1@rundt",
            "2026-12-08 15:00",
            "2026-12-09 07:00",
        )]);
        assert!(
            text.contains("DTSTART;TZID=Europe/Copenhagen:20261208T160000"),
            "{text}"
        );
        assert!(
            text.contains("DTEND;TZID=Europe/Copenhagen:20261209T080000"),
            "{text}"
        );
        assert!(
            text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen"),
            "{text}"
        );
        assert!(text.contains("UID:shift-1@rundt"));
        assert!(text.contains("SUMMARY:Vagt: Anne Holm"));
        assert!(text.contains("DTSTAMP:20261001T090000Z"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn the_night_the_clocks_go_back_an_end_in_the_repeated_hour_is_written_in_utc() {
        // 22:00 summer time to the second 02:30 (winter time): 5.5 hours.
        let text = feed(vec![shift(
            "n@rundt",
            "2026-10-24 20:00",
            "2026-10-25 01:30",
        )]);
        assert!(
            text.contains("DTSTART;TZID=Europe/Copenhagen:20261024T220000"),
            "{text}"
        );
        assert!(text.contains("DTEND:20261025T013000Z"), "{text}");
        // The first 02:30 (summer time) stays on the clock.
        let text = feed(vec![shift(
            "m@rundt",
            "2026-10-24 20:00",
            "2026-10-25 00:30",
        )]);
        assert!(
            text.contains("DTEND;TZID=Europe/Copenhagen:20261025T023000"),
            "{text}"
        );
    }

    #[test]
    fn an_empty_rota_is_still_a_calendar() {
        let text = feed(Vec::new());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.trim_end().ends_with("END:VCALENDAR"));
        assert!(text.contains("X-WR-CALNAME:MST Aalborg: vagtplan"));
        assert!(!text.contains("BEGIN:VEVENT"));
    }

    #[test]
    fn the_feed_reads_back_as_the_same_shifts() {
        let text = feed(vec![
            shift("a@rundt", "2026-12-08 15:00", "2026-12-09 07:00"),
            shift("b@rundt", "2026-12-09 15:00", "2026-12-10 07:00"),
        ]);
        // Read by another parser (the icalendar crate, test-only).
        use icalendar::Component;
        let parsed: icalendar::Calendar = text.parse().unwrap();
        let events: Vec<_> = parsed.events().collect();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].get_uid(), Some("a@rundt"));
        assert_eq!(
            events[1].get_start(),
            Some(icalendar::DatePerhapsTime::DateTime(
                icalendar::CalendarDateTime::WithTimezone {
                    date_time: NaiveDateTime::parse_from_str("2026-12-09 16:00", "%Y-%m-%d %H:%M")
                        .unwrap(),
                    tzid: "Europe/Copenhagen".into(),
                }
            ))
        );
    }

    #[test]
    fn long_lines_are_folded_and_text_is_escaped() {
        let mut s = shift("x@rundt", "2026-12-08 15:00", "2026-12-09 07:00");
        s.description = format!("Ring; ikke skriv, {}\nSå videre", "æøå ".repeat(30));
        let text = feed(vec![s]);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("DESCRIPTION:Ring\\; ikke skriv\\, æøå"),
            "{unfolded}"
        );
        assert!(unfolded.contains("\\nSå videre"));
    }
}
