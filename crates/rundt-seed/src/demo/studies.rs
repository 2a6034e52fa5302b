//! Feasibility studies in the demo (issue 16): MST Vestegnen is started
//! from the study its three municipalities approved, so its page shows its
//! plan against what happened; Skanderborg and Horsens are working on a
//! joint study the national office has commented on; Oslo is looking at an
//! MST-CAN team. Entered through the real use cases, in the country's
//! language.

use chrono::{Datelike, NaiveDate};
use rundt_app::feasibility;
use rundt_app::organisation::{self, CreateTeam, TeamOverview};
use rundt_app::users;
use rundt_app::{Actor, App, AppError, AppResult};
use rundt_domain::country::Country;
use rundt_domain::feasibility::{
    Barrier, ByScenario, PotentialFigure, PotentialMeasure, ReferralShare, StudyDocument,
};
use rundt_domain::municipality::MunicipalityCode;

/// One municipality's potential: young people a year with offences or at
/// risk, dropping out of school, placed out of home.
struct Potential {
    code: &'static str,
    counts: [u32; 3],
}

fn code(country: Country, raw: &str) -> AppResult<MunicipalityCode> {
    Ok(MunicipalityCode::parse(country, raw)?)
}

/// A study's draft for `codes` with the defaults, filled with the demo's
/// figures.
#[allow(clippy::too_many_arguments)]
async fn document(
    app: &App,
    country: Country,
    model: &str,
    starts_on: NaiveDate,
    title: &str,
    team_name: &str,
    potential: &[Potential],
    sources: [&str; 3],
    shares: [ByScenario; 3],
    barriers: Vec<Barrier>,
) -> AppResult<StudyDocument> {
    let codes = potential
        .iter()
        .map(|p| code(country, p.code))
        .collect::<AppResult<Vec<_>>>()?;
    let mut doc =
        feasibility::new_study_draft(app, &Actor::cli(), country, &codes, model, starts_on).await?;
    doc.title = title.into();
    doc.team_name = team_name.into();
    let year = starts_on.year() - 1;
    for (p, code) in potential.iter().zip(&codes) {
        for (i, measure) in PotentialMeasure::ALL.iter().enumerate() {
            doc.potential.push(PotentialFigure {
                municipality: code.clone(),
                measure: *measure,
                count: p.counts[i],
                source: sources[i].into(),
                year,
            });
        }
    }
    doc.referral_shares = PotentialMeasure::ALL
        .iter()
        .zip(shares)
        .map(|(measure, share_bp)| ReferralShare {
            measure: *measure,
            share_bp,
        })
        .collect();
    doc.barriers = barriers;
    Ok(doc)
}

fn share(low: u32, expected: u32, high: u32) -> ByScenario {
    ByScenario {
        low,
        expected,
        high,
    }
}

fn barrier(text: &str, note: &str, owner: &str, resolved: bool) -> Barrier {
    Barrier {
        text: text.into(),
        note: note.into(),
        owner: owner.into(),
        resolved,
    }
}

const DK_SOURCES: [&str; 3] = [
    "Danmarks Statistik, sigtede 12–17 år (demo-tal)",
    "Skoleforvaltningen, elever med over 15 % fravær (demo-tal)",
    "Danmarks Statistik, anbragte 12–17 år (demo-tal)",
];

