//! The demo's crisis plans and crisis contacts (issue 13), in the team's
//! language: each MST family in treatment has a crisis plan written in the
//! first week, gone through again with the family in the last weeks —
//! except one, whose plan is more than four weeks old, so the warning
//! shows; and the team's supervisor, on the phone last night, has logged
//! contacts with two families (one a home visit), which their own
//! therapist sees unread this morning. Each step goes through the same use
//! cases as real input: the plans, back-dated like the rest of the demo's
//! course records, as the command line (so a person's own events in the
//! audit log stay in the order of their times); the calls as the
//! supervisor, today.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rundt_app::{Actor, App, AppResult, crisis_contact, crisis_plan, home};
use rundt_domain::country::Country;
use rundt_domain::crisis_contact::{Caller, CrisisContact, CrisisResponse, CrisisRisk};
use rundt_domain::crisis_plan::{CrisisPlan, PersonToCall};
use rundt_domain::home::{HomeDetails, HomePhone};
use rundt_domain::id::CaseId;

/// An MST family in treatment, as its crisis records need it, with what
/// the demo gives it: a plan more than four weeks old (`overdue`), and
/// last night's calls to the team's supervisor (`calls`, one a home visit
/// when `visit`).
pub(super) struct CrisisFamily {
    pub id: CaseId,
    pub country: Country,
    pub child: String,
    pub caregiver: String,
    pub supervisor: Option<Actor>,
    pub start: NaiveDate,
    pub overdue: bool,
    pub calls: bool,
    pub visit: bool,
}

fn plan(f: &CrisisFamily, first_version: bool) -> CrisisPlan {
    let (child, caregiver) = (f.child.as_str(), f.caregiver.as_str());
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

/// `time` on `day` on the team's clock, as an instant.
fn local(country: Country, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    country
        .time_zone()
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn contacts(f: &CrisisFamily, today: NaiveDate, visit: bool) -> Vec<CrisisContact> {
    let (child, caregiver) = (f.child.as_str(), f.caregiver.as_str());
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

/// One step of the demo's crisis records, dated.
enum Step<'a> {
    /// The family's plan is saved (the first version when `first`).
    Plan {
        family: &'a CrisisFamily,
        on: NaiveDate,
        first: bool,
    },
    /// The supervisor logs a call.
    Call {
        family: &'a CrisisFamily,
        contact: CrisisContact,
    },
}

impl Step<'_> {
    fn at(&self, country_noon: impl Fn(Country, NaiveDate) -> DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Step::Plan { family, on, .. } => country_noon(family.country, *on),
            Step::Call { contact, .. } => contact.at,
        }
    }
}

/// Where the family lives and its phones, in the team's language (invented
/// streets, numbered by the case so families differ).
fn home_of(f: &CrisisFamily) -> HomeDetails {
    let n = f.id.get() % 40 + 2;
    match f.country {
        Country::NO => HomeDetails {
            address: format!("Bjørkeveien {n}, 2. etasje"),
            phones: vec![
                HomePhone {
                    who: f.caregiver.clone(),
                    number: "+47 915 38 204".into(),
                },
                HomePhone {
                    who: f.child.clone(),
                    number: "+47 476 02 118".into(),
                },
            ],
            getting_there: "Ringeklokken virker ikke; ring på mobilen fra porten. Parker i                             gata, ikke i gården."
                .into(),
        },
        _ => HomeDetails {
            address: format!("Lærkevej {n}, 1. tv."),
            phones: vec![
                HomePhone {
                    who: f.caregiver.clone(),
                    number: "+45 20 12 34 56".into(),
                },
                HomePhone {
                    who: f.child.clone(),
                    number: "+45 31 44 27 90".into(),
                },
            ],
            getting_there: "Opgangen har kode 2580. Der er en venlig hund i lejligheden.".into(),
        },
    }
}

/// The crisis records of `families`, each step taken as the person whose
/// step it is, in the order of their dates, so the audit log holds them
/// in time: the plans written in the first week, gone through again nine
/// days ago (but the overdue one), and last night's calls. A call whose
/// time has not come on the demo's clock is left out (both are before
/// midnight on the team's clock, so they have come at any hour today).
pub(super) async fn add_crisis_records(app: &App, families: &[CrisisFamily]) -> AppResult<()> {
    let today = app.clock.today();
    let now = app.clock.now();
    let mut steps = Vec::new();
    for family in families {
        let written = (family.start + Duration::days(6)).min(today);
        steps.push(Step::Plan {
            family,
            on: written,
            first: true,
        });
        let again = today - Duration::days(9);
        if !family.overdue && again > written {
            steps.push(Step::Plan {
                family,
                on: again,
                first: false,
            });
        }
        if family.calls {
            for contact in contacts(family, today, family.visit) {
                if contact.at <= now {
                    steps.push(Step::Call { family, contact });
                }
            }
        }
    }
    let noon = |country: Country, on: NaiveDate| {
        NaiveTime::from_hms_opt(12, 0, 0)
            .and_then(|t| local(country, on, t))
            .unwrap_or(now)
    };
    steps.sort_by_key(|s| s.at(noon));
    for step in steps {
        match step {
            Step::Plan { family, on, first } => {
                let on_day = app.on_day(on);
                // The second version is made on the first.
                let expected = if first { None } else { Some(1) };
                let plan = plan(family, first);
                crisis_plan::save_plan(&on_day, &Actor::cli(), family.id, &plan, expected).await?;
                // The home and its phones are written with the first plan.
                if first {
                    let home = home_of(family);
                    home::save_home(&on_day, &Actor::cli(), family.id, &home, None).await?;
                }
            }
            Step::Call { family, contact } => {
                if let Some(supervisor) = &family.supervisor {
                    crisis_contact::log(app, supervisor, family.id, &contact).await?;
                }
            }
        }
    }
    Ok(())
}
