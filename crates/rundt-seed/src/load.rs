//! An installation for load tests of writes: one Danish team whose one
//! therapist treats many families, each with its assessment saved, so
//! concurrent writers have a family each (or share one) to edit.

use chrono::Duration;
use rundt_app::cases::{PersonInput, ReferFamily};
use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
use rundt_app::{Actor, App, AppResult};
use rundt_domain::id::{CaseId, TeamId, UserId};

use crate::generate::{assessment, create_user, referral};
use crate::steps::{accept_on, assign_and_assess};

/// What [`families_in_treatment`] made.
#[derive(Debug, Clone)]
pub struct InTreatment {
    pub team: TeamId,
    pub therapist: UserId,
    /// The families' cases, each in treatment with its assessment saved.
    pub cases: Vec<CaseId>,
}

/// A team in Aarhus and `families` families in treatment with one therapist
/// (above the model's caseload, which is allowed with a warning), each
/// assessed; every step through the use cases, as the command line.
pub async fn families_in_treatment(app: &App, families: usize) -> AppResult<InTreatment> {
    let cli = Actor::cli();
    let today = app.clock.today();
    let team = organisation::create_team(
        app,
        &cli,
        &CreateTeam {
            name: "MST load test".into(),
            country: "DK".into(),
            programme_model: "MST".into(),
            owners: vec![OwnerInput {
                municipality_code: "0751".into(),
                share_percent: 100.0,
            }],
            started_on: None,
        },
    )
    .await?;
    let therapist = create_user(
        app,
        "load.therapist".into(),
        "Load Test Therapist".into(),
        "therapist",
        "DK",
        None,
    )
    .await?;
    organisation::add_member(
        app,
        &cli,
        team.id,
        &AddMember {
            user_id: therapist,
            position: "therapist".into(),
            since: Some(today - Duration::days(400)),
        },
    )
    .await?;
    crate::trained(
        app,
        therapist,
        "MST",
        "therapist",
        today - Duration::days(400),
    )
    .await?;
    let start = today - Duration::days(30);
    let referred = start - Duration::days(10);
    let mut cases = Vec::with_capacity(families);
    for f in 0..families {
        let born = referred - Duration::days(365 * 14);
        let case = rundt_app::cases::refer_family(
            &app.on_day(referred),
            &cli,
            &ReferFamily {
                team_id: team.id,
                referring_municipality: Some("0751".into()),
                young_person: PersonInput {
                    given_name: format!("Young{f}"),
                    family_name: "Loadtest".into(),
                    national_id: None,
                    birth_date: Some(born),
                },
                other_children: Vec::new(),
                caregivers: vec![PersonInput {
                    given_name: format!("Parent{f}"),
                    family_name: "Loadtest".into(),
                    national_id: None,
                    birth_date: Some(born - Duration::days(28 * 365)),
                }],
                referral: referral(referred),
            },
        )
        .await?;
        let accepted = accept_on(app, case.id, case.version, referred + Duration::days(2)).await?;
        assign_and_assess(
            app,
            case.id,
            accepted,
            therapist,
            start,
            &assessment(),
            None,
        )
        .await?;
        cases.push(case.id);
    }
    Ok(InTreatment {
        team: team.id,
        therapist,
        cases,
    })
}
