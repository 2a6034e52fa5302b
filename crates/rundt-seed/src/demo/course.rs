//! Demo families at every stage of the course: new referrals (one that
//! fails screening and is acknowledged, others awaiting acknowledgement, one
//! overdue in each country), a withdrawn and a declined one, the waiting
//! list, families in
//! treatment with their assessments and weekly summaries (one with last
//! week's summary missing), discharged families with reports, and a closed
//! course with all three follow-ups. Every step goes through the real use
//! cases on a back-dated clock, so the demo also exercises them.

use chrono::{Datelike, Duration, NaiveDate};
use rundt_domain::country::Country;
use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult, UltimateOutcomes};
use rundt_domain::referral::{
    CaseworkerContact, Consent, PlacementConsidered, ReferralBehaviour, ReferralDetails,
    default_legal_basis,
};
use rundt_domain::treatment::{
    Assessment, Attainment, Contact, ContactMode, FitDriver, GoalProgress, KeyParticipant,
    OverarchingGoal, System, SystemAssessment, WeeklySummary, week_start_of,
};
use serde::Deserialize;

use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::organisation::TeamOverview;
use rundt_app::records::ParticipantRole;
use rundt_app::treatment::{self, AssignTherapist, FamilyDiscussed, RecordSupervision};
use rundt_app::{Actor, App, AppError, AppResult, fidelity, referrals};
use rundt_domain::user::User;

use super::can_plan::{CanFamily, add_plan_and_modules};
use super::consultation::consult;
use super::history::supervisor_actor;
use super::mapping::map_family;
use super::opened::Opened;
use super::safety::{self, SafetyCourse, plan_for};
use super::words::{system_words, words};
use crate::steps::{
    Respondent, accept_on, assign_and_assess, child_outcomes, follow_ups, monthly_interviews,
};
use rundt_domain::id::CaseId;
use rundt_domain::national_id::{made_up_cpr, made_up_fnr};
use rundt_domain::programme::MST_CAN;

/// How far a demo family's course has come.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Stage {
    /// Received two days ago: awaiting acknowledgement.
    Referred,
    /// Received two weeks ago and never acknowledged: overdue.
    Overdue,
    /// Withdrawn by the caseworker before the team decided.
    Withdrawn,
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

/// A young person or a caregiver of a demo family.
#[derive(Deserialize)]
pub(super) struct DemoPerson {
    given_name: String,
    family_name: String,
    born: NaiveDate,
}

/// One demo family: who refers it to which team, who it is, what worries
/// the municipality, and how far its course has come.
#[derive(Deserialize)]
struct Story {
    team: String,
    municipality: String,
    /// The therapist, for families that got as far as treatment.
    therapist: Option<String>,
    young_person: DemoPerson,
    /// The other children of an MST-CAN household.
    #[serde(default)]
    other_children: Vec<DemoPerson>,
    caregivers: Vec<DemoPerson>,
    behaviour: ReferralBehaviour,
    /// What else the caseworker wrote on the form.
    #[serde(default)]
    referral: StoryReferral,
    stage: Stage,
    /// Who opens the family once its course is in place.
    #[serde(default)]
    opened: Option<Opened>,
    /// An MST-CAN family whose safety plan is not made yet: nothing else
    /// is recorded, and the supervisor is warned after seven days.
    #[serde(default)]
    no_safety_plan: bool,
}

/// The rest of a demo referral form, in the team's language: the young
/// person's school, the placement considered, the caseworker to call, and
/// information the caseworker added later.
#[derive(Default, Deserialize)]
struct StoryReferral {
    #[serde(default)]
    school: String,
    #[serde(default)]
    placement: Option<PlacementConsidered>,
    #[serde(default)]
    contact: CaseworkerContact,
    #[serde(default)]
    added: Option<String>,
    /// The child welfare service's case number (MST-CAN).
    #[serde(default)]
    child_welfare_case: String,
}

/// The demo families are data, one entry per family (`stories.json`); the
/// code below runs each through the use cases.
const STORIES: &str = include_str!("stories.json");

