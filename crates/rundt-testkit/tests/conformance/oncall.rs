//! The on-call rota on both backends: shifts kept as true instants (the
//! night the clocks go back lasts 11 hours), found by team and by person
//! when they overlap a window, changed and removed only at the version
//! read; leave, settings and publications kept; a swap both agreed hands
//! the shifts over in the same transaction. Every write is audited.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rundt_app::Actor;
use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::oncall::{OnCallTeam, Shift};
use rundt_domain::team::Position;
use rundt_store::{
    NewLeave, NewPublication, NewShift, NewSwap, OnCallSettings, StoreError, SwapState,
};
use rundt_testkit::{TestApp, test_now};

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    local(s).and_utc()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn event(action: AuditAction, team: TeamId) -> AuditEvent {
    Actor::cli().event(
        test_now(),
        action,
        Object::keyed(ObjectKind::OnCallRota, team.get()),
    )
}

struct Rota {
    t: TestApp,
    team: TeamId,
    mette: UserId,
    jonas: UserId,
    sofie: UserId,
}

impl Rota {
    async fn new(t: TestApp) -> Self {
        let (team, people) = t.aarhus_team().await;
        Self {
            t,
            team,
            mette: people["mette"],
            jonas: people["jonas"],
            sofie: people["sofie"],
        }
    }

    fn shift(&self, person: UserId, from: &str, until: &str) -> NewShift {
        let team = OnCallTeam::new(
            Country::DK,
            [
                (self.mette, Position::Supervisor),
                (self.jonas, Position::Therapist),
                (self.sofie, Position::Therapist),
            ],
        );
        team.shift(person, local(from), local(until))
            .unwrap()
            .into()
    }

    async fn audited(&self) -> usize {
        self.t
            .store
            .audit_events(0, 100_000)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.event.action.starts_with("oncall."))
            .count()
    }
}

