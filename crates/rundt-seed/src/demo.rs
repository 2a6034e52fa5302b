//! A realistic demonstration installation: Danish and Norwegian MST and
//! MST-CAN teams owned by real municipalities, with their staff, municipal
//! caseworkers and managers, the national offices' administrators and each
//! country's auditor. Later parts of Rundt add families at every stage here.

mod archive;
mod can_plan;
mod consultation;
mod course;
mod crisis;
mod history;
mod mapping;
mod money;
mod notices;
mod oncall;
mod opened;
mod people;
mod safety;
mod studies;
mod tokens;
mod words;

use rundt_app::organisation::{self, CreateTeam, TeamOverview};
use rundt_app::users::{self, CreateUser, JoinTeam};
use rundt_app::{Actor, App, AppError, AppResult, auth};
use rundt_domain::country::Country;
use rundt_domain::totp::TotpSecret;
use rundt_domain::user::{Role, User};
use serde::Deserialize;

/// The password every demo account gets. Demo data only: never use it for
/// real accounts.
pub const DEMO_PASSWORD: &str = "rundt-demo-2026";

/// The authenticator secret every demo account is enrolled with (base32).
/// Add it to an authenticator app, or print the current code with
/// `rundt totp-code <secret>`. Demo data only.
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// What the demo loader did.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub already_loaded: bool,
    pub teams: usize,
    pub users: Vec<(String, String, String)>,
}

/// A demo team as it is created, with its staff.
#[derive(Deserialize)]
struct DemoTeam {
    #[serde(flatten)]
    team: CreateTeam,
    staff: Vec<DemoStaff>,
    /// Started from the feasibility study its owners approved.
    #[serde(default)]
    from_study: bool,
}

/// A member of a demo team's staff; some have given notice and leave the
/// team `leaves_in_days` after the demo is loaded.
#[derive(Deserialize)]
struct DemoStaff {
    username: String,
    display_name: String,
    position: String,
    #[serde(default)]
    leaves_in_days: Option<u64>,
}

/// A demo account outside the teams.
#[derive(Deserialize)]
struct DemoUser {
    username: String,
    display_name: String,
    role: String,
    country: String,
    municipality_code: Option<String>,
}

/// The demo's teams and other accounts are data (`demo/teams.json`,
/// `demo/users.json`); [`load`] enters them through the use cases.
const TEAMS: &str = include_str!("demo/teams.json");
const OTHER_USERS: &str = include_str!("demo/users.json");

fn demo_data<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> AppResult<T> {
    serde_json::from_str(json)
        .map_err(|e| AppError::Internal(format!("demo {what} unreadable: {e}")))
}

fn role_for_position(position: &str) -> &'static str {
    match position {
        "supervisor" => "supervisor",
        // MST-CAN's crisis caseworker and psychiatrist have roles of their
        // own: the safety records, and the families they are asked about.
        "crisis_caseworker" => "crisis_caseworker",
        "psychiatrist" => "psychiatrist",
        _ => "therapist",
    }
}

/// Loads the demo unless it is already there. Everything goes through the
/// same use cases as real input, so the demo is also a smoke test.
pub async fn load(app: &App) -> AppResult<DemoReport> {
    let actor = Actor::cli();
    let existing = users::list_users(app, &actor).await?;
    if existing.iter().any(|u| u.username == "mette.supervisor") {
        return Ok(DemoReport {
            already_loaded: true,
            teams: teams(app).await?.len(),
            users: listing(existing),
        });
    }
    let since = app.clock.today() - chrono::Days::new(1000);
    let demo_teams: Vec<DemoTeam> = demo_data("teams", TEAMS)?;
    for t in &demo_teams {
        let team = if t.from_study {
            studies::team_from_study(app, &t.team).await?
        } else {
            organisation::create_team(app, &actor, &t.team).await?
        };
        for member in &t.staff {
            let role = role_for_position(&member.position);
            let user = demo_user(
                &member.username,
                &member.display_name,
                role,
                &t.team.country,
                None,
            );
            // Each account is made straight into its team, as the
            // national office's account page does.
            let join = JoinTeam {
                team_id: team.id,
                position: member.position.clone(),
                since: Some(since),
            };
            let made = users::create_user_in_team(app, &actor, &user, &join).await?;
            if let Some(days) = member.leaves_in_days {
                let last_day = app.clock.today() + chrono::Days::new(days);
                organisation::end_membership(
                    app,
                    &actor,
                    team.id,
                    made.membership.id,
                    Some(last_day),
                )
                .await?;
            }
        }
    }
    let others: Vec<DemoUser> = demo_data("users", OTHER_USERS)?;
    for u in &others {
        let user = demo_user(
            &u.username,
            &u.display_name,
            &u.role,
            &u.country,
            u.municipality_code.as_deref(),
        );
        users::create_user(app, &actor, &user).await?;
    }
    let everyone = users::list_users(app, &actor).await?;
    enrol_everyone(app, &everyone).await?;
    choose_languages(app, &everyone).await?;
    tokens::add_tokens(app, &everyone).await?;
    let teams = teams(app).await?;
    // Prices and agreements first: each referral is priced on its day;
    // everyone's initial training too, so the therapists may take families.
    money::add_money(app, &teams).await?;
    people::add_training(app, &teams).await?;
    people::add_consultants_early(app, &everyone).await?;
    let courses = course::add_courses(app, &teams, &everyone).await?;
    for team in &teams {
        history::add_history(app, team).await?;
        people::add_ratings(app, team).await?;
    }
    archive::add_archive(app, &teams, &everyone).await?;
    oncall::add_rotas(app, &teams, &everyone).await?;
    people::add_people_year(app).await?;
    studies::add_drafts(app).await?;
    // The crisis plans and last night's calls, in the order of their dates.
    crisis::add_crisis_records(app, &courses.crisis_families).await?;
    // Opened last, today: the newest events of the audit log are people's.
    for (id, opened) in &courses.to_open {
        opened::open_family(app, &everyone, *id, opened).await?;
    }
    notices::add_notices(app, &everyone).await?;
    Ok(DemoReport {
        already_loaded: false,
        teams: demo_teams.len(),
        users: listing(users::list_users(app, &actor).await?),
    })
}

