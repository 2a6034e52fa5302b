//! The stored records some use cases hand back as they are. Callers name
//! them from here, never from the storage crate, and map them to their own
//! views before they leave Rundt.

pub use rundt_store::{
    ApiToken, BreakGlassGrant, ChildVoiceRecord, ConsultationRecord, CrisisContactRecord,
    CrisisPlanVersion, IncidentRecord, MappingVersion, ModuleRecord, OutcomeTriple,
    ParticipantRole, Recommendation, ReferralAddition, SafetyPlanVersion, StatusChange,
    StoredAuditEvent, SupervisionRecord, TeamMember, TreatmentPlanVersion,
};
