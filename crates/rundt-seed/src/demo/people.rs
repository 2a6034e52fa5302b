//! The team's people for the demo (issue 15): everyone's initial training
//! (recorded before the courses, so the therapists may take families),
//! with a certificate for some; the consultants in their teams; then a
//! year of history — weekly supervision and consultation with attendance
//! (a therapist who missed three consultations is flagged), boosters (one
//! team held only two), development plans in versions with reviews (one
//! review overdue), the team's ratings of its consultant — and two new
//! therapists: one without training (refused families until it is
//! recorded), one the supervisor made an exception for.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rundt_app::fidelity;
use rundt_app::organisation::{self, AddMember, TeamOverview};
use rundt_app::people::{self, CertificateUpload};
use rundt_app::treatment::{self, RecordSupervision};
use rundt_app::users::{self, JoinTeam};
use rundt_app::{Actor, App, AppError, AppResult, auth};
use rundt_domain::adherence::SupervisorRating;
use rundt_domain::country::Country;
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    AbsenceReason, CAM_INTERVAL_DAYS, CAM_ITEMS, Competence, ConsultantRating, DevelopmentGoal,
    MeetingAttendance, NewBooster, NewPlanReview, NewPlanVersion, TrainingKind,
};
use rundt_domain::team::Position;
use rundt_domain::totp::TotpSecret;
use rundt_domain::user::User;

/// How many weeks of meetings the demo records: the twelve-week window
/// and two before it.
const MEETING_WEEKS: i64 = 14;

