//! The assessment: strengths and needs per system, key participants and
//! overarching goals.

use super::*;

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
    case_id: i64,
    version: String,
    systems: Vec<SystemRow>,
    participants: Vec<ParticipantRow>,
    goals: Vec<GoalRow>,
    errors: Errors,
}

#[allow(clippy::too_many_arguments, reason = "one page, many parts")]
fn assessment_page(
    tr: Tr,
    who: &Authenticated,
    status: StatusCode,
    case_id: i64,
    version: Option<i64>,
    systems: Vec<SystemRow>,
    mut participants: Vec<ParticipantRow>,
    mut goals: Vec<GoalRow>,
    errors: Errors,
) -> Response {
    let n = (participants.len() + 1).max(3);
    participants.resize(n, ParticipantRow::default());
    let n = (goals.len() + 1).clamp(3, 8);
    goals.resize(n, GoalRow::default());
    render(
        status,
        &AssessmentPage {
            tr,
            title: format!("{} · {} {case_id}", tr.t("assessment"), tr.t("family")),
            nav: nav(tr, who),
            csrf: who.csrf_token().to_owned(),
            case_id,
            version: version.map(|v| v.to_string()).unwrap_or_default(),
            systems,
            participants,
            goals,
            errors,
        },
        tr,
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

pub async fn assessment_form(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = tr_for(&q, &headers);
    let file = match file_or_page(&s, tr, &who, id).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let a = file.assessment.as_ref().map(|a| &a.assessment);
    assessment_page(
        tr,
        &who,
        StatusCode::OK,
        id,
        file.assessment.as_ref().map(|a| a.version),
        system_rows(tr, a),
        a.map(|a| {
            a.key_participants
                .iter()
                .map(|p| ParticipantRow {
                    name: p.name.clone(),
                    relation: p.relation.clone(),
                    desired_outcome: p.desired_outcome.clone(),
                })
                .collect()
        })
        .unwrap_or_default(),
        a.map(|a| {
            a.overarching_goals
                .iter()
                .map(|g| GoalRow {
                    goal: g.goal.clone(),
                    measure: g.measure.clone(),
                })
                .collect()
        })
        .unwrap_or_default(),
        Errors::none(),
    )
}

pub async fn assessment_submit(
    State(s): State<AppState>,
    PageUser(who): PageUser,
    PageId(id): PageId,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = tr_for(&q, &headers);
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
        .filter(|p| !(p.name.is_empty() && p.relation.is_empty() && p.desired_outcome.is_empty()))
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
            .map(|p| KeyParticipant {
                name: p.name.clone(),
                relation: p.relation.clone(),
                desired_outcome: p.desired_outcome.clone(),
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
    match treatment::save_assessment(&s.app, &who.actor(), id, &assessment, version).await {
        Ok(_) => Redirect::to(&case_path(id)).into_response(),
        Err(e) => match form::form_error(tr, e) {
            Ok((status, errors)) => assessment_page(
                tr,
                &who,
                status,
                id,
                version,
                systems,
                participants,
                goals,
                errors,
            ),
            Err(e) => error_page(tr, Some(&who), e),
        },
    }
}
