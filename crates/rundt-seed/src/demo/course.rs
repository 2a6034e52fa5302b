//! Demo families at every stage of the course: new referrals (one that
//! fails screening), a declined one, the waiting list, families in
//! treatment with their assessments and weekly summaries (one with last
//! week's summary missing), discharged families with reports, and a closed
//! course with all three follow-ups. Every step goes through the real use
//! cases on a back-dated clock, so the demo also exercises them.

use chrono::{Datelike, Duration, NaiveDate};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
use rundt_domain::referral::{Consent, ReferralBehaviour, ReferralDetails, default_legal_basis};
use rundt_domain::treatment::{
    Assessment, Attainment, Contact, ContactMode, FitDriver, GoalProgress, KeyParticipant,
    OverarchingGoal, System, SystemAssessment, WeeklySummary, week_start_of,
};

use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::organisation::TeamOverview;
use rundt_app::treatment::{self, FamilyDiscussed, RecordSupervision};
use rundt_app::{Actor, App, AppError, AppResult, fidelity};
use rundt_domain::user::User;

use super::history::supervisor_actor;
use super::{demo_cpr, demo_fnr};
use crate::steps::{assign_and_assess, follow_ups, monthly_interviews};

#[derive(Clone, Copy)]
enum Stage {
    Referred,
    Declined,
    Waiting,
    /// In treatment for some weeks; `skip_last` leaves last week unsummarised.
    InTreatment {
        weeks: i64,
        skip_last: bool,
    },
    /// Discharged `days_ago` after `weeks` of treatment.
    Discharged {
        days_ago: i64,
        weeks: i64,
    },
}

struct Story {
    team: &'static str,
    municipality: &'static str,
    therapist: &'static str,
    young: (&'static str, &'static str, &'static str),
    caregivers: &'static [(&'static str, &'static str, &'static str)],
    behaviour: (&'static str, &'static str, &'static str, &'static str),
    stage: Stage,
}

