//! Gives each test its own freshly migrated database.
//!
//! [`TestApp::new`] uses a SQLite file in a temporary folder, so `cargo test`
//! needs nothing installed; with `RUNDT_TEST_DATABASE_URL=postgres://…` it
//! uses PostgreSQL instead. [`TestApp::on`] and [`TestDb::on`] name the
//! backend: the conformance suite (`tests/conformance`) runs every scenario
//! on both through [`scenarios!`], each test in a database of its own that is
//! dropped afterwards (see [`postgres`] for when PostgreSQL is required).
#![forbid(unsafe_code)]
#![expect(
    clippy::expect_used,
    reason = "test support: a failed set-up must stop the test"
)]

mod db;
pub mod http;
pub mod postgres;
pub mod schema;

pub use db::TestDb;

use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{CaseId, PersonId, TeamId, UserId};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rundt_app::{Actor, App};
use rundt_domain::user::User;
use rundt_store::SessionRecord;

/// The storage records, for tests that set up a state below the use cases
/// (the web crate's tests reach the store only through this kit).
pub use rundt_store as store;

/// The municipality with this four-digit code (`"0751"` is Aarhus).
pub fn code(digits: &str) -> rundt_domain::municipality::MunicipalityCode {
    rundt_domain::municipality::MunicipalityCode::from_stored(digits)
        .expect("a four-digit municipality code")
}

/// A complete, valid referral form for tests.
/// An MST-CAN family's children at discharge, each as `outcome(index)`
/// says: `(living at home, care order during treatment)`.
pub fn child_outcomes(
    case: &rundt_app::cases::CaseView,
    outcome: impl Fn(usize) -> (bool, bool),
) -> Vec<rundt_domain::discharge::ChildOutcome> {
    case.people
        .iter()
        .filter(|p| p.role == rundt_store::ParticipantRole::YoungPerson)
        .enumerate()
        .map(|(i, p)| {
            let (living_at_home, care_order_during_treatment) = outcome(i);
            rundt_domain::discharge::ChildOutcome {
                child: p.id,
                living_at_home,
                care_order_during_treatment,
            }
        })
        .collect()
}

pub fn sample_referral() -> rundt_domain::referral::ReferralDetails {
    use rundt_domain::referral::{Consent, ReferralBehaviour, ReferralDetails};
    ReferralDetails {
        behaviours: vec![ReferralBehaviour {
            behaviour: "truancy".into(),
            frequency: "3 days a week".into(),
            intensity: "has missed maths since August".into(),
            duration: "4 months".into(),
        }],
        legal_basis: "Barnets Lov § 32, stk. 1, nr. 5".into(),
        consent: Some(Consent {
            given_by: "mother".into(),
            given_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a valid date"),
        }),
        exclusions: Default::default(),
        known_to_child_protection_within_180_days: false,
        notes: String::new(),
        contact: Default::default(),
        school: String::new(),
        placement_considered: None,
        child_welfare_case: String::new(),
    }
}

/// The password of users made by [`TestApp::user`].
pub const TEST_PASSWORD: &str = "a long enough password";

/// The authenticator secret (base32) every test user is enrolled with.
pub const TEST_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The authenticator code of users made by [`TestApp::user`] at `at`.
/// The safety plan of testkit's Bærum family ([`TestApp::start_can_family`]):
/// the father's violence against Emma and Jonas, his warning sign and what
/// he does instead, and the grandmother Emma can call; agreed on `agreed`.
pub fn can_safety_plan(agreed: chrono::NaiveDate) -> rundt_domain::safety::SafetyPlan {
    use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::PhysicalViolence,
            from_whom: "Far".into(),
            to_whom: "Emma og Jonas".into(),
            situations: "Når far har drukket om kvelden".into(),
        }],
        warning_signs: vec!["Far hever stemmen".into()],
        adult_actions: vec![AdultAction {
            adult: "Far".into(),
            instead: "Går en tur og ringer terapeuten".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor Randi".into(),
            how: "Telefon 915 00 000".into(),
        }],
        agreed_with_family_on: agreed,
        shared_with_child_welfare_on: None,
    }
}

