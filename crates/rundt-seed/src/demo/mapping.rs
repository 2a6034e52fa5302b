//! The ecological map and the children's voice of the demo's MST-CAN
//! families, in the team's language: the key persons outside the family,
//! strengths and risks per system, and what the child said or why the
//! child was not heard. The child is not heard on the first visit and
//! heard on the next, except in the Norwegian family still in treatment,
//! whose child has not yet been heard: the page shows a child the team
//! still has to hear.

use chrono::{Duration, NaiveDate};
use rundt_app::cases::CaseView;
use rundt_app::records::ParticipantRole;
use rundt_app::{Actor, App, AppError, AppResult, mapping};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;
use rundt_domain::mapping::{
    ChildVoice, HeardBy, KeyPerson, KeyPersonRole, Mapping, SystemMap, Voice,
};
use rundt_domain::treatment::System;

fn person(
    role: KeyPersonRole,
    name: &str,
    relation: String,
    phone: &str,
    email: &str,
    consent: bool,
) -> KeyPerson {
    KeyPerson {
        role,
        name: name.into(),
        relation,
        phone: phone.into(),
        email: email.into(),
        consent_to_contact: consent,
    }
}

fn system(system: System, strengths: String, risks: String) -> SystemMap {
    SystemMap {
        system,
        strengths,
        risks,
    }
}

/// The family's map in the team's language (`child` and `parent`: the
/// given names of the young person and the first caregiver).
fn map(country: Country, child: &str, parent: &str, mapped_on: NaiveDate) -> Mapping {
    let (key_persons, systems) = match country {
        Country::NO => (
            vec![
                person(
                    KeyPersonRole::ChildWelfareCaseworker,
                    "Hege Solberg",
                    "Saksbehandler i barneverntjenesten".into(),
                    "67 50 00 00",
                    "hege.solberg@kommune.example",
                    true,
                ),
                person(
                    KeyPersonRole::Teacher,
                    "Anders Berg",
                    format!("{child}s kontaktlærer"),
                    "",
                    "anders.berg@skole.example",
                    true,
                ),
                person(
                    KeyPersonRole::ExtendedFamily,
                    "Randi Lie",
                    format!("Mormor, {parent}s mor, bor fem minutter unna"),
                    "900 00 000",
                    "",
                    true,
                ),
            ],
            vec![
                system(
                    System::Family,
                    format!("{parent} vil at {child} skal ha det trygt, og møter til alle avtaler"),
                    format!("{parent} blir fort sint når hun er sliten, og har slått {child} før"),
                ),
                system(
                    System::School,
                    format!("Kontaktlæreren følger {child} tett og sier fra når noe er galt"),
                    format!("{child} er ofte borte fra skolen på mandager"),
                ),
                system(
                    System::Community,
                    format!("Mormor kan hente {child} når det blir vanskelig hjemme"),
                    String::new(),
                ),
            ],
        ),
        Country::DK => (
            vec![
                person(
                    KeyPersonRole::ChildWelfareCaseworker,
                    "Lene Kristensen",
                    "Sagsbehandler i Børn og Familie".into(),
                    "96 00 00 00",
                    "lene.kristensen@kommune.example",
                    true,
                ),
                person(
                    KeyPersonRole::HealthNurse,
                    "Birgitte Holm",
                    format!("Sundhedsplejerske på {child}s skole"),
                    "",
                    "",
                    false,
                ),
                person(
                    KeyPersonRole::Neighbour,
                    "Jens og Hanne Møller",
                    format!("Naboerne i nr. 12, som {child} kan gå over til"),
                    "20 00 00 00",
                    "",
                    true,
                ),
            ],
            vec![
                system(
                    System::Family,
                    "De voksne vil gerne lære at sætte grænser uden at råbe".into(),
                    format!("{child} har været alene hjemme om aftenen, når der var fest"),
                ),
                system(
                    System::School,
                    format!("{child} er glad for sin klasse og sin lærer"),
                    format!("{child} kommer tit uden madpakke og er træt om morgenen"),
                ),
                system(
                    System::Community,
                    "Naboerne er der, når de voksne ikke er".into(),
                    "Familien kender ellers ingen i området".into(),
                ),
            ],
        ),
    };
    Mapping {
        key_persons,
        systems,
        mapped_on,
    }
}

/// The entries of the child's voice, in order: the first visit, when the
/// child was not heard, and, when `heard`, the next, when the child was.
fn voices(country: Country, child: &str, parent: &str, heard: bool) -> Vec<Voice> {
    let (not_yet, told) = match country {
        Country::NO => (
            Voice::NotHeard {
                reason: format!(
                    "{child} ville ikke snakke første gang. Vi avtalte å tegne sammen neste gang"
                ),
            },
            Voice::Heard {
                how: HeardBy::Drawing,
                present: format!("Terapeuten, uten {parent} i rommet"),
                said: format!(
                    "Tegnet familien: mormor tett inntil seg selv, mamma litt unna. \
                     Sa at det er skummelt når mamma roper, og at {child} da gjemmer seg på rommet"
                ),
                wishes: "At mamma ikke roper, og å være mer hos mormor i helgene".into(),
            },
        ),
        Country::DK => (
            Voice::NotHeard {
                reason: format!(
                    "{child} ville ikke tale om hjemmet, mens {parent} var i stuen. \
                     Vi prøver igen med leg, når {child} selv er klar"
                ),
            },
            Voice::Heard {
                how: HeardBy::Play,
                present: "Terapeuten og mormor".into(),
                said: "Legede med dukkehuset: dukkebarnet gemte sig under sengen, \
                       når de voksne råbte. Sagde, at hun er glad, når far henter hende"
                    .into(),
                wishes: "At der ikke bliver råbt derhjemme, og at hun må have en veninde med hjem"
                    .into(),
            },
        ),
    };
    if heard {
        vec![not_yet, told]
    } else {
        vec![not_yet]
    }
}

/// Maps an MST-CAN family with its safety plan: the map ten days after the
/// start, and the child's voice on the visits after it (heard on the
/// second unless `heard` is false).
pub(super) async fn map_family(
    app: &App,
    case: &CaseView,
    country: Country,
    parent: &str,
    start: NaiveDate,
    heard: bool,
) -> AppResult<()> {
    let cli = Actor::cli();
    let id: CaseId = case.id;
    let child = case
        .people
        .iter()
        .find(|p| p.role == ParticipantRole::YoungPerson)
        .ok_or_else(|| AppError::Internal(format!("demo family {id} has no child")))?;
    let name = child.given_name.as_str();
    let mapped_on = start + Duration::days(10);
    let on_day = app.on_day(mapped_on);
    mapping::save_mapping(
        &on_day,
        &cli,
        id,
        &map(country, name, parent, mapped_on),
        None,
    )
    .await?;
    for (visit, voice) in voices(country, name, parent, heard).into_iter().enumerate() {
        let on = mapped_on + Duration::days(4 + 7 * i64::try_from(visit).unwrap_or(0));
        let entry = ChildVoice {
            child: child.id,
            on,
            voice,
        };
        mapping::record_child_voice(&app.on_day(on), &cli, id, &entry).await?;
    }
    Ok(())
}
