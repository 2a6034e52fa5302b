//! The data subject's copy (GDPR art. 15) as a PDF, in the auditor's page
//! language: the person, each family's case with its documents, and the
//! access log as a table. The same copy as the JSON answer; the JSON alone
//! carries the structured details the PDF sums up (screening findings,
//! consent and exclusions, each contact of a week, each interview answer).

use chrono::{DateTime, Utc};
use rundt_app::records::ParticipantRole;
use rundt_app::subject_access::{SubjectCase, SubjectCopy};
use rundt_domain::adherence::InterviewMode;
use rundt_domain::country::Country;
use rundt_domain::country::programme_date;
use rundt_domain::mapping::Voice;
use rundt_pdf::Document;

use crate::i18n::Tr;
use crate::pdf_can;
use crate::report::{date, reason, yes_no};

/// A moment on the person's country's clock.
fn moment(country: Country, at: DateTime<Utc>) -> String {
    at.with_timezone(&country.time_zone())
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

fn part(tr: Tr, role: ParticipantRole) -> &'static str {
    tr.t(role.as_str())
}

fn or_dash(text: Option<&str>) -> &str {
    text.filter(|t| !t.is_empty()).unwrap_or("–")
}

/// The file's name: the person's id and the day, never the national id.
pub fn file_name(copy: &SubjectCopy) -> String {
    format!(
        "subject-copy-person-{}-{}",
        copy.person.id,
        programme_date(copy.produced_at).format("%Y-%m-%d")
    )
}