pub fn second_factor_code(at: DateTime<Utc>) -> String {
    let secret = rundt_domain::totp::TotpSecret::from_base32(TEST_TOTP_SECRET)
        .expect("the test secret is base32");
    rundt_domain::totp::code_at(&secret, at.timestamp())
}
use rundt_app::clock::FixedClock;
use rundt_app::keyring::KeyRing;
use rundt_app::protect::FieldKeys;
use rundt_store::{Backend, Store};

/// The instant every test lives at unless it sets its own clock.
pub fn test_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .expect("a valid instant")
}

/// Which backend [`TestApp::new`] uses: PostgreSQL when
/// `RUNDT_TEST_DATABASE_URL` is a `postgres://` URL, else SQLite.
pub fn backend() -> Backend {
    match std::env::var("RUNDT_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Backend::Postgres
        }
        _ => Backend::Sqlite,
    }
}

/// A migrated store with reference data, and the app over it.
pub struct TestApp {
    pub app: App,
    pub store: Arc<dyn Store>,
    db: TestDb,
}

impl TestApp {
    /// A fresh store on the configured backend ([`backend`]), migrated, with
    /// reference data.
    pub async fn new() -> Self {
        Self::on(backend()).await
    }

    /// A fresh store on `backend`, migrated, with reference data.
    pub async fn on(backend: Backend) -> Self {
        Self::from_db(TestDb::on(backend).await, test_now()).await
    }

    /// A fresh SQLite store in a new folder inside `parent`, migrated, with
    /// reference data.
    pub async fn sqlite_in(parent: &std::path::Path) -> Self {
        Self::from_db(TestDb::sqlite_in(parent), test_now()).await
    }

    /// Like [`TestApp::new`], with the clock at `now`.
    pub async fn with_clock(now: DateTime<Utc>) -> Self {
        Self::from_db(TestDb::on(backend()).await, now).await
    }

    async fn from_db(db: TestDb, now: DateTime<Utc>) -> Self {
        let store = db.store.clone();
        let keys = Arc::new(KeyRing::from(FieldKeys::generate().expect("keys")));
        let app = App::new(store.clone(), Arc::new(FixedClock(now)), keys);
        app.prepare()
            .await
            .expect("migrate and load reference data");
        Self { app, store, db }
    }

    /// A user with a known password, enrolled for two-factor login with
    /// [`TEST_TOTP_SECRET`].
    pub async fn user(
        &self,
        username: &str,
        role: &str,
        country: &str,
        municipality: Option<&str>,
    ) -> User {
        // Hash the test password once per process: argon2 is slow on purpose.
        static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let hash = HASH
            .get_or_init(|| async {
                rundt_app::password::hash(TEST_PASSWORD.into())
                    .await
                    .expect("hash")
            })
            .await;
        let new = rundt_domain::user::NewUser::parse(
            username,
            &format!("Test {username}"),
            None,
            role,
            country,
            municipality,
        )
        .expect("valid test user");
        let event = Actor::cli().event(
            test_now(),
            AuditAction::UserCreate,
            Object::of(ObjectKind::User),
        );
        let user = self
            .store
            .create_user(&new, hash, &event)
            .await
            .expect("create test user");
        let sealed = self
            .app
            .keys
            .encrypt(TEST_TOTP_SECRET, "user.totp_secret")
            .expect("seal");
        let event = Actor::cli().event(
            test_now(),
            AuditAction::UserSecondFactorEnrolled,
            Object::user(user.id),
        );
        self.store
            .set_totp(user.id, &sealed, 0, &event)
            .await
            .expect("enrol");
        user
    }

    /// A logged-in session for a user, made directly in the store (the
    /// login flow itself has its own tests). Returns (cookie token, CSRF token).
    pub async fn session_for(&self, user_id: UserId) -> (String, String) {
        self.session_at(user_id, self.app.clock.now()).await
    }

    /// Like [`TestApp::session_for`], for a session that starts at `at`
    /// (tests that move the clock).
    pub async fn session_at(&self, user_id: UserId, at: DateTime<Utc>) -> (String, String) {
        let token = format!("test-session-{user_id}-{}", db::next_number());
        let csrf = format!("csrf-{token}");
        let record = SessionRecord {
            token_hash: rundt_app::auth::token_hash(&token),
            user_id,
            created_at: at,
            last_seen_at: at,
            expires_at: at + chrono::Duration::hours(12),
            mfa_verified: true,
            csrf_token: csrf.clone(),
            revoked_at: None,
        };
        let event = Actor::cli().event(
            at,
            AuditAction::SessionCreate,
            Object::of(ObjectKind::Session),
        );
        self.store
            .create_session(&record, &event)
            .await
            .expect("session");
        (token, csrf)
    }

