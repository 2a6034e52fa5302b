//! The stored records some use cases hand back as they are. Callers name
//! them from here, never from the storage crate, and map them to their own
//! views before they leave Rundt.

pub use rundt_store::{
    ApiToken, BreakGlassGrant, ChildVoiceRecord, ConsultationRecord, CrisisContactRecord,
    CrisisPlanVersion, HomeVersion, IncidentRecord, LeaveRecord, MappingVersion, ModuleRecord,
    OnCallSettings, OnCallSettingsRecord, OutcomeTriple, ParticipantRole, PublicationRecord,
    Recommendation, ReferralAddition, SafetyPlanVersion, ShiftRecord, StatusChange,
    StoredAuditEvent, SupervisionRecord, SwapRecord, SwapState, TeamMember, TreatmentPlanVersion,
};