async fn a_shift_keeps_its_true_length_across_the_october_clock_change(t: TestApp) {
    let r = Rota::new(t).await;
    let store = &r.t.store;
    let night = r.shift(r.jonas, "2026-10-24 22:00", "2026-10-25 08:00");
    let saturday = r.shift(r.sofie, "2026-10-24 08:00", "2026-10-25 08:00");
    let written = store
        .add_shifts(
            r.team,
            &[night, saturday],
            &event(AuditAction::OnCallShiftsFill, r.team),
        )
        .await
        .unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(r.audited().await, 1, "one event for the writing of both");

    let stored = store
        .shifts_between(r.team, utc("2026-10-24 00:00"), utc("2026-10-26 00:00"))
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    let jonas_night = stored.iter().find(|s| s.person_id == r.jonas).unwrap();
    assert_eq!(
        jonas_night.ends_at - jonas_night.starts_at,
        Duration::hours(11)
    );
    assert_eq!(
        jonas_night.starts_at,
        utc("2026-10-24 20:00"),
        "22:00 summer time"
    );
    assert_eq!(
        jonas_night.ends_at,
        utc("2026-10-25 07:00"),
        "08:00 winter time"
    );
    let sofie_day = stored.iter().find(|s| s.person_id == r.sofie).unwrap();
    assert_eq!(sofie_day.shift().length(), Duration::hours(25));
    assert_eq!(jonas_night.version, 1);
    assert_eq!(jonas_night.written_at, test_now());

    // Only shifts overlapping the window: one starting where the window
    // ends is out, and so is one ending where it begins.
    let day = store
        .shifts_between(r.team, utc("2026-10-24 06:00"), utc("2026-10-24 20:00"))
        .await
        .unwrap();
    assert_eq!(
        day.iter().map(|s| s.person_id).collect::<Vec<_>>(),
        vec![r.sofie]
    );
    let after = store
        .shifts_between(r.team, utc("2026-10-25 07:00"), utc("2026-10-26 00:00"))
        .await
        .unwrap();
    assert!(after.is_empty(), "{after:?}");
    let of_jonas = store
        .shifts_of_person_between(r.jonas, utc("2026-10-01 00:00"), utc("2026-11-01 00:00"))
        .await
        .unwrap();
    assert_eq!(of_jonas.len(), 1);
    assert_eq!(
        of_jonas[0].shift(),
        Shift {
            person: r.jonas,
            starts_at: utc("2026-10-24 20:00"),
            ends_at: utc("2026-10-25 07:00"),
        }
    );
    let none = store
        .shifts_of_person_between(r.mette, utc("2026-10-01 00:00"), utc("2026-11-01 00:00"))
        .await
        .unwrap();
    assert!(none.is_empty());

    let missing = store
        .add_shifts(
            TeamId::new(9_999),
            &[night],
            &event(AuditAction::OnCallShiftAdd, r.team),
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    assert!(
        r.t.try_raw_execute(
            "INSERT INTO oncall_shifts (team_id, person_id, starts_at, ends_at, written_at) \
             VALUES (1, 1, '2026-12-01T10:00:00.000000Z', '2026-12-01T09:00:00.000000Z', \
             '2026-12-01T09:00:00.000000Z')"
        )
        .await
        .is_err(),
        "the database itself refuses a shift ending before it starts"
    );
}

async fn a_shift_is_changed_and_removed_only_at_the_version_read(t: TestApp) {
    let r = Rota::new(t).await;
    let store = &r.t.store;
    let first = store
        .add_shifts(
            r.team,
            &[r.shift(r.jonas, "2026-12-07 16:00", "2026-12-08 08:00")],
            &event(AuditAction::OnCallShiftAdd, r.team),
        )
        .await
        .unwrap()
        .remove(0);
    let to_sofie = r.shift(r.sofie, "2026-12-07 16:00", "2026-12-08 08:00");
    let changed = store
        .change_shift(
            r.team,
            first.id,
            &to_sofie,
            1,
            &event(AuditAction::OnCallShiftChange, r.team),
        )
        .await
        .unwrap();
    assert_eq!(changed.person_id, r.sofie);
    assert_eq!(changed.version, 2);
    let stale = store
        .change_shift(
            r.team,
            first.id,
            &to_sofie,
            1,
            &event(AuditAction::OnCallShiftChange, r.team),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );
    let stale = store
        .remove_shift(
            r.team,
            first.id,
            1,
            &event(AuditAction::OnCallShiftRemove, r.team),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::VersionMismatch { .. })));
    let other_team = store
        .remove_shift(
            TeamId::new(9_999),
            first.id,
            2,
            &event(AuditAction::OnCallShiftRemove, r.team),
        )
        .await;
    assert!(matches!(other_team, Err(StoreError::NotFound(_))));
    assert_eq!(r.audited().await, 2, "refused writes leave no event");
    store
        .remove_shift(
            r.team,
            first.id,
            2,
            &event(AuditAction::OnCallShiftRemove, r.team),
        )
        .await
        .unwrap();
    assert!(
        store
            .oncall_shift(r.team, first.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(r.audited().await, 3);
}

async fn leave_settings_and_publications_are_kept(t: TestApp) {
    let r = Rota::new(t).await;
    let store = &r.t.store;
    assert!(store.oncall_settings(r.team).await.unwrap().is_none());
    let settings = OnCallSettings {
        phone: Some("+45 70 20 30 40".into()),
        max_hours_in_row: Some(24),
        max_shifts_per_week: None,
        weekday_split_hour: Some(22),
        off_days_whole: true,
    };
    let saved = store
        .save_oncall_settings(
            r.team,
            &settings,
            &event(AuditAction::OnCallSettingsSave, r.team),
        )
        .await
        .unwrap();
    assert_eq!(saved.settings, settings);
    assert_eq!(saved.version, 1);
    let again = store
        .save_oncall_settings(
            r.team,
            &OnCallSettings::default(),
            &event(AuditAction::OnCallSettingsSave, r.team),
        )
        .await
        .unwrap();
    assert_eq!(again.settings, OnCallSettings::default());
    assert_eq!(again.version, 2);

    let leave = store
        .record_leave(
            r.team,
            &NewLeave {
                person_id: r.sofie,
                first_day: day("2026-12-21"),
                last_day: day("2026-12-27"),
            },
            &event(AuditAction::OnCallLeaveRecord, r.team),
        )
        .await
        .unwrap();
    let found = store
        .leave_between(r.team, day("2026-12-27"), day("2027-01-03"))
        .await
        .unwrap();
    assert_eq!(found, vec![leave.clone()]);
    assert!(
        store
            .leave_between(r.team, day("2026-12-28"), day("2027-01-03"))
            .await
            .unwrap()
            .is_empty()
    );
    store
        .remove_leave(
            r.team,
            leave.id,
            &event(AuditAction::OnCallLeaveRemove, r.team),
        )
        .await
        .unwrap();
    let gone = store
        .remove_leave(
            r.team,
            leave.id,
            &event(AuditAction::OnCallLeaveRemove, r.team),
        )
        .await;
    assert!(matches!(gone, Err(StoreError::NotFound(_))));

    assert!(store.latest_publication(r.team).await.unwrap().is_none());
    let published = store
        .publish_rota(
            r.team,
            &NewPublication {
                window_from: utc("2026-11-25 12:00"),
                window_until: utc("2027-01-19 23:00"),
                gaps: 2,
                reason: Some("Julen: to nætter dækkes af vagten i Fyn".into()),
            },
            &event(AuditAction::OnCallPublish, r.team),
        )
        .await
        .unwrap();
    assert_eq!(
        store.latest_publication(r.team).await.unwrap(),
        Some(published)
    );
    assert_eq!(r.audited().await, 5);
}

async fn a_swap_both_agreed_hands_the_shifts_over(t: TestApp) {
    let r = Rota::new(t).await;
    let store = &r.t.store;
    let shifts = store
        .add_shifts(
            r.team,
            &[
                r.shift(r.jonas, "2026-12-12 08:00", "2026-12-13 08:00"),
                r.shift(r.sofie, "2026-12-13 08:00", "2026-12-14 08:00"),
            ],
            &event(AuditAction::OnCallShiftsFill, r.team),
        )
        .await
        .unwrap();
    let (saturday, sunday) = (shifts[0].id, shifts[1].id);
    let swap = NewSwap {
        shift_id: saturday,
        from_person: r.jonas,
        to_person: r.sofie,
        return_shift_id: Some(sunday),
    };
    let proposed = store
        .propose_swap(
            r.team,
            &swap,
            &event(AuditAction::OnCallSwapPropose, r.team),
        )
        .await
        .unwrap();
    assert_eq!(proposed.state, SwapState::Proposed);
    let agreed = store
        .settle_swap(
            r.team,
            proposed.id,
            SwapState::Agreed,
            1,
            &event(AuditAction::OnCallSwapAnswer, r.team),
        )
        .await
        .unwrap();
    assert_eq!(agreed.state, SwapState::Agreed);
    assert_eq!(agreed.answered_at, Some(test_now()));
    let after = store
        .shifts_between(r.team, utc("2026-12-12 00:00"), utc("2026-12-15 00:00"))
        .await
        .unwrap();
    assert_eq!(
        after.iter().map(|s| s.person_id).collect::<Vec<_>>(),
        vec![r.sofie, r.jonas]
    );
    let twice = store
        .settle_swap(
            r.team,
            proposed.id,
            SwapState::Declined,
            2,
            &event(AuditAction::OnCallSwapAnswer, r.team),
        )
        .await;
    assert!(matches!(twice, Err(StoreError::VersionMismatch { .. })));

    // A swap proposed for a shift that changed hands since cannot be
    // agreed, and nothing moves.
    let stale = store
        .propose_swap(
            r.team,
            &swap,
            &event(AuditAction::OnCallSwapPropose, r.team),
        )
        .await
        .unwrap();
    let refused = store
        .settle_swap(
            r.team,
            stale.id,
            SwapState::Agreed,
            1,
            &event(AuditAction::OnCallSwapAnswer, r.team),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::VersionMismatch { .. })));
    let unchanged = store
        .shifts_between(r.team, utc("2026-12-12 00:00"), utc("2026-12-15 00:00"))
        .await
        .unwrap();
    assert_eq!(unchanged, after);
    let declined = store
        .settle_swap(
            r.team,
            stale.id,
            SwapState::Declined,
            1,
            &event(AuditAction::OnCallSwapAnswer, r.team),
        )
        .await
        .unwrap();
    assert_eq!(declined.state, SwapState::Declined);
    assert_eq!(store.swaps_of_team(r.team).await.unwrap().len(), 2);

    // Removing a shift removes the swaps proposed for it.
    store
        .remove_shift(
            r.team,
            saturday,
            after[0].version,
            &event(AuditAction::OnCallShiftRemove, r.team),
        )
        .await
        .unwrap();
    assert!(store.swaps_of_team(r.team).await.unwrap().is_empty());
}

rundt_testkit::scenarios!(app:
    a_shift_keeps_its_true_length_across_the_october_clock_change,
    a_shift_is_changed_and_removed_only_at_the_version_read,
    leave_settings_and_publications_are_kept,
    a_swap_both_agreed_hands_the_shifts_over,
);