/// Creates a team through the study its owners approved: the study is
/// saved, each owner approves it, and the last approval creates the team.
pub(super) async fn team_from_study(app: &App, team: &CreateTeam) -> AppResult<TeamOverview> {
    let actor = Actor::cli();
    let country: Country = team.country.parse()?;
    let starts_on = team
        .started_on
        .ok_or_else(|| AppError::Internal("a demo team from a study needs its start".into()))?;
    // Hvidovre, Albertslund and Brøndby, the team's owners in teams.json.
    let potential = [
        Potential {
            code: "0167",
            counts: [95, 60, 40],
        },
        Potential {
            code: "0165",
            counts: [55, 35, 25],
        },
        Potential {
            code: "0153",
            counts: [70, 45, 30],
        },
    ];
    let mut doc = document(
        app,
        country,
        &team.programme_model,
        starts_on,
        "Forundersøgelse: et fælles MST-team på Vestegnen",
        &team.name,
        &potential,
        DK_SOURCES,
        [
            share(400, 600, 900),
            share(200, 400, 600),
            share(800, 1_200, 1_600),
        ],
        vec![
            barrier(
                "Behandlingskulturen: familiebehandlingen arbejder på kontoret",
                "Temadag med MST Danmark for familieafdelingerne.",
                "Familiechef, Hvidovre",
                true,
            ),
            barrier(
                "Visitationen skal gå gennem tre kommuner",
                "Fælles visitationsudvalg med én indgang.",
                "Visitationsudvalget",
                true,
            ),
        ],
    )
    .await?;
    let owners: Vec<(String, f64)> = team
        .owners
        .iter()
        .map(|o| (o.municipality_code.clone(), o.share_percent))
        .collect();
    doc.municipalities = rundt_domain::team::parse_owners(country, &owners)?;
    // The plan runs until the months the demo's families were treated in.
    doc.assumptions.years = 6;
    let study = feasibility::create_study(app, &actor, &doc).await?;
    let mut approved = study;
    for o in &doc.municipalities {
        approved = feasibility::approve_study(
            app,
            &actor,
            approved.id,
            approved.current.version,
            &o.municipality_code,
        )
        .await?;
    }
    let team_id = approved
        .team_id
        .ok_or_else(|| AppError::Internal("the demo study made no team".into()))?;
    organisation::team_overview(app, &actor, team_id).await
}

/// The studies being worked on, with the national office's comments.
pub(super) async fn add_drafts(app: &App) -> AppResult<()> {
    let actor = Actor::cli();
    let today = app.clock.today();
    let next_year = NaiveDate::from_ymd_opt(today.year() + 1, 3, 1)
        .ok_or_else(|| AppError::Internal("no such day".into()))?;
    let dk = document(
        app,
        Country::DK,
        "MST",
        next_year,
        "Forundersøgelse: MST i Skanderborg og Horsens",
        "MST Skanderborg-Horsens",
        &[
            Potential {
                code: "0746",
                counts: [60, 45, 20],
            },
            Potential {
                code: "0615",
                counts: [110, 80, 45],
            },
        ],
        DK_SOURCES,
        [
            share(300, 500, 800),
            share(200, 300, 500),
            share(1_000, 1_500, 2_000),
        ],
        vec![barrier(
            "Konkurrerende tilbud: eget familiebehandlingsteam i Horsens",
            "Afklares i styregruppen, før sagen går til byrådene.",
            "Styregruppen",
            false,
        )],
    )
    .await?;
    let study = feasibility::create_study(app, &actor, &dk).await?;
    comment_as(
        app,
        "dk.admin",
        study.id,
        "MST Danmark: Regn med 8 familier pr. terapeut om året, og husk at licensen deles efter ejerandel. Vi kommer gerne til styregruppemødet.",
    )
    .await?;
    let no = document(
        app,
        Country::NO,
        "MST-CAN",
        next_year,
        "Mulighetsstudie: MST-CAN i Oslo",
        "MST-CAN Oslo",
        &[Potential {
            code: "0301",
            counts: [180, 120, 90],
        }],
        [
            "SSB, barnevernstiltak (demotall)",
            "Utdanningsetaten, frafall (demotall)",
            "SSB, plasseringer utenfor hjemmet (demotall)",
        ],
        [
            share(100, 200, 300),
            share(100, 150, 200),
            share(500, 800, 1_100),
        ],
        vec![barrier(
            "Barnevernstjenesten må frigjøre saksbehandlere til henvisning",
            "Drøftes med bydelene.",
            "Barne- og familieetaten",
            false,
        )],
    )
    .await?;
    let study = feasibility::create_study(app, &actor, &no).await?;
    comment_as(
        app,
        "no.admin",
        study.id,
        "NUBU: Husk kriseveileder og psykiater i budsjettet for MST-CAN. Vi sender tall fra Bærum og Asker.",
    )
    .await?;
    Ok(())
}

/// A comment written as the demo user `username`.
async fn comment_as(app: &App, username: &str, study_id: i64, text: &str) -> AppResult<()> {
    let everyone = users::list_users(app, &Actor::cli()).await?;
    let Some(user) = everyone.iter().find(|u| u.username == username) else {
        return Err(AppError::Internal(format!("no demo user {username}")));
    };
    let actor = rundt_app::auth::act_as(app, user.id).await?;
    feasibility::comment_on_study(app, &actor, study_id, text).await?;
    Ok(())
}