    /// A Danish MST team owned wholly by Aarhus, with no staff; returns its id.
    pub async fn empty_aarhus_team(&self) -> TeamId {
        self.empty_aarhus_team_started(None).await
    }

    async fn empty_aarhus_team_started(&self, started_on: Option<chrono::NaiveDate>) -> TeamId {
        use rundt_app::organisation::{self, CreateTeam, OwnerInput};
        let team = CreateTeam {
            name: "MST Aarhus".into(),
            country: "DK".into(),
            programme_model: "MST".into(),
            owners: vec![OwnerInput {
                municipality_code: "0751".into(),
                share_percent: 100.0,
            }],
            started_on,
        };
        organisation::create_team(&self.app, &Actor::cli(), &team)
            .await
            .expect("team")
            .id
    }

    /// A Danish MST team owned by Aarhus with a supervisor (mette), two
    /// therapists (jonas, sofie) and an Aarhus caseworker (louise).
    /// Returns the team id and the users' ids by name.
    pub async fn aarhus_team(&self) -> (TeamId, std::collections::HashMap<&'static str, UserId>) {
        let since = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a day");
        self.staff_aarhus_team(None, since).await
    }

    /// A Norwegian MST-CAN team owned by Bærum with a supervisor (kari),
    /// two therapists (nina, thomas) and a Bærum child welfare caseworker
    /// (linn); staffed since 2025. Returns the team id and the users' ids
    /// by name.
    pub async fn baerum_can_team(
        &self,
    ) -> (TeamId, std::collections::HashMap<&'static str, UserId>) {
        use rundt_app::organisation::{self, AddMember, CreateTeam, OwnerInput};
        let team = CreateTeam {
            name: "MST-CAN Bærum".into(),
            country: "NO".into(),
            programme_model: "MST-CAN".into(),
            owners: vec![OwnerInput {
                municipality_code: "3201".into(),
                share_percent: 100.0,
            }],
            started_on: None,
        };
        let team = organisation::create_team(&self.app, &Actor::cli(), &team)
            .await
            .expect("team")
            .id;
        let since = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a day");
        let mut users = std::collections::HashMap::new();
        for (name, role, position, municipality) in [
            ("kari", "supervisor", Some("supervisor"), None),
            ("nina", "therapist", Some("therapist"), None),
            ("thomas", "therapist", Some("therapist"), None),
            ("linn", "municipal_caseworker", None, Some("3201")),
        ] {
            let u = self.user(name, role, "NO", municipality).await;
            if let Some(position) = position {
                let member = AddMember {
                    user_id: u.id,
                    position: position.into(),
                    since: Some(since),
                };
                organisation::add_member(&self.app, &Actor::cli(), team, &member)
                    .await
                    .expect("member");
                self.train(u.id, "MST-CAN", position).await;
            }
            users.insert(name, u.id);
        }
        (team, users)
    }

    /// Records the initial training a person needs in their post in a team
    /// of `model` (taken in 2024), as the staffed test teams have.
    pub async fn train(&self, user_id: UserId, model: &str, position: &str) {
        let position = position.parse().expect("a position");
        let first = chrono::NaiveDate::from_ymd_opt(2024, 3, 4).expect("a day");
        rundt_app::people::record_initial_training(
            &self.app,
            &Actor::cli(),
            user_id,
            (model, position),
            first,
            "MST Services",
            |_| None,
        )
        .await
        .expect("training");
    }

