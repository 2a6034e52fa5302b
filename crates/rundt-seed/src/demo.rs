//! A realistic demonstration installation: Danish and Norwegian MST and
//! MST-CAN teams owned by real municipalities, with their staff, municipal
//! caseworkers and managers, the national offices' administrators and an
//! auditor. Later parts of Rundt add families at every stage here.

mod course;
mod history;

use chrono::NaiveDate;
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput, TeamOverview};
use rundt_app::users::{self, CreateUser};
use rundt_app::{Actor, App, AppError, AppResult, auth};
use rundt_domain::country::Country;
use rundt_domain::national_id;
use rundt_domain::totp::TotpSecret;
use rundt_domain::user::{Role, User};

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

struct DemoTeam {
    name: &'static str,
    country: &'static str,
    model: &'static str,
    owners: &'static [(&'static str, f64)],
    /// (username, display name, position)
    staff: &'static [(&'static str, &'static str, &'static str)],
}

const TEAMS: &[DemoTeam] = &[
    DemoTeam {
        name: "MST Aarhus",
        country: "DK",
        model: "MST",
        owners: &[("0751", 100.0)],
        staff: &[
            ("mette.supervisor", "Mette Kjærgaard", "supervisor"),
            ("jonas.therapist", "Jonas Holm", "therapist"),
            ("sofie.therapist", "Sofie Lund Madsen", "therapist"),
            ("ahmed.therapist", "Ahmed Hussein", "therapist"),
        ],
    },
    DemoTeam {
        name: "MST Vestegnen",
        country: "DK",
        model: "MST",
        owners: &[("0167", 50.0), ("0165", 25.0), ("0153", 25.0)],
        staff: &[
            ("lars.supervisor", "Lars Bech", "supervisor"),
            ("camilla.therapist", "Camilla Friis", "therapist"),
        ],
    },
    DemoTeam {
        name: "MST-CAN Nordjylland",
        country: "DK",
        model: "MST-CAN",
        owners: &[("0851", 60.0), ("0813", 40.0)],
        staff: &[
            ("hanne.supervisor", "Hanne Thomsen", "supervisor"),
            ("peter.therapist", "Peter Nygaard", "therapist"),
            ("ida.therapist", "Ida Sørensen", "therapist"),
            ("maja.therapist", "Maja Kristensen", "therapist"),
            ("karin.crisis", "Karin Vestergaard", "crisis_caseworker"),
        ],
    },
    DemoTeam {
        name: "MST Oslo",
        country: "NO",
        model: "MST",
        owners: &[("0301", 100.0)],
        staff: &[
            ("ingrid.supervisor", "Ingrid Solberg", "supervisor"),
            ("ola.therapist", "Ola Nordmann Berg", "therapist"),
            ("fatima.therapist", "Fatima Ali", "therapist"),
            ("erik.therapist", "Erik Haugen", "therapist"),
        ],
    },
    DemoTeam {
        name: "MST-CAN Bærum og Asker",
        country: "NO",
        model: "MST-CAN",
        owners: &[("3201", 60.0), ("3203", 40.0)],
        staff: &[
            ("kari.supervisor", "Kari Johansen", "supervisor"),
            ("nina.therapist", "Nina Larsen", "therapist"),
            ("thomas.therapist", "Thomas Dahl", "therapist"),
            ("silje.therapist", "Silje Moen", "therapist"),
            ("anders.crisis", "Anders Lie", "crisis_caseworker"),
            ("bjorn.psychiatrist", "Bjørn Strand", "psychiatrist"),
        ],
    },
    DemoTeam {
        name: "MST Bergen",
        country: "NO",
        model: "MST",
        owners: &[("4601", 100.0)],
        staff: &[
            ("astrid.supervisor", "Astrid Viken", "supervisor"),
            ("magnus.therapist", "Magnus Aas", "therapist"),
            ("hilde.therapist", "Hilde Brekke", "therapist"),
        ],
    },
];