const STORIES: &[Story] = &[
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "jonas.therapist",
        young: ("Mikkel", "Andersen", "2011-03-15"),
        caregivers: &[
            ("Lone", "Andersen", "1982-06-02"),
            ("Peter", "Andersen", "1979-11-20"),
        ],
        behaviour: (
            "Skolefravær",
            "3 dage om ugen",
            "har ikke været i matematik siden august",
            "4 måneder",
        ),
        stage: Stage::InTreatment {
            weeks: 7,
            skip_last: true,
        },
    },
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "sofie.therapist",
        young: ("Freja", "Nielsen", "2010-08-09"),
        caregivers: &[("Hanne", "Nielsen", "1985-01-30")],
        behaviour: (
            "Vold i hjemmet",
            "ugentligt",
            "slår sin mor; politiet tilkaldt to gange",
            "siden sommerferien",
        ),
        stage: Stage::InTreatment {
            weeks: 10,
            skip_last: false,
        },
    },
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "ahmed.therapist",
        young: ("Yusuf", "Demir", "2012-01-22"),
        caregivers: &[
            ("Ayse", "Demir", "1984-04-12"),
            ("Mehmet", "Demir", "1980-09-03"),
        ],
        behaviour: (
            "Butikstyveri",
            "2-3 gange om måneden",
            "sigtet to gange",
            "et halvt år",
        ),
        stage: Stage::Discharged {
            days_ago: 20,
            weeks: 18,
        },
    },
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "jonas.therapist",
        young: ("Emil", "Sørensen", "2009-12-02"),
        caregivers: &[("Tina", "Sørensen", "1978-05-05")],
        behaviour: ("Hash", "dagligt", "ryger før skole", "1 år"),
        stage: Stage::Discharged {
            days_ago: 580,
            weeks: 19,
        },
    },
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "",
        young: ("Noah", "Christensen", "2012-07-01"),
        caregivers: &[("Sara", "Christensen", "1986-02-11")],
        behaviour: (
            "Trusler mod lærere",
            "ugentligt",
            "har truet en lærer med kniv",
            "2 måneder",
        ),
        stage: Stage::Referred,
    },
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "",
        young: ("Alma", "Poulsen", "2016-04-04"),
        caregivers: &[("Jens", "Poulsen", "1983-08-08")],
        behaviour: (
            "Raserianfald",
            "dagligt",
            "ødelægger ting derhjemme",
            "1 år",
        ),
        stage: Stage::Referred,
    },
    Story {
        team: "MST Aarhus",
        municipality: "0751",
        therapist: "",
        young: ("Ella", "Madsen", "2013-01-19"),
        caregivers: &[("Maja", "Madsen", "1987-12-24")],
        behaviour: ("Stikker af", "hver weekend", "væk hele natten", "3 måneder"),
        stage: Stage::Waiting,
    },
    Story {
        team: "MST Vestegnen",
        municipality: "0167",
        therapist: "camilla.therapist",
        young: ("Oliver", "Jensen", "2011-12-01"),
        caregivers: &[("Camilla", "Jensen", "1988-02-14")],
        behaviour: (
            "Slagsmål",
            "hver uge",
            "skadestuebesøg to gange",
            "5 måneder",
        ),
        stage: Stage::InTreatment {
            weeks: 4,
            skip_last: false,
        },
    },
    Story {
        team: "MST Vestegnen",
        municipality: "0165",
        therapist: "",
        young: ("Lucas", "Hansen", "2008-01-10"),
        caregivers: &[("Mette", "Hansen", "1975-03-03")],
        behaviour: ("Indbrud", "månedligt", "sigtet for tre indbrud", "1 år"),
        stage: Stage::Declined,
    },
    Story {
        team: "MST-CAN Nordjylland",
        municipality: "0851",
        therapist: "peter.therapist",
        young: ("Emma", "Larsen", "2016-05-17"),
        caregivers: &[
            ("Maria", "Larsen", "1990-07-07"),
            ("Kasper", "Larsen", "1987-03-25"),
        ],
        behaviour: (
            "Vold mod barnet",
            "ugentligt",
            "blå mærker set i børnehaven",
            "3 måneder",
        ),
        stage: Stage::InTreatment {
            weeks: 12,
            skip_last: false,
        },
    },
    Story {
        team: "MST Oslo",
        municipality: "0301",
        therapist: "ola.therapist",
        young: ("Sander", "Olsen", "2011-04-10"),
        caregivers: &[("Kristin", "Olsen", "1983-10-05")],
        behaviour: (
            "Skulk",
            "daglig",
            "har ikke vært på skolen på tre uker",
            "2 måneder",
        ),
        stage: Stage::InTreatment {
            weeks: 6,
            skip_last: true,
        },
    },
    Story {
        team: "MST Oslo",
        municipality: "0301",
        therapist: "fatima.therapist",
        young: ("Amina", "Hassan", "2010-09-28"),
        caregivers: &[
            ("Hodan", "Hassan", "1981-12-12"),
            ("Abdi", "Hassan", "1978-05-19"),
        ],
        behaviour: (
            "Rus",
            "hver helg",
            "funnet beruset av politiet",
            "6 måneder",
        ),
        stage: Stage::Discharged {
            days_ago: 40,
            weeks: 17,
        },
    },
    Story {
        team: "MST-CAN Bærum og Asker",
        municipality: "3201",
        therapist: "nina.therapist",
        young: ("Jonas", "Berg", "2015-02-03"),
        caregivers: &[("Silje", "Berg", "1989-08-21")],
        behaviour: (
            "Omsorgssvikt",
            "vedvarende",
            "barnet alene hjemme om kveldene",
            "1 år",
        ),
        stage: Stage::InTreatment {
            weeks: 9,
            skip_last: false,
        },
    },
    Story {
        team: "MST Bergen",
        municipality: "4601",
        therapist: "magnus.therapist",
        young: ("Nora", "Haugland", "2012-06-30"),
        caregivers: &[
            ("Trine", "Haugland", "1984-03-03"),
            ("Geir", "Haugland", "1982-01-16"),
        ],
        behaviour: (
            "Trusler",
            "ukentlig",
            "truer medelever på nett",
            "4 måneder",
        ),
        stage: Stage::Waiting,
    },
];

fn day(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| AppError::Internal(e.to_string()))
}

pub(super) fn person(
    country: Country,
    who: (&str, &str, &str),
    serial: u32,
) -> AppResult<PersonInput> {
    let born = day(who.2)?;
    let id = match country {
        Country::DK => demo_cpr(born, serial),
        Country::NO => {
            demo_fnr(born, 500 + serial % 400).ok_or_else(|| AppError::Internal("no fnr".into()))?
        }
    };
    Ok(PersonInput {
        given_name: who.0.into(),
        family_name: who.1.into(),
        national_id: Some(id),
        birth_date: None,
    })
}

pub(super) fn goals(country: Country) -> [(&'static str, &'static str); 2] {
    match country {
        Country::DK => [
            (
                "Går i skole hver dag",
                "5 af 5 dage i 4 uger i træk (skolens fraværsregistrering)",
            ),
            (
                "Ingen vold i hjemmet",
                "ingen episoder i 6 uger ifølge forældrene",
            ),
        ],
        Country::NO => [
            (
                "Går på skolen hver dag",
                "5 av 5 dager i 4 uker på rad (skolens fraværsføring)",
            ),
            (
                "Ingen vold hjemme",
                "ingen episoder på 6 uker ifølge foreldrene",
            ),
        ],
    }
}