    /// A Danish MST feasibility study by the municipalities `codes` (equal
    /// shares), starting in March 2027, with a potential and referral
    /// shares: its id.
    pub async fn study(&self, codes: &[&str]) -> i64 {
        use rundt_domain::feasibility::{
            ByScenario, PotentialFigure, PotentialMeasure, ReferralShare,
        };
        let codes: Vec<_> = codes.iter().map(|c| code(c)).collect();
        let starts = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("a day");
        let mut doc = rundt_app::feasibility::new_study_draft(
            &self.app,
            &Actor::cli(),
            rundt_domain::country::Country::DK,
            &codes,
            "MST",
            starts,
        )
        .await
        .expect("a draft");
        doc.title = "Forundersøgelse".into();
        doc.team_name = "MST Forsøg".into();
        doc.potential = codes
            .iter()
            .map(|c| PotentialFigure {
                municipality: c.clone(),
                measure: PotentialMeasure::PlacedOutOfHome,
                count: 100,
                source: "Danmarks Statistik".into(),
                year: 2025,
            })
            .collect();
        doc.referral_shares = vec![ReferralShare {
            measure: PotentialMeasure::PlacedOutOfHome,
            share_bp: ByScenario {
                low: 1_000,
                expected: 1_500,
                high: 2_000,
            },
        }];
        rundt_app::feasibility::create_study(&self.app, &Actor::cli(), &doc)
            .await
            .expect("a study")
            .id
    }

    /// A new Norwegian account `username` whose role and post in `team`
    /// (since 2025) are both `role_and_position` — MST-CAN's
    /// `crisis_caseworker` or `psychiatrist`.
    pub async fn join_can_team(&self, team: TeamId, username: &str, role_and_position: &str) {
        use rundt_app::organisation::{self, AddMember};
        let user = self.user(username, role_and_position, "NO", None).await;
        let member = AddMember {
            user_id: user.id,
            position: role_and_position.into(),
            since: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        };
        organisation::add_member(&self.app, &Actor::cli(), team, &member)
            .await
            .expect("member");
    }

    /// A family referred to `team` (of [`TestApp::baerum_can_team`]) by
    /// Bærum's child welfare (linn, case 2026/01234) two weeks before
    /// `start`: Emma (born 2016) and her brother Jonas (born 2012), each
    /// with a fødselsnummer, and their mother Tone; accepted and in
    /// treatment with nina from `start`. Returns the case.
    pub async fn start_can_family(&self, team: TeamId, start: chrono::NaiveDate) -> CaseId {
        use rundt_app::cases::{PersonInput, ReferFamily};
        use rundt_app::treatment::{self, AssignTherapist};
        let referred = start - chrono::Duration::days(14);
        let person = |given: &str, born: chrono::NaiveDate| PersonInput {
            given_name: given.into(),
            family_name: "Nilsen".into(),
            national_id: None,
            birth_date: Some(born),
        };
        let child = |given: &str, born: chrono::NaiveDate, serial: u32| PersonInput {
            national_id: rundt_domain::national_id::made_up_fnr(born, serial),
            ..person(given, born)
        };
        let mut details = sample_referral();
        details.legal_basis =
            rundt_domain::referral::default_legal_basis(rundt_domain::country::Country::NO).into();
        details.known_to_child_protection_within_180_days = true;
        details.child_welfare_case = "2026/01234".into();
        if let Some(consent) = details.consent.as_mut() {
            consent.given_on = referred;
        }
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let case = rundt_app::cases::refer_family(
            &self.app.on_day(referred),
            &self.actor_on("linn", referred).await,
            &ReferFamily {
                team_id: team,
                referring_municipality: None,
                young_person: child("Emma", day(2016, 5, 17), 11),
                other_children: vec![child("Jonas", day(2012, 9, 3), 12)],
                caregivers: vec![person("Tone", day(1985, 2, 11))],
                referral: details,
            },
        )
        .await
        .expect("referral");
        let accepted = treatment::accept(
            &self.app.on_day(referred + chrono::Duration::days(2)),
            &Actor::cli(),
            case.id,
            case.version,
            None,
        )
        .await
        .expect("accept");
        let nina = self.named("nina").await.id;
        treatment::assign(
            &self.app.on_day(start),
            &Actor::cli(),
            case.id,
            accepted.version,
            &AssignTherapist {
                therapist_id: nina,
                start: Some(start),
                note: None,
            },
        )
        .await
        .expect("assign");
        case.id
    }

