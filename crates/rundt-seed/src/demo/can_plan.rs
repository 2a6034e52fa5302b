//! The treatment plan and modules of the demo's MST-CAN families, written in
//! the team's language (Norwegian Bokmål in Bærum og Asker, Danish in
//! Nordjylland): goals in three theme areas made with the family in the
//! second week, a parent's RBT with its drug screens from the third week,
//! and a second module (clarification in Norway, TF-CBT for the child in
//! Denmark). Each goes through the use cases on a back-dated clock.

use chrono::{Duration, NaiveDate};
use rundt_app::{Actor, App, AppResult, can_plan};
use rundt_domain::can_plan::{
    DrugScreen, ModuleKind, ModuleProgress, ModuleStatus, NewModule, PlanGoal, ScreenResult,
    ThemeArea, TreatmentPlan,
};
use rundt_domain::country::Country;
use rundt_domain::id::CaseId;

/// Who the family's plan names.
pub(super) struct CanFamily<'a> {
    pub id: CaseId,
    pub country: Country,
    /// The child's given name.
    pub child: &'a str,
    /// The caregivers' given names; the first is in RBT.
    pub caregivers: &'a [&'a str],
    /// The therapist's name, who delivers the modules.
    pub therapist: &'a str,
    pub start: NaiveDate,
    /// The last day of treatment so far (today, or the discharge day).
    pub end: NaiveDate,
}

fn goal(
    theme: ThemeArea,
    overarching: String,
    intermediate: &[String],
    agreed_by: String,
    measured_by: &str,
) -> PlanGoal {
    PlanGoal {
        theme,
        overarching,
        intermediate: intermediate.to_vec(),
        agreed_by,
        measured_by: measured_by.into(),
    }
}

fn goals(f: &CanFamily) -> Vec<PlanGoal> {
    let (child, parent) = (f.child, f.caregivers.first().copied().unwrap_or(""));
    let adults = f.caregivers.join(" og ");
    match f.country {
        Country::NO => vec![
            goal(
                ThemeArea::Safety,
                format!("{child} er trygg hjemme, også om kvelden"),
                &[
                    format!("{parent} følger sikkerhetsplanen når det blir krangel"),
                    format!("{child} har nummeret til mormor og naboen på mobilen"),
                ],
                format!("{adults} og saksbehandler i barneverntjenesten"),
                "Kvelder uten roping eller slag, gått gjennom hver uke",
            ),
            goal(
                ThemeArea::ParentsUnderstanding,
                format!("{parent} forstår hvordan volden har påvirket {child}"),
                &[
                    format!("{parent} forteller med egne ord hva som skjedde i mars"),
                    format!("{parent} kjenner igjen sine egne faresignaler"),
                ],
                adults.clone(),
                "Samtalene i klargjøringen, og terapeutens vurdering hver måned",
            ),
            goal(
                ThemeArea::PracticalNeeds,
                "Familien har en plan for gjelden og beholder leiligheten".into(),
                &[
                    "Møte med gjeldsrådgiver i NAV".into(),
                    "Husleien betales til forfall tre måneder på rad".into(),
                ],
                format!("{adults} og NAV-veileder"),
                "Nedbetalingsplan signert; ingen nye inkassovarsler",
            ),
        ],
        Country::DK => vec![
            goal(
                ThemeArea::Safety,
                format!("{child} er tryg derhjemme, også om aftenen"),
                &[
                    format!("{parent} går ud af rummet ved de første tegn på vrede"),
                    format!("{child} har mormors og naboens nummer på sin mobil"),
                ],
                format!("{adults} og sagsbehandleren i kommunen"),
                "Aftener uden råb eller slag, gennemgået hver uge",
            ),
            goal(
                ThemeArea::SocialSupport,
                "Familien har voksne omkring sig, de kan ringe til".into(),
                &[
                    "Mormor kommer hver søndag".into(),
                    format!("{parent} taler med en nabo om at hente {child}"),
                ],
                adults.clone(),
                "Tre voksne på familiens netværkskort inden for to måneder",
            ),
            goal(
                ThemeArea::Clarification,
                format!("{child} ved, at volden ikke var {child}s skyld"),
                &[
                    "Forældrene skriver afklaringsbrevet sammen med terapeuten".into(),
                    format!("Brevet læses op for {child} i et fælles møde"),
                ],
                adults,
                "Afklaringsmødet er holdt; barnets egne ord om skyld i TF-CBT",
            ),
        ],
    }
}

/// Drug screens every week from the module's start, one of them positive
/// and one diluted, until `until`.
fn screens(start: NaiveDate, until: NaiveDate) -> Vec<DrugScreen> {
    let mut out = Vec::new();
    let mut on = start + Duration::days(3);
    let mut n = 0;
    while on <= until {
        let result = match n {
            1 => ScreenResult::Positive,
            4 => ScreenResult::Diluted,
            _ => ScreenResult::Negative,
        };
        out.push(DrugScreen { on, result });
        on += Duration::days(7);
        n += 1;
    }
    out
}

/// Saves the family's plan and starts and updates its modules.
pub(super) async fn add_plan_and_modules(app: &App, f: &CanFamily<'_>) -> AppResult<()> {
    let cli = Actor::cli();
    let made = (f.start + Duration::days(9)).min(f.end);
    let plan = TreatmentPlan {
        goals: goals(f),
        made_with_family_on: made,
    };
    can_plan::save_plan(&app.on_day(made), &cli, f.id, &plan, None).await?;

    let rbt_start = (f.start + Duration::days(14)).min(f.end);
    let rbt = NewModule {
        kind: ModuleKind::Rbt,
        start: Some(rbt_start),
        end: None,
        sessions_held: 0,
        delivered_by: f.therapist.into(),
        status: ModuleStatus::Ongoing,
        drug_screens: Vec::new(),
    };
    let started = can_plan::start_module(&app.on_day(rbt_start), &cli, f.id, &rbt).await?;
    let weeks = u32::try_from((f.end - rbt_start).num_days() / 7).unwrap_or(0);
    let progress = ModuleProgress {
        end: None,
        sessions_held: (weeks * 2).min(rundt_domain::can_plan::MAX_SESSIONS),
        delivered_by: f.therapist.into(),
        status: ModuleStatus::Ongoing,
        drug_screens: screens(rbt_start, f.end),
    };
    can_plan::update_module(
        &app.on_day(f.end),
        &cli,
        f.id,
        started.id,
        &progress,
        started.version,
    )
    .await?;

    let (kind, second_start) = match f.country {
        Country::NO => (ModuleKind::Clarification, f.start + Duration::days(35)),
        Country::DK => (ModuleKind::TfCbt, f.start + Duration::days(28)),
    };
    let second_start = second_start.min(f.end);
    let second = NewModule {
        kind,
        start: Some(second_start),
        end: None,
        sessions_held: u32::try_from((f.end - second_start).num_days() / 7).unwrap_or(0),
        delivered_by: f.therapist.into(),
        status: ModuleStatus::Ongoing,
        drug_screens: Vec::new(),
    };
    can_plan::start_module(&app.on_day(f.end), &cli, f.id, &second).await?;
    Ok(())
}
