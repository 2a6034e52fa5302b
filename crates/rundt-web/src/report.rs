//! The discharge report as a PDF the municipality can file.

use rundt_app::treatment::CaseFile;
use rundt_domain::discharge::DischargeReason;
use rundt_domain::referral::ReferralBehaviour;
use rundt_domain::treatment::{Attainment, OverarchingGoal};
use rundt_pdf::Document;

use crate::i18n::Tr;

/// Names the report needs beside the case file.
pub struct ReportContext {
    pub team: String,
    /// The team's on-call phone, around the clock (empty when not set).
    pub on_call_phone: String,
    pub therapist: String,
    pub municipality: String,
    pub created: chrono::DateTime<chrono::Utc>,
    /// The team's country, whose clock the report's times are read on.
    pub country: rundt_domain::country::Country,
}

pub use crate::report_can::CanSections;

/// The overarching goals of the family's assessment; none before there is
/// an assessment (the forms and the report then list no goals).
pub fn assessment_goals(file: &CaseFile) -> &[OverarchingGoal] {
    match &file.assessment {
        Some(a) => &a.assessment.overarching_goals,
        None => &[],
    }
}

/// The goals a family's progress is followed and rated against: the
/// assessment's overarching goals, then (MST-CAN) those of the treatment
/// plan that the assessment does not already name.
pub fn goals_to_rate(file: &CaseFile) -> Vec<OverarchingGoal> {
    let mut goals = assessment_goals(file).to_vec();
    for g in &file.plan_goals {
        if !goals.iter().any(|a| a.goal == g.goal) {
            goals.push(g.clone());
        }
    }
    goals
}

pub(crate) fn yes_no(tr: Tr, b: bool) -> &'static str {
    tr.t(if b { "yes" } else { "no" })
}

pub(crate) fn attainment(tr: Tr, a: Attainment) -> &'static str {
    tr.t(match a {
        Attainment::Met => "goal_met",
        Attainment::Partly => "goal_partly",
        Attainment::NotMet => "goal_not_met",
    })
}

pub(crate) fn reason(tr: Tr, r: DischargeReason) -> &'static str {
    tr.t(&format!("reason_{}", r.as_str()))
}

pub(crate) fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_else(|| "–".into())
}

/// The referral's behaviours as a table: what, how often, how bad, for how
/// long.
pub(crate) fn behaviours_table(tr: Tr, doc: &mut Document, behaviours: &[ReferralBehaviour]) {
    let rows: Vec<Vec<String>> = behaviours
        .iter()
        .map(|b| {
            vec![
                b.behaviour.clone(),
                b.frequency.clone(),
                b.intensity.clone(),
                b.duration.clone(),
            ]
        })
        .collect();
    doc.table(
        &[
            tr.t("behaviour"),
            tr.t("frequency"),
            tr.t("intensity"),
            tr.t("duration"),
        ],
        &rows,
        &[0.25, 0.2, 0.35, 0.2],
    );
}

