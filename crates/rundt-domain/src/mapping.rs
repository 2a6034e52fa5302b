//! MST-CAN's mapping of the family's world (issue 12, "kartlegging"): the
//! ecological map of the key persons outside the family (child welfare's
//! caseworker, the teacher, the health nurse, the GP, extended family,
//! neighbours, friends) with how to reach them and whether the family
//! agreed that the team contacts them; the strengths and risks in each
//! system around the family; and the children's voice — what each child
//! said, when and how, or why the child was not heard. No child is made to
//! speak: "not heard, because …" is an entry of its own, and the team sees
//! which children have not yet been heard.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::id::PersonId;
use crate::message::Arg;
use crate::msg;
use crate::referral::check_phone;
use crate::treatment::System;
use crate::user::check_email;

string_coded! {
    /// Who a key person outside the family is to the family.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum KeyPersonRole {
        /// The family's caseworker at the child welfare service.
        ChildWelfareCaseworker => "child_welfare_caseworker",
        Teacher => "teacher",
        /// The health nurse (helsesykepleier, sundhedsplejerske).
        HealthNurse => "health_nurse",
        /// The family's doctor.
        Gp => "gp",
        /// Grandparents, aunts, uncles, cousins.
        ExtendedFamily => "extended_family",
        Neighbour => "neighbour",
        Friend => "friend",
        Other => "other",
    }
}

/// A person outside the family who matters to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyPerson {
    pub role: KeyPersonRole,
    pub name: String,
    /// Their relation to the family in the family's words ("mormor",
    /// "Emmas kontaktlærer").
    pub relation: String,
    /// Empty when not known.
    #[serde(default)]
    pub phone: String,
    /// Empty when not known.
    #[serde(default)]
    pub email: String,
    /// The family agreed that the team contacts this person.
    pub consent_to_contact: bool,
}

/// What supports the family, and what endangers the children, in one
/// system around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemMap {
    pub system: System,
    /// Empty when none was found.
    #[serde(default)]
    pub strengths: String,
    /// Empty when none was found.
    #[serde(default)]
    pub risks: String,
}

/// The family's ecological map, as mapped on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mapping {
    pub key_persons: Vec<KeyPerson>,
    /// The systems mapped so far, each at most once.
    pub systems: Vec<SystemMap>,
    pub mapped_on: NaiveDate,
}

/// A text that may be left empty: checked, and trimmed, when given.
fn optional_text(v: &mut Validator, field: &str, text: &str, max: usize) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        v.take(clean_text(field, text, max)).unwrap_or_default()
    }
}

impl Mapping {
    /// At least one key person, each with a name and a relation and with
    /// usable contact details where given; each system mapped at most once,
    /// with a strength or a risk; mapped on a day that has come. Returns
    /// the mapping as it is kept: names and texts trimmed, Windows line
    /// ends made plain.
    pub fn validate(&self, today: NaiveDate) -> Result<Mapping, DomainError> {
        let mut v = Validator::new();
        v.check(
            !self.key_persons.is_empty(),
            "key_persons",
            msg!("mapping-key-person-missing"),
        );
        let key_persons = self
            .key_persons
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let field = |f: &str| format!("key_persons[{i}].{f}");
                let name = v.take(clean_name(&field("name"), &p.name, 200));
                let relation = v.take(clean_name(&field("relation"), &p.relation, 200));
                let phone = if p.phone.trim().is_empty() {
                    None
                } else {
                    v.take(check_phone(&field("phone"), &p.phone))
                };
                let email = if p.email.trim().is_empty() {
                    None
                } else {
                    v.take(check_email(&field("email"), p.email.trim()))
                };
                KeyPerson {
                    role: p.role,
                    name: name.unwrap_or_default(),
                    relation: relation.unwrap_or_default(),
                    phone: phone.unwrap_or_default(),
                    email: email.unwrap_or_default(),
                    consent_to_contact: p.consent_to_contact,
                }
            })
            .collect();
        for system in System::ALL {
            let n = self.systems.iter().filter(|s| s.system == system).count();
            v.check(
                n <= 1,
                "systems",
                msg!(
                    "mapping-system-twice",
                    system = Arg::word(format!("system_{}", system.as_str()))
                ),
            );
        }
        let systems = self
            .systems
            .iter()
            .enumerate()
            .map(|(i, s)| {
                v.check(
                    !(s.strengths.trim().is_empty() && s.risks.trim().is_empty()),
                    &format!("systems[{i}]"),
                    msg!(
                        "mapping-system-empty",
                        system = Arg::word(format!("system_{}", s.system.as_str()))
                    ),
                );
                SystemMap {
                    system: s.system,
                    strengths: optional_text(
                        &mut v,
                        &format!("systems[{i}].strengths"),
                        &s.strengths,
                        4000,
                    ),
                    risks: optional_text(&mut v, &format!("systems[{i}].risks"), &s.risks, 4000),
                }
            })
            .collect();
        v.check(self.mapped_on <= today, "mapped_on", msg!("date-in-future"));
        v.finish()?;
        Ok(Mapping {
            key_persons,
            systems,
            mapped_on: self.mapped_on,
        })
    }
}

