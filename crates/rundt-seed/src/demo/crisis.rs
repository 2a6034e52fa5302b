//! The demo's crisis plans and crisis contacts (issue 13), in the team's
//! language: each MST family in treatment has a crisis plan written by its
//! therapist in the first week, gone through again with the family in the
//! last weeks — except one, whose plan is more than four weeks old, so the
//! warning shows; and the team's supervisor, on the phone last night, has
//! logged contacts with two families (one a home visit), which their own
//! therapist sees unread this morning. Each step goes through the same use
//! cases as real input, as the person whose step it is.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rundt_app::auth::principal_for;
use rundt_app::{Actor, App, AppResult, crisis_contact, crisis_plan};
use rundt_domain::country::Country;
use rundt_domain::crisis_contact::{Caller, CrisisContact, CrisisResponse, CrisisRisk};
use rundt_domain::crisis_plan::{CrisisPlan, PersonToCall};
use rundt_domain::id::CaseId;
use rundt_domain::user::User;

/// An MST family in treatment, as its crisis records need it.
pub(super) struct CrisisFamily<'a> {
    pub id: CaseId,
    pub country: Country,
    pub child: &'a str,
    pub caregiver: &'a str,
    pub therapist: &'a User,
    pub start: NaiveDate,
}

fn plan(f: &CrisisFamily<'_>, first_version: bool) -> CrisisPlan {
    let (child, caregiver) = (f.child, f.caregiver);
    match f.country {
        Country::NO => CrisisPlan {
            people_to_call: vec![
                PersonToCall {
                    name: caregiver.into(),
                    relation: "omsorgsperson".into(),
                    phone: "+47 915 38 204".into(),
                },
                PersonToCall {
                    name: "Tante Hilde".into(),
                    relation: "tante, bor i nærheten".into(),
                    phone: "+47 482 16 907".into(),
                },
                PersonToCall {
                    name: "MST-teamets vakttelefon".into(),
                    relation: "hele døgnet".into(),
                    phone: "+47 22 48 60 00".into(),
                },
            ],
            what_calms: format!(
                "{child} roer seg når de voksne senker stemmen og gir ham ti minutter alene på \
                 rommet. Musikk på øret og en tur rundt kvartalet hjelper. Ikke diskuter \
                 mobilen midt i en krangel."
            ),
            risks_and_warning_signs: format!(
                "{child} har truet med å stikke av og har vært borte en natt. Varselstegn: \
                 slutter å svare på melding, smeller med dører, eldre venner venter utenfor."
            ),
            agreements: if first_version {
                format!(
                    "{caregiver} ringer vakttelefonen før politiet, med mindre noen er i fare. \
                     Ingen straff samme kveld; det tas opp med terapeuten dagen etter."
                )
            } else {
                format!(
                    "{caregiver} ringer vakttelefonen før politiet, med mindre noen er i fare. \
                     Ingen straff samme kveld. Tante Hilde kan hente {child} hvis det trengs \
                     en pause over natten; det er avtalt med henne."
                )
            },
        },
        _ => CrisisPlan {
            people_to_call: vec![
                PersonToCall {
                    name: caregiver.into(),
                    relation: "omsorgsperson".into(),
                    phone: "+45 20 48 31 77".into(),
                },
                PersonToCall {
                    name: "Morfar Bent".into(),
                    relation: "morfar, bor i samme by".into(),
                    phone: "+45 40 62 19 05".into(),
                },
                PersonToCall {
                    name: "MST-teamets vagttelefon".into(),
                    relation: "hele døgnet".into(),
                    phone: "+45 87 13 40 00".into(),
                },
            ],
            what_calms: format!(
                "{child} falder til ro, når de voksne taler lavt og giver ti minutter alene på \
                 værelset. Musik i ørerne og en tur med hunden hjælper. Tag ikke diskussionen \
                 om telefonen midt i et skænderi."
            ),
            risks_and_warning_signs: format!(
                "{child} har truet med at stikke af og har været væk en nat. Advarselstegn: \
                 holder op med at svare på beskeder, smækker med døre, ældre venner venter \
                 udenfor."
            ),
            agreements: if first_version {
                format!(
                    "{caregiver} ringer til vagttelefonen før politiet, medmindre nogen er i \
                     fare. Ingen straf samme aften; det tages op med terapeuten dagen efter."
                )
            } else {
                format!(
                    "{caregiver} ringer til vagttelefonen før politiet, medmindre nogen er i \
                     fare. Ingen straf samme aften. Morfar Bent kan hente {child}, hvis der er \
                     brug for en pause over natten; det er aftalt med ham."
                )
            },
        },
    }
}

