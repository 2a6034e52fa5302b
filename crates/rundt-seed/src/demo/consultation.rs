//! The demo's psychiatric consultations, in the team's language: the
//! therapist of an MST-CAN family in treatment asked the team's
//! psychiatrist about a parent three weeks ago, answered a week later (in
//! a long enough course), and asked about the child two days ago, still
//! unanswered — so the psychiatrist's start page and the family's
//! consultations page show a request answered and one awaiting an answer. Each step is taken as the person whose
//! step it is (the therapist asks, the psychiatrist answers), through the
//! same use cases as real input.

use chrono::{Duration, NaiveDate};
use rundt_app::auth::principal_for;
use rundt_app::consultation;
use rundt_app::{Actor, App, AppResult};
use rundt_domain::consultation::ConsultationRequest;
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::team::TeamId;
use rundt_domain::user::User;

fn question(country: Country, parent: &str) -> String {
    match country {
        Country::NO => format!(
            "{parent} sover dårlig, er nedstemt og orker ikke barna om kveldene. \
             Vi ber om en vurdering av om det er en depresjon som bør behandles, og om \
             det påvirker hvordan vi legger opp sikkerhetsplanen."
        ),
        _ => format!(
            "{parent} sover dårligt, er nedtrykt og magter ikke børnene om aftenen. \
             Vi beder om en vurdering af, om det er en depression, der bør behandles, \
             og om det påvirker, hvordan vi lægger sikkerhedsplanen."
        ),
    }
}

fn follow_up(country: Country, child: &str) -> String {
    match country {
        Country::NO => format!(
            "{child} har fått mareritt etter hendelsen. Bør vi vente med traumebehandling \
             (TF-CBT) til sikkerhetsplanen har holdt i fire uker?"
        ),
        _ => format!(
            "{child} har fået mareridt efter hændelsen. Bør vi vente med traumebehandling \
             (TF-CBT), til sikkerhedsplanen har holdt i fire uger?"
        ),
    }
}

fn answer(country: Country, parent: &str) -> String {
    match country {
        Country::NO => format!(
            "Jeg har sett {parent} sammen med terapeuten. Det er tegn på en moderat \
             depresjon. Jeg anbefaler henvisning til fastlegen for behandling og at \
             sikkerhetsplanen får en kveldsavtale med besteforeldrene de neste fire ukene."
        ),
        _ => format!(
            "Jeg har set {parent} sammen med behandleren. Der er tegn på en moderat \
             depression. Jeg anbefaler henvisning til egen læge med henblik på behandling, \
             og at sikkerhedsplanen får en aftenaftale med bedsteforældrene de næste fire uger."
        ),
    }
}

/// The therapist asks the team's first psychiatrist (if the team has one)
/// three weeks before `today`, answered a week later when `answered`, and
/// again about `child` two days before `today`.
#[allow(
    clippy::too_many_arguments,
    reason = "the demo family's facts, each used once"
)]
pub(super) async fn consult(
    app: &App,
    case_id: CaseId,
    team: TeamId,
    country: Country,
    therapist: &User,
    everyone: &[User],
    parent: &str,
    child: &str,
    today: NaiveDate,
    answered: bool,
) -> AppResult<()> {
    let Some(psychiatrist) = consultation::team_psychiatrists(app, team)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let asked_on = today - Duration::days(21);
    let asking = Actor::User(principal_for(app, therapist).await?);
    let request = ConsultationRequest {
        psychiatrist_id: psychiatrist.user_id,
        question: question(country, parent),
    };
    let asked = consultation::request(&app.on_day(asked_on), &asking, case_id, &request).await?;
    if answered {
        let Some(user) = everyone.iter().find(|u| u.id == psychiatrist.user_id) else {
            return Ok(());
        };
        let answering = Actor::User(principal_for(app, user).await?);
        consultation::answer(
            &app.on_day(asked_on + Duration::days(6)),
            &answering,
            case_id,
            asked.id,
            &answer(country, parent),
            asked.version,
        )
        .await?;
    }
    let again = ConsultationRequest {
        psychiatrist_id: psychiatrist.user_id,
        question: follow_up(country, child),
    };
    let on = app.on_day(today - Duration::days(2));
    consultation::request(&on, &asking, case_id, &again).await?;
    Ok(())
}
