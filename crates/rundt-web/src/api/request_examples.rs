//! Every request body in the API document carries an example a client can
//! send as it is (issue 18: "the OpenAPI document is complete … examples"),
//! and every example reads back as the very type the handler takes — so an
//! example cannot drift from the API. A test inside the crate, where the
//! handlers' own body types are in reach.

use serde::de::DeserializeOwned;
use serde_json::Value;
use utoipa::OpenApi;

/// Reads an example as the request body type `T`.
fn parses<T: DeserializeOwned>(example: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(example.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// An operation (`"POST /api/v1/…"`, as the document names its path) and
/// how its example is read.
type Body = (&'static str, fn(&Value) -> Result<(), String>);

/// Each operation with a request body and the type its handler takes.
fn bodies() -> Vec<Body> {
    vec![
        (
            "POST /api/v1/me/password",
            parses::<super::account::ChangePassword>,
        ),
        (
            "POST /api/v1/me/tokens",
            parses::<super::account::CreateToken>,
        ),
        (
            "PUT /api/v1/me/language",
            parses::<super::account::LanguageChoice>,
        ),
        (
            "POST /api/v1/audit/person-lookup",
            parses::<super::audit::PersonLookup>,
        ),
        (
            "POST /api/v1/audit/subject-copy",
            parses::<super::audit::PersonLookup>,
        ),
        (
            "POST /api/v1/audit/subject-copy.pdf",
            parses::<super::audit::PersonLookup>,
        ),
        (
            "PUT /api/v1/cases/{id}/treatment-plan",
            parses::<rundt_domain::can_plan::TreatmentPlan>,
        ),
        (
            "POST /api/v1/cases/{id}/modules",
            parses::<rundt_domain::can_plan::NewModule>,
        ),
        (
            "PUT /api/v1/cases/{id}/modules/{module_id}",
            parses::<rundt_domain::can_plan::ModuleProgress>,
        ),
        (
            "POST /api/v1/cases",
            parses::<rundt_app::cases::ReferFamily>,
        ),
        (
            "POST /api/v1/cases/{id}/break-glass",
            parses::<super::cases::BreakGlassRequest>,
        ),
        (
            "POST /api/v1/cases/{id}/consultations",
            parses::<rundt_domain::consultation::ConsultationRequest>,
        ),
        (
            "POST /api/v1/cases/{id}/consultations/{request_id}/answer",
            parses::<super::consultation::AnswerBody>,
        ),
        (
            "PUT /api/v1/cases/{id}/crisis-plan",
            parses::<rundt_domain::crisis_plan::CrisisPlan>,
        ),
        (
            "POST /api/v1/cases/{id}/crisis-contacts",
            parses::<rundt_domain::crisis_contact::CrisisContact>,
        ),
        (
            "PUT /api/v1/cases/{id}/mapping",
            parses::<rundt_domain::mapping::Mapping>,
        ),
        (
            "POST /api/v1/cases/{id}/child-voices",
            parses::<rundt_domain::mapping::ChildVoice>,
        ),
        (
            "POST /api/v1/teams/{id}/prices",
            parses::<rundt_domain::money::NewTeamPrice>,
        ),
        (
            "POST /api/v1/teams/{id}/agreements",
            parses::<rundt_domain::money::NewPurchaseAgreement>,
        ),
        (
            "PUT /api/v1/agreements/{id}",
            parses::<rundt_domain::money::NewPurchaseAgreement>,
        ),
        (
            "PUT /api/v1/teams/{id}/budget/{year}",
            parses::<Vec<rundt_domain::money::BudgetLine>>,
        ),
        (
            "PUT /api/v1/municipalities/{code}/placement-cost",
            parses::<rundt_domain::money::NewPlacementCost>,
        ),
        (
            "PUT /api/v1/municipalities/{code}/billing-details",
            parses::<rundt_domain::money::BillingDetails>,
        ),
        (
            "PUT /api/v1/licence-fees/{year}",
            parses::<super::money::LicenceFeeBody>,
        ),
        (
            "POST /api/v1/me/notices/seen",
            parses::<super::notices::SeenNotices>,
        ),
        (
            "PUT /api/v1/me/notifications",
            parses::<rundt_app::notices::SaveNotificationSettings>,
        ),
        (
            "PUT /api/v1/cases/{id}/home",
            parses::<rundt_domain::home::HomeDetails>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/shifts",
            parses::<super::oncall::ShiftBody>,
        ),
        (
            "PUT /api/v1/teams/{id}/oncall/shifts/{shift_id}",
            parses::<super::oncall::ShiftBody>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/fill",
            parses::<super::oncall::FillBody>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/leave",
            parses::<super::oncall::LeaveBody>,
        ),
        (
            "PUT /api/v1/teams/{id}/oncall/settings",
            parses::<super::oncall::SettingsBody>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/publish",
            parses::<super::oncall::PublishBody>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/swaps",
            parses::<super::oncall::SwapBody>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/swaps/{swap_id}/answer",
            parses::<super::oncall::AnswerBody>,
        ),
        (
            "POST /api/v1/teams/{id}/oncall/calendar-feeds",
            parses::<super::oncall_calendar::CalendarFeedBody>,
        ),
        (
            "POST /api/v1/people/{id}/training",
            parses::<super::people::TrainingBody>,
        ),
        (
            "POST /api/v1/teams/{id}/people/{user_id}/training-exception",
            parses::<super::people::ExceptionBody>,
        ),
        (
            "POST /api/v1/teams/{id}/boosters",
            parses::<rundt_domain::people::NewBooster>,
        ),
        (
            "POST /api/v1/boosters/{id}/held",
            parses::<rundt_domain::people::HoldBooster>,
        ),
        (
            "PUT /api/v1/teams/{id}/people/{user_id}/plan",
            parses::<rundt_domain::people::NewPlanVersion>,
        ),
        (
            "POST /api/v1/teams/{id}/people/{user_id}/plan/reviews",
            parses::<rundt_domain::people::NewPlanReview>,
        ),
        (
            "POST /api/v1/teams/{id}/consultant-ratings",
            parses::<rundt_domain::people::ConsultantRating>,
        ),
        (
            "POST /api/v1/cases/{id}/withdraw",
            parses::<super::referrals::WithdrawRequest>,
        ),
        (
            "POST /api/v1/cases/{id}/referral-information",
            parses::<super::referrals::InformationRequest>,
        ),
        (
            "POST /api/v1/cases/{id}/adherence-interviews",
            parses::<rundt_domain::adherence::Interview>,
        ),
        (
            "POST /api/v1/cases/{id}/family-experience",
            parses::<rundt_domain::experience::FamilyExperience>,
        ),
        (
            "POST /api/v1/teams/{id}/supervisor-ratings",
            parses::<rundt_domain::adherence::SupervisorRating>,
        ),
        (
            "PUT /api/v1/cases/{id}/safety-plan",
            parses::<rundt_domain::safety::SafetyPlan>,
        ),
        (
            "POST /api/v1/cases/{id}/incidents",
            parses::<rundt_domain::incident::Incident>,
        ),
        (
            "PUT /api/v1/cases/{id}/incidents/{incident_id}/notification",
            parses::<rundt_domain::incident::Notification>,
        ),
        (
            "POST /api/v1/session",
            parses::<super::session::LoginRequest>,
        ),
        (
            "POST /api/v1/session/second-factor",
            parses::<super::session::SecondFactorRequest>,
        ),
        (
            "POST /api/v1/studies",
            parses::<rundt_domain::feasibility::StudyDocument>,
        ),
        (
            "PUT /api/v1/studies/{id}",
            parses::<rundt_domain::feasibility::StudyDocument>,
        ),
        (
            "POST /api/v1/studies/{id}/potential",
            parses::<super::studies::PotentialCsvBody>,
        ),
        (
            "POST /api/v1/studies/{id}/comments",
            parses::<super::studies::CommentBody>,
        ),
        (
            "POST /api/v1/teams",
            parses::<rundt_app::organisation::CreateTeam>,
        ),
        (
            "PUT /api/v1/teams/{id}/owners",
            parses::<super::teams::ReplaceOwners>,
        ),
        (
            "POST /api/v1/teams/{id}/members",
            parses::<rundt_app::organisation::AddMember>,
        ),
        (
            "POST /api/v1/teams/{id}/members/{membership_id}/end",
            parses::<super::teams::EndMembership>,
        ),
        (
            "PUT /api/v1/teams/{id}/closed-on",
            parses::<super::teams::ClosedOn>,
        ),
        (
            "POST /api/v1/cases/{id}/accept",
            parses::<super::treatment::AcceptRequest>,
        ),
        (
            "POST /api/v1/cases/{id}/decline",
            parses::<super::treatment::DeclineRequest>,
        ),
        (
            "POST /api/v1/cases/{id}/assign",
            parses::<rundt_app::treatment::AssignTherapist>,
        ),
        (
            "POST /api/v1/cases/{id}/accept-and-assign",
            parses::<super::treatment::AcceptAndAssignRequest>,
        ),
        (
            "PUT /api/v1/cases/{id}/assessment",
            parses::<rundt_domain::treatment::Assessment>,
        ),
        (
            "POST /api/v1/cases/{id}/weekly-summaries",
            parses::<rundt_domain::treatment::WeeklySummary>,
        ),
        (
            "PUT /api/v1/cases/{id}/weekly-summaries/{week}",
            parses::<rundt_domain::treatment::WeeklySummary>,
        ),
        (
            "POST /api/v1/cases/{id}/discharge",
            parses::<rundt_domain::discharge::Discharge>,
        ),
        (
            "POST /api/v1/cases/{id}/follow-ups",
            parses::<rundt_domain::discharge::FollowUp>,
        ),
        (
            "POST /api/v1/teams/{id}/supervision",
            parses::<rundt_app::treatment::RecordSupervision>,
        ),
        ("POST /api/v1/users", parses::<rundt_app::users::CreateUser>),
        (
            "POST /api/v1/users/{id}/identities",
            parses::<rundt_app::sso::LinkIdentity>,
        ),
    ]
}

/// The example's top-level fields that the schema (a reference to a
/// component with properties) does not name.
fn unknown_fields(doc: &Value, schema: &Value, example: &Value) -> Vec<String> {
    let resolved = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/components/schemas/")
            .map_or(&Value::Null, |n| &doc["components"]["schemas"][n]),
        None => schema,
    };
    let (Some(properties), Some(fields)) = (
        resolved.get("properties").and_then(Value::as_object),
        example.as_object(),
    ) else {
        return Vec::new();
    };
    fields
        .keys()
        .filter(|k| !properties.contains_key(*k))
        .cloned()
        .collect()
}

#[test]
fn every_request_body_has_an_example_that_reads_as_its_type() {
    let doc = serde_json::to_value(super::ApiDoc::openapi()).expect("the document as JSON");
    let parsers = bodies();
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            let Some(body) = op.get("requestBody") else {
                continue;
            };
            let name = format!("{} {path}", method.to_uppercase());
            seen.push(name.clone());
            let media: Vec<&Value> = body["content"]
                .as_object()
                .expect("content")
                .values()
                .collect();
            let examples: Vec<&Value> = media
                .iter()
                .map(|m| m.get("example").unwrap_or(&Value::Null))
                .collect();
            // Top-level fields the type does not have would be ignored by a
            // type that allows unknown fields: name them here.
            for (m, example) in media.iter().zip(&examples) {
                for field in unknown_fields(&doc, &m["schema"], example) {
                    wrong.push(format!(
                        "{name}: the example has no field '{field}' in its schema"
                    ));
                }
            }
            if examples.iter().any(|e| e.is_null()) {
                missing.push(name);
                continue;
            }
            match parsers.iter().find(|(op, _)| *op == name) {
                None => wrong.push(format!("{name}: no type listed in bodies()")),
                Some((_, parse)) => {
                    for example in examples {
                        if let Err(e) = parse(example) {
                            wrong.push(format!("{name}: {e}"));
                        }
                    }
                }
            }
        }
    }
    let stale: Vec<&str> = parsers
        .iter()
        .map(|(op, _)| *op)
        .filter(|op| !seen.iter().any(|s| s == op))
        .collect();
    assert!(
        missing.is_empty(),
        "request bodies without an example:\n{}",
        missing.join("\n")
    );
    assert!(
        wrong.is_empty(),
        "examples that do not read as their type:\n{}",
        wrong.join("\n")
    );
    assert!(
        stale.is_empty(),
        "types listed for operations without a body: {stale:?}"
    );
}