fn stories() -> AppResult<Vec<Story>> {
    serde_json::from_str(STORIES)
        .map_err(|e| AppError::Internal(format!("demo stories unreadable: {e}")))
}

/// The serial the national ids of the `index`th story's people are made
/// from: the young person's, then each caregiver's after it.
fn story_serial(index: usize) -> u32 {
    100 + 7 * (u32::try_from(index).unwrap_or(0) + 1)
}

/// The young person of the first family of each country, with the national
/// id the demo gives them: whom an auditor can look up.
pub(super) fn first_young_people(
    country_of_team: impl Fn(&str) -> Option<Country>,
) -> AppResult<Vec<(Country, String, String)>> {
    let mut found: Vec<(Country, String, String)> = Vec::new();
    for (index, story) in stories()?.into_iter().enumerate() {
        let Some(country) = country_of_team(&story.team) else {
            continue;
        };
        if found.iter().any(|(c, ..)| *c == country) {
            continue;
        }
        let input = person(country, &story.young_person, story_serial(index))?;
        found.push((
            country,
            format!("{} {}", input.given_name, input.family_name),
            input.national_id.unwrap_or_default(),
        ));
    }
    Ok(found)
}

pub(super) fn person(country: Country, who: &DemoPerson, serial: u32) -> AppResult<PersonInput> {
    Ok(PersonInput {
        given_name: who.given_name.clone(),
        family_name: who.family_name.clone(),
        national_id: Some(national_id(country, who.born, serial)?),
        birth_date: None,
    })
}

/// A made-up national id of the country for someone born on `born`.
pub(super) fn national_id(country: Country, born: NaiveDate, serial: u32) -> AppResult<String> {
    match country {
        Country::DK => Ok(made_up_cpr(born, serial)),
        Country::NO => made_up_fnr(born, serial).ok_or_else(|| AppError::Internal("no fnr".into())),
    }
}

pub(super) fn goals(country: Country) -> [(&'static str, &'static str); 2] {
    words(country).goals
}

