//! MST-CAN's mapping as the team keeps it (issue 12, "kartlegging"): the
//! family's ecological map, saved in versions none of which is replaced,
//! and the children's voice, one entry per occasion a child was heard or
//! not heard. Both are written while the family is in treatment, and for
//! an MST-CAN family only once its safety plan exists; each change goes
//! through the one write guard (`CaseWrite`) and is audited in its
//! transaction. The read says which children have not yet been heard.

use rundt_domain::audit::AuditAction;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::mapping::{ChildVoice, Mapping, not_yet_heard};
use rundt_domain::msg;
use rundt_store::{ChildVoiceRecord, MappingVersion, ParticipantRole};

use crate::case_access::OpenCase;
use crate::case_write::{CaseWrite, IfMatch};
use crate::cases::{CaseView, PersonView};
use crate::{Actor, App, AppError, AppResult};

/// The mapping is made while the family is in treatment, and for an
/// MST-CAN family after its safety plan.
async fn may_record(app: &App, write: &CaseWrite) -> AppResult<()> {
    if write.status() != CaseStatus::InTreatment {
        return Err(AppError::Conflict(msg!("mapping-not-in-treatment")));
    }
    write.safety_first(app).await?;
    Ok(())
}

/// Saves the family's mapping as a new version: the first with
/// `expected_version` `None`, every later one naming the latest it was made
/// on. What is kept is the mapping as its checks trimmed it.
pub async fn save_mapping(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    mapping: &Mapping,
    expected_version: Option<i64>,
) -> AppResult<MappingVersion> {
    let at = IfMatch::Mapping(expected_version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseMappingSave, at).await?;
    may_record(app, &write).await?;
    let kept = mapping.validate(app.clock.today())?;
    Ok(app
        .store
        .save_mapping(case_id, &kept, expected_version, &write.event)
        .await?)
}

/// Records what a child of the family said (or why the child was not
/// heard). The child must be one of the case's young people; anyone else
/// is refused naming the field `child`.
pub async fn record_child_voice(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    voice: &ChildVoice,
) -> AppResult<ChildVoiceRecord> {
    let action = AuditAction::CaseChildVoiceRecord;
    let write = CaseWrite::open(app, actor, case_id, action, IfMatch::Nothing).await?;
    may_record(app, &write).await?;
    let children = app
        .store
        .case_people_in_role(case_id, ParticipantRole::YoungPerson)
        .await?;
    let kept = voice.validate(app.clock.today(), &children)?;
    Ok(app
        .store
        .record_child_voice(case_id, &kept, &write.event)
        .await?)
}

/// A family's mapping and the children's voice, as the team reads them.
#[derive(Debug, Clone)]
pub struct CaseMapping {
    /// The family, read (and audited) as any read of it.
    pub case: CaseView,
    /// Every version of the mapping, newest first (empty before the first).
    pub versions: Vec<MappingVersion>,
    /// The children's voice, newest first.
    pub voices: Vec<ChildVoiceRecord>,
    /// The family's children: the case's young people.
    pub children: Vec<PersonView>,
    /// The children not yet heard (no entry, or only "not heard, because"),
    /// in the order of `children`.
    pub not_yet_heard: Vec<PersonId>,
}

impl CaseMapping {
    /// The latest version of the mapping, if any.
    pub fn current(&self) -> Option<&MappingVersion> {
        self.versions.first()
    }
}

/// The opened family's mapping versions, the children's voice and who has
/// not yet been heard; `case` is the family as the guard read it.
pub async fn mapping_of(app: &App, opened: &OpenCase, case: CaseView) -> AppResult<CaseMapping> {
    let versions = app.store.mappings(opened.id()).await?;
    let records = app.store.child_voices(opened.id()).await?;
    let children: Vec<PersonView> = case
        .people
        .iter()
        .filter(|p| p.role == ParticipantRole::YoungPerson)
        .cloned()
        .collect();
    let ids: Vec<PersonId> = children.iter().map(|c| c.id).collect();
    let voices: Vec<ChildVoice> = records.iter().map(|r| r.voice.clone()).collect();
    Ok(CaseMapping {
        not_yet_heard: not_yet_heard(&ids, &voices),
        case,
        versions,
        voices: records,
        children,
    })
}

/// Opens the family (refusals audited) and reads its mapping and the
/// children's voice; the read is audited once per person of the case, as
/// any read of the family.
pub async fn case_mapping(app: &App, actor: &Actor, case_id: CaseId) -> AppResult<CaseMapping> {
    let opened = crate::case_access::open(app, actor, case_id, AuditAction::CaseRead).await?;
    let case = crate::cases::read_opened(app, &opened).await?;
    mapping_of(app, &opened, case).await
}