/// The demo's words about people, in each country's language.
struct PeopleWords {
    provider: &'static str,
    booster_topics: [&'static str; 5],
    goals: [(Competence, &'static str, &'static str); 4],
    review_notes: [&'static str; 2],
    exception: &'static str,
    /// (username, name) of the therapist who joined without training.
    new_therapist: (&'static str, &'static str),
}

const DANISH: PeopleWords = PeopleWords {
    provider: "MST Danmark",
    booster_topics: [
        "Sikkerhedsplaner og vold i familien",
        "Engagement af fædre",
        "Den analytiske proces i praksis",
        "Skolen som system",
        "Unge og rusmidler",
    ],
    goals: [
        (
            Competence::Principle1,
            "Formulere fit-cirkler, der forklarer den unges adfærd ud fra flere systemer",
            "Tager en fit-cirkel med til hver anden supervision; supervisor giver feedback",
        ),
        (
            Competence::Engagement,
            "Fastholde engagementet hos forældre, der trækker sig",
            "Rollespil i supervision; følger konsulentens huskeliste for engagement",
        ),
        (
            Competence::AnalyticProcess,
            "Evaluere interventioner ugentligt mod de mellemliggende mål",
            "Opdaterer den ugentlige opsummering med resultat af sidste uges interventioner",
        ),
        (
            Competence::AdherenceFindings,
            "Hæve TAM-R-scoren på principperne om ansvarlighed",
            "Gennemgår de seneste TAM-R-interview med supervisor hver måned",
        ),
    ],
    review_notes: [
        "Fit-cirklerne er blevet mere præcise; fortsætter med fokus på skolen.",
        "Engagementet er bedre i to af tre familier; nyt mål om fædre i næste version.",
    ],
    exception: "",
    new_therapist: ("nikolaj.therapist", "Nikolaj Berg"),
};

const NORWEGIAN: PeopleWords = PeopleWords {
    provider: "NUBU",
    booster_topics: [
        "Sikkerhetsplaner og vold i familien",
        "Å engasjere fedre",
        "Den analytiske prosessen i praksis",
        "Skolen som system",
        "Ungdom og rusmidler",
    ],
    goals: [
        (
            Competence::Principle1,
            "Formulere fit-sirkler som forklarer ungdommens atferd ut fra flere systemer",
            "Tar med en fit-sirkel til annenhver veiledning; veilederen gir tilbakemelding",
        ),
        (
            Competence::Engagement,
            "Holde på engasjementet hos foreldre som trekker seg unna",
            "Rollespill i veiledning; følger konsulentens sjekkliste for engasjement",
        ),
        (
            Competence::AnalyticProcess,
            "Evaluere intervensjoner ukentlig mot delmålene",
            "Oppdaterer ukesoppsummeringen med resultatet av forrige ukes intervensjoner",
        ),
        (
            Competence::AdherenceFindings,
            "Heve TAM-R-skåren på prinsippene om ansvarlighet",
            "Går gjennom de siste TAM-R-intervjuene med veilederen hver måned",
        ),
    ],
    review_notes: [
        "Fit-sirklene er blitt mer presise; fortsetter med fokus på skolen.",
        "Engasjementet er bedre i to av tre familier; nytt mål om fedre i neste versjon.",
    ],
    exception: "Grunnopplæringen er i mars. Til da går Sander sammen med Magnus hos familiene, og veilederen følger ham tett.",
    new_therapist: ("sander.therapist", "Sander Myhre"),
};

fn words(country: Country) -> &'static PeopleWords {
    match country {
        Country::DK => &DANISH,
        Country::NO => &NORWEGIAN,
    }
}

/// A one-page PDF naming the course: the demo's certificate.
fn certificate_pdf(name: &str, course: &str) -> Vec<u8> {
    let text = format!("{name} - {course}")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || " -.()".contains(*c))
        .collect::<String>();
    let stream = format!("BT /F1 14 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// One of the team's therapists or its supervisor, from `since`.
struct Staff {
    id: UserId,
    name: String,
    position: Position,
    since: NaiveDate,
}

/// The team's therapists and supervisor.
fn staff_of(team: &TeamOverview) -> Vec<Staff> {
    team.members
        .iter()
        .filter(|m| matches!(m.position, Position::Therapist | Position::Supervisor))
        .map(|m| Staff {
            id: m.user_id,
            name: m.display_name.clone(),
            position: m.position,
            since: m.since,
        })
        .collect()
}

/// Everyone's initial training, dated before they joined: recorded first,
/// so the courses can give them families. The supervisors' and the first
/// therapist's orientation come with a certificate.
pub(super) async fn add_training(app: &App, teams: &[TeamOverview]) -> AppResult<()> {
    let cli = Actor::cli();
    let joined = app.clock.today() - Duration::days(1000);
    for team in teams {
        let w = words(team.country);
        for (k, person) in staff_of(team).into_iter().enumerate() {
            let first = joined - Duration::days(60 - 3 * k as i64);
            let with_file = person.position == Position::Supervisor || k == 1;
            let certificate = |kind: TrainingKind| {
                (with_file && kind == TrainingKind::MstOrientation).then(|| CertificateUpload {
                    file_name: format!("{}.pdf", kind.as_str()),
                    bytes: certificate_pdf(&person.name, kind.as_str()),
                })
            };
            let post = (team.programme_model.code.as_str(), person.position);
            people::record_initial_training(
                app,
                &cli,
                person.id,
                post,
                first,
                w.provider,
                certificate,
            )
            .await?;
        }
    }
    Ok(())
}

/// The consultants join their country's teams (they hold the weekly
/// consultation).
async fn add_consultants(app: &App, teams: &[TeamOverview], everyone: &[User]) -> AppResult<()> {
    let since = app.clock.today() - Duration::days(1000);
    for team in teams {
        let Some(consultant) = everyone
            .iter()
            .find(|u| u.role == rundt_domain::user::Role::Consultant && u.country == team.country)
        else {
            continue;
        };
        let member = AddMember {
            user_id: consultant.id,
            position: Position::Consultant.as_str().into(),
            since: Some(since),
        };
        organisation::add_member(app, &Actor::cli(), team.id, &member).await?;
    }
    Ok(())
}

/// The Tuesday (supervision) and Thursday (consultation) of the week
/// `weeks_ago` weeks before this one.
fn meeting_days(today: NaiveDate, weeks_ago: i64) -> (NaiveDate, NaiveDate) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week = monday - Duration::weeks(weeks_ago);
    (
        week + Duration::days(i64::from(Weekday::Tue.num_days_from_monday())),
        week + Duration::days(i64::from(Weekday::Thu.num_days_from_monday())),
    )
}

/// Whether person `k` of the team is away from the meeting of week `w`,
/// and why: now and then ill or on leave; the second therapist of the
/// team's first weeks is with a family in crisis at three consultations
/// (flagged).
fn away(k: usize, w: i64, consultation: bool, flagged_person: usize) -> Option<AbsenceReason> {
    if consultation && k == flagged_person && matches!(w, 1 | 4 | 7) {
        return Some(AbsenceReason::FamilyCrisis);
    }
    match (k as i64 * 5 + w) % 13 {
        0 => Some(AbsenceReason::Illness),
        6 if w > 8 => Some(AbsenceReason::Leave),
        _ => None,
    }
}

/// Fourteen weeks of supervision and consultation with attendance.
async fn add_meetings(app: &App, team: &TeamOverview, staff: &[Staff]) -> AppResult<()> {
    let today = app.clock.today();
    let consultant = team
        .members
        .iter()
        .find(|m| m.position == Position::Consultant)
        .map(|m| m.user_id);
    // The flagged person: the second therapist in the Danish MST teams and
    // Oslo; none elsewhere.
    let flagged = if matches!(team.name.as_str(), "MST Aarhus" | "MST Oslo") {
        2
    } else {
        usize::MAX
    };
    for w in (1..=MEETING_WEEKS).rev() {
        let (tuesday, thursday) = meeting_days(today, w);
        for (day, consultation) in [(tuesday, false), (thursday, true)] {
            let mut attendance: Vec<MeetingAttendance> = staff
                .iter()
                .enumerate()
                .filter(|(_, person)| person.since <= day)
                .map(|(k, person)| {
                    let reason = away(k, w, consultation, flagged);
                    MeetingAttendance {
                        user_id: person.id,
                        present: reason.is_none(),
                        absence_reason: reason,
                    }
                })
                .collect();
            if consultation && let Some(c) = consultant {
                attendance.push(MeetingAttendance {
                    user_id: c,
                    present: true,
                    absence_reason: None,
                });
            }
            let record = RecordSupervision {
                held_on: day,
                kind: if consultation {
                    "consultation"
                } else {
                    "supervision"
                }
                .into(),
                attendees: Vec::new(),
                attendance,
                families: Vec::new(),
            };
            treatment::record_supervision(&app.on_day(day), &Actor::cli(), team.id, &record)
                .await?;
        }
    }
    Ok(())
}

/// A year of boosters: held each quarter with everyone but one, and the
/// next planned; MST Vestegnen held only two (flagged).
async fn add_boosters(
    app: &App,
    team: &TeamOverview,
    staff: &[Staff],
    trainer: &str,
) -> AppResult<()> {
    let today = app.clock.today();
    let w = words(team.country);
    let held_days: &[i64] = if team.name == "MST Vestegnen" {
        &[250, 70]
    } else {
        &[340, 250, 160, 70]
    };
    for (i, ago) in held_days.iter().enumerate() {
        let day = today - Duration::days(*ago);
        let attendees = staff
            .iter()
            .enumerate()
            .filter(|(k, person)| (k + i) % 5 != 4 && person.since <= day)
            .map(|(_, person)| person.id)
            .collect();
        let booster = NewBooster {
            planned_on: day,
            topic: w.booster_topics[i % 4].into(),
            trainer: trainer.into(),
            held_on: Some(day),
            attendees,
        };
        people::add_booster(&app.on_day(day), &Actor::cli(), team.id, &booster).await?;
    }
    let planned = NewBooster {
        planned_on: today + Duration::days(20),
        topic: w.booster_topics[4].into(),
        trainer: trainer.into(),
        held_on: None,
        attendees: Vec::new(),
    };
    people::add_booster(app, &Actor::cli(), team.id, &planned)
        .await
        .map(|_| ())
}

/// Each therapist's plan (by the supervisor) and the supervisor's (by the
/// consultant): a first version ten months ago, a review three months
/// later, a second version, and its review; the last therapist's latest
/// review is overdue.
async fn add_plans(app: &App, team: &TeamOverview, staff: &[Staff]) -> AppResult<()> {
    let today = app.clock.today();
    let w = words(team.country);
    let writer_of = |position: Position| {
        let wanted = if position == Position::Supervisor {
            Position::Consultant
        } else {
            Position::Supervisor
        };
        team.members
            .iter()
            .find(|m| m.position == wanted)
            .map(|m| m.user_id)
    };
    let year_ago = today - Duration::days(365);
    // The newcomers have no plan yet (flagged).
    let staff: Vec<&Staff> = staff.iter().filter(|p| p.since <= year_ago).collect();
    let last = staff.len().saturating_sub(1);
    for (k, person) in staff.iter().enumerate() {
        let (user_id, position) = (&person.id, &person.position);
        let Some(writer) = writer_of(*position) else {
            continue;
        };
        let first = today - Duration::days(300 - 4 * k as i64);
        let goals = |from: usize| -> Vec<DevelopmentGoal> {
            (0..2)
                .map(|g| {
                    let (competence, goal, actions) = w.goals[(from + g + k) % 4];
                    DevelopmentGoal {
                        competence,
                        goal: goal.into(),
                        actions: actions.into(),
                    }
                })
                .collect()
        };
        let on = |day: NaiveDate| app.on_day(day);
        let as_writer = |day: NaiveDate| {
            let app = on(day);
            async move { auth::act_as(&app, writer).await }
        };
        let v1 = NewPlanVersion {
            goals: goals(0),
            review_on: first + Duration::days(90),
        };
        let actor = as_writer(first).await?;
        let plan = people::save_plan(&on(first), &actor, team.id, *user_id, None, &v1).await?;
        let reviewed = first + Duration::days(92);
        let review = NewPlanReview {
            reviewed_on: reviewed,
            notes: w.review_notes[0].into(),
            next_review_on: reviewed + Duration::days(90),
        };
        let actor = as_writer(reviewed).await?;
        people::review_plan(&on(reviewed), &actor, team.id, *user_id, &review).await?;
        let v2 = NewPlanVersion {
            goals: goals(2),
            review_on: reviewed + Duration::days(90),
        };
        people::save_plan(
            &on(reviewed),
            &actor,
            team.id,
            *user_id,
            Some(plan.version),
            &v2,
        )
        .await?;
        let second = reviewed + Duration::days(95);
        // The last one's next review is ten days overdue; the others' come
        // within the coming months.
        let next = if k == last {
            today - Duration::days(10)
        } else {
            today + Duration::days(25 + 7 * k as i64)
        };
        let review = NewPlanReview {
            reviewed_on: second,
            notes: w.review_notes[1].into(),
            next_review_on: next.max(second + Duration::days(1)),
        };
        let actor = as_writer(second).await?;
        people::review_plan(&on(second), &actor, team.id, *user_id, &review).await?;
    }
    Ok(())
}

/// Two years of the therapists' ratings of their supervisor, every two
/// months, and over the last year, on the same days, of the team's
/// consultant; the supervisor rates the consultant too. One person's
/// ratings are given in the order of their days, so their audit trail
/// reads in date order.
pub(super) async fn add_ratings(app: &App, team: &TeamOverview) -> AppResult<()> {
    // As the team is now, its consultant included.
    let team = &organisation::team_overview(app, &Actor::cli(), team.id).await?;
    let today = app.clock.today();
    let year_ago = today - Duration::days(365);
    let has_consultant = team
        .members
        .iter()
        .any(|m| m.position == Position::Consultant);
    let staff = staff_of(team);
    let mut therapist = 0usize;
    for (k, person) in staff.iter().enumerate() {
        let supervisor = person.position == Position::Supervisor;
        let (mut day, step) = if supervisor {
            (
                today - Duration::days(320 - 3 * k as i64),
                CAM_INTERVAL_DAYS,
            )
        } else {
            therapist += 1;
            let first = today - Duration::days(720 - 9 * (therapist - 1) as i64);
            (first, rundt_domain::adherence::SAM_INTERVAL_DAYS)
        };
        while day <= today - Duration::days(5) {
            let on = app.on_day(day);
            let actor = auth::act_as(&on, person.id).await?;
            if !supervisor {
                let rating = SupervisorRating {
                    date: day,
                    answers: (0..rundt_domain::adherence::SAM_ITEMS)
                        .map(|i| Some(5 - ((i + therapist - 1) % 3) as u8))
                        .collect(),
                };
                fidelity::rate_supervisor(&on, &actor, team.id, &rating).await?;
            }
            if has_consultant && day > year_ago && person.since <= year_ago {
                let rating = ConsultantRating {
                    date: day,
                    answers: (0..CAM_ITEMS)
                        .map(|i| Some(3 + ((i + k) % 3) as u8))
                        .collect(),
                };
                people::rate_consultant(&on, &actor, team.id, &rating).await?;
            }
            day += Duration::days(step);
        }
    }
    Ok(())
}

/// A therapist who joined recently: a new account in the team.
async fn new_therapist(
    app: &App,
    team_id: TeamId,
    country: Country,
    (username, name): (&str, &str),
    days_ago: i64,
) -> AppResult<UserId> {
    let user = super::demo_user(username, name, "therapist", country.as_str(), None);
    let join = JoinTeam {
        team_id,
        position: Position::Therapist.as_str().into(),
        since: Some(app.clock.today() - Duration::days(days_ago)),
    };
    let made = users::create_user_in_team(app, &Actor::cli(), &user, &join).await?;
    let secret = TotpSecret::from_base32(super::DEMO_TOTP_SECRET)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    auth::enrol_known_secret(app, &Actor::cli(), made.created.user.id, &secret).await?;
    Ok(made.created.user.id)
}

/// The consultants join their country's teams before the courses (they
/// are rated alongside the supervisor over the years the courses span).
pub(super) async fn add_consultants_early(app: &App, everyone: &[User]) -> AppResult<()> {
    let teams = organisation::team_overviews(app, &Actor::cli()).await?;
    add_consultants(app, &teams, everyone).await
}

/// The year of people history, after the courses: two new therapists join
/// — Nikolaj in MST-CAN Nordjylland has no training yet; Sander in MST
/// Bergen has an exception from his supervisor — then the meetings,
/// boosters and plans.
pub(super) async fn add_people_year(app: &App) -> AppResult<()> {
    let teams = organisation::team_overviews(app, &Actor::cli()).await?;
    for team in &teams {
        let w = words(team.country);
        let (days_ago, exception) = match team.name.as_str() {
            "MST-CAN Nordjylland" => (18, false),
            "MST Bergen" => (40, true),
            _ => continue,
        };
        let id = new_therapist(app, team.id, team.country, w.new_therapist, days_ago).await?;
        if exception {
            let supervisor = team
                .members
                .iter()
                .find(|m| m.position == Position::Supervisor)
                .map(|m| m.user_id)
                .ok_or_else(|| AppError::Internal("demo team without supervisor".into()))?;
            let actor = auth::act_as(app, supervisor).await?;
            people::record_training_exception(app, &actor, team.id, id, w.exception).await?;
        }
    }
    let teams = organisation::team_overviews(app, &Actor::cli()).await?;
    for team in &teams {
        let staff = staff_of(team);
        let trainer = team
            .members
            .iter()
            .find(|m| m.position == Position::Consultant)
            .map_or_else(
                || words(team.country).provider.to_owned(),
                |m| m.display_name.clone(),
            );
        add_meetings(app, team, &staff).await?;
        add_boosters(app, team, &staff, &trainer).await?;
        add_plans(app, team, &staff).await?;
    }
    Ok(())
}