    /// The family of [`TestApp::start_can_family`] in treatment with nina
    /// from 7 September 2026, with every MST-CAN record written (by the
    /// command line, on the day): the safety plan agreed on 9 September and
    /// changed on 1 October; an incident involving Emma on 19 September,
    /// reported to child welfare, and one involving Jonas on 9 October, not
    /// yet reported; the ecological map with Emma's teacher (phone and
    /// e-mail given); Emma heard by drawing and Jonas in conversation; the
    /// treatment plan in two theme areas; and Tone's RBT module with a drug
    /// screen.
    pub async fn can_family_on_record(&self, team: TeamId) -> CanFamily {
        use rundt_app::{can_plan, cases, mapping, safety};
        use rundt_domain::can_plan::{
            DrugScreen, ModuleKind, ModuleStatus, NewModule, PlanGoal, ScreenResult, ThemeArea,
            TreatmentPlan,
        };
        use rundt_domain::incident::{Incident, Notification};
        use rundt_domain::mapping::{
            ChildVoice, HeardBy, KeyPerson, KeyPersonRole, Mapping, SystemMap, Voice,
        };
        use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
        let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("a day");
        let on = |d: &str| self.app.on_day(day(d));
        let cli = Actor::cli();
        let case_id = self.start_can_family(team, day("2026-09-07")).await;
        let people = cases::read_case(&self.app, &cli, case_id)
            .await
            .expect("the family")
            .people;
        let id = |given: &str| {
            people
                .iter()
                .find(|p| p.given_name == given)
                .expect("a person of the family")
                .id
        };
        let (emma, jonas, tone) = (id("Emma"), id("Jonas"), id("Tone"));
        let mut plan = SafetyPlan {
            risks: vec![Risk {
                kind: RiskKind::Neglect,
                from_whom: "Tone".into(),
                to_whom: "Emma og Jonas".into(),
                situations: "Når mor ligger til sengs hele dagen".into(),
            }],
            warning_signs: vec!["Ingen mat i kjøleskapet".into()],
            adult_actions: vec![AdultAction {
                adult: "Tone".into(),
                instead: "Ringer mormor som henter barna".into(),
            }],
            child_contacts: vec![ChildContact {
                child: "Emma".into(),
                contact_person: "Mormor Randi".into(),
                how: "Telefon 915 00 000".into(),
            }],
            agreed_with_family_on: day("2026-09-09"),
            shared_with_child_welfare_on: None,
        };
        safety::save_plan(&on("2026-09-09"), &cli, case_id, &plan, None)
            .await
            .expect("the safety plan");
        plan.child_contacts.push(ChildContact {
            child: "Jonas".into(),
            contact_person: "Fotballtrener Ali".into(),
            how: "Treningen tirsdag og torsdag".into(),
        });
        plan.agreed_with_family_on = day("2026-10-01");
        plan.shared_with_child_welfare_on = Some(day("2026-10-01"));
        safety::save_plan(&on("2026-10-01"), &cli, case_id, &plan, Some(1))
            .await
            .expect("its second version");
        let evening = |d: &str| day(d).and_hms_opt(17, 0, 0).expect("a time").and_utc();
        let incidents = [
            (
                "2026-09-19",
                "2026-09-20",
                emma,
                "Emma var alene hjemme hele kvelden",
                Notification::Notified {
                    on: day("2026-09-20"),
                    by: "Nina".into(),
                    to: "Barneverntjenesten i Bærum".into(),
                },
            ),
            (
                "2026-10-09",
                "2026-10-10",
                jonas,
                "Jonas fikk ikke mat før kvelden",
                Notification::Missing,
            ),
        ];
        for (when, recorded, child, what, notification) in incidents {
            let incident = Incident {
                at: evening(when),
                children: vec![child],
                what_happened: what.into(),
                what_was_done: "Mormor hentet barna".into(),
                emergency_services: false,
                notification,
            };
            safety::record_incident(&on(recorded), &cli, case_id, &incident)
                .await
                .expect("an incident");
        }
        let map = Mapping {
            key_persons: vec![KeyPerson {
                role: KeyPersonRole::Teacher,
                name: "Kari Lund".into(),
                relation: "Emmas kontaktlærer".into(),
                phone: "+47 67 00 00 00".into(),
                email: "kari.lund@skole.example".into(),
                consent_to_contact: true,
            }],
            systems: vec![SystemMap {
                system: rundt_domain::treatment::System::School,
                strengths: "Kontaktlæreren følger Emma tett".into(),
                risks: String::new(),
            }],
            mapped_on: day("2026-09-15"),
        };
        mapping::save_mapping(&on("2026-09-15"), &cli, case_id, &map, None)
            .await
            .expect("the map");
        let voices = [
            (
                emma,
                "2026-09-22",
                HeardBy::Drawing,
                "Tegnet huset med mormor i",
                "At mamma står opp om morgenen",
            ),
            (
                jonas,
                "2026-09-23",
                HeardBy::Conversation,
                "Sa at han lager mat til Emma",
                "Å bo hos mormor i ferien",
            ),
        ];
        for (child, when, how, said, wishes) in voices {
            let voice = ChildVoice {
                child,
                on: day(when),
                voice: Voice::Heard {
                    how,
                    present: "terapeuten".into(),
                    said: said.into(),
                    wishes: wishes.into(),
                },
            };
            mapping::record_child_voice(&on(when), &cli, case_id, &voice)
                .await
                .expect("a child's voice");
        }
        let goal = |theme, overarching: &str| PlanGoal {
            theme,
            overarching: overarching.into(),
            intermediate: vec!["Handleliste hver søndag".into()],
            agreed_by: "Tone og barneverntjenesten".into(),
            measured_by: "ukentlig sjekk".into(),
        };
        let treatment_plan = TreatmentPlan {
            goals: vec![
                goal(ThemeArea::Safety, CAN_PLAN_GOALS[0]),
                goal(ThemeArea::PracticalNeeds, CAN_PLAN_GOALS[1]),
            ],
            made_with_family_on: day("2026-09-16"),
        };
        can_plan::save_plan(&on("2026-09-16"), &cli, case_id, &treatment_plan, None)
            .await
            .expect("the treatment plan");
        let module = NewModule {
            kind: ModuleKind::Rbt,
            start: Some(day("2026-09-14")),
            end: None,
            sessions_held: 3,
            delivered_by: "Nina".into(),
            status: ModuleStatus::Ongoing,
            drug_screens: vec![DrugScreen {
                on: day("2026-09-21"),
                result: ScreenResult::Negative,
            }],
        };
        can_plan::start_module(&on("2026-09-24"), &cli, case_id, &module)
            .await
            .expect("a module");
        CanFamily {
            case_id,
            emma,
            jonas,
            tone,
        }
    }