/// The family's crisis plan: written by its therapist in the first week;
/// gone through again nine days ago unless `overdue` (a course long
/// enough keeps its first version, more than four weeks old).
pub(super) async fn write_plan(
    app: &App,
    f: &CrisisFamily<'_>,
    today: NaiveDate,
    overdue: bool,
) -> AppResult<()> {
    let therapist = Actor::User(principal_for(app, f.therapist).await?);
    let written = (f.start + Duration::days(6)).min(today);
    let first =
        crisis_plan::save_plan(&app.on_day(written), &therapist, f.id, &plan(f, true), None)
            .await?;
    let again = today - Duration::days(9);
    if !overdue && again > written {
        crisis_plan::save_plan(
            &app.on_day(again),
            &therapist,
            f.id,
            &plan(f, false),
            Some(first.version),
        )
        .await?;
    }
    Ok(())
}

/// `time` on `day` on the team's clock, as an instant.
fn local(country: Country, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    country
        .time_zone()
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn contacts(f: &CrisisFamily<'_>, today: NaiveDate, visit: bool) -> Vec<CrisisContact> {
    let (child, caregiver) = (f.child, f.caregiver);
    let yesterday = today - Duration::days(1);
    let at = |day, h, m| NaiveTime::from_hms_opt(h, m, 0).and_then(|t| local(f.country, day, t));
    let no = f.country == Country::NO;
    let mut out = Vec::new();
    if let Some(at) = at(yesterday, 22, 40) {
        out.push(CrisisContact {
            at,
            caller: Caller::Caregiver,
            about: if no {
                format!("{caregiver} ringte: {child} var ikke kommet hjem og svarte ikke")
            } else {
                format!("{caregiver} ringede: {child} var ikke kommet hjem og svarede ikke")
            },
            risk: CrisisRisk::Moderate,
            responses: vec![CrisisResponse::PhoneAdvice],
            minutes: 25,
            follow_up: if no {
                "Gå gjennom avtalen om hjemkomst med familien".into()
            } else {
                "Gennemgå aftalen om hjemkomst med familien".into()
            },
        });
    }
    if visit && let Some(at) = at(yesterday, 23, 35) {
        out.push(CrisisContact {
            at,
            caller: Caller::YoungPerson,
            about: if no {
                format!("{child} ringte selv etter en krangel hjemme og ville ikke gå inn")
            } else {
                format!("{child} ringede selv efter et skænderi derhjemme og ville ikke gå ind")
            },
            risk: CrisisRisk::High,
            responses: vec![CrisisResponse::PhoneAdvice, CrisisResponse::HomeVisit],
            minutes: 95,
            follow_up: if no {
                format!(
                    "Hjemmebesøk kl. 23.55; {child} og {caregiver} ble enige om å sove på det. \
                     Ring familien i dag og ta opp kriseplanen."
                )
            } else {
                format!(
                    "Hjemmebesøg kl. 23.55; {child} og {caregiver} blev enige om at sove på \
                     det. Ring til familien i dag og tag kriseplanen op."
                )
            },
        });
    }
    out
}

/// The team's supervisor logs last night's contacts with the family (one
/// a home visit when `visit`): unread for its therapist this morning.
/// Both are before midnight on the team's clock, so they have come
/// whatever the hour of the demo's clock today; one that has not is left
/// out.
pub(super) async fn log_last_night(
    app: &App,
    supervisor: &Actor,
    f: &CrisisFamily<'_>,
    today: NaiveDate,
    visit: bool,
) -> AppResult<()> {
    let now = app.clock.now();
    for contact in contacts(f, today, visit) {
        if contact.at <= now {
            crisis_contact::log(app, supervisor, f.id, &contact).await?;
        }
    }
    Ok(())
}