string_coded! {
    /// How a child was heard: in the way that suits the child's age.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum HeardBy {
        Conversation => "conversation",
        Drawing => "drawing",
        Play => "play",
        Other => "other",
    }
}

/// What came of one occasion to hear a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Voice {
    /// The child was heard: how, who was there, what the child said and
    /// what the child wishes for.
    Heard {
        how: HeardBy,
        /// Who was there besides the child ("terapeuten og mor").
        present: String,
        said: String,
        wishes: String,
    },
    /// The child was not heard this time, and why (too young, did not want
    /// to, not safe to ask with the parent there). No child is forced.
    NotHeard { reason: String },
}

/// One entry of the children's voice: a child of the family, on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildVoice {
    /// The child: one of the case's young persons.
    pub child: PersonId,
    pub on: NaiveDate,
    pub voice: Voice,
}

impl ChildVoice {
    /// Whether the child was heard on this occasion.
    pub fn is_heard(&self) -> bool {
        matches!(self.voice, Voice::Heard { .. })
    }

    /// About one of `children` (the family's), on a day that has come; a
    /// child heard says who was there, what was said and wished for; a
    /// child not heard says why. Returns the entry as it is kept, its texts
    /// trimmed.
    pub fn validate(
        &self,
        today: NaiveDate,
        children: &[PersonId],
    ) -> Result<ChildVoice, DomainError> {
        let mut v = Validator::new();
        v.check(
            children.contains(&self.child),
            "child",
            msg!("voice-child-not-in-family"),
        );
        v.check(self.on <= today, "on", msg!("date-in-future"));
        let voice = match &self.voice {
            Voice::Heard {
                how,
                present,
                said,
                wishes,
            } => Voice::Heard {
                how: *how,
                present: v
                    .take(clean_name("present", present, 500))
                    .unwrap_or_default(),
                said: v.take(clean_text("said", said, 4000)).unwrap_or_default(),
                wishes: v
                    .take(clean_text("wishes", wishes, 4000))
                    .unwrap_or_default(),
            },
            Voice::NotHeard { reason } => Voice::NotHeard {
                reason: v
                    .take(clean_text("reason", reason, 2000))
                    .unwrap_or_default(),
            },
        };
        v.finish()?;
        Ok(ChildVoice {
            child: self.child,
            on: self.on,
            voice,
        })
    }
}

/// Whether `child` has been heard at least once: an entry that says why
/// the child was not heard does not count.
pub fn has_been_heard(child: PersonId, voices: &[ChildVoice]) -> bool {
    voices.iter().any(|v| v.child == child && v.is_heard())
}