    /// The same team, working and staffed since `since` (for courses of
    /// years ago).
    pub async fn aarhus_team_since(
        &self,
        since: chrono::NaiveDate,
    ) -> (TeamId, std::collections::HashMap<&'static str, UserId>) {
        self.staff_aarhus_team(Some(since), since).await
    }

    async fn staff_aarhus_team(
        &self,
        started_on: Option<chrono::NaiveDate>,
        since: chrono::NaiveDate,
    ) -> (TeamId, std::collections::HashMap<&'static str, UserId>) {
        use rundt_app::organisation::{self, AddMember};
        let team = self.empty_aarhus_team_started(started_on).await;
        let mut users = std::collections::HashMap::new();
        for (name, role, position, municipality) in [
            ("mette", "supervisor", Some("supervisor"), None),
            ("jonas", "therapist", Some("therapist"), None),
            ("sofie", "therapist", Some("therapist"), None),
            ("louise", "municipal_caseworker", None, Some("0751")),
        ] {
            let u = self.user(name, role, "DK", municipality).await;
            if let Some(position) = position {
                organisation::add_member(
                    &self.app,
                    &Actor::cli(),
                    team,
                    &AddMember {
                        user_id: u.id,
                        position: position.into(),
                        since: Some(since),
                    },
                )
                .await
                .expect("member");
                self.train(u.id, "MST", position).await;
            }
            users.insert(name, u.id);
        }
        (team, users)
    }

    /// On SQLite: lets the database grow by at most `pages` more pages (as if
    /// the disk were that full), or lifts the limit with `None`. `None` on
    /// PostgreSQL.
    pub async fn limit_database_growth(&self, pages: Option<i64>) -> Option<i64> {
        self.db.limit_growth(pages).await
    }

