//! A family's page: everything in its file translated, with the actions
//! the person may take next.

use super::*;
use rundt_domain::country::programme_date;
use rundt_domain::id::TeamId;
use rundt_domain::id::{CaseId, UserId};

/// A weekly summary as the family page shows it.
struct SummaryShow {
    week: String,
    contacts: u32,
    minutes: u32,
    contact_rows: Vec<(String, u16, String, String, &'static str)>,
    last_goals: Vec<(String, &'static str, String)>,
    advances: String,
    barriers: String,
    drivers: Vec<(&'static str, String, bool)>,
    next_goals: Vec<String>,
    overarching: Vec<(String, &'static str, String)>,
    safety: String,
    /// The safety plan's review that week, said (MST-CAN); empty for MST.
    safety_review: &'static str,
    questions: String,
}

/// An MST-CAN family's safety work on its page.
struct SafetyShow {
    /// "Safety plan: version 2, agreed 2026-…" or empty before the first.
    plan: String,
    /// "3 incidents, 1 without a recorded notification".
    incidents: String,
    flagged: usize,
    overdue: bool,
}

/// An MST family's crisis plan and contacts on its page.
struct CrisisShow {
    /// The family's model keeps a crisis plan (MST, not MST-CAN).
    plan_applies: bool,
    /// "Version 2 of the crisis plan, saved …", or empty before the first.
    plan: String,
    /// Why the plan is due, or empty.
    due: String,
    /// "3 crisis contacts logged", or empty when none.
    contacts: String,
    /// "2 crisis contacts you have not read", or empty.
    unread: String,
    /// The family is in treatment: a contact can be logged.
    open: bool,
}

struct ReferralShow {
    behaviours: Vec<rundt_domain::referral::ReferralBehaviour>,
    /// The young person's school; empty when not recorded.
    school: String,
    /// The placement being considered, said; empty when not recorded.
    placement: &'static str,
    /// The caseworker's name, phone and e-mail; each empty when not recorded.
    contact_name: String,
    contact_phone: String,
    contact_email: String,
    legal_basis: String,
    consent: Option<(String, String)>,
    exclusions: Vec<&'static str>,
    known_to_cps: bool,
    /// The child welfare service's case number; empty when not recorded.
    child_welfare_case: String,
    notes: String,
}

struct AssessmentShow {
    systems: Vec<(&'static str, String, String)>,
    participants: Vec<rundt_domain::treatment::KeyParticipant>,
    goals: Vec<rundt_domain::treatment::OverarchingGoal>,
}

struct DischargeShow {
    date: String,
    reason: &'static str,
    reason_note: String,
    evaluation: String,
    goals: Vec<(String, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    /// MST-CAN: each child's name and outcome.
    children: Vec<(String, String)>,
    treatment_days: String,
}

struct FollowUpShow {
    months: String,
    date: String,
    outcomes: Vec<(&'static str, &'static str)>,
    /// MST-CAN: each child's name and whether a care order was made.
    children: Vec<(String, String)>,
    notes: String,
}

/// What the person may do next, by status and role.
#[derive(Default)]
struct Can {
    accept: bool,
    decline: bool,
    assign: bool,
    reassign: bool,
    summary: bool,
    assessment: bool,
    discharge: bool,
    follow_up: bool,
}

impl Can {
    fn any(&self) -> bool {
        self.accept
            || self.decline
            || self.assign
            || self.reassign
            || self.summary
            || self.assessment
            || self.discharge
            || self.follow_up
    }
}

/// A family's page, everything translated.
struct FamilyView {
    id: CaseId,
    version: i64,
    status: String,
    status_code: &'static str,
    break_glass: bool,
    team: String,
    team_id: TeamId,
    therapist: String,
    referred_by: String,
    referred_on: String,
    treatment_start: String,
    discharged_on: String,
    people: Vec<(String, String, String, String)>,
    referral: Option<ReferralShow>,
    screening: Option<(bool, Vec<String>)>,
    history: Vec<(String, String, String, String, String)>,
    assessment: Option<AssessmentShow>,
    summaries: Vec<SummaryShow>,
    /// The municipality's view: the weeks' working notes stay with the team.
    municipal: bool,
    recommendations: Vec<(String, &'static str, String)>,
    discharge: Option<DischargeShow>,
    follow_ups: Vec<FollowUpShow>,
    overdue: Option<String>,
    safety: Option<SafetyShow>,
    crisis: Option<CrisisShow>,
    handoff: super::handoff::HandoffShow,
    can: Can,
    needs_override: bool,
    /// (user id, "name · n families · level").
    therapists: Vec<(UserId, String)>,
    /// The therapists with room for another family now (below the model's
    /// typical caseload), offered to start treatment on accepting.
    with_room: Vec<(UserId, String)>,
    report_href: String,
    fidelity: crate::pages::fidelity::FidelityShow,
    /// An MST-CAN family's treatment modules (kind, start, end, sessions,
    /// delivered by, status); `None` for a family of another programme.
    can_modules: Option<Vec<ModuleRow>>,
}

/// A treatment module as the family page lists it.
struct ModuleRow {
    kind: &'static str,
    start: String,
    end: String,
    sessions_held: u32,
    delivered_by: String,
    status: &'static str,
}

/// The values of the action forms, kept when one is shown again.
#[derive(Default)]
pub(super) struct ActionInput {
    pub(super) override_reason: String,
    pub(super) decline_reason: String,
    pub(super) therapist_id: String,
    pub(super) start: String,
    pub(super) note: String,
    pub(super) withdraw_reason: String,
    pub(super) information: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    f: FamilyView,
    csrf: String,
    /// The action form that failed ("accept", "decline", "assign").
    failed: String,
    errors: Errors,
    input: ActionInput,
    notice: Option<String>,
    /// The drafts on this device the page says are done with: the
    /// weekly summary just saved (`weekly-summary:case-7:week-2026-11-16:`,
    /// read by `static/summary-draft.js`).
    draft_done: Option<String>,
    warning: Option<String>,
}

fn status_code(status: CaseStatus) -> &'static str {
    status.as_str()
}

fn family_view(p: &Page, page: FamilyPage) -> Result<FamilyView, AppError> {
    let (s, tr, who) = (&p.state, p.tr, &p.who);
    let FamilyPage {
        family,
        interviews,
        experience,
        capacity,
        can_modules,
    } = page;
    let can_modules = can_modules.map(|modules| {
        modules
            .iter()
            .map(|r| ModuleRow {
                kind: crate::pages::course::module_kind_label(tr, r.module.kind),
                start: day(r.module.start),
                end: opt_day(r.module.end),
                sessions_held: r.module.sessions_held,
                delivered_by: r.module.delivered_by.clone(),
                status: crate::pages::course::module_status_label(tr, r.module.status),
            })
            .collect()
    });
    let file = &family.file;
    let case = &file.case;
    let status = case.status;
    let therapist = case
        .therapist_id
        .map(|t| family.staff_name(t))
        .unwrap_or_default();
    let people = case
        .people
        .iter()
        .map(|p| {
            (
                format!("{} {}", p.given_name, p.family_name),
                tr.t(p.role.as_str()).to_owned(),
                opt_day(p.birth_date),
                p.national_id_masked.clone().unwrap_or_default(),
            )
        })
        .collect();
    let referral = file.referral.as_ref().map(|r| {
        let e = &r.exclusions;
        ReferralShow {
            behaviours: r.behaviours.clone(),
            school: r.school.clone(),
            placement: r
                .placement_considered
                .map(|pl| tr.t(&crate::pages::referral_placement_key(pl)))
                .unwrap_or_default(),
            contact_name: r.contact.name.clone(),
            contact_phone: r.contact.phone.clone(),
            contact_email: r.contact.email.clone(),
            legal_basis: r.legal_basis.clone(),
            consent: r
                .consent
                .as_ref()
                .map(|c| (c.given_by.clone(), day(c.given_on))),
            exclusions: [
                (e.no_primary_caregiver, "exclusion_no_primary_caregiver"),
                (
                    e.primarily_psychiatric_crisis,
                    "exclusion_primarily_psychiatric_crisis",
                ),
                (e.sex_offending_only, "exclusion_sex_offending_only"),
                (
                    e.pervasive_developmental_delay,
                    "exclusion_pervasive_developmental_delay",
                ),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, k)| tr.t(k))
            .collect(),
            known_to_cps: r.known_to_child_protection_within_180_days,
            child_welfare_case: r.child_welfare_case.clone(),
            notes: r.notes.clone(),
        }
    });
    let screening = file.screening.as_ref().map(|sc| {
        (
            sc.eligible,
            sc.findings.iter().map(|f| tr.finding(f)).collect(),
        )
    });
    let mut history = Vec::new();
    for h in &file.history {
        let by = h
            .by_user_id
            .map(|u| family.staff_name(u))
            .unwrap_or_default();
        history.push((
            h.at.format("%Y-%m-%d").to_string(),
            tr.status(h.from_status.as_str()),
            tr.status(h.to_status.as_str()),
            by,
            h.note.clone().unwrap_or_default(),
        ));
    }
    let assessment = file.assessment.as_ref().map(|a| AssessmentShow {
        systems: a
            .assessment
            .systems
            .iter()
            .map(|sy| {
                (
                    system_label(tr, sy.system),
                    sy.strengths.clone(),
                    sy.needs.clone(),
                )
            })
            .collect(),
        participants: a.assessment.key_participants.clone(),
        goals: a.assessment.overarching_goals.clone(),
    });
    let mut summaries: Vec<SummaryShow> = file
        .weekly_summaries
        .iter()
        .map(|w| {
            let progress = |g: &rundt_domain::treatment::GoalProgress| {
                (
                    g.goal.clone(),
                    attainment_label(tr, g.attainment),
                    g.note.clone(),
                )
            };
            let sm = &w.summary;
            SummaryShow {
                week: day(sm.week_start),
                contacts: w.contact_count,
                minutes: w.contact_minutes,
                contact_rows: sm
                    .contacts
                    .iter()
                    .map(|c| {
                        (
                            day(c.date),
                            c.minutes,
                            c.with.join(", "),
                            c.place.clone(),
                            tr.t(&format!("mode_{}", mode_code(c.mode))),
                        )
                    })
                    .collect(),
                last_goals: sm.last_week_goals.iter().map(progress).collect(),
                advances: sm.advances.clone(),
                barriers: sm.barriers.clone(),
                drivers: sm
                    .fit_drivers
                    .iter()
                    .map(|d| (system_label(tr, d.system), d.driver.clone(), d.prioritised))
                    .collect(),
                next_goals: sm.next_week_goals.clone(),
                overarching: sm.overarching_progress.iter().map(progress).collect(),
                safety: sm.safety.clone(),
                safety_review: sm
                    .safety_review
                    .map(|r| tr.t(&format!("review_{}", r.as_str())))
                    .unwrap_or_default(),
                questions: sm.questions.clone(),
            }
        })
        .collect();
    summaries.sort_by(|a, b| b.week.cmp(&a.week));
    let recommendations = file
        .recommendations
        .iter()
        .map(|r| {
            (
                day(r.held_on),
                tr.t(&format!("kind_{}", r.kind)),
                r.recommendation.clone(),
            )
        })
        .collect();
    let child_name = |id: rundt_domain::id::PersonId| {
        file.case
            .people
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.given_name.clone())
    };
    let discharge = file.discharge.as_ref().map(|d| DischargeShow {
        date: day(d.date),
        reason: tr.t(&format!("reason_{}", d.reason.as_str())),
        reason_note: d.reason_note.clone(),
        evaluation: d.clinical_evaluation.clone(),
        goals: d
            .goals
            .iter()
            .map(|g| (g.goal.clone(), attainment_label(tr, g.result)))
            .collect(),
        outcomes: outcomes(tr, &d.outcomes),
        children: d
            .children
            .iter()
            .map(|c| {
                let said = format!(
                    "{}: {} · {}: {}",
                    tr.t("can_lives_at_home"),
                    yes_no(tr, c.living_at_home),
                    tr.t("can_care_order_during"),
                    yes_no(tr, c.care_order_during_treatment)
                );
                (child_name(c.child), said)
            })
            .collect(),
        treatment_days: file
            .treatment_days
            .map(|n| n.to_string())
            .unwrap_or_default(),
    });
    let follow_ups = file
        .follow_ups
        .iter()
        .map(|f| FollowUpShow {
            months: tr.tf("months_n", &[("n", &f.months.to_string())]),
            date: day(f.date),
            outcomes: outcomes(tr, &f.outcomes),
            children: f
                .children
                .iter()
                .map(|c| {
                    let said = format!(
                        "{}: {}",
                        tr.t("can_care_order_since"),
                        yes_no(tr, c.care_order)
                    );
                    (child_name(c.child), said)
                })
                .collect(),
            notes: f.notes.clone(),
        })
        .collect();
    let p = &who.principal;
    let team_supervisor = p.role == Role::Supervisor && p.team_ids.contains(&case.team_id);
    let clinician = matches!(p.role, Role::Therapist | Role::Supervisor);
    let ok = |step| next_status(status, step, &[]).is_ok();
    let done: Vec<u8> = file.follow_ups.iter().map(|f| f.months).collect();
    let can = Can {
        accept: team_supervisor && ok(Step::Accept),
        decline: team_supervisor && ok(Step::Decline),
        assign: team_supervisor && ok(Step::AssignTherapist),
        reassign: team_supervisor && ok(Step::ReassignTherapist),
        summary: clinician && ok(Step::RecordWeeklySummary),
        assessment: clinician && status == CaseStatus::InTreatment,
        discharge: clinician && ok(Step::Discharge),
        // Offered once the next follow-up may be made (30 days before it is due).
        follow_up: clinician
            && [6u8, 12, 18].iter().any(|m| {
                next_status(status, Step::RecordFollowUp { months: *m }, &done).is_ok()
                    && case.discharged_on.is_some_and(|d| {
                        s.app.clock.today()
                            >= follow_up_due(d, *m) - chrono::Duration::days(FOLLOW_UP_EARLY_DAYS)
                    })
            }),
    };
    let mut therapists = Vec::new();
    let mut with_room = Vec::new();
    if can.assign || can.reassign || can.accept {
        for l in capacity.iter().flat_map(|c| &c.therapists) {
            let label = format!(
                "{} · {} · {}",
                l.name,
                tr.args(
                    "families_count",
                    &[("n", rundt_domain::Arg::from(l.open_families))]
                ),
                caseload_label(tr, l.caseload)
            );
            if can.accept && l.caseload == rundt_domain::caseload::CaseloadLevel::Below {
                with_room.push((l.therapist_id, label.clone()));
            }
            if can.assign || can.reassign {
                therapists.push((l.therapist_id, label));
            }
        }
    }
    Ok(FamilyView {
        id: case.id,
        version: case.version,
        status: tr.status(case.status.as_str()),
        status_code: status_code(status),
        break_glass: case.break_glass,
        team: family.team_name.clone(),
        team_id: case.team_id,
        therapist,
        referred_by: family.referred_by.clone(),
        referred_on: opt_day(case.referred_on),
        treatment_start: opt_day(case.treatment_start),
        discharged_on: opt_day(case.discharged_on),
        people,
        needs_override: file.screening.as_ref().is_some_and(|sc| !sc.eligible),
        referral,
        screening,
        history,
        assessment,
        summaries,
        municipal: file.detail == rundt_domain::access::CourseDetail::Municipal,
        recommendations,
        discharge,
        follow_ups,
        overdue: file
            .overdue_week
            .map(|w| tr.tf("summary_overdue", &[("week", &day(w))])),
        safety: file.safety.as_ref().map(|st| SafetyShow {
            plan: match (st.plan_version, st.plan_agreed_on) {
                (Some(n), Some(agreed)) => tr.tf(
                    "safety_status_plan",
                    &[("n", &n.to_string()), ("agreed", &day(agreed))],
                ),
                _ => String::new(),
            },
            incidents: tr.tf(
                "safety_status_incidents",
                &[
                    ("n", &st.incidents.to_string()),
                    ("flagged", &st.flagged_incidents.to_string()),
                ],
            ),
            flagged: st.flagged_incidents,
            overdue: st.plan_overdue,
        }),
        crisis: file.crisis.as_ref().map(|cr| CrisisShow {
            plan_applies: cr.plan_applies,
            plan: match (cr.plan_version, cr.plan_saved_at) {
                (Some(n), Some(at)) => tr.tf(
                    "crisis_plan_status",
                    &[("n", &n.to_string()), ("saved", &day(programme_date(at)))],
                ),
                _ => String::new(),
            },
            due: cr
                .plan_due
                .map(|d| tr.t(&format!("crisis_plan_due_{}", d.as_str())).to_owned())
                .unwrap_or_default(),
            contacts: if cr.contacts > 0 {
                tr.tf("crisis_contacts_count", &[("n", &cr.contacts.to_string())])
            } else {
                String::new()
            },
            unread: if cr.unread_contacts > 0 {
                tr.tf(
                    "crisis_contacts_unread_n",
                    &[("n", &cr.unread_contacts.to_string())],
                )
            } else {
                String::new()
            },
            open: case.status == rundt_domain::lifecycle::CaseStatus::InTreatment,
        }),
        fidelity: crate::pages::fidelity::fidelity_show(
            s,
            tr,
            who,
            case,
            &interviews,
            &family.staff_names,
            experience,
        ),
        handoff: super::handoff::handoff_show(tr, &who.principal, &family),
        can,
        therapists,
        with_room,
        can_modules,
        report_href: format!(
            "/api/v1/cases/{}/discharge-report.pdf?lang={}",
            case.id,
            tr.code()
        ),
    })
}

/// What the family page shows besides the family.
#[derive(Default)]
pub(super) struct PageExtras {
    pub(super) failed: &'static str,
    pub(super) errors: Errors,
    pub(super) input: ActionInput,
    pub(super) notice: Option<String>,
    pub(super) warning: Option<String>,
    /// The week whose summary the therapist has just saved.
    pub(super) saved_week: Option<NaiveDate>,
}

/// The family page, or the locked page when the person may not see it.
pub(super) async fn family_page(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    extras: PageExtras,
) -> PageResult {
    let file = match rundt_app::family::family_page(p.app(), &p.actor(), id).await {
        Ok(f) => f,
        Err(AppError::Forbidden(_)) => return Ok(locked(p, id, None, StatusCode::FORBIDDEN)),
        Err(e) => return Err(p.fail(e)),
    };
    let mut input = extras.input;
    if input.start.is_empty() {
        input.start = day(p.app().clock.today());
    }
    let f = family_view(p, file).on(p)?;
    let tr = p.tr;
    // The saved week is confirmed only when the family's file has it.
    let saved = extras
        .saved_week
        .map(day)
        .filter(|week| f.summaries.iter().any(|s| s.week == *week));
    let draft_done = saved
        .as_ref()
        .map(|week| format!("weekly-summary:case-{}:week-{week}:", f.id));
    let notice = match saved {
        Some(week) => Some(tr.tf("summary_saved", &[("week", &week)])),
        None => extras.notice,
    };
    Ok(p.render(
        status,
        &CasePage {
            tr,
            title: format!("{} {}", tr.t("family"), f.id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            f,
            failed: extras.failed.into(),
            errors: extras.errors,
            input,
            notice,
            draft_done,
            warning: extras.warning,
        },
    ))
}

/// What the family page's address may add: the week whose summary was
/// just saved (where the weekly summary form leads).
#[derive(Debug, Default, Deserialize)]
pub struct FamilyQuery {
    summary_saved: Option<String>,
}

pub async fn show(p: Page, PageId(id): PageId<CaseId>, Query(q): Query<FamilyQuery>) -> PageResult {
    let extras = PageExtras {
        saved_week: q
            .summary_saved
            .and_then(|w| NaiveDate::parse_from_str(&w, "%Y-%m-%d").ok()),
        ..PageExtras::default()
    };
    family_page(&p, id, StatusCode::OK, extras).await
}