pub(super) fn assessment(country: Country, caregiver: &str) -> Assessment {
    let w = words(country);
    Assessment {
        systems: System::ALL
            .iter()
            .map(|s| {
                let (strengths, needs) = system_words(country, *s);
                SystemAssessment {
                    system: *s,
                    strengths: strengths.into(),
                    needs: needs.into(),
                }
            })
            .collect(),
        key_participants: vec![KeyParticipant {
            name: caregiver.into(),
            relation: w.parent.into(),
            desired_outcome: w.desired_outcome.into(),
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

/// A face-to-face contact with the family.
fn contact(date: NaiveDate, minutes: u16, with: &[&str], place: &str) -> Contact {
    Contact {
        date,
        minutes,
        with: with.iter().map(|w| (*w).to_owned()).collect(),
        place: place.into(),
        mode: ContactMode::FaceToFace,
    }
}

/// A call by phone or video: it has no place.
fn call(date: NaiveDate, minutes: u16, with: &str, mode: ContactMode) -> Contact {
    Contact {
        mode,
        ..contact(date, minutes, &[with], "")
    }
}

/// A week's contacts: two visits at home and a call to the school; every
/// third week, from the second on, a busy one with a video call to the
/// father and a meeting at school as well (five contacts).
fn contacts(country: Country, week: NaiveDate, n: i64) -> Vec<Contact> {
    let w = words(country);
    let mut contacts = vec![
        contact(
            week + Duration::days(1),
            90,
            &[w.parent, w.young_person],
            w.home,
        ),
        contact(week + Duration::days(3), 60, &[w.parent], w.home),
        call(
            week + Duration::days(4),
            15,
            w.class_teacher,
            ContactMode::Phone,
        ),
    ];
    if n % 3 == 1 {
        contacts.push(call(
            week + Duration::days(2),
            30,
            w.father,
            ContactMode::Video,
        ));
        contacts.push(contact(
            week + Duration::days(4),
            45,
            &[w.class_teacher, w.young_person],
            w.school,
        ));
    }
    contacts
}

fn summary(country: Country, week: NaiveDate, n: i64) -> WeeklySummary {
    let g = goals(country);
    let w = words(country);
    let attainment = if n < 3 {
        Attainment::NotMet
    } else if n < 7 {
        Attainment::Partly
    } else {
        Attainment::Met
    };
    WeeklySummary {
        week_start: week,
        contacts: contacts(country, week, n),
        last_week_goals: vec![GoalProgress {
            goal: w.weekly_goal.into(),
            attainment,
            note: String::new(),
        }],
        advances: w.advances.into(),
        barriers: w.barriers.into(),
        fit_drivers: vec![FitDriver {
            system: System::Peers,
            driver: w.driver.into(),
            prioritised: true,
        }],
        next_week_goals: vec![w.weekly_goal.into(), w.meeting_school.into()],
        overarching_progress: g
            .iter()
            .map(|(goal, _)| GoalProgress {
                goal: (*goal).into(),
                attainment,
                note: String::new(),
            })
            .collect(),
        safety: String::new(),
        safety_review: None,
        questions: String::new(),
    }
}

/// The young person of a demo family's case.
fn young_person_id(case: &rundt_app::cases::CaseView) -> AppResult<rundt_domain::id::PersonId> {
    case.people
        .iter()
        .find(|p| p.role == ParticipantRole::YoungPerson)
        .map(|p| p.id)
        .ok_or_else(|| AppError::Internal(format!("demo case {} has no young person", case.id)))
}

/// Who gives consent and is named in the assessment: the first caregiver
/// (every demo family has one; "parent" in the country's language stands
/// in otherwise).
fn first_caregiver(story: &Story, country: Country) -> &str {
    story
        .caregivers
        .first()
        .map_or(words(country).parent, |c| c.given_name.as_str())
}

/// The supervisor acknowledges a referral that fails screening the day
/// after it arrived (it needs the team's look first); the others await
/// acknowledgement.
async fn acknowledge_ineligible(
    app: &App,
    team: &TeamOverview,
    id: rundt_domain::id::CaseId,
    version: i64,
    referred: NaiveDate,
) -> AppResult<()> {
    if treatment::screening(app, id)
        .await?
        .is_none_or(|s| s.eligible)
    {
        return Ok(());
    }
    if let Some(supervisor) = supervisor_actor(app, team).await? {
        let next_day = app.on_day(referred + Duration::days(1));
        referrals::acknowledge(&next_day, &supervisor, id, version).await?;
    }
    Ok(())
}

/// Runs every story from its referral to its stage.
/// Adds every story's family at its stage. Returns the families to open
/// once everything else is in place (see [`super::opened`]).
/// What the courses leave for later: the families opened last, today,
/// and the MST families whose crisis records are written after the rest.
pub(super) struct Courses {
    pub to_open: Vec<(CaseId, Opened)>,
    pub crisis_families: Vec<super::crisis::CrisisFamily>,
}

pub(super) async fn add_courses(
    app: &App,
    teams: &[TeamOverview],
    everyone: &[User],
) -> AppResult<Courses> {
    let cli = Actor::cli();
    let today = app.clock.today();
    let mut to_open = Vec::new();
    // One MST family's crisis plan is left more than four weeks old; two
    // families had a call last night.
    let mut crisis_overdue_shown = false;
    let mut crisis_calls = 0;
    let mut crisis_families = Vec::new();
    for (index, story) in stories()?.into_iter().enumerate() {
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
            // Three working days are at most nine calendar days (Easter).
            Stage::Overdue => today - Duration::days(14),
            Stage::Withdrawn => today - Duration::days(9),
            Stage::Waiting | Stage::Declined => today - Duration::days(12),
            _ => start - Duration::days(10),
        };
        let serial = story_serial(index);
        let mut caregivers = Vec::new();
        for (i, c) in story.caregivers.iter().enumerate() {
            caregivers.push(person(team.country, c, serial + 1 + i as u32)?);
        }
        // The other children's ids follow the caregivers'.
        let mut other_children = Vec::new();
        for (i, c) in story.other_children.iter().enumerate() {
            other_children.push(person(team.country, c, serial + 4 + i as u32)?);
        }
        let refer = ReferFamily {
            team_id: team.id,
            referring_municipality: Some(story.municipality.clone()),
            young_person: person(team.country, &story.young_person, serial)?,
            other_children,
            caregivers,
            referral: ReferralDetails {
                behaviours: vec![story.behaviour.clone()],
                legal_basis: default_legal_basis(team.country).into(),
                consent: Some(Consent {
                    given_by: first_caregiver(&story, team.country).into(),
                    given_on: referred - Duration::days(3),
                }),
                exclusions: Default::default(),
                known_to_child_protection_within_180_days: team.programme_model.code == "MST-CAN",
                notes: String::new(),
                contact: story.referral.contact.clone(),
                school: story.referral.school.clone(),
                placement_considered: story.referral.placement,
                child_welfare_case: story.referral.child_welfare_case.clone(),
            },
        };
        let case = cases::refer_family(&app.on_day(referred), &cli, &refer).await?;
        let id = case.id;
        let mut version = case.version;
        if let Some(text) = &story.referral.added {
            let added = app.on_day(referred + Duration::days(2));
            version = referrals::add_information(&added, &cli, id, version, text)
                .await?
                .version;
        }
        match story.stage {
            Stage::Referred | Stage::Overdue => {
                acknowledge_ineligible(app, team, id, version, referred).await?;
                continue;
            }
            Stage::Withdrawn => {
                let withdrawn = app.on_day(referred + Duration::days(2));
                let reason = words(team.country).withdrawn;
                referrals::withdraw(&withdrawn, &cli, id, version, reason).await?;
                continue;
            }
            Stage::Declined => {
                let decided = app.on_day(referred + Duration::days(4));
                treatment::decline(&decided, &cli, id, version, words(team.country).declined)
                    .await?;
                continue;
            }
            _ => {}
        }
        version = accept_on(app, id, version, referred + Duration::days(3)).await?;
        if matches!(story.stage, Stage::Waiting) {
            continue;
        }
        let therapist = everyone
            .iter()
            .find(|u| Some(&u.username) == story.therapist.as_ref())
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "demo therapist {:?} of {} missing",
                    story.therapist, story.young_person.given_name
                ))
            })?;
        let caregiver = first_caregiver(&story, team.country);
        if story.no_safety_plan {
            let assign = AssignTherapist {
                therapist_id: therapist.id,
                start: Some(start),
                note: None,
            };
            treatment::assign(&app.on_day(start), &cli, id, version, &assign).await?;
            if let Some(opened) = story.opened {
                to_open.push((id, opened));
            }
            continue;
        }
        let child = story.young_person.given_name.as_str();
        let plan = plan_for(team, child, caregiver, start);
        version = assign_and_assess(
            app,
            id,
            version,
            therapist.id,
            start,
            &assessment(team.country, caregiver),
            plan.as_ref(),
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
        // An MST-CAN family's plan is broken in its fourth week: an
        // incident, reported to child welfare, and a second version.
        let safety_course = plan.as_ref().map(|_| SafetyCourse {
            broken_week: week_start_of(start) + Duration::weeks(3),
        });
        let mut week = week_start_of(start);
        let mut n = 0;
        while week <= last_week {
            if !(skip_last && week == last_week) {
                let written = app.on_day((week + Duration::days(6)).min(end));
                let mut summary = summary(team.country, week, n);
                summary.safety_review = safety_course.as_ref().map(|c| c.review(week));
                treatment::save_weekly_summary(&written, &cli, id, &summary, None).await?;
            }
            week += Duration::days(7);
            n += 1;
        }
        if let (Some(plan), Some(course)) = (&plan, &safety_course)
            && course.broken_week + Duration::weeks(2) <= last_week
        {
            let child_id = young_person_id(&case)?;
            let in_treatment = discharge_day.is_none() && team.country == Country::NO;
            let flag_recent = in_treatment.then_some(today);
            let who = therapist.display_name.as_str();
            let (country, course) = (team.country, course);
            safety::incidents(app, id, country, child_id, who, plan, course, flag_recent).await?;
        }
        // MST-CAN: the family's ecological map and the child's voice, once
        // its safety plan exists, for a course long enough to have them; the
        // Norwegian family still in treatment has a child not yet heard.
        if plan.is_some() && end - start >= Duration::days(28) {
            let heard = !(discharge_day.is_none() && team.country == Country::NO);
            map_family(app, &case, team.country, caregiver, start, heard).await?;
            // MST-CAN: the team's psychiatrist is asked to consult on the
            // families still in treatment; the longer course has its answer.
            if discharge_day.is_none() {
                let answered = end - start >= Duration::weeks(8);
                let (team_id, country) = (team.id, team.country);
                consult(
                    app, id, team_id, country, therapist, everyone, caregiver, child, today,
                    answered,
                )
                .await?;
            }
        }
        if n > 2 {
            let meeting = week_start_of(end) - Duration::days(6);
            let record = RecordSupervision {
                held_on: meeting,
                kind: "supervision".into(),
                attendees: vec!["supervisor".into(), words(team.country).therapist.into()],
                attendance: Vec::new(),
                families: vec![FamilyDiscussed {
                    case_id: id,
                    recommendation: words(team.country).supervision_recommendation.into(),
                }],
            };
            treatment::record_supervision(&app.on_day(meeting), &cli, team.id, &record).await?;
        }
        // MST: the crisis plan, and last night's calls to the supervisor,
        // written after the rest in the order of their dates.
        if discharge_day.is_none() && team.programme_model.code != MST_CAN {
            let overdue = !crisis_overdue_shown && end - start >= Duration::weeks(6);
            crisis_overdue_shown |= overdue;
            let calls = crisis_calls < 2;
            crisis_families.push(super::crisis::CrisisFamily {
                id,
                country: team.country,
                child: child.to_owned(),
                caregiver: caregiver.to_owned(),
                supervisor: supervisor_actor(app, team).await?,
                start,
                overdue,
                calls,
                visit: crisis_calls == 0,
            });
            if calls {
                crisis_calls += 1;
            }
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
            let who = Respondent::primary_caregiver(&case)?;
            monthly_interviews(app, &supervisor, who, start, Some(end), until, 0).await?;
        }
        if let Some(opened) = story.opened {
            to_open.push((id, opened));
        }
        if team.programme_model.code == rundt_domain::programme::MST_CAN {
            let caregivers: Vec<&str> = story
                .caregivers
                .iter()
                .map(|c| c.given_name.as_str())
                .collect();
            let family = CanFamily {
                id,
                country: team.country,
                child: &story.young_person.given_name,
                caregivers: &caregivers,
                therapist: &therapist.display_name,
                start,
                end,
            };
            add_plan_and_modules(app, &family).await?;
        }
        let Some(discharged_on) = discharge_day else {
            continue;
        };
        let g = goals(team.country);
        let discharge = Discharge {
            date: discharged_on,
            reason: DischargeReason::Completed,
            reason_note: String::new(),
            clinical_evaluation: words(team.country).clinical_evaluation.into(),
            goals: vec![
                GoalResult {
                    goal: g[0].0.into(),
                    result: Attainment::Met,
                },
                GoalResult {
                    goal: g[1].0.into(),
                    result: Attainment::Partly,
                },
            ],
            outcomes: UltimateOutcomes {
                living_at_home: true,
                in_school_or_working: true,
                no_new_arrests: true,
            },
            // Every child of a discharged MST-CAN family lives at home.
            children: child_outcomes(&case, team.programme_model.code == MST_CAN, |_| {
                (true, false)
            }),
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
                comment: words(team.country).survey_comment.into(),
            };
            fidelity::record_experience(&app.on_day(answered), &supervisor, id, &survey).await?;
        }
        follow_ups(
            app,
            id,
            version,
            discharged_on,
            words(team.country).follow_up_source,
            &discharge.children,
            |_, due| UltimateOutcomes {
                living_at_home: true,
                in_school_or_working: due.month() != 7,
                no_new_arrests: true,
            },
        )
        .await?;
    }
    Ok(Courses {
        to_open,
        crisis_families,
    })
}