    /// The path of the SQLite database file, when the test runs on SQLite.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        self.db.sqlite_file()
    }

    /// Every value stored in the database, as text (see [`TestDb::raw_contents`]).
    pub async fn raw_contents(&self) -> String {
        self.db.raw_contents().await
    }

    /// Every row outside the tables in `except`, sorted (see
    /// [`TestDb::rows_outside`]).
    pub async fn rows_outside(&self, except: &[&str]) -> Vec<String> {
        self.db.rows_outside(except).await
    }

    /// How many rows `table` holds, read directly from the database.
    pub async fn count_rows(&self, table: &str) -> i64 {
        self.db.count_rows(table).await
    }

    /// Runs SQL directly on the database, bypassing the store (tests that
    /// play an attacker with database access).
    pub async fn raw_execute(&self, sql: &str) {
        self.try_raw_execute(sql).await.expect("raw SQL");
    }

    /// Like [`TestApp::raw_execute`], returning the database's refusal.
    pub async fn try_raw_execute(&self, sql: &str) -> Result<(), String> {
        self.db.try_raw_execute(sql).await
    }

    /// The same database under a different clock.
    pub fn at(&self, now: DateTime<Utc>) -> App {
        self.app.with_clock(Arc::new(FixedClock(now)))
    }
}

/// A family driven through the real use cases by [`TestApp::start_family`]:
/// its case, the young person in it, and the case's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub case_id: CaseId,
    pub young_person_id: PersonId,
    /// The one caregiver (Lone), who answers the adherence interviews.
    pub caregiver_id: PersonId,
    pub version: i64,
    pub start: chrono::NaiveDate,
    pub discharged_on: Option<chrono::NaiveDate>,
}

/// The family [`TestApp::can_family_on_record`] writes: the case and its
/// people.
pub struct CanFamily {
    pub case_id: CaseId,
    /// The younger child (born 2016), the case's first young person.
    pub emma: PersonId,
    /// Her brother (born 2012).
    pub jonas: PersonId,
    /// Their mother, the caregiver.
    pub tone: PersonId,
}

/// The overarching goals of the treatment plan
/// [`TestApp::can_family_on_record`] saves.
pub const CAN_PLAN_GOALS: [&str; 2] = [
    "Barna har mat og kommer på skolen hver dag",
    "Familien har en plan for husleien",
];

/// The overarching goals of the assessment [`TestApp::start_family`] saves;
/// [`TestApp::discharge_family`] rates both.
pub const FAMILY_GOALS: [&str; 2] = ["Attends school every day", "No violence at home"];

impl TestApp {
    /// The user called `username`; fails the test when there is none.
    pub async fn named(&self, username: &str) -> User {
        self.store
            .find_user_by_username(username)
            .await
            .expect("store")
            .unwrap_or_else(|| panic!("no user {username}"))
    }

    /// `username` acting as themselves on `day` (their teams as of that day).
    pub async fn actor_on(&self, username: &str, day: chrono::NaiveDate) -> Actor {
        let user = self.named(username).await;
        Actor::User(
            rundt_app::auth::principal_for(&self.app.on_day(day), &user)
                .await
                .expect("principal"),
        )
    }

    /// The account `user_id` acting as themselves now.
    pub async fn actor_for(&self, user_id: UserId) -> Actor {
        let user = self
            .store
            .get_user(user_id)
            .await
            .expect("store")
            .unwrap_or_else(|| panic!("no user {user_id}"));
        Actor::User(
            rundt_app::auth::principal_for(&self.app, &user)
                .await
                .expect("principal"),
        )
    }