/// (username, display name, role, country, municipality)
const OTHER_USERS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        "dk.admin",
        "Birgitte Nørgaard (MST Danmark)",
        "national_admin",
        "DK",
        None,
    ),
    (
        "no.admin",
        "Per Arne Hovland (NUBU)",
        "national_admin",
        "NO",
        None,
    ),
    ("dk.consultant", "Henrik Dam", "consultant", "DK", None),
    (
        "aarhus.caseworker",
        "Louise Winther",
        "municipal_caseworker",
        "DK",
        Some("0751"),
    ),
    (
        "aarhus.manager",
        "Søren Bak",
        "municipal_manager",
        "DK",
        Some("0751"),
    ),
    (
        "hvidovre.caseworker",
        "Rikke Olsen",
        "municipal_caseworker",
        "DK",
        Some("0167"),
    ),
    (
        "oslo.caseworker",
        "Marte Eriksen",
        "municipal_caseworker",
        "NO",
        Some("0301"),
    ),
    (
        "oslo.manager",
        "Knut Pedersen",
        "municipal_manager",
        "NO",
        Some("0301"),
    ),
    (
        "baerum.caseworker",
        "Linn Halvorsen",
        "municipal_caseworker",
        "NO",
        Some("3201"),
    ),
    ("dk.auditor", "Jens Mikkelsen (DPO)", "auditor", "DK", None),
];

fn role_for_position(position: &str) -> &'static str {
    match position {
        "supervisor" => "supervisor",
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
    for t in TEAMS {
        let team = organisation::create_team(
            app,
            &actor,
            &CreateTeam {
                name: t.name.into(),
                country: t.country.into(),
                programme_model: t.model.into(),
                owners: t
                    .owners
                    .iter()
                    .map(|(code, share)| OwnerInput {
                        municipality_code: (*code).into(),
                        share_percent: *share,
                    })
                    .collect(),
            },
        )
        .await?;
        for (username, name, position) in t.staff {
            let created = users::create_user(
                app,
                &actor,
                &demo_user(username, name, role_for_position(position), t.country, None),
            )
            .await?;
            organisation::add_member(
                app,
                &actor,
                team.id,
                &AddMember {
                    user_id: created.user.id,
                    position: (*position).into(),
                    since: Some(since),
                },
            )
            .await?;
        }
    }
    for (username, name, role, country, municipality) in OTHER_USERS {
        users::create_user(
            app,
            &actor,
            &demo_user(username, name, role, country, *municipality),
        )
        .await?;
    }
    let everyone = users::list_users(app, &actor).await?;
    enrol_everyone(app, &everyone).await?;
    choose_languages(app, &everyone).await?;
    let teams = teams(app).await?;
    course::add_courses(app, &teams, &everyone).await?;
    for team in &teams {
        history::add_history(app, team).await?;
        history::add_supervisor_ratings(app, team).await?;
    }
    Ok(DemoReport {
        already_loaded: false,
        teams: TEAMS.len(),
        users: listing(users::list_users(app, &actor).await?),
    })
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

/// A Norwegian fødselsnummer for a demo person: the first individual
/// number (from `start`) whose check digits work out.
fn demo_fnr(born: NaiveDate, start: u32) -> Option<String> {
    let date = born.format("%d%m%y").to_string();
    (start..1000).find_map(|individual| {
        (0..100).find_map(|k| {
            let candidate = format!("{date}{individual:03}{k:02}");
            national_id::parse_fnr(&candidate).ok().map(|_| candidate)
        })
    })
}

/// A Danish CPR number for a demo person (century digit for the 2000s or
/// 1900s as the rules say; the old modulus-11 check is not required).
fn demo_cpr(born: NaiveDate, serial: u32) -> String {
    use chrono::Datelike;
    let century_digit = if born.year() >= 2000 { 4 } else { 1 };
    format!(
        "{}-{century_digit}{:03}",
        born.format("%d%m%y"),
        serial % 1000
    )
}