pub(super) fn assessment(country: Country, caregiver: &str) -> Assessment {
    Assessment {
        systems: System::ALL
            .iter()
            .map(|s| SystemAssessment {
                system: *s,
                strengths: match s {
                    System::Individual => "god til fodbold, humoristisk",
                    System::Family => "mor er meget engageret",
                    System::Peers => "en prosocial ven fra klubben",
                    System::School => "klasselæreren vil samarbejde",
                    System::Community => "fodboldklub tæt på hjemmet",
                }
                .into(),
                needs: match s {
                    System::Individual => "vrede, når der stilles krav",
                    System::Family => "uenighed mellem forældrene om regler",
                    System::Peers => "ældre drenge efter skole",
                    System::School => "mangler faglig støtte i matematik",
                    System::Community => "ingen voksne i fritiden",
                }
                .into(),
            })
            .collect(),
        key_participants: vec![KeyParticipant {
            name: caregiver.into(),
            relation: "forælder".into(),
            desired_outcome: "at hverdagen bliver rolig, og at barnet går i skole".into(),
        }],
        overarching_goals: goals(country)
            .iter()
            .map(|(g, m)| OverarchingGoal {
                goal: (*g).into(),
                measure: (*m).into(),
            })
            .collect(),
    }
}

fn summary(country: Country, week: NaiveDate, n: i64) -> WeeklySummary {
    let g = goals(country);
    let attainment = if n < 3 {
        Attainment::NotMet
    } else if n < 7 {
        Attainment::Partly
    } else {
        Attainment::Met
    };
    WeeklySummary {
        week_start: week,
        contacts: vec![
            Contact {
                date: week + Duration::days(1),
                minutes: 90,
                with: vec!["forælder".into(), "den unge".into()],
                place: "hjemmet".into(),
                mode: ContactMode::FaceToFace,
            },
            Contact {
                date: week + Duration::days(3),
                minutes: 60,
                with: vec!["forælder".into()],
                place: "hjemmet".into(),
                mode: ContactMode::FaceToFace,
            },
            Contact {
                date: week + Duration::days(4),
                minutes: 15,
                with: vec!["klasselærer".into()],
                place: "telefon".into(),
                mode: ContactMode::Phone,
            },
        ],
        last_week_goals: vec![GoalProgress {
            goal: "hjemme kl. 21 fire aftener".into(),
            attainment,
            note: String::new(),
        }],
        advances: "forælderen holdt fast i aftalen om hjemkomst".into(),
        barriers: "far arbejder om aftenen".into(),
        fit_drivers: vec![FitDriver {
            system: System::Peers,
            driver: "ældre drenge efter skole".into(),
            prioritised: true,
        }],
        next_week_goals: vec![
            "hjemme kl. 21 fire aftener".into(),
            "møde med skolen".into(),
        ],
        overarching_progress: g
            .iter()
            .map(|(goal, _)| GoalProgress {
                goal: (*goal).into(),
                attainment,
                note: String::new(),
            })
            .collect(),
        safety: String::new(),
        questions: String::new(),
    }
}