/// Renders the copy.
pub fn render(tr: Tr, copy: &SubjectCopy) -> Vec<u8> {
    let country = copy.person.country;
    let p = &copy.person;
    let name = format!("{} {}", p.given_name, p.family_name);
    let mut doc = Document::new(tr.t("subject_copy"))
        .created(&copy.produced_at.format("D:%Y%m%d%H%M%SZ").to_string())
        .author(&copy.produced_by)
        .subject(&name);
    doc.footer_text(&format!("Rundt · {} · {}", name, tr.t("confidential")));
    doc.page_label(&crate::i18n::page_of(tr));
    doc.heading(tr.t("subject_copy"), 1);
    doc.paragraph(tr.t("subject_copy_intro"));
    doc.key_values(&[
        (
            tr.t("subject_copy_produced_at"),
            moment(country, copy.produced_at),
        ),
        (tr.t("subject_copy_produced_by"), copy.produced_by.clone()),
    ]);
    doc.heading(tr.t("subject_copy_person"), 1);
    doc.key_values(&[
        (tr.t("name"), name.clone()),
        (tr.t("birth_date"), date(p.birth_date)),
        (
            tr.t("national_id"),
            or_dash(p.national_id.as_deref()).to_owned(),
        ),
        (tr.t("country"), country.to_string()),
        (tr.t("person_id"), p.id.to_string()),
        (tr.t("subject_copy_recorded"), moment(country, p.created_at)),
    ]);
    doc.heading(tr.t("subject_copy_cases"), 1);
    if copy.cases.is_empty() {
        doc.paragraph(tr.t("subject_copy_no_cases"));
    }
    for case in &copy.cases {
        case_section(tr, &mut doc, country, case);
    }
    doc.heading(tr.t("access_log"), 1);
    doc.paragraph(tr.t("subject_copy_log_help"));
    let rows: Vec<Vec<String>> = copy
        .access_log
        .iter()
        .map(|e| {
            let what = match e.object_id {
                Some(id) => format!("{}\n{} {id}", e.action, e.object_kind),
                None => format!("{}\n{}", e.action, e.object_kind),
            };
            let outcome = if e.outcome == "denied" {
                tr.t("audit_denied").to_owned()
            } else {
                String::new()
            };
            vec![
                moment(country, e.at),
                format!("{}\n{}", e.who, e.role),
                what,
                or_dash(e.purpose.as_deref()).to_owned(),
                outcome,
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("when"),
            tr.t("who"),
            tr.t("what"),
            tr.t("reason"),
            tr.t("outcome"),
        ],
        &rows,
        &[0.18, 0.22, 0.28, 0.2, 0.12],
    );
    doc.finish()
}

fn case_section(tr: Tr, doc: &mut Document, country: Country, case: &SubjectCase) {
    doc.heading(
        &tr.tf(
            "subject_copy_case_n",
            &[("case", &case.case_id.to_string())],
        ),
        2,
    );
    let paying: Vec<&str> = case
        .paying_municipalities
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    doc.key_values(&[
        (tr.t("subject_copy_role"), part(tr, case.role).to_owned()),
        (tr.t("team"), case.team.clone()),
        (
            tr.t("therapist"),
            or_dash(case.therapist.as_deref()).to_owned(),
        ),
        (
            tr.t("referred_by"),
            case.referring_municipality.name.clone(),
        ),
        (tr.t("subject_copy_paying"), paying.join(", ")),
        (tr.t("status"), tr.status(case.status.as_str())),
        (tr.t("created"), moment(country, case.created_at)),
        (tr.t("referred_on"), date(case.referred_on)),
        (tr.t("treatment_start"), date(case.treatment_start)),
        (tr.t("discharged_on"), date(case.discharged_on)),
    ]);
    if !case.family.is_empty() {
        doc.heading(tr.t("subject_copy_family"), 3);
        let members: Vec<String> = case
            .family
            .iter()
            .map(|m| format!("{} {} ({})", m.given_name, m.family_name, part(tr, m.role)))
            .collect();
        doc.bullets(&members);
    }
    if let Some(r) = &case.referral {
        doc.heading(tr.t("referral"), 3);
        crate::report::behaviours_table(tr, doc, &r.behaviours);
        doc.key_values(&[
            (tr.t("legal_basis"), r.legal_basis.clone()),
            (tr.t("school"), or_dash(Some(&r.school)).to_owned()),
            (tr.t("notes"), or_dash(Some(&r.notes)).to_owned()),
            (tr.t("caseworker_contact"), r.contact.name.clone()),
        ]);
    }
    if let Some(s) = &case.screening {
        let verdict = if s.eligible {
            "screening_eligible"
        } else {
            "screening_not_eligible"
        };
        doc.key_values(&[(tr.t("screening"), tr.t(verdict))]);
    }
    if !case.referral_additions.is_empty() {
        doc.heading(tr.t("added_information"), 3);
        let rows: Vec<Vec<String>> = case
            .referral_additions
            .iter()
            .map(|a| {
                vec![
                    moment(country, a.added_at),
                    or_dash(a.added_by.as_deref()).to_owned(),
                    a.text.clone(),
                ]
            })
            .collect();
        doc.table(
            &[tr.t("when"), tr.t("who"), tr.t("notes")],
            &rows,
            &[0.2, 0.2, 0.6],
        );
    }
    if let Some(a) = &case.assessment {
        doc.heading(tr.t("assessment"), 3);
        let rows: Vec<Vec<String>> = a
            .systems
            .iter()
            .map(|s| {
                vec![
                    tr.t(&format!("system_{}", s.system.as_str())).to_owned(),
                    s.strengths.clone(),
                    s.needs.clone(),
                ]
            })
            .collect();
        doc.table(
            &[tr.t("system"), tr.t("strengths"), tr.t("needs")],
            &rows,
            &[0.2, 0.4, 0.4],
        );
        let goals: Vec<Vec<String>> = a
            .overarching_goals
            .iter()
            .map(|g| vec![g.goal.clone(), g.measure.clone()])
            .collect();
        doc.table(&[tr.t("goal"), tr.t("measure")], &goals, &[0.5, 0.5]);
    }
    if !case.weekly_summaries.is_empty() {
        doc.heading(tr.t("weekly_summaries"), 3);
        let rows: Vec<Vec<String>> = case
            .weekly_summaries
            .iter()
            .map(|w| {
                vec![
                    date(Some(w.week_start)),
                    w.summary.contacts.len().to_string(),
                    w.summary.advances.clone(),
                    w.summary.barriers.clone(),
                    w.summary.next_week_goals.join("; "),
                ]
            })
            .collect();
        doc.table(
            &[
                tr.t("week_of"),
                tr.t("contacts"),
                tr.t("advances"),
                tr.t("barriers"),
                tr.t("next_week_goals"),
            ],
            &rows,
            &[0.14, 0.1, 0.26, 0.25, 0.25],
        );
    }
    can_sections(tr, doc, country, case);
    crisis_sections(tr, doc, country, case);
    if !case.recommendations.is_empty() {
        doc.heading(tr.t("recommendations"), 3);
        let rows: Vec<Vec<String>> = case
            .recommendations
            .iter()
            .map(|r| {
                vec![
                    date(Some(r.held_on)),
                    tr.t(&format!("kind_{}", r.kind)).to_owned(),
                    r.recommendation.clone(),
                ]
            })
            .collect();
        doc.table(
            &[tr.t("date"), tr.t("meeting_kind"), tr.t("recommendations")],
            &rows,
            &[0.15, 0.2, 0.65],
        );
    }
    if !case.adherence_interviews.is_empty() {
        doc.heading(tr.t("adherence_history"), 3);
        let rows: Vec<Vec<String>> = case
            .adherence_interviews
            .iter()
            .map(|i| {
                let mode = match i.mode {
                    Some(InterviewMode::Phone) => tr.t("interview_mode_phone"),
                    Some(InterviewMode::InPerson) => tr.t("interview_mode_in_person"),
                    None => tr.t("not_recorded"),
                };
                let answered = i.answers.iter().filter(|a| a.is_some()).count();
                vec![
                    date(Some(i.interviewed_on)),
                    i.interviewer.clone(),
                    mode.to_owned(),
                    format!("{answered}/{}", i.answers.len()),
                ]
            })
            .collect();
        doc.table(
            &[
                tr.t("interview_date"),
                tr.t("interviewer"),
                tr.t("interview_mode"),
                tr.t("subject_copy_answered"),
            ],
            &rows,
            &[0.2, 0.3, 0.25, 0.25],
        );
    }
    if let Some(d) = &case.discharge {
        doc.heading(tr.t("discharge"), 3);
        doc.key_values(&[
            (tr.t("discharged_on"), date(Some(d.date))),
            (tr.t("discharge_reason"), reason(tr, d.reason).to_owned()),
            (
                tr.t("treatment_days"),
                case.treatment_days
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
            (
                tr.t("living_at_home"),
                yes_no(tr, d.outcomes.living_at_home).to_owned(),
            ),
            (
                tr.t("in_school_or_working"),
                yes_no(tr, d.outcomes.in_school_or_working).to_owned(),
            ),
            (
                tr.t("no_new_arrests"),
                yes_no(tr, d.outcomes.no_new_arrests).to_owned(),
            ),
        ]);
        doc.paragraph(&d.clinical_evaluation);
        if !d.reason_note.is_empty() {
            doc.paragraph(&d.reason_note);
        }
    }
    if !case.follow_ups.is_empty() {
        doc.heading(tr.t("follow_ups"), 3);
        let rows: Vec<Vec<String>> = case
            .follow_ups
            .iter()
            .map(|f| {
                vec![
                    format!("{} {}", f.months, tr.t("months")),
                    date(Some(f.date)),
                    yes_no(tr, f.outcomes.living_at_home).into(),
                    yes_no(tr, f.outcomes.in_school_or_working).into(),
                    yes_no(tr, f.outcomes.no_new_arrests).into(),
                    f.notes.clone(),
                ]
            })
            .collect();
        doc.table(
            &[
                tr.t("follow_up"),
                tr.t("date"),
                tr.t("living_at_home"),
                tr.t("in_school_or_working"),
                tr.t("no_new_arrests"),
                tr.t("notes"),
            ],
            &rows,
            &[0.12, 0.13, 0.15, 0.17, 0.15, 0.28],
        );
    }
    if let Some(e) = &case.family_experience {
        doc.heading(tr.t("experience_title"), 3);
        doc.key_values(&[
            (tr.t("survey_date"), date(Some(e.answered_on))),
            (tr.t("experience_score"), e.score.to_string()),
            (tr.t("exp_recommend"), yes_no(tr, e.recommends).to_owned()),
            (tr.t("comment"), or_dash(Some(&e.comment)).to_owned()),
        ]);
    }
    if !case.status_history.is_empty() {
        doc.heading(tr.t("status_history"), 3);
        let rows: Vec<Vec<String>> = case
            .status_history
            .iter()
            .map(|h| {
                vec![
                    moment(country, h.at),
                    format!(
                        "{} → {}",
                        tr.status(h.from_status.as_str()),
                        tr.status(h.to_status.as_str())
                    ),
                    or_dash(h.by.as_deref()).to_owned(),
                    or_dash(h.note.as_deref()).to_owned(),
                ]
            })
            .collect();
        doc.table(
            &[tr.t("when"), tr.t("status"), tr.t("who"), tr.t("notes")],
            &rows,
            &[0.2, 0.3, 0.2, 0.3],
        );
    }
}

/// An MST family's crisis plan, every version (the people to call by name
/// and relation), and its crisis contacts.
fn crisis_sections(tr: Tr, doc: &mut Document, country: Country, case: &SubjectCase) {
    for v in &case.crisis_plans {
        doc.heading(
            &format!(
                "{} · {}",
                tr.t("crisis_plan_title"),
                tr.tf("plan_version_n", &[("n", &v.version.to_string())])
            ),
            3,
        );
        doc.key_values(&[
            (tr.t("saved_by"), or_dash(v.saved_by.as_deref()).to_owned()),
            (tr.t("when"), moment(country, v.saved_at)),
        ]);
        let people: Vec<String> = v
            .people_to_call
            .iter()
            .map(|p| format!("{} · {}", p.name, p.relation))
            .collect();
        labelled_bullets(tr, doc, "crisis_people_to_call", &people);
        doc.key_values(&[
            (tr.t("crisis_what_calms"), v.what_calms.clone()),
            (
                tr.t("crisis_risks_and_warning_signs"),
                v.risks_and_warning_signs.clone(),
            ),
            (tr.t("crisis_agreements"), v.agreements.clone()),
        ]);
    }
    if case.crisis_contacts.is_empty() {
        return;
    }
    doc.heading(tr.t("crisis_contacts_title"), 3);
    let rows: Vec<Vec<String>> = case
        .crisis_contacts
        .iter()
        .map(|c| {
            let k = &c.contact;
            let done: Vec<&str> = k
                .responses
                .iter()
                .map(|r| tr.t(&format!("crisis_response_{}", r.as_str())))
                .collect();
            vec![
                moment(country, k.at),
                tr.t(&format!("crisis_caller_{}", k.caller.as_str()))
                    .to_owned(),
                k.about.clone(),
                tr.t(&format!("crisis_risk_{}", k.risk.as_str())).to_owned(),
                done.join(", "),
                or_dash(c.logged_by.as_deref()).to_owned(),
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("when"),
            tr.t("crisis_caller"),
            tr.t("crisis_about"),
            tr.t("crisis_risk"),
            tr.t("crisis_responses"),
            tr.t("crisis_logged"),
        ],
        &rows,
        &[0.16, 0.14, 0.3, 0.1, 0.18, 0.12],
    );
}

/// Whether the case holds any of MST-CAN's records for the person.
fn has_can_records(case: &SubjectCase) -> bool {
    !(case.safety_plans.is_empty()
        && case.incidents.is_empty()
        && case.mappings.is_empty()
        && case.child_voices.is_empty()
        && case.treatment_plans.is_empty()
        && case.modules.is_empty())
}

/// An MST-CAN family's records as far as they concern the person: the
/// safety plan's versions, the incidents, the ecological map's versions,
/// the person's own voice, the treatment plan's versions and the modules.
fn can_sections(tr: Tr, doc: &mut Document, country: Country, case: &SubjectCase) {
    if !has_can_records(case) {
        return;
    }
    doc.paragraph(tr.t("subject_copy_can_help"));
    for v in &case.safety_plans {
        doc.heading(
            &format!(
                "{} · {}",
                tr.t("safety_plan"),
                tr.tf("plan_version_n", &[("n", &v.version.to_string())])
            ),
            3,
        );
        let p = &v.plan;
        doc.key_values(&[
            (
                tr.t("agreed_with_family_on"),
                date(Some(p.agreed_with_family_on)),
            ),
            (
                tr.t("shared_with_child_welfare_on"),
                date(p.shared_with_child_welfare_on),
            ),
            (tr.t("saved_by"), or_dash(v.saved_by.as_deref()).to_owned()),
            (tr.t("when"), moment(country, v.saved_at)),
        ]);
        let risks: Vec<String> = p.risks.iter().map(|r| pdf_can::risk(tr, r)).collect();
        labelled_bullets(tr, doc, "safety_risks", &risks);
        labelled_bullets(tr, doc, "warning_signs", &p.warning_signs);
        let actions: Vec<String> = p
            .adult_actions
            .iter()
            .map(|a| format!("{}: {}", a.adult, a.instead))
            .collect();
        labelled_bullets(tr, doc, "adult_actions", &actions);
        let contacts: Vec<String> = p.child_contacts.iter().map(pdf_can::contact).collect();
        labelled_bullets(tr, doc, "child_contacts", &contacts);
    }
    if !case.incidents.is_empty() {
        doc.heading(tr.t("incidents"), 3);
        let rows: Vec<pdf_can::IncidentRow<'_>> = case
            .incidents
            .iter()
            .map(|i| pdf_can::IncidentRow {
                at: moment(country, i.at),
                children: i.children.join(", "),
                what_happened: &i.what_happened,
                what_was_done: &i.what_was_done,
                emergency_services: i.emergency_services,
                notification: &i.notification,
            })
            .collect();
        pdf_can::incidents(tr, doc, &rows);
    }
    for m in &case.mappings {
        doc.heading(
            &format!(
                "{} · {}",
                tr.t("mapping_title"),
                tr.tf("plan_version_n", &[("n", &m.version.to_string())])
            ),
            3,
        );
        doc.key_values(&[
            (tr.t("mapping_mapped_on"), date(Some(m.mapped_on))),
            (tr.t("saved_by"), or_dash(m.saved_by.as_deref()).to_owned()),
            (tr.t("when"), moment(country, m.saved_at)),
        ]);
        if !m.key_persons.is_empty() {
            doc.paragraph(&format!("{}:", tr.t("key_persons")));
            let rows = m.key_persons.iter().map(|k| pdf_can::KeyPersonRow {
                role: k.role,
                name: &k.name,
                relation: &k.relation,
                consent_to_contact: k.consent_to_contact,
            });
            pdf_can::key_persons(tr, doc, rows);
        }
        if !m.systems.is_empty() {
            let rows: Vec<Vec<String>> = m
                .systems
                .iter()
                .map(|s| {
                    vec![
                        tr.t(&format!("system_{}", s.system.as_str())).to_owned(),
                        s.strengths.clone(),
                        s.risks.clone(),
                    ]
                })
                .collect();
            doc.table(
                &[tr.t("system"), tr.t("strengths"), tr.t("risks")],
                &rows,
                &[0.2, 0.4, 0.4],
            );
        }
    }
    if !case.child_voices.is_empty() {
        doc.heading(tr.t("subject_copy_voice"), 3);
        let rows: Vec<Vec<String>> = case
            .child_voices
            .iter()
            .map(|v| match &v.voice {
                Voice::Heard {
                    how,
                    present,
                    said,
                    wishes,
                } => vec![
                    date(Some(v.on)),
                    format!(
                        "{}\n{}",
                        tr.t("child_heard"),
                        tr.t(&format!("heard_by_{}", how.as_str()))
                    ),
                    present.clone(),
                    format!("{said}\n{}: {wishes}", tr.t("voice_wishes")),
                ],
                Voice::NotHeard { reason } => vec![
                    date(Some(v.on)),
                    tr.t("voice_not_heard").to_owned(),
                    String::new(),
                    format!("{}: {reason}", tr.t("voice_reason")),
                ],
            })
            .collect();
        doc.table(
            &[
                tr.t("date"),
                tr.t("voice_state"),
                tr.t("voice_present"),
                tr.t("voice_said"),
            ],
            &rows,
            &[0.14, 0.2, 0.2, 0.46],
        );
    }
    for v in &case.treatment_plans {
        doc.heading(
            &format!(
                "{} · {}",
                tr.t("treatment_plan"),
                tr.tf("plan_version_n", &[("n", &v.version.to_string())])
            ),
            3,
        );
        doc.key_values(&[
            (
                tr.t("plan_made_with_family_on"),
                date(Some(v.plan.made_with_family_on)),
            ),
            (tr.t("saved_by"), or_dash(v.saved_by.as_deref()).to_owned()),
            (tr.t("when"), moment(country, v.saved_at)),
        ]);
        let rows: Vec<Vec<String>> = v
            .plan
            .goals
            .iter()
            .map(|g| {
                let mut goal = g.overarching.clone();
                for step in &g.intermediate {
                    goal.push_str(&format!("\n– {step}"));
                }
                vec![
                    tr.t(&format!("theme_{}", g.theme.as_str())).to_owned(),
                    goal,
                    g.agreed_by.clone(),
                    g.measured_by.clone(),
                ]
            })
            .collect();
        doc.table(
            &[
                tr.t("theme_area"),
                tr.t("overarching_goal"),
                tr.t("agreed_by"),
                tr.t("measured_by"),
            ],
            &rows,
            &[0.24, 0.34, 0.18, 0.24],
        );
    }
    if !case.modules.is_empty() {
        doc.heading(tr.t("modules"), 3);
        let rows = case
            .modules
            .iter()
            .map(|m| {
                let mut status = pdf_can::module_status(tr, m.status);
                if !m.drug_screens.is_empty() {
                    let screens: Vec<String> = m
                        .drug_screens
                        .iter()
                        .map(|s| {
                            format!(
                                "{} {}",
                                date(Some(s.on)),
                                tr.t(&format!("screen_{}", s.result.as_str()))
                            )
                        })
                        .collect();
                    status.push_str(&format!(
                        "\n{}: {}",
                        tr.t("drug_screens"),
                        screens.join(", ")
                    ));
                }
                pdf_can::ModuleRow {
                    kind: m.kind,
                    start: m.start,
                    end: m.end,
                    sessions_held: m.sessions_held,
                    delivered_by: &m.delivered_by,
                    status,
                }
            })
            .collect();
        pdf_can::modules(tr, doc, rows);
    }
}

/// A list under its label, left out when empty.
fn labelled_bullets<T: AsRef<str>>(tr: Tr, doc: &mut Document, label: &str, items: &[T]) {
    if items.is_empty() {
        return;
    }
    doc.paragraph(&format!("{}:", tr.t(label)));
    doc.bullets(items);
}

/// A download: `body` as `content_type`, saved as `file_name`, never kept
/// by a cache (it is a person's data).
pub fn attachment(
    content_type: &'static str,
    file_name: &str,
    body: Vec<u8>,
) -> axum::response::Response {
    use axum::http::HeaderValue;
    use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
