//! The demo's on-call rotas: every team has its on-call phone and a rota
//! for the coming eight weeks, filled from the default pattern by its
//! people on call in turn (not those who have given notice) and published
//! by its supervisor. In MST Oslo two weekday nights in the third week are
//! not taken, and the rota was published with a written reason in
//! Norwegian; in MST Aarhus a therapist has proposed a swap that waits
//! for the other's answer. Each step is taken by the person whose step it
//! is, through the same use cases as real input.

use chrono::Duration;
use rundt_app::auth::principal_for;
use rundt_app::oncall::{self, FillDays, SettingsInput, SwapInput};
use rundt_app::organisation::TeamOverview;
use rundt_app::{Actor, App, AppError, AppResult};
use rundt_domain::country::Country;
use rundt_domain::oncall::is_on_call_position;
use rundt_domain::team::Position;
use rundt_domain::user::User;

/// The team whose rota has a gap, published with a reason.
pub(crate) const GAP_TEAM: &str = "MST Oslo";
/// The team where a swap waits for an answer.
pub(crate) const SWAP_TEAM: &str = "MST Aarhus";

fn phone(country: Country, n: usize) -> String {
    match country {
        Country::NO => format!("+47 22 40 00 0{n}"),
        _ => format!("+45 70 20 30 4{n}"),
    }
}

fn gap_reason(country: Country) -> &'static str {
    match country {
        Country::NO => {
            "To hverdagsnetter i uke tre er ikke dekket ennå: to av terapeutene er på \
             kurs. Teamlederen har vakttelefonen fra hjemmet de to nettene, og vaktplanen \
             oppdateres innen fredag."
        }
        _ => {
            "To hverdagsnætter i uge tre er ikke dækket endnu: to af terapeuterne er på \
             kursus. Teamlederen har vagttelefonen hjemmefra de to nætter, og vagtplanen \
             opdateres inden fredag."
        }
    }
}

async fn acting(app: &App, everyone: &[User], id: rundt_domain::id::UserId) -> AppResult<Actor> {
    let user = everyone
        .iter()
        .find(|u| u.id == id)
        .ok_or_else(|| AppError::Internal(format!("demo user {id} missing")))?;
    Ok(Actor::User(principal_for(app, user).await?))
}

/// Every team's on-call phone and rota, as described above.
pub async fn add_rotas(app: &App, teams: &[TeamOverview], everyone: &[User]) -> AppResult<()> {
    let today = app.clock.today();
    for (n, team) in teams.iter().enumerate() {
        let Some(supervisor) = team
            .members
            .iter()
            .find(|m| m.position == Position::Supervisor)
        else {
            continue;
        };
        let supervisor = acting(app, everyone, supervisor.user_id).await?;
        let settings = SettingsInput {
            phone: Some(phone(team.country, n + 1)),
            ..SettingsInput::default()
        };
        oncall::save_settings(app, &supervisor, team.id, &settings).await?;
        // Therapists first, the supervisor last: the rota's start.
        let mut people: Vec<_> = team
            .members
            .iter()
            .filter(|m| is_on_call_position(m.position) && m.until.is_none())
            .collect();
        people.sort_by_key(|m| m.position == Position::Supervisor);
        // From yesterday's 08:00, so a demo loaded before 08:00 has
        // tonight covered too.
        let fill = FillDays {
            first: today - Duration::days(1),
            last: today + Duration::weeks(8),
            people: people.iter().map(|m| m.user_id).collect(),
        };
        let shifts = oncall::fill_from_pattern(app, &supervisor, team.id, &fill).await?;
        let mut reason = "";
        if team.name == GAP_TEAM {
            // Two weekday nights of the third week nobody took.
            let third_week = today + Duration::weeks(2);
            let nights: Vec<_> = shifts
                .iter()
                .filter(|s| {
                    let starts = team.country.local_date(s.starts_at);
                    starts >= third_week && (s.ends_at - s.starts_at) == Duration::hours(16)
                })
                .take(2)
                .collect();
            for night in nights {
                oncall::remove_shift(app, &supervisor, team.id, night.id, night.version).await?;
            }
            reason = gap_reason(team.country);
        }
        oncall::publish(app, &supervisor, team.id, reason).await?;
        if team.name == SWAP_TEAM {
            propose_swap(app, everyone, team, &shifts).await?;
            // The supervisor has the team's rota in her phone's calendar.
            oncall::create_calendar_feed(app, &supervisor, team.id, oncall::FeedOf::Team).await?;
        }
    }
    Ok(())
}

/// The first therapist asks the second to take one of their shifts of the
/// second week; the second has not answered yet.
async fn propose_swap(
    app: &App,
    everyone: &[User],
    team: &TeamOverview,
    shifts: &[rundt_app::records::ShiftRecord],
) -> AppResult<()> {
    let therapists: Vec<_> = team
        .members
        .iter()
        .filter(|m| m.position == Position::Therapist && m.until.is_none())
        .collect();
    let (Some(first), Some(second)) = (therapists.first(), therapists.get(1)) else {
        return Ok(());
    };
    let second_week = app.clock.now() + Duration::weeks(1);
    let Some(shift) = shifts
        .iter()
        .find(|s| s.person_id == first.user_id && s.starts_at > second_week)
    else {
        return Ok(());
    };
    let asking = acting(app, everyone, first.user_id).await?;
    let swap = SwapInput {
        shift_id: shift.id,
        to_person: second.user_id,
        return_shift_id: None,
    };
    oncall::propose_swap(app, &asking, team.id, &swap).await?;
    Ok(())
}
