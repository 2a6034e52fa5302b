//! The assessment: strengths and needs per system, key participants and
//! overarching goals.

use super::*;
use rundt_domain::id::CaseId;

#[derive(Debug, Clone, Default)]
pub struct SystemRow {
    label: &'static str,
    strengths: String,
    needs: String,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantRow {
    name: String,
    relation: String,
    desired_outcome: String,
}

#[derive(Debug, Clone, Default)]
pub struct GoalRow {
    goal: String,
    measure: String,
}

#[derive(Template)]
#[template(path = "assessment_form.html")]
struct AssessmentPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    version: String,
    systems: Vec<SystemRow>,
    participants: Vec<ParticipantRow>,
    goals: Vec<GoalRow>,
    errors: Errors,
}

/// What the assessment form shows: as stored, or as typed.
struct Typed {
    version: Option<i64>,
    systems: Vec<SystemRow>,
    participants: Vec<ParticipantRow>,
    goals: Vec<GoalRow>,
}

fn assessment_page(
    p: &Page,
    status: StatusCode,
    case_id: CaseId,
    typed: Typed,
    errors: Errors,
) -> Response {
    let Typed {
        version,
        systems,
        mut participants,
        mut goals,
    } = typed;
    let n = (participants.len() + 1).max(3);
    participants.resize(n, ParticipantRow::default());
    let n = (goals.len() + 1).clamp(3, 8);
    goals.resize(n, GoalRow::default());
    let tr = p.tr;
    p.render(
        status,
        &AssessmentPage {
            tr,
            title: family_title(tr, "assessment", case_id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id,
            version: version.map(|v| v.to_string()).unwrap_or_default(),
            systems,
            participants,
            goals,
            errors,
        },
    )
}

fn system_rows(tr: Tr, a: Option<&Assessment>) -> Vec<SystemRow> {
    System::ALL
        .iter()
        .map(|sys| {
            let stored = a.and_then(|a| a.systems.iter().find(|x| x.system == *sys));
            SystemRow {
                label: system_label(tr, *sys),
                strengths: stored.map(|x| x.strengths.clone()).unwrap_or_default(),
                needs: stored.map(|x| x.needs.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

pub async fn assessment_form(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    let file = case_file(&p, id).await?;
    let a = file.assessment.as_ref().map(|a| &a.assessment);
    let typed = Typed {
        version: file.assessment.as_ref().map(|a| a.version),
        systems: system_rows(p.tr, a),
        participants: a
            .map(|a| {
                a.key_participants
                    .iter()
                    .map(|k| ParticipantRow {
                        name: k.name.clone(),
                        relation: k.relation.clone(),
                        desired_outcome: k.desired_outcome.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        goals: a
            .map(|a| {
                a.overarching_goals
                    .iter()
                    .map(|g| GoalRow {
                        goal: g.goal.clone(),
                        measure: g.measure.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    Ok(assessment_page(
        &p,
        StatusCode::OK,
        id,
        typed,
        Errors::none(),
    ))
}

pub async fn assessment_submit(
    p: Page,
    PageId(id): PageId<CaseId>,
    Fields(pairs): Fields,
) -> PageResult {
    let tr = p.tr;
    let f = Fields(pairs);
    let systems: Vec<SystemRow> = System::ALL
        .iter()
        .enumerate()
        .map(|(i, sys)| SystemRow {
            label: system_label(tr, *sys),
            strengths: form::multi_line(&f.text(&format!("systems[{i}].strengths"))),
            needs: form::multi_line(&f.text(&format!("systems[{i}].needs"))),
        })
        .collect();
    let participants: Vec<ParticipantRow> = (0..f.rows("key_participants", 20))
        .map(|i| ParticipantRow {
            name: f.get(&format!("key_participants[{i}].name")),
            relation: f.get(&format!("key_participants[{i}].relation")),
            desired_outcome: form::multi_line(
                &f.text(&format!("key_participants[{i}].desired_outcome")),
            ),
        })
        .filter(|k| !(k.name.is_empty() && k.relation.is_empty() && k.desired_outcome.is_empty()))
        .collect();
    let goals: Vec<GoalRow> = (0..f.rows("overarching_goals", 8))
        .map(|i| GoalRow {
            goal: form::one_line(&f.text(&format!("overarching_goals[{i}].goal"))),
            measure: form::one_line(&f.text(&format!("overarching_goals[{i}].measure"))),
        })
        .filter(|g| !(g.goal.is_empty() && g.measure.is_empty()))
        .collect();
    let assessment = Assessment {
        systems: System::ALL
            .iter()
            .zip(&systems)
            .map(|(sys, row)| SystemAssessment {
                system: *sys,
                strengths: row.strengths.clone(),
                needs: row.needs.clone(),
            })
            .collect(),
        key_participants: participants
            .iter()
            .map(|k| KeyParticipant {
                name: k.name.clone(),
                relation: k.relation.clone(),
                desired_outcome: k.desired_outcome.clone(),
            })
            .collect(),
        overarching_goals: goals
            .iter()
            .map(|g| OverarchingGoal {
                goal: g.goal.clone(),
                measure: g.measure.clone(),
            })
            .collect(),
    };
    let version = f.version();
    let saved = treatment::save_assessment(p.app(), &p.actor(), id, &assessment, version).await;
    if let Err(e) = saved {
        let (status, errors) = form::refused(&p, e)?;
        let typed = Typed {
            version,
            systems,
            participants,
            goals,
        };
        return Ok(assessment_page(&p, status, id, typed, errors));
    }
    go_to(&case_path(id))
}