/// Renders the report; `None` when the family is not discharged.
/// An MST-CAN family's report adds its safety records, the ecological map
/// and the children's voice (`can`).
pub fn discharge_report(
    tr: Tr,
    file: &CaseFile,
    ctx: &ReportContext,
    can: Option<&CanSections<'_>>,
) -> Option<Vec<u8>> {
    let discharge = file.discharge.as_ref()?;
    let young = file
        .case
        .people
        .iter()
        .find(|p| p.role == rundt_app::records::ParticipantRole::YoungPerson);
    let mut doc = Document::new(tr.t("discharge_report"))
        .created(&ctx.created.format("D:%Y%m%d%H%M%SZ").to_string())
        .author(&ctx.team);
    doc.footer_text(&format!("Rundt · {} · {}", ctx.team, tr.t("confidential")));
    doc.page_label(&crate::i18n::page_of(tr));
    let name = young
        .map(|p| format!("{} {}", p.given_name, p.family_name))
        .unwrap_or_default();
    doc.key_values(&[
        (tr.t("young_person"), name.as_str()),
        (tr.t("birth_date"), &date(young.and_then(|p| p.birth_date))),
        (
            tr.t("national_id"),
            young
                .and_then(|p| p.national_id_masked.as_deref())
                .unwrap_or("–"),
        ),
        (tr.t("team"), ctx.team.as_str()),
        (tr.t("oncall_phone"), ctx.on_call_phone.as_str()),
        (tr.t("therapist"), ctx.therapist.as_str()),
        (tr.t("referred_by"), ctx.municipality.as_str()),
        (tr.t("referred_on"), &date(file.case.referred_on)),
        (tr.t("treatment_start"), &date(file.case.treatment_start)),
        (tr.t("discharged_on"), &date(Some(discharge.date))),
        (
            tr.t("treatment_days"),
            &file
                .treatment_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (tr.t("discharge_reason"), reason(tr, discharge.reason)),
    ]);
    if let Some(referral) = &file.referral {
        doc.heading(tr.t("referral_behaviours"), 1);
        behaviours_table(tr, &mut doc, &referral.behaviours);
        doc.paragraph(&format!(
            "{}: {}",
            tr.t("legal_basis"),
            referral.legal_basis
        ));
    }
    doc.heading(tr.t("goals_at_discharge"), 1);
    let rated = goals_to_rate(file);
    let measures: std::collections::HashMap<&str, &str> = rated
        .iter()
        .map(|g| (g.goal.as_str(), g.measure.as_str()))
        .collect();
    let rows: Vec<Vec<String>> = discharge
        .goals
        .iter()
        .map(|g| {
            vec![
                g.goal.clone(),
                measures
                    .get(g.goal.as_str())
                    .map(|m| (*m).to_owned())
                    .unwrap_or_default(),
                attainment(tr, g.result).to_owned(),
            ]
        })
        .collect();
    doc.table(
        &[tr.t("goal"), tr.t("measure"), tr.t("result")],
        &rows,
        &[0.4, 0.4, 0.2],
    );
    doc.heading(tr.t("ultimate_outcomes"), 1);
    doc.key_values(&[
        (
            tr.t("living_at_home"),
            yes_no(tr, discharge.outcomes.living_at_home),
        ),
        (
            tr.t("in_school_or_working"),
            yes_no(tr, discharge.outcomes.in_school_or_working),
        ),
        (
            tr.t("no_new_arrests"),
            yes_no(tr, discharge.outcomes.no_new_arrests),
        ),
    ]);
    doc.heading(tr.t("clinical_evaluation"), 1);
    doc.paragraph(&discharge.clinical_evaluation);
    if discharge.reason == DischargeReason::Other && !discharge.reason_note.is_empty() {
        doc.paragraph(&discharge.reason_note);
    }
    let contacts: u32 = file.weekly_summaries.iter().map(|s| s.contact_count).sum();
    let minutes: u32 = file
        .weekly_summaries
        .iter()
        .map(|s| s.contact_minutes)
        .sum();
    doc.heading(tr.t("treatment_course"), 1);
    doc.key_values(&[
        (
            tr.t("weekly_summaries"),
            file.weekly_summaries.len().to_string().as_str(),
        ),
        (tr.t("contacts"), contacts.to_string().as_str()),
        (
            tr.t("contact_hours"),
            format!("{:.1}", f64::from(minutes) / 60.0).as_str(),
        ),
    ]);
    if let Some(can) = can {
        crate::report_can::write(tr, &mut doc, ctx, can, discharge);
    }
    if !file.follow_ups.is_empty() {
        doc.heading(tr.t("follow_ups"), 1);
        let rows: Vec<Vec<String>> = file
            .follow_ups
            .iter()
            .map(|f| {
                vec![
                    format!("{} {}", f.months, tr.t("months")),
                    date(Some(f.date)),
                    yes_no(tr, f.outcomes.living_at_home).into(),
                    yes_no(tr, f.outcomes.in_school_or_working).into(),
                    yes_no(tr, f.outcomes.no_new_arrests).into(),
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
            ],
            &rows,
            &[0.16, 0.16, 0.22, 0.24, 0.22],
        );
    }
    Some(doc.finish())
}