/// The family's children who have not yet been heard, in the order given:
/// those with no entry and those with only "not heard" entries. A child
/// heard once is heard.
pub fn not_yet_heard(children: &[PersonId], voices: &[ChildVoice]) -> Vec<PersonId> {
    children
        .iter()
        .copied()
        .filter(|c| !has_been_heard(*c, voices))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-25";
    const EMMA: PersonId = PersonId::new(1);
    const JONAS: PersonId = PersonId::new(2);
    const LILLE_ODA: PersonId = PersonId::new(3);
    const MOR: PersonId = PersonId::new(9);

    fn grandmother() -> KeyPerson {
        KeyPerson {
            role: KeyPersonRole::ExtendedFamily,
            name: " Randi Hansen ".into(),
            relation: "Mormor".into(),
            phone: "900 00 000".into(),
            email: String::new(),
            consent_to_contact: true,
        }
    }

    fn mapping() -> Mapping {
        Mapping {
            key_persons: vec![
                grandmother(),
                KeyPerson {
                    role: KeyPersonRole::Teacher,
                    name: "Kari Nilsen".into(),
                    relation: "Emmas kontaktlærer".into(),
                    phone: String::new(),
                    email: "kari.nilsen@skole.example".into(),
                    consent_to_contact: false,
                },
            ],
            systems: vec![
                SystemMap {
                    system: System::Family,
                    strengths: "Mor og mormor snakker sammen hver dag".into(),
                    risks: "Far drikker i helgene\r\nog blir sint".into(),
                },
                SystemMap {
                    system: System::School,
                    strengths: "Emma trives med kontaktlæreren".into(),
                    risks: String::new(),
                },
            ],
            mapped_on: day("2026-11-20"),
        }
    }

    #[test]
    fn a_mapping_with_key_persons_and_systems_is_kept_with_its_texts_trimmed() {
        let kept = mapping().validate(day(TODAY)).unwrap();
        assert_eq!(kept.key_persons[0].name, "Randi Hansen");
        assert_eq!(kept.systems[0].risks, "Far drikker i helgene\nog blir sint");
        assert_eq!(kept.systems[1].risks, "");
        assert!(kept.key_persons[0].consent_to_contact);
    }

    #[test]
    fn a_mapping_without_any_key_person_is_refused() {
        let mut m = mapping();
        m.key_persons.clear();
        let Err(DomainError::Invalid(fields)) = m.validate(day(TODAY)) else {
            panic!("refused");
        };
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "key_persons");
        assert_eq!(fields[0].message.code, "mapping-key-person-missing");
    }

    #[test]
    fn unusable_contact_details_and_a_missing_name_are_each_named() {
        let mut m = mapping();
        m.key_persons[0].phone = "ring mormor".into();
        m.key_persons[1].email = "kari at skolen".into();
        m.key_persons[1].name = "  ".into();
        let Err(DomainError::Invalid(fields)) = m.validate(day(TODAY)) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            named,
            vec![
                "key_persons[0].phone",
                "key_persons[1].name",
                "key_persons[1].email"
            ]
        );
    }

    #[test]
    fn a_system_is_mapped_once_with_a_strength_or_a_risk() {
        let mut m = mapping();
        m.systems.push(SystemMap {
            system: System::School,
            strengths: String::new(),
            risks: " ".into(),
        });
        let Err(DomainError::Invalid(fields)) = m.validate(day(TODAY)) else {
            panic!("refused");
        };
        let codes: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.field.as_str(), f.message.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("systems", "mapping-system-twice"),
                ("systems[2]", "mapping-system-empty"),
            ]
        );
    }

    #[test]
    fn a_mapping_cannot_be_dated_in_the_future() {
        let mut m = mapping();
        m.mapped_on = day("2026-11-26");
        let Err(DomainError::Invalid(fields)) = m.validate(day(TODAY)) else {
            panic!("refused");
        };
        assert_eq!(fields[0].field, "mapped_on");
        assert_eq!(fields[0].message.code, "date-in-future");
    }

    fn heard(child: PersonId, on: &str) -> ChildVoice {
        ChildVoice {
            child,
            on: day(on),
            voice: Voice::Heard {
                how: HeardBy::Drawing,
                present: "Terapeuten".into(),
                said: " Tegnet huset med far i døra og seg selv på rommet ".into(),
                wishes: "At far ikke roper mer".into(),
            },
        }
    }

    fn not_heard(child: PersonId, on: &str) -> ChildVoice {
        ChildVoice {
            child,
            on: day(on),
            voice: Voice::NotHeard {
                reason: "Ville ikke snakke mens mor var i rommet".into(),
            },
        }
    }

    #[test]
    fn what_a_child_said_in_a_drawing_is_kept_with_its_texts_trimmed() {
        let kept = heard(EMMA, "2026-11-24")
            .validate(day(TODAY), &[EMMA, JONAS])
            .unwrap();
        let Voice::Heard { said, .. } = kept.voice else {
            panic!("heard");
        };
        assert_eq!(said, "Tegnet huset med far i døra og seg selv på rommet");
    }

    #[test]
    fn not_heard_because_is_a_valid_entry_but_needs_its_reason() {
        assert!(
            not_heard(JONAS, "2026-11-24")
                .validate(day(TODAY), &[EMMA, JONAS])
                .is_ok()
        );
        let mut silent = not_heard(JONAS, "2026-11-24");
        silent.voice = Voice::NotHeard { reason: " ".into() };
        let Err(DomainError::Invalid(fields)) = silent.validate(day(TODAY), &[EMMA, JONAS]) else {
            panic!("refused");
        };
        assert_eq!(fields[0].field, "reason");
    }

    #[test]
    fn a_voice_entry_is_about_a_child_of_the_family_on_a_day_that_has_come() {
        let mut entry = heard(MOR, "2026-11-26");
        entry.voice = Voice::Heard {
            how: HeardBy::Play,
            present: String::new(),
            said: String::new(),
            wishes: "Å bo hjemme".into(),
        };
        let Err(DomainError::Invalid(fields)) = entry.validate(day(TODAY), &[EMMA, JONAS]) else {
            panic!("refused");
        };
        let named: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.field.as_str(), f.message.code))
            .collect();
        assert_eq!(
            named,
            vec![
                ("child", "voice-child-not-in-family"),
                ("on", "date-in-future"),
                ("present", "text-empty"),
                ("said", "text-empty"),
            ]
        );
    }

    #[test]
    fn the_team_sees_which_children_have_not_yet_been_heard() {
        let children = [EMMA, JONAS, LILLE_ODA];
        let voices = vec![
            not_heard(EMMA, "2026-11-10"),
            heard(EMMA, "2026-11-17"),
            not_heard(JONAS, "2026-11-17"),
            not_heard(JONAS, "2026-11-24"),
        ];
        // Emma was heard once; Jonas only said no; little Oda has no entry.
        assert_eq!(not_yet_heard(&children, &voices), vec![JONAS, LILLE_ODA]);
        assert!(has_been_heard(EMMA, &voices));
        assert_eq!(not_yet_heard(&children, &[]), children.to_vec());
        let after = [voices, vec![not_heard(EMMA, "2026-11-24")]].concat();
        assert!(
            has_been_heard(EMMA, &after),
            "a later 'not heard' does not undo that a child was heard"
        );
    }
}