/// A demo young person an auditor can look up by national id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupExample {
    pub country: Country,
    pub name: String,
    /// The CPR number or fødselsnummer the demo gives them.
    pub national_id: String,
}

/// The young person of the first demo family of each country, to try the
/// auditor's look-up by national id with.
pub fn lookup_examples() -> AppResult<Vec<LookupExample>> {
    let teams: Vec<DemoTeam> = demo_data("teams", TEAMS)?;
    let country_of_team = |name: &str| {
        teams
            .iter()
            .find(|t| t.team.name == name)
            .and_then(|t| t.team.country.parse().ok())
    };
    Ok(course::first_young_people(country_of_team)?
        .into_iter()
        .map(|(country, name, national_id)| LookupExample {
            country,
            name,
            national_id,
        })
        .collect())
}

/// The first child of the first Norwegian MST-CAN family, whose copy
/// holds the family's safety plan, map and treatment plan, the incidents
/// that involved the child and the child's own voice.
pub fn can_copy_example() -> AppResult<Option<LookupExample>> {
    let teams: Vec<DemoTeam> = demo_data("teams", TEAMS)?;
    let norwegian_can_team = |name: &str| {
        teams
            .iter()
            .find(|t| {
                t.team.name == name && t.team.programme_model == "MST-CAN" && t.team.country == "NO"
            })
            .map(|_| Country::NO)
    };
    Ok(course::first_young_people(norwegian_can_team)?
        .into_iter()
        .next()
        .map(|(country, name, national_id)| LookupExample {
            country,
            name,
            national_id,
        }))
}

fn demo_user(
    username: &str,
    name: &str,
    role: &str,
    country: &str,
    municipality: Option<&str>,
) -> CreateUser {
    CreateUser {
        username: username.into(),
        display_name: name.into(),
        email: Some(format!("{username}@demo.rundt.invalid")),
        role: role.into(),
        country: country.into(),
        municipality_code: municipality.map(str::to_owned),
        password: Some(DEMO_PASSWORD.into()),
    }
}

fn listing(users: Vec<User>) -> Vec<(String, String, String)> {
    users
        .into_iter()
        .map(|u| (u.username, u.role.to_string(), u.display_name))
        .collect()
}

/// Every team, as the command line sees them.
async fn teams(app: &App) -> AppResult<Vec<TeamOverview>> {
    organisation::team_overviews(app, &Actor::cli()).await
}

/// The municipal caseworkers have chosen the language of their pages
/// (Danish or Bokmål), so one on a PC with an English browser still reads
/// her own language; everyone else follows their browser.
async fn choose_languages(app: &App, everyone: &[User]) -> AppResult<()> {
    for user in everyone
        .iter()
        .filter(|u| u.role == Role::MunicipalCaseworker)
    {
        let language = match user.country {
            Country::DK => "da",
            Country::NO => "nb",
        };
        if let Actor::User(who) = auth::act_as(app, user.id).await? {
            users::set_language(app, &who, Some(language)).await?;
        }
    }
    Ok(())
}

/// Enrols every demo account with [`DEMO_TOTP_SECRET`].
async fn enrol_everyone(app: &App, everyone: &[User]) -> AppResult<()> {
    let secret =
        TotpSecret::from_base32(DEMO_TOTP_SECRET).map_err(|e| AppError::Internal(e.to_string()))?;
    for user in everyone {
        auth::enrol_known_secret(app, &Actor::cli(), user.id, &secret).await?;
    }
    Ok(())
}