    /// A family referred by `caseworker` (for their municipality) two weeks
    /// before `start`, accepted by `supervisor` a week later, assigned to
    /// `therapist` from `start`, who saves the assessment on the first day.
    /// Every step goes through the use cases, each on its own day's clock.
    pub async fn start_family(
        &self,
        team_id: TeamId,
        caseworker: &str,
        supervisor: &str,
        therapist: &str,
        start: chrono::NaiveDate,
    ) -> Family {
        use rundt_app::cases::{PersonInput, ReferFamily};
        use rundt_app::treatment::{self, AssignTherapist};
        use rundt_domain::treatment::{
            Assessment, KeyParticipant, OverarchingGoal, System, SystemAssessment,
        };
        let referred = start - chrono::Duration::days(14);
        let mut details = sample_referral();
        if let Some(consent) = details.consent.as_mut() {
            consent.given_on = referred;
        }
        let person = |given: &str, born: chrono::NaiveDate| PersonInput {
            given_name: given.into(),
            family_name: "Testesen".into(),
            national_id: None,
            birth_date: Some(born),
        };
        let case = rundt_app::cases::refer_family(
            &self.app.on_day(referred),
            &self.actor_on(caseworker, referred).await,
            &ReferFamily {
                team_id,
                referring_municipality: None,
                // Fourteen at referral: inside the MST age range.
                young_person: person("Mikkel", referred - chrono::Duration::days(14 * 365 + 100)),
                other_children: Vec::new(),
                caregivers: vec![person("Lone", referred - chrono::Duration::days(40 * 365))],
                referral: details,
            },
        )
        .await
        .expect("referral");
        let young_person_id = case
            .people
            .iter()
            .find(|p| p.role == rundt_store::ParticipantRole::YoungPerson)
            .expect("young person")
            .id;
        let caregiver_id = case
            .people
            .iter()
            .find(|p| p.role == rundt_store::ParticipantRole::Caregiver)
            .expect("caregiver")
            .id;
        let accepted_on = referred + chrono::Duration::days(7);
        let accepted = treatment::accept(
            &self.app.on_day(accepted_on),
            &self.actor_on(supervisor, accepted_on).await,
            case.id,
            case.version,
            None,
        )
        .await
        .expect("accept");
        let therapist_id = self.named(therapist).await.id;
        let assigned = treatment::assign(
            &self.app.on_day(start),
            &self.actor_on(supervisor, start).await,
            case.id,
            accepted.version,
            &AssignTherapist {
                therapist_id,
                start: Some(start),
                note: None,
            },
        )
        .await
        .expect("assign");
        let assessment = Assessment {
            systems: System::ALL
                .iter()
                .map(|s| SystemAssessment {
                    system: *s,
                    strengths: "good at football".into(),
                    needs: "structure in the evenings".into(),
                })
                .collect(),
            key_participants: vec![KeyParticipant {
                name: "Lone".into(),
                relation: "mother".into(),
                desired_outcome: "Mikkel goes to school".into(),
            }],
            overarching_goals: FAMILY_GOALS
                .iter()
                .map(|g| OverarchingGoal {
                    goal: (*g).into(),
                    measure: "five of five days for four weeks".into(),
                })
                .collect(),
        };
        treatment::save_assessment(
            &self.app.on_day(start),
            &self.actor_on(therapist, start).await,
            case.id,
            &assessment,
            None,
        )
        .await
        .expect("assessment");
        Family {
            case_id: case.id,
            young_person_id,
            caregiver_id,
            version: assigned.case.version,
            start,
            discharged_on: None,
        }
    }

    /// `therapist` discharges the family on `date` (on that day's clock),
    /// rating both goals.
    pub async fn discharge_family(
        &self,
        family: &mut Family,
        therapist: &str,
        date: chrono::NaiveDate,
        reason: rundt_domain::discharge::DischargeReason,
        outcomes: rundt_domain::discharge::UltimateOutcomes,
    ) {
        use rundt_domain::discharge::{Discharge, DischargeReason, GoalResult};
        use rundt_domain::treatment::Attainment;
        let d = Discharge {
            date,
            reason,
            reason_note: if reason == DischargeReason::Other {
                "the family chose to stop".into()
            } else {
                String::new()
            },
            clinical_evaluation: "Evaluated against the goals with the family.".into(),
            goals: FAMILY_GOALS
                .iter()
                .map(|g| GoalResult {
                    goal: (*g).into(),
                    result: Attainment::Partly,
                })
                .collect(),
            outcomes,
            children: Vec::new(),
        };
        let view = rundt_app::treatment::discharge(
            &self.app.on_day(date),
            &self.actor_on(therapist, date).await,
            family.case_id,
            family.version,
            &d,
        )
        .await
        .expect("discharge");
        family.version = view.version;
        family.discharged_on = Some(date);
    }

    /// `therapist` records the follow-up at `months` on the day it falls due.
    pub async fn follow_up_family(
        &self,
        family: &mut Family,
        therapist: &str,
        months: u8,
        outcomes: rundt_domain::discharge::UltimateOutcomes,
    ) {
        let discharged = family.discharged_on.expect("discharged first");
        let due = rundt_domain::discharge::follow_up_due(discharged, months);
        let view = rundt_app::treatment::follow_up(
            &self.app.on_day(due),
            &self.actor_on(therapist, due).await,
            family.case_id,
            family.version,
            &rundt_domain::discharge::FollowUp {
                months,
                date: due,
                outcomes,
                notes: "telephone call with the mother".into(),
                children: Vec::new(),
            },
        )
        .await
        .expect("follow-up");
        family.version = view.version;
    }
}