/// Runs every story from its referral to its stage.
pub(super) async fn add_courses(
    app: &App,
    teams: &[TeamOverview],
    everyone: &[User],
) -> AppResult<()> {
    let cli = Actor::cli();
    let today = app.clock.today();
    let mut serial = 100;
    for story in STORIES {
        let team = teams
            .iter()
            .find(|t| t.name == story.team)
            .ok_or_else(|| AppError::Internal(format!("demo team {} missing", story.team)))?;
        let (treatment_weeks, discharge_day) = match story.stage {
            Stage::InTreatment { weeks, .. } => (weeks, None),
            Stage::Discharged { days_ago, weeks } => {
                (weeks, Some(today - Duration::days(days_ago)))
            }
            _ => (0, None),
        };
        let start = discharge_day.unwrap_or(today) - Duration::days(treatment_weeks * 7 + 2);
        let referred = match story.stage {
            Stage::Referred => today - Duration::days(2),
            Stage::Waiting | Stage::Declined => today - Duration::days(12),
            _ => start - Duration::days(10),
        };
        serial += 7;
        let mut caregivers = Vec::new();
        for (i, c) in story.caregivers.iter().enumerate() {
            caregivers.push(person(team.country, *c, serial + 1 + i as u32)?);
        }
        let refer = ReferFamily {
            team_id: team.id,
            referring_municipality: Some(story.municipality.into()),
            young_person: person(team.country, story.young, serial)?,
            caregivers,
            referral: ReferralDetails {
                behaviours: vec![ReferralBehaviour {
                    behaviour: story.behaviour.0.into(),
                    frequency: story.behaviour.1.into(),
                    intensity: story.behaviour.2.into(),
                    duration: story.behaviour.3.into(),
                }],
                legal_basis: default_legal_basis(team.country).into(),
                consent: Some(Consent {
                    given_by: story
                        .caregivers
                        .first()
                        .map(|c| c.0)
                        .unwrap_or("forælder")
                        .into(),
                    given_on: referred - Duration::days(3),
                }),
                exclusions: Default::default(),
                known_to_child_protection_within_180_days: team.programme_model.code == "MST-CAN",
                notes: String::new(),
            },
        };
        let case = cases::refer_family(&app.on_day(referred), &cli, &refer).await?;
        let id = case.id;
        let mut version = case.version;
        match story.stage {
            Stage::Referred => continue,
            Stage::Declined => {
                let decided = app.on_day(referred + Duration::days(4));
                treatment::decline(
                    &decided,
                    &cli,
                    id,
                    version,
                    "over aldersgrænsen; henvist til ungdomsteamet",
                )
                .await?;
                continue;
            }
            _ => {}
        }
        let accepted = treatment::accept(
            &app.on_day(referred + Duration::days(3)),
            &cli,
            id,
            version,
            None,
        )
        .await?;
        version = accepted.version;
        if matches!(story.stage, Stage::Waiting) {
            continue;
        }
        let therapist = everyone
            .iter()
            .find(|u| u.username == story.therapist)
            .ok_or_else(|| {
                AppError::Internal(format!("demo therapist {} missing", story.therapist))
            })?;
        let caregiver = story.caregivers.first().map(|c| c.0).unwrap_or("forælder");
        version = assign_and_assess(
            app,
            id,
            version,
            therapist.id,
            start,
            &assessment(team.country, caregiver),
        )
        .await?;
        let end = discharge_day.unwrap_or(today);
        let skip_last = matches!(
            story.stage,
            Stage::InTreatment {
                skip_last: true,
                ..
            }
        );
        let last_week = week_start_of(end) - Duration::days(7);
        let mut week = week_start_of(start);
        let mut n = 0;
        while week <= last_week {
            if !(skip_last && week == last_week) {
                let written = app.on_day((week + Duration::days(6)).min(end));
                treatment::save_weekly_summary(
                    &written,
                    &cli,
                    id,
                    &summary(team.country, week, n),
                    None,
                )
                .await?;
            }
            week += Duration::days(7);
            n += 1;
        }
        if n > 2 {
            let meeting = week_start_of(end) - Duration::days(6);
            let record = RecordSupervision {
                held_on: meeting,
                kind: "supervision".into(),
                attendees: vec!["supervisor".into(), "terapeut".into()],
                families: vec![FamilyDiscussed {
                    case_id: id,
                    recommendation: "Inddrag klasselæreren i sikkerhedsplanen".into(),
                }],
            };
            treatment::record_supervision(&app.on_day(meeting), &cli, team.id, &record).await?;
        }
        // Monthly adherence interviews by the supervisor; the family whose
        // last summary is missing also misses its latest interview, so the
        // reminder shows.
        if let Some(supervisor) = supervisor_actor(app, team).await? {
            let until = if skip_last {
                today - Duration::days(30)
            } else {
                today
            };
            monthly_interviews(app, &supervisor, id, start, Some(end), until, 0).await?;
        }
        let Some(discharged_on) = discharge_day else {
            continue;
        };
        let g = goals(team.country);
        let discharge = Discharge {
            date: discharged_on,
            reason: DischargeReason::Completed,
            reason_note: String::new(),
            clinical_evaluation: "De overordnede mål er nået og har holdt i fire uger. Familien håndterer tilbagevendende konflikter selv, og den unge går i skole.".into(),
            goals: vec![
                GoalResult { goal: g[0].0.into(), result: Attainment::Met },
                GoalResult { goal: g[1].0.into(), result: Attainment::Partly },
            ],
            outcomes: UltimateOutcomes { living_at_home: true, in_school_or_working: true, no_new_arrests: true },
        };
        let case =
            treatment::discharge(&app.on_day(discharged_on), &cli, id, version, &discharge).await?;
        let version = case.version;
        // The most recent discharge still awaits its survey.
        let answered = discharged_on + Duration::days(2);
        if answered <= today
            && discharged_on < today - Duration::days(30)
            && let Some(supervisor) = supervisor_actor(app, team).await?
        {
            let survey = rundt_domain::experience::FamilyExperience {
                date: answered,
                answers: vec![5, 4, 5, 4, 5],
                comment: "Vi fik hjælp, da det brændte på.".into(),
            };
            fidelity::record_experience(&app.on_day(answered), &supervisor, id, &survey).await?;
        }
        follow_ups(
            app,
            id,
            version,
            discharged_on,
            "telefonsamtale med forælder",
            |_, due| UltimateOutcomes {
                living_at_home: true,
                in_school_or_working: due.month() != 7,
                no_new_arrests: true,
            },
        )
        .await?;
    }
    Ok(())
}
